/*
 * patrol.c - see patrol.h.
 *
 * Scoring is deliberately simple and explainable: explicit support is a
 * reference to a candidate (name, nickname, number, slogan, hashtag, account,
 * gesture) together with a support cue (a call to vote, support, victory,
 * continuation, campaign), neither negated; neutral contexts (news, Bawaslu,
 * neutrality, "siapa pun", sport, idioms) pull the score down. Every
 * contribution is listed as a reason with its span in the original text.
 */
#include "patrol/patrol.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/utf8.h"
#include "patrol/item_json.h"
#include "patrol/roster_index.h"
#include "rules/ruleset.h"
#include "text/lexicon.h"
#include "text/names.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Item kinds; the ones before K_COMMENT carry no text of their own. */
enum { K_LIKE, K_SHARE, K_FOLLOW, K_COMMENT, K_POST, K__COUNT };

#define MAX_CAND 100
#define MAX_HITS 512
#define MAX_REASONS 40
#define MAX_LINE (16u << 20)

struct nt_patrol {
    nt_textnorm *tn;
    nt_lexicon lx;
    nt_namerules nr;
    nt_roster_index *ri;
    char election_id[80];
    nt_date confirmed;  /* candidates confirmed: ethics codes before, discipline after */
    nt_rules rules;     /* the catalogue says which code a finding proposes */
    nt_strmap accounts; /* lowercase handle (with and without platform) -> pair number */
    int ncand;
    double w_interaction[K_POST]; /* by item kind: like, share, follow, comment */
    double thr_partisan, thr_review, link_threshold;
    char version[160];
};

#define LINK_CACHE_MAX 1000000

struct nt_patrol_worker {
    const nt_patrol *p;
    hs_scratch_t *scratch;
    nt_normed norm;
    nt_hit hits[MAX_HITS];
    bool want_clear;
    /* authors post again and again: their link is computed once per worker */
    nt_item_parser *parser;
    nt_strmap link_cache; /* "platform|handle|name|bio" -> index into links */
    nt_link *links;
    size_t nlinks, links_cap;
};

static double num(json_t *o, const char *k, double dflt)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : dflt;
}

static void add_group(nt_patrol *p, json_t *groups, nt_lex_kind kind, const char *prefix)
{
    size_t i, j;
    json_t *g, *ph;
    json_array_foreach(groups, i, g)
    {
        char rule[64];
        snprintf(rule, sizeof rule, "%s:%s", prefix, json_string_value(json_object_get(g, "id")));
        json_array_foreach(json_object_get(g, "phrases"), j, ph) nt_lexicon_add(
            &p->lx, p->tn, json_string_value(ph), kind, rule, num(g, "weight", 0.3), 0);
    }
}

static void lower_copy(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src && src[i] && i + 1 < n; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[i] = '\0';
}

