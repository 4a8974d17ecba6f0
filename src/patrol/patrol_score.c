/*
 * patrol_score.c - one item through the engine (see patrol.c for how scoring works).
 */
#include "patrol/patrol_int.h"

#include "base/date.h"
#include "patrol/item_json.h"
#include "patrol/roster_index.h"
#include "rules/ruleset.h"
#include "text/lexicon.h"
#include "text/names.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
                        json_pack("{ss* ss*}", "handle", f->author_handle, "name", f->author_name));
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
