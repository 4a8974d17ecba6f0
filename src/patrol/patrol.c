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
#include "patrol/patrol_int.h"

#include "base/date.h"
#include "patrol/item_json.h"
#include "patrol/roster_index.h"
#include "rules/ruleset.h"
#include "text/lexicon.h"
#include "text/names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
    json_t *clues = json_object_get(json_object_get(cues, "person_names"), "profile_clues");
    size_t bad = 0;
    if (!rc && opt->roster_path)
        rc = nt_roster_index_load(opt->roster_path, &p->nr, clues, &p->ri, &bad, err);
    else if (!rc && opt->roster_csv)
        rc = nt_roster_index_parse(opt->roster_csv, opt->roster_csv_len, "roster basis data",
                                   &p->nr, clues, &p->ri, &bad, err);
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