static int add_candidates(nt_patrol *p, json_t *election, json_t *cues, nt_err *err)
{
    json_t *cands = json_object_get(election, "candidates");
    if (!json_is_array(cands) || !json_array_size(cands))
        return nt_err_set(err, NT_EINVAL, "candidates", "berkas pemilihan tanpa pasangan calon");
    json_t *cw = json_object_get(cues, "candidate_weights");
    static const struct {
        const char *field, *rule, *weight;
    } fields[] = {{"names", "kandidat:nama", "name"},
                  {"nicknames", "kandidat:panggilan", "nickname"},
                  {"slogans", "kandidat:slogan", "slogan"},
                  {"hashtags", "kandidat:tagar", "hashtag"},
                  {"accounts", "kandidat:akun", "account"}};
    size_t i, j, k;
    json_t *c, *v;
    /* candidate words first, so the normalizer knows them when phrases are normalized */
    json_array_foreach(cands, i, c) for (k = 0; k < NT_ARRAY_LEN(fields); k++)
        json_array_foreach(json_object_get(c, fields[k].field), j, v)
            nt_textnorm_add_vocab(p->tn, json_string_value(v));
    json_array_foreach(cands, i, c)
    {
        json_t *nv = json_object_get(c, "number");
        if (!json_is_integer(nv) || json_integer_value(nv) < 1 ||
            json_integer_value(nv) >= MAX_CAND)
            return nt_err_set(err, NT_EINVAL, "candidates.number",
                              "nomor urut pasangan calon harus 1..%d", MAX_CAND - 1);
        int n = (int)json_integer_value(nv);
        if (n > p->ncand) p->ncand = n;
        for (k = 0; k < NT_ARRAY_LEN(fields); k++) {
            double w = num(cw, fields[k].weight, 0.5);
            json_array_foreach(json_object_get(c, fields[k].field), j, v)
            {
                const char *s = json_string_value(v);
                if (!s) continue;
                char buf[256];
                if (k == 4) { /* platform:handle -> the handle, as written in text and mentions */
                    const char *h = strchr(s, ':') ? strchr(s, ':') + 1 : s;
                    lower_copy(buf, sizeof buf, s);
                    *nt_strmap_slot(&p->accounts, buf, NULL) = n;
                    lower_copy(buf, sizeof buf, h);
                    *nt_strmap_slot(&p->accounts, buf, NULL) = n;
                    s = h;
                }
                nt_lexicon_add(&p->lx, p->tn, s, NT_LEX_CANDIDATE, fields[k].rule, w, n);
                if (k == 3 || k == 1) { /* #HaWaUntukBlitar also as hawauntukblitar */
                    size_t o = 0;
                    for (const char *q = s; *q && o < sizeof buf - 1; q++)
                        if (isalnum((unsigned char)*q)) buf[o++] = (char)tolower((unsigned char)*q);
                    buf[o] = '\0';
                    nt_lexicon_add(&p->lx, p->tn, buf, NT_LEX_CANDIDATE, fields[k].rule, w, n);
                }
                if (k == 2 || k == 3) /* a slogan or hashtag is itself campaigning */
                    nt_lexicon_add(&p->lx, p->tn, s, NT_LEX_SUPPORT, "dukungan:slogan_tagar", 0.45,
                                   0);
            }
        }
        /* numbers: "nomor 1", "paslon 01", "01" */
        double nw = num(cues, "number_weight", 0.45);
        char phrase[64];
        json_array_foreach(json_object_get(cues, "number_prefixes"), j, v)
        {
            snprintf(phrase, sizeof phrase, "%s %d", json_string_value(v), n);
            nt_lexicon_add(&p->lx, p->tn, phrase, NT_LEX_CANDIDATE, "kandidat:nomor", nw, n);
            snprintf(phrase, sizeof phrase, "%s %02d", json_string_value(v), n);
            nt_lexicon_add(&p->lx, p->tn, phrase, NT_LEX_CANDIDATE, "kandidat:nomor", nw, n);
        }
        snprintf(phrase, sizeof phrase, "%02d", n);
        nt_lexicon_add(&p->lx, p->tn, phrase, NT_LEX_CANDIDATE, "kandidat:nomor", nw * 0.8, n);
    }
    /* numbers are weak references: prefixed ones need a cue within number_window words, a bare
     * "01" one right beside it */
    int win = (int)num(cues, "number_window", 3), bare = (int)num(cues, "bare_number_window", 0);
    for (size_t q = 0; q < p->lx.n; q++) {
        nt_lexeme *x = &p->lx.v[q];
        if (strcmp(x->rule, "kandidat:nomor") != 0) continue;
        x->needs_cue = 1 + (strchr(x->normalized, ' ') ? win : bare);
    }
    /* gestures: one finger for pair 1, two for pair 2 */
    double gw = num(cues, "gesture_weight", 0.3);
    json_array_foreach(json_object_get(cues, "gestures"), i, v)
    {
        const char *tok = json_string_value(json_object_get(v, "token"));
        int n = (int)json_integer_value(json_object_get(v, "number"));
        nt_lexicon_add(&p->lx, p->tn, tok, NT_LEX_SUPPORT, "dukungan:gestur", gw, 0);
        if (n > 0 && n <= p->ncand)
            nt_lexicon_add(&p->lx, p->tn, tok, NT_LEX_CANDIDATE, "kandidat:gestur_nomor", gw, n);
    }
    return 0;
}

int nt_patrol_new(const nt_patrol_options *opt, nt_patrol **out, nt_err *err)
{
    nt_patrol *p = nt_xcalloc(1, sizeof *p);
    int rc = nt_rules_load_dir(&p->rules, opt->data_dir, err);
    if (!rc) rc = nt_textnorm_new(opt->data_dir, &p->tn, err);
    json_t *cues = rc ? NULL : nt_textnorm_cues(p->tn);
    if (!rc) rc = nt_namerules_load(&p->nr, cues, err);
    json_t *el = opt->election;
    if (!rc && !json_is_object(el))
        rc = nt_err_set(err, NT_EINVAL, "election", "berkas pemilihan harus objek JSON");
    if (!rc) {
        nt_strlcpy(p->election_id, json_string_value(json_object_get(el, "id")) ?: "",
                   sizeof p->election_id);
        const char *cd = json_string_value(json_object_get(el, "confirmation_date"));
        const char *cs = json_string_value(json_object_get(el, "campaign_start"));
        nt_date d;
        p->confirmed = NT_DATE_NONE;
        if (cd && nt_date_parse(cd, strlen(cd), &d))
            p->confirmed = d;
        else if (cs && nt_date_parse(cs, strlen(cs), &d))
            p->confirmed = d - 3; /* [check] */
        rc = add_candidates(p, el, cues, err);
    }
    if (!rc) {
        add_group(p, json_object_get(cues, "support"), NT_LEX_SUPPORT, "dukungan");
        add_group(p, json_object_get(cues, "neutral"), NT_LEX_NEUTRAL, "netral");
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(cues, "negation_words"), i, v)
            nt_lexicon_add(&p->lx, p->tn, json_string_value(v), NT_LEX_NEGATION, "negasi", 0, 0);
        json_array_foreach(json_object_get(cues, "negation_exceptions"), i, v) nt_lexicon_add(
            &p->lx, p->tn, json_string_value(v), NT_LEX_EXCEPTION, "pengecualian", 0, 0);
        json_t *iw = json_object_get(cues, "interaction");
        p->w_interaction[K_LIKE] = num(iw, "like", 0.5);
        p->w_interaction[K_SHARE] = num(iw, "share", 0.6);
        p->w_interaction[K_FOLLOW] = num(iw, "follow", 0.55);
        p->w_interaction[K_COMMENT] = num(iw, "comment", 0.3);
        json_t *th = json_object_get(cues, "thresholds");
        p->thr_partisan = num(th, "partisan", 0.7);
        p->thr_review = num(th, "review", 0.4);
        p->link_threshold = opt->link_threshold > 0 ? opt->link_threshold : 0.85;
        rc = nt_lexicon_compile(&p->lx, err);
    }
    if (!rc && opt->roster_path) {
        size_t bad = 0;
        rc = nt_roster_index_load(
            opt->roster_path, &p->nr,
            json_object_get(json_object_get(cues, "person_names"), "profile_clues"), &p->ri, &bad,
            err);
    }
    if (rc) {
        nt_patrol_free(p);
        return rc;
    }
    snprintf(p->version, sizeof p->version, "%s; pemilihan %s", nt_textnorm_version(p->tn),
             p->election_id);
    *out = p;
    return 0;
}

void nt_patrol_free(nt_patrol *p)
{
    if (!p) return;
    nt_rules_free(&p->rules);
    nt_lexicon_free(&p->lx);
    nt_namerules_free(&p->nr);
    nt_roster_index_free(p->ri);
    nt_strmap_free(&p->accounts);
    nt_textnorm_free(p->tn);
    free(p);
}

size_t nt_patrol_roster_size(const nt_patrol *p)
{
    return p->ri ? nt_roster_index_size(p->ri) : 0;
}

const char *nt_patrol_lexicon_version(const nt_patrol *p)
{
    return p->version;
}

void nt_patrol_print_lexicon(const nt_patrol *p, FILE *out)
{
    for (size_t i = 0; i < p->lx.n; i++)
        fprintf(out, "%s\n", p->lx.v[i].normalized);
}

nt_patrol_worker *nt_patrol_worker_new(const nt_patrol *p)
{
    nt_patrol_worker *w = nt_xcalloc(1, sizeof *w);
    w->p = p;
    w->parser = nt_item_parser_new();
    if (!w->parser || hs_alloc_scratch(p->lx.db, &w->scratch) != HS_SUCCESS) {
        nt_item_parser_free(w->parser);
        free(w);
        return NULL;
    }
    return w;
}

void nt_patrol_worker_want_clear(nt_patrol_worker *w, bool want)
{
    w->want_clear = want;
}

void nt_patrol_worker_free(nt_patrol_worker *w)
{
    if (!w) return;
    nt_item_parser_free(w->parser);
    nt_strmap_free(&w->link_cache);
    free(w->links);
    hs_free_scratch(w->scratch);
    nt_normed_free(&w->norm);
    free(w);
}

/* ---- analysis ---- */

typedef struct {
    double cand[MAX_CAND];
    double support, neutral;
    int negated;
    struct {
        const char *rule; /* lexeme rule strings live as long as the engine: compare pointers */
        int cand;
    } seen[48];
    int nseen;
} evidence_t;

/* Each rule counts once per candidate, however often it matches. */
static bool first_time(evidence_t *e, const char *rule, int cand)
{
    for (int i = 0; i < e->nseen; i++)
        if (e->seen[i].cand == cand && (e->seen[i].rule == rule || !strcmp(e->seen[i].rule, rule)))
            return false;
    if (e->nseen < 48) {
        e->seen[e->nseen].rule = rule;
        e->seen[e->nseen++].cand = cand;
    }
    return true;
}

static void reason(json_t *reasons, const char *rule, const char *field, const char *orig,
                   uint32_t s, uint32_t e, const char *normalized, double weight)
{
    if (json_array_size(reasons) >= MAX_REASONS) return;
    json_t *r =
        json_pack("{ss ss s[ii] ss# ss sf}", "rule", rule, "field", field, "span", (int)s, (int)e,
                  "text", orig + s, (int)(e - s), "normalized", normalized, "weight", weight);
    if (r) json_array_append_new(reasons, r);
}

/* Words between two positions of the normalized text. */
static int words_between(const char *t, uint32_t a, uint32_t b)
{
    int n = 0;
    for (uint32_t i = a; i < b; i++)
        if (t[i] != ' ' && (i == a || t[i - 1] == ' ')) n++;
    return n;
}

/* A support cue (not itself a number or gesture of the same span) within the number window. */
static bool near_support(const nt_patrol_worker *w, size_t nh, const nt_hit *h)
{
    const nt_patrol *p = w->p;
    const char *t = w->norm.text.p;
    for (size_t k = 0; k < nh; k++) {
        const nt_hit *g = &w->hits[k];
        if (p->lx.v[g->lexeme].kind != NT_LEX_SUPPORT || (g->from == h->from && g->to == h->to))
            continue;
        int dist = g->to <= h->from   ? words_between(t, g->to, h->from)
                   : h->to <= g->from ? words_between(t, h->to, g->from)
                                      : 0;
        if (dist <= p->lx.v[h->lexeme].needs_cue - 1) return true;
    }
    return false;
}

static void analyze(nt_patrol_worker *w, const char *field, const char *text, size_t len,
                    double scale, evidence_t *ev, json_t *reasons)
{
    if (!text || !len) return;
    const nt_patrol *p = w->p;
    nt_normalize(p->tn, text, len, &w->norm);
    const char *nt = w->norm.text.p;
    size_t nh = nt_lexicon_scan(&p->lx, w->scratch, nt, w->norm.text.len, w->hits, MAX_HITS);
    for (size_t i = 0; i < nh; i++) {
        const nt_hit *h = &w->hits[i];
        const nt_lexeme *x = &p->lx.v[h->lexeme];
        uint32_t s = w->norm.start[h->from], e = w->norm.end[h->to - 1];
        switch (x->kind) {
        case NT_LEX_SUPPORT: {
            bool negated = false;
            for (size_t k = 0; k < nh; k++) {
                const nt_hit *g = &w->hits[k];
                if (p->lx.v[g->lexeme].kind != NT_LEX_NEGATION || g->to > h->from) continue;
                if (words_between(nt, g->to, h->from) > 2) continue;
                bool excepted = false;
                for (size_t q = 0; q < nh; q++) {
                    const nt_hit *x2 = &w->hits[q];
                    if (p->lx.v[x2->lexeme].kind == NT_LEX_EXCEPTION && x2->from >= g->to &&
                        x2->to <= h->from + 1)
                        excepted = true;
                }
                negated |= !excepted;
            }
            if (negated) {
                ev->negated++;
                reason(reasons, "negasi", field, text, s, e, x->normalized, -x->weight * scale);
            } else if (first_time(ev, x->rule, 0)) {
                ev->support += x->weight * scale;
                reason(reasons, x->rule, field, text, s, e, x->normalized, x->weight * scale);
            }
            break;
        }
        case NT_LEX_NEUTRAL:
            if (first_time(ev, x->rule, 0)) {
                ev->neutral += x->weight;
                reason(reasons, x->rule, field, text, s, e, x->normalized, -x->weight);
            }
            break;
        case NT_LEX_CANDIDATE:
            if (x->needs_cue && !near_support(w, nh, h)) break;
            if (first_time(ev, x->rule, x->candidate)) {
                ev->cand[x->candidate] += x->weight * scale;
                char rule[80];
                snprintf(rule, sizeof rule, "%s:%d", x->rule, x->candidate);
                reason(reasons, rule, field, text, s, e, x->normalized, x->weight * scale);
            }
            break;
        default:
            break;
        }
    }
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int kind_index(const char *kind)
{
    static const char *kinds[] = {
        [K_LIKE] = "like",       [K_SHARE] = "share", [K_FOLLOW] = "follow",
        [K_COMMENT] = "comment", [K_POST] = "post",
    };
    for (int i = 0; i < K__COUNT; i++)
        if (kind && !strcmp(kind, kinds[i])) return i;
    return -1;
}

/* The code the catalogue proposes for this kind of act, before or after the candidates were
 * confirmed (data/rules/catalogue.json, "patrol"). */
static const char *violation(const nt_patrol *p, const char *kind, const char *created_at,
                             bool target_cand)
{
    bool ethics = false;
    nt_date d;
    if (p->confirmed != NT_DATE_NONE && created_at && strlen(created_at) >= 10 &&
        nt_date_parse(created_at, 10, &d))
        ethics = d < p->confirmed;
    return nt_rules_patrol_code(&p->rules, kind, target_cand, !ethics);
}

/* The author and the roster, through the worker's cache. */
static void link_author(nt_patrol_worker *w, const nt_item_fields *f, nt_link *link)
{
    const nt_patrol *p = w->p;
    const char *handle = f->author_handle, *name = f->author_name, *bio = f->author_bio;
    char *key = nt_xasprintf("%s|%s|%s|%s", f->platform ? f->platform : "", handle ? handle : "",
                             name ? name : "", bio ? bio : "");
    const int64_t *hit = nt_strmap_get(&w->link_cache, key);
    if (hit) {
        *link = w->links[*hit];
        free(key);
        return;
    }
    char *bio_words = NULL;
    if (bio) {
        nt_normalize(p->tn, bio, strlen(bio), &w->norm);
        bio_words = nt_xstrdup(w->norm.text.p);
    }
    nt_roster_link(p->ri, &p->nr, f->platform, handle, name, bio_words, p->link_threshold, link);
    free(bio_words);
    if (w->nlinks >= LINK_CACHE_MAX) { /* bounded memory: start over */
        nt_strmap_free(&w->link_cache);
        w->nlinks = 0;
    }
    if (w->nlinks == w->links_cap) {
        w->links_cap = w->links_cap ? w->links_cap * 2 : 1024;
        w->links = nt_xrealloc(w->links, w->links_cap * sizeof *w->links);
    }
    w->links[w->nlinks] = *link;
    *nt_strmap_slot(&w->link_cache, key, NULL) = (int64_t)w->nlinks++;
    free(key);
}

/* The analysis of one item, whichever parser read it. item is the parsed object when the
 * caller has one; otherwise raw is parsed (with jansson) only if a finding is emitted. */
static int item_core(nt_patrol_worker *w, const nt_item_fields *f, json_t *item, const char *raw,
                     size_t rawlen, const char *source, json_t **out, nt_err *err)
{
    const nt_patrol *p = w->p;
    *out = NULL;
    if (!f->id || !*f->id) return nt_err_set(err, NT_EINVAL, "id", "kolom 'id' wajib diisi");
    int ki = kind_index(f->kind);
    if (ki < 0)
        return nt_err_set(err, NT_EINVAL, "kind",
                          "kolom 'kind' harus post, comment, share, like atau follow");
    if (!f->has_author)
        return nt_err_set(err, NT_EINVAL, "author", "kolom 'author' wajib berupa objek");
    evidence_t ev;
    memset(&ev, 0, sizeof ev);
    json_t *reasons = json_array();
    analyze(w, "text", f->text, f->text ? strlen(f->text) : 0, 1.0, &ev, reasons);
    bool target_cand = false;
    if (f->has_target && ki <= K_COMMENT) { /* an act on someone else's content */
        const char *th = f->target_author_handle;
        char key[320];
        if (th) {
            snprintf(key, sizeof key, "%s:%s", f->platform ? f->platform : "", th);
            for (char *q = key; *q; q++)
                *q = (char)tolower((unsigned char)*q);
            const int64_t *n = nt_strmap_get(&p->accounts, key);
            if (!n) n = nt_strmap_get(&p->accounts, strchr(key, ':') + 1);
            if (n && *n > 0 && *n < MAX_CAND) {
                double cw = 0.6, iw = p->w_interaction[ki];
                ev.cand[*n] += cw;
                ev.support += iw;
                target_cand = true;
                json_array_append_new(
                    reasons, json_pack("{ss ss s[ii] ss ss sf}", "rule", "interaksi:akun_kandidat",
                                       "field", "target.author.handle", "span", 0, (int)strlen(th),
                                       "text", th, "normalized", key, "weight", cw + iw));
            }
        }
        /* The liked or shared content speaks for the one who spreads it. */
        evidence_t tv;
        memset(&tv, 0, sizeof tv);
        double scale = ki == K_COMMENT ? 0.5 : 1.0;
        const char *tt = f->target_text, *tn = f->target_author_name;
        analyze(w, "target.text", tt, tt ? strlen(tt) : 0, scale, &tv, reasons);
        analyze(w, "target.author.name", tn, tn ? strlen(tn) : 0, scale, &tv, reasons);
        double tc = 0;
        for (int c = 1; c < MAX_CAND; c++) {
            ev.cand[c] += tv.cand[c];
            tc = tv.cand[c] > tc ? tv.cand[c] : tc;
        }
        if (tc > 0 && (tv.support > 0 || target_cand)) {
            target_cand = true;
            ev.support += tv.support + (ki <= K_FOLLOW ? p->w_interaction[ki] : 0);
        }
        ev.neutral += tv.neutral;
        ev.negated += tv.negated;
    }
    int best = 0;
    for (int c = 1; c < MAX_CAND; c++)
        if (ev.cand[c] > ev.cand[best]) best = c;
    double C = ev.cand[best] > 1 ? 1 : ev.cand[best];
    double S = ev.support > 1 ? 1 : ev.support;
    double N = ev.neutral > 1 ? 1 : ev.neutral;
    double score;
    if (C > 0 && S > 0 && ev.negated == 0)
        score = 0.6 + 0.2 * C + 0.2 * S;
    else if (C > 0 && ev.negated > 0)
        score = 0.45; /* against a candidate: for a human */
    else if (C > 0)
        score = 0.25 + 0.3 * C;
    else if (S > 0)
        score = 0.1 + 0.2 * S;
    else
        score = 0;
    score -= 0.45 * N;
    score = score < 0 ? 0 : score > 0.99 ? 0.99 : score;
    const char *verdict = score >= p->thr_partisan ? "partisan"
                          : score >= p->thr_review ? "review"
                                                   : "clear";
    if (!strcmp(verdict, "clear") && !w->want_clear) {
        json_decref(reasons);
        return 0;
    }
    json_t *parsed = item ? json_incref(item) : json_loadb(raw, rawlen, 0, NULL);
    if (!parsed) { /* the fast parser accepted what jansson refuses: keep the raw text */
        parsed = json_stringn(raw, rawlen);
        if (!parsed) parsed = json_null();
    }
    nt_link link = {0};
    if (p->ri) link_author(w, f, &link);
    unsigned char h[32];
    char hex[65], ts[32];
    crypto_hash_sha256(h, (const unsigned char *)raw, rawlen);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    nt_time_format((int64_t)time(NULL), ts);
    json_t *o = json_pack("{ss ss ss ss sf}", "id", f->id, "platform",
                          f->platform ? f->platform : "", "kind", f->kind, "verdict", verdict,
                          "score", (double)((int)(score * 1000)) / 1000);
    json_object_set_new(o, "candidate",
                        strcmp(verdict, "clear") && best ? json_integer(best) : json_null());
    json_object_set_new(o, "violation",
                        strcmp(verdict, "clear")
                            ? json_string(violation(p, f->kind, f->created_at, target_cand))
                            : json_null());
    json_object_set_new(o, "nip", link.linked ? json_string(link.nip) : json_null());
    json_object_set_new(
        o, "link",
        link.linked ? json_pack("{sf ss}", "confidence", link.confidence, "method", link.method)
                    : json_null());
    if (!link.linked && link.nip[0] && link.confidence >= 0.5)
        json_object_set_new(o, "suggestion",
                            json_pack("{ss sf ss}", "nip", link.nip, "confidence", link.confidence,
                                      "method", link.method));
    json_object_set_new(o, "reasons", reasons);
    json_object_set_new(o, "author",
                        json_pack("{s?s s?s}", "handle", f->author_handle, "name", f->author_name));
    if (f->url) json_object_set_new(o, "url", json_string(f->url));
    if (f->created_at) json_object_set_new(o, "created_at", json_string(f->created_at));
    json_object_set_new(o, "evidence",
                        json_pack("{ss ss ss so}", "sha256", hex, "captured_at", ts, "source",
                                  source ? source : "-", "item", parsed));
    json_object_set_new(o, "lexicon", json_string(p->version));
    *out = o;
    return 0;
}

int nt_patrol_item(nt_patrol_worker *w, json_t *item, const char *raw, size_t rawlen,
                   const char *source, json_t **out, nt_err *err)
{
    if (!json_is_object(item)) return nt_err_set(err, NT_EINVAL, "item", "item bukan objek JSON");
    json_t *author = json_object_get(item, "author"), *target = json_object_get(item, "target");
    json_t *ta = json_object_get(target, "author");
    nt_item_fields f = {
        .platform = str(item, "platform"),
        .id = str(item, "id"),
        .kind = str(item, "kind"),
        .created_at = str(item, "created_at"),
        .url = str(item, "url"),
        .text = str(item, "text"),
        .has_author = json_is_object(author),
        .has_target = json_is_object(target),
        .author_handle = str(author, "handle"),
        .author_name = str(author, "name"),
        .author_bio = str(author, "bio"),
        .target_author_handle = str(ta, "handle"),
        .target_author_name = str(ta, "name"),
        .target_text = str(target, "text"),
    };
    return item_core(w, &f, item, raw, rawlen, source, out, err);
}

int nt_patrol_item_raw(nt_patrol_worker *w, const char *raw, size_t rawlen, const char *source,
                       json_t **out, nt_err *err)
{
    nt_item_fields f;
    char msg[200];
    if (nt_item_parse(w->parser, raw, rawlen, &f, msg, sizeof msg))
        return nt_err_set(err, NT_EINVAL, "item", "%s", msg);
    return item_core(w, &f, NULL, raw, rawlen, source, out, err);
}

/* ---- reading and running ---- */

typedef struct {
    char *raw; /* the line (JSONL) or the row re-encoded as JSON (CSV) */
    size_t len;
    size_t line;
    json_t *finding; /* result */
    char *out;       /* the finding as a JSON line, serialized by the worker */
    char err[200];
    bool malformed;
} slot_t;

typedef struct {
    const nt_patrol *p;
    const nt_patrol_run *run;
    slot_t *slots;
    size_t from, to;
    nt_patrol_worker *w;
} job_t;

static void *work(void *arg)
{
    job_t *j = arg;
    for (size_t i = j->from; i < j->to; i++) {
        slot_t *s = &j->slots[i];
        if (s->malformed) continue;
        nt_err e = {0};
        if (nt_patrol_item_raw(j->w, s->raw, s->len, j->run->source, &s->finding, &e)) {
            snprintf(s->err, sizeof s->err, "%s", e.msg);
            s->malformed = true;
        } else if (s->finding && j->run->out) {
            s->out = json_dumps(s->finding, JSON_COMPACT | JSON_PRESERVE_ORDER);
        }
    }
    return NULL;
}

/* CSV columns with dotted names (author.handle) become nested objects. */
static json_t *csv_row_json(nt_str *hdr, size_t nh, nt_str *f, size_t nf, char *err, size_t en)
{
    json_t *o = json_object();
    for (size_t i = 0; i < nh && i < nf; i++) {
        if (!f[i].len) continue;
        if (!nt_utf8_valid(f[i].p, f[i].len)) {
            snprintf(err, en, "kolom %.*s bukan UTF-8 yang sah", (int)hdr[i].len, hdr[i].p);
            json_decref(o);
            return NULL;
        }
        json_t *cur = o;
        char key[128];
        size_t kl = hdr[i].len < sizeof key - 1 ? hdr[i].len : sizeof key - 1;
        memcpy(key, hdr[i].p, kl);
        key[kl] = '\0';
        char *save = NULL, *part = strtok_r(key, ".", &save);
        while (part) {
            char *next = strtok_r(NULL, ".", &save);
            if (!next) {
                json_object_set_new(cur, part, json_stringn(f[i].p, f[i].len));
                break;
            }
            json_t *child = json_object_get(cur, part);
            if (!json_is_object(child)) {
                child = json_object();
                json_object_set_new(cur, part, child);
            }
            cur = child;
            part = next;
        }
    }
    return o;
}

typedef struct {
    FILE *in;
    bool csv;
    /* CSV: the whole input in memory */
    char *data;
    size_t len;
    nt_csv c;
    nt_str hdr[64];
    char *hdrbuf;
    size_t nh;
    /* JSONL */
    char *line;
    size_t cap;
    size_t lineno;
} reader_t;

/* Fills one slot; false at the end of input. */
static bool next_item(reader_t *r, slot_t *s)
{
    memset(s, 0, sizeof *s);
    if (!r->csv) {
        for (;;) {
            ssize_t n = getline(&r->line, &r->cap, r->in);
            if (n < 0) return false;
            r->lineno++;
            while (n && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
                n--;
            bool blank = true;
            for (ssize_t i = 0; i < n && blank; i++)
                blank = isspace((unsigned char)r->line[i]);
            if (blank) continue;
            s->line = r->lineno;
            if ((size_t)n > MAX_LINE) {
                snprintf(s->err, sizeof s->err, "baris terlalu panjang (%zd byte, batas %u)", n,
                         MAX_LINE);
                s->malformed = true;
                return true;
            }
            s->raw = nt_xstrndup(r->line, (size_t)n);
            s->len = (size_t)n;
            return true;
        }
    }
    nt_str f[64];
    size_t nf;
    nt_err e = {0};
    int got = nt_csv_next(&r->c, f, 64, &nf, &e);
    if (got == 0) return false;
    s->line = r->c.record_line;
    if (got < 0) {
        snprintf(s->err, sizeof s->err, "%s", e.msg);
        s->malformed = true;
        r->c.p = r->c.end; /* a broken quote: nothing after it can be trusted */
        return true;
    }
    json_t *o = csv_row_json(r->hdr, r->nh, f, nf, s->err, sizeof s->err);
    if (!o) {
        s->malformed = true;
        return true;
    }
    s->raw = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    s->len = strlen(s->raw);
    json_decref(o);
    return true;
}

static int reader_open(reader_t *r, const nt_patrol_run *run, nt_err *err)
{
    memset(r, 0, sizeof *r);
    r->in = run->in;
    r->csv = run->csv;
    if (!r->csv) return 0;
    nt_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, run->in)) > 0)
        nt_buf_add(&b, tmp, n);
    r->data = nt_buf_detach(&b, &r->len);
    nt_csv_init(&r->c, r->data, r->len);
    int got = nt_csv_next(&r->c, r->hdr, 64, &r->nh, err);
    if (got != 1) return got == 0 ? nt_err_set(err, NT_EINVAL, "csv", "berkas CSV kosong") : got;
    /* keep the header names: the CSV reader reuses its storage */
    nt_buf hb = {0};
    size_t offs[64];
    for (size_t i = 0; i < r->nh; i++) {
        offs[i] = hb.len;
        nt_buf_add(&hb, r->hdr[i].p, r->hdr[i].len);
    }
    r->hdrbuf = nt_buf_detach(&hb, NULL);
    for (size_t i = 0; i < r->nh; i++)
        r->hdr[i].p = r->hdrbuf + offs[i];
    return 0;
}

static void reader_close(reader_t *r)
{
    free(r->line);
    free(r->data);
    free(r->hdrbuf);
    if (r->csv) nt_csv_free(&r->c);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int nt_patrol_run_input(const nt_patrol *p, const nt_patrol_run *run, nt_patrol_stats *st,
                        nt_err *err)
{
    memset(st, 0, sizeof *st);
    int jobs = run->jobs < 1 ? 1 : run->jobs > 64 ? 64 : run->jobs;
    reader_t r;
    int rc = reader_open(&r, run, err);
    if (rc) {
        reader_close(&r);
        return rc;
    }
    const size_t batch = 2048 * (size_t)jobs;
    slot_t *slots = nt_xcalloc(batch, sizeof *slots);
    nt_patrol_worker **ws = nt_xcalloc((size_t)jobs, sizeof *ws);
    for (int j = 0; j < jobs; j++) {
        ws[j] = nt_patrol_worker_new(p);
        nt_patrol_worker_want_clear(ws[j], run->all);
    }
    double t0 = now_s(), last = t0;
    bool done = false, stop = false;
    while (!done && !stop) {
        size_t n = 0;
        while (n < batch && next_item(&r, &slots[n]))
            n++;
        if (n < batch) done = true;
        if (!n) break;
        pthread_t th[64];
        job_t jb[64];
        size_t per = (n + (size_t)jobs - 1) / (size_t)jobs;
        int started = 0;
        for (int j = 0; j < jobs; j++) {
            jb[j] = (job_t){p, run, slots, (size_t)j * per, (size_t)(j + 1) * per, ws[j]};
            if (jb[j].from >= n) break;
            if (jb[j].to > n) jb[j].to = n;
            if (jobs == 1)
                work(&jb[j]);
            else
                pthread_create(&th[started++], NULL, work, &jb[j]);
        }
        for (int j = 0; j < started; j++)
            pthread_join(th[j], NULL);
        for (size_t i = 0; i < n; i++) {
            slot_t *s = &slots[i];
            st->read++;
            if (s->malformed) {
                st->malformed++;
                if (run->errors) fprintf(run->errors, "%s:%zu: %s\n", run->source, s->line, s->err);
            } else if (!s->finding) {
                /* judged clear and not wanted */
            } else if (!stop) {
                const char *v = json_string_value(json_object_get(s->finding, "verdict"));
                bool flagged = strcmp(v, "clear") != 0;
                st->flagged += flagged;
                st->partisan += !strcmp(v, "partisan");
                st->review += !strcmp(v, "review");
                st->linked += !json_is_null(json_object_get(s->finding, "nip"));
                if (flagged || run->all) {
                    if (run->out && s->out) {
                        fputs(s->out, run->out);
                        fputc('\n', run->out);
                    }
                    if (run->sink && run->sink(run->sink_ctx, s->finding)) stop = true;
                }
            }
            json_decref(s->finding);
            free(s->out);
            free(s->raw);
        }
        double t = now_s();
        if (run->progress && t - last >= 1.0) {
            fprintf(run->progress, "\rpatroli: %zu item, %zu ditandai, %zu rusak, %.0f item/s ",
                    st->read, st->flagged, st->malformed, (double)st->read / (t - t0));
            fflush(run->progress);
            last = t;
        }
    }
    if (run->progress && last > t0) fputc('\n', run->progress);
    st->seconds = now_s() - t0;
    for (int j = 0; j < jobs; j++)
        nt_patrol_worker_free(ws[j]);
    free(ws);
    free(slots);
    reader_close(&r);
    if (run->out) fflush(run->out);
    return 0;
}
