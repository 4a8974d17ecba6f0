/* roster_index.c - see roster_index.h. */
#include "patrol/roster_index.h"

#include "base/csv.h"
#include "base/file.h"
#include "base/utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOK 6

typedef struct {
    char nip[19];
    uint8_t ntok;
    uint32_t tok[MAX_TOK];
    uint32_t clue_off; /* words of agency, unit, position and region, space separated */
} rec_t;

typedef struct {
    uint64_t key;
    uint32_t rec;
} pair_t;

struct nt_roster_index {
    rec_t *recs;
    size_t n, cap;
    nt_strmap tokens; /* token -> id */
    uint32_t *df;
    float *idf;    /* per token id, computed once the roster is loaded */
    char **tokstr; /* id -> token text */
    size_t ntokens, dfcap;
    pair_t *pairs;
    size_t npairs, paircap;
    uint32_t *post_off, *post; /* single-token postings (CSR) */
    nt_strmap handles;         /* "platform:handle" -> rec+1, or -1 if ambiguous */
    nt_strmap elsewhere;       /* "handle" -> rec+1 (-1 ambiguous): the same name on any platform */
    nt_buf clues;
    nt_strmap generic; /* profile clue words: asn, pns, guru ... */
};

static uint32_t token_id(nt_roster_index *ri, const char *t)
{
    bool found;
    int64_t *slot = nt_strmap_slot(&ri->tokens, t, &found);
    if (!found) {
        if (ri->ntokens == ri->dfcap) {
            ri->dfcap = ri->dfcap ? ri->dfcap * 2 : 4096;
            ri->df = nt_xrealloc(ri->df, ri->dfcap * sizeof *ri->df);
            ri->tokstr = nt_xrealloc(ri->tokstr, ri->dfcap * sizeof *ri->tokstr);
        }
        ri->df[ri->ntokens] = 0;
        ri->tokstr[ri->ntokens] = nt_xstrdup(t);
        *slot = (int64_t)ri->ntokens++;
    }
    return (uint32_t)*slot;
}

static void add_key(nt_strmap *m, const char *key, size_t rec)
{
    bool found;
    int64_t *slot = nt_strmap_slot(m, key, &found);
    *slot = (found && *slot != (int64_t)rec + 1) ? -1 : (int64_t)rec + 1;
}

/* A registered account, as people write it ("Instagram:@Dede.Kurnia"): its platform and handle
 * normalized the same way as the patrol's items are. A handle links on its own platform only;
 * on another platform it is at most a suggestion. */
static void add_account(nt_roster_index *ri, const char *tok, size_t rec)
{
    const char *colon = strchr(tok, ':');
    if (!colon) return;
    char platform[64], handle[256], key[330];
    nt_platform_normalize(tok, (size_t)(colon - tok), platform, sizeof platform);
    nt_handle_normalize(colon + 1, strlen(colon + 1), handle, sizeof handle);
    if (!*platform || !*handle) return;
    snprintf(key, sizeof key, "%s:%s", platform, handle);
    add_key(&ri->handles, key, rec);
    add_key(&ri->elsewhere, handle, rec);
}

static void lower_words(nt_buf *b, nt_str s)
{
    size_t at = b->len;
    nt_buf_add(b, s.p, s.len);
    for (size_t i = at; i < b->len; i++) {
        unsigned char c = (unsigned char)b->p[i];
        b->p[i] = isalnum(c) ? (char)tolower(c) : ' ';
    }
    nt_buf_addc(b, ' ');
}

static int cmp_pair(const void *a, const void *b)
{
    const pair_t *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->rec < y->rec ? -1 : x->rec > y->rec;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
    return a < b ? ((uint64_t)a << 32) | b : ((uint64_t)b << 32) | a;
}

int nt_roster_index_load(const char *path, const nt_namerules *nr, json_t *clue_words,
                         nt_roster_index **out, size_t *bad, nt_err *err)
{
    nt_map m;
    int rc = nt_map_open(&m, path, err);
    if (rc) return rc;
    rc = nt_roster_index_parse(m.p, m.len, path, nr, clue_words, out, bad, err);
    nt_map_close(&m);
    return rc;
}

int nt_roster_index_parse(const char *data, size_t len, const char *path, const nt_namerules *nr,
                          json_t *clue_words, nt_roster_index **out, size_t *bad, nt_err *err)
{
    int rc = 0;
    nt_roster_index *ri = nt_xcalloc(1, sizeof *ri);
    size_t i;
    json_t *v;
    json_array_foreach(clue_words, i, v) nt_strmap_slot(&ri->generic, json_string_value(v), NULL);
    nt_csv c;
    nt_csv_init(&c, data, len);
    nt_str f[16];
    size_t nf;
    int col[7] = {-1, -1, -1, -1, -1, -1, -1};
    static const char *names[7] = {"nip",        "nama",    "akun",        "instansi",
                                   "unit_kerja", "jabatan", "kode_wilayah"};
    if (nt_csv_next(&c, f, 16, &nf, err) != 1) {
        rc = nt_err_set(err, NT_EINVAL, "roster", "%s: header CSV tidak terbaca", path);
        goto out;
    }
    for (size_t k = 0; k < nf; k++)
        for (int j = 0; j < 7; j++)
            if (nt_str_eq(f[k], names[j])) col[j] = (int)k;
    if (col[0] < 0 || col[1] < 0) {
        rc = nt_err_set(err, NT_EINVAL, "roster", "%s: kolom nip dan nama wajib ada", path);
        goto out;
    }
    *bad = 0;
    for (;;) {
        nt_err rerr;
        int got = nt_csv_next(&c, f, 16, &nf, &rerr);
        if (got == 0) break;
        if (got < 0) {
            (*bad)++;
            break; /* a broken quote ruins the rest */
        }
        nt_str nip = (size_t)col[0] < nf ? f[col[0]] : (nt_str){"", 0};
        nt_str name = (size_t)col[1] < nf ? f[col[1]] : (nt_str){"", 0};
        bool ok = nip.len == 18 && name.len > 0 && nt_utf8_valid(name.p, name.len);
        for (size_t k = 0; ok && k < 18; k++)
            ok = isdigit((unsigned char)nip.p[k]) != 0;
        if (!ok) {
            (*bad)++;
            continue;
        }
        if (ri->n == ri->cap) {
            ri->cap = ri->cap ? ri->cap * 2 : 65536;
            ri->recs = nt_xrealloc(ri->recs, ri->cap * sizeof *ri->recs);
        }
        rec_t *r = &ri->recs[ri->n];
        memset(r, 0, sizeof *r);
        memcpy(r->nip, nip.p, 18);
        nt_name_tokens t;
        nt_name_tokens_of(nr, name.p, name.len, &t);
        for (int k = 0; k < t.n && r->ntok < MAX_TOK; k++) {
            if (strlen(t.tok[k]) < 2) continue; /* initials are not indexed */
            uint32_t id = token_id(ri, t.tok[k]);
            bool dup = false;
            for (int q = 0; q < r->ntok; q++)
                dup |= r->tok[q] == id;
            if (dup) continue;
            r->tok[r->ntok++] = id;
            ri->df[id]++;
        }
        for (int a = 0; a < r->ntok; a++)
            for (int b = a + 1; b < r->ntok; b++) {
                if (ri->npairs == ri->paircap) {
                    ri->paircap = ri->paircap ? ri->paircap * 2 : 131072;
                    ri->pairs = nt_xrealloc(ri->pairs, ri->paircap * sizeof *ri->pairs);
                }
                ri->pairs[ri->npairs++] = (pair_t){pair_key(r->tok[a], r->tok[b]), (uint32_t)ri->n};
            }
        r->clue_off = (uint32_t)ri->clues.len;
        for (int j = 3; j < 7; j++)
            if (col[j] >= 0 && (size_t)col[j] < nf) lower_words(&ri->clues, f[col[j]]);
        nt_buf_addc(&ri->clues, '\0');
        if (col[2] >= 0 && (size_t)col[2] < nf && f[col[2]].len) {
            /* akun: platform:handle;platform:handle */
            char acc[512];
            size_t al = f[col[2]].len < sizeof acc - 1 ? f[col[2]].len : sizeof acc - 1;
            memcpy(acc, f[col[2]].p, al);
            acc[al] = '\0';
            for (char *save = NULL, *tok = strtok_r(acc, ";", &save); tok;
                 tok = strtok_r(NULL, ";", &save))
                add_account(ri, tok, ri->n);
        }
        ri->n++;
    }
    qsort(ri->pairs, ri->npairs, sizeof *ri->pairs, cmp_pair);
    /* single-token postings */
    ri->post_off = nt_xcalloc(ri->ntokens + 1, sizeof *ri->post_off);
    for (size_t r = 0; r < ri->n; r++)
        for (int k = 0; k < ri->recs[r].ntok; k++)
            ri->post_off[ri->recs[r].tok[k] + 1]++;
    for (size_t t = 0; t < ri->ntokens; t++)
        ri->post_off[t + 1] += ri->post_off[t];
    ri->post = nt_xmalloc((ri->post_off[ri->ntokens] + 1) * sizeof *ri->post);
    uint32_t *fill = nt_xcalloc(ri->ntokens + 1, sizeof *fill);
    for (size_t r = 0; r < ri->n; r++)
        for (int k = 0; k < ri->recs[r].ntok; k++) {
            uint32_t t = ri->recs[r].tok[k];
            ri->post[ri->post_off[t] + fill[t]++] = (uint32_t)r;
        }
    free(fill);
    ri->idf = nt_xmalloc((ri->ntokens + 1) * sizeof *ri->idf);
    for (size_t t = 0; t < ri->ntokens; t++)
        ri->idf[t] = (float)(log((double)(ri->n + 1) / (double)(ri->df[t] + 1)) + 1.0);
out:
    nt_csv_free(&c);
    if (rc) {
        nt_roster_index_free(ri);
        return rc;
    }
    *out = ri;
    return 0;
}

void nt_roster_index_free(nt_roster_index *ri)
{
    if (!ri) return;
    free(ri->recs);
    for (size_t i = 0; i < ri->ntokens; i++)
        free(ri->tokstr[i]);
    free(ri->tokstr);
    free(ri->df);
    free(ri->idf);
    free(ri->pairs);
    free(ri->post_off);
    free(ri->post);
    nt_strmap_free(&ri->tokens);
    nt_strmap_free(&ri->handles);
    nt_strmap_free(&ri->elsewhere);
    nt_strmap_free(&ri->generic);
    nt_buf_free(&ri->clues);
    free(ri);
}

size_t nt_roster_index_size(const nt_roster_index *ri)
{
    return ri->n;
}

/* How many profile clues the bio gives: generic words (asn, guru) and words of the record's
 * agency, unit, position or region. */
static void clues(const nt_roster_index *ri, const rec_t *r, const char *bio, int *generic,
                  int *specific)
{
    *generic = *specific = 0;
    if (!bio || !*bio) return;
    char w[64];
    const char *p = bio;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ')
            n++;
        if (!n) break;
        if (n < sizeof w) {
            memcpy(w, p, n);
            w[n] = '\0';
            if (nt_strmap_get(&ri->generic, w)) {
                (*generic)++;
            } else if (n >= 4) {
                const char *cl = ri->clues.p + r->clue_off;
                for (const char *q = strstr(cl, w); q; q = strstr(q + 1, w))
                    if ((q == cl || q[-1] == ' ') && (q[n] == ' ' || !q[n])) {
                        (*specific)++;
                        break;
                    }
            }
        }
        p += n;
    }
}

typedef struct {
    uint32_t rec;
    double conf;
    int clues;
} cand_t;

/* Keeps top[0..k) the k best candidates, best first. */
static void keep_best(cand_t *top, int k, cand_t c)
{
    for (int i = 0; i < k; i++)
        if (top[i].rec == c.rec) return; /* reached through two pairs: scored the same */
    if (c.conf <= top[k - 1].conf) return;
    int at = k - 1;
    while (at > 0 && top[at - 1].conf < c.conf) {
        top[at] = top[at - 1];
        at--;
    }
    top[at] = c;
}

/* The k roster records whose names fit best, best first; how many were found. */
static int score_name(const nt_roster_index *ri, const nt_namerules *nr, const char *name,
                      const char *bio_words, cand_t *top, int k)
{
    for (int i = 0; i < k; i++)
        top[i] = (cand_t){UINT32_MAX, 0, 0};
    if (!name || !*name) return 0;
    nt_name_tokens q;
    nt_name_tokens_of(nr, name, strlen(name), &q);
    uint32_t qt[NT_NAME_MAX_TOKENS];
    char initials[NT_NAME_MAX_TOKENS];
    int nq = 0, ni = 0;
    for (int t = 0; t < q.n; t++) {
        if (strlen(q.tok[t]) == 1) {
            initials[ni++] = q.tok[t][0];
            continue;
        }
        const int64_t *id = nt_strmap_get(&ri->tokens, q.tok[t]);
        if (!id) return 0; /* a name word no civil servant has: no match by name */
        qt[nq++] = (uint32_t)*id;
    }
    if (nq == 0) return 0;
    /* Candidates: records sharing a pair of words (or the one word of a one-word name). */
    double qw = 0;
    for (int t = 0; t < nq; t++)
        qw += ri->idf[qt[t]];
    for (int a = 0; a < nq; a++)
        for (int b = (nq == 1 ? a : a + 1); b < nq; b++) {
            const uint32_t *list;
            size_t nlist;
            pair_t *lo = NULL;
            if (nq == 1) {
                list = ri->post + ri->post_off[qt[a]];
                nlist = ri->post_off[qt[a] + 1] - ri->post_off[qt[a]];
            } else {
                uint64_t key = pair_key(qt[a], qt[b]);
                size_t l = 0, h = ri->npairs;
                while (l < h) {
                    size_t mid = (l + h) / 2;
                    if (ri->pairs[mid].key < key)
                        l = mid + 1;
                    else
                        h = mid;
                }
                lo = ri->pairs + l;
                nlist = 0;
                while (l + nlist < ri->npairs && ri->pairs[l + nlist].key == key)
                    nlist++;
                list = NULL;
            }
            /* A name (pair) that hundreds of civil servants share cannot identify one of them:
             * skip it rather than score them all. */
            if (nlist > (nq == 1 ? 64u : 256u)) continue;
            for (size_t i = 0; i < nlist; i++) {
                uint32_t rid = list ? list[i] : lo[i].rec;
                const rec_t *r = &ri->recs[rid];
                double common = 0, rw = 0;
                bool used[MAX_TOK] = {0};
                for (int t = 0; t < r->ntok; t++)
                    rw += ri->idf[r->tok[t]];
                for (int t = 0; t < nq; t++)
                    for (int u = 0; u < r->ntok; u++)
                        if (!used[u] && r->tok[u] == qt[t]) {
                            used[u] = true;
                            common += ri->idf[qt[t]];
                            break;
                        }
                double qwi = qw;
                for (int t = 0; t < ni; t++) /* an initial: half credit for one unmatched word */
                    for (int u = 0; u < r->ntok; u++) {
                        if (used[u] || ri->tokstr[r->tok[u]][0] != initials[t]) continue;
                        used[u] = true;
                        common += 0.5 * ri->idf[r->tok[u]];
                        qwi += 0.5 * ri->idf[r->tok[u]];
                        break;
                    }
                double sim = common / (qwi + rw - common);
                int g, sp;
                clues(ri, r, bio_words, &g, &sp);
                int ng = g > 2 ? 2 : g, ns = sp > 2 ? 2 : sp;
                double conf = sim * (0.70 + 0.08 * ng + 0.12 * ns);
                if (conf > 0.97) conf = 0.97;
                keep_best(top, k, (cand_t){rid, conf, ng + ns});
            }
        }
    int n = 0;
    while (n < k && top[n].conf > 0)
        n++;
    return n;
}

void nt_roster_link(const nt_roster_index *ri, const nt_namerules *nr, const char *platform,
                    const char *handle, const char *name, const char *bio_words, double threshold,
                    nt_link *out)
{
    memset(out, 0, sizeof *out);
    out->method = "";
    int64_t other = 0; /* the same handle registered on another platform */
    if (handle && *handle) {
        char plat[64], h[256], key[330];
        nt_platform_normalize(platform ? platform : "", platform ? strlen(platform) : 0, plat,
                              sizeof plat);
        nt_handle_normalize(handle, strlen(handle), h, sizeof h);
        snprintf(key, sizeof key, "%s:%s", plat, h);
        const int64_t *v = *h ? nt_strmap_get(&ri->handles, key) : NULL;
        if (v && *v > 0) {
            memcpy(out->nip, ri->recs[*v - 1].nip, 19);
            out->confidence = 0.99;
            out->method = "handle";
            out->linked = true;
            return;
        }
        const int64_t *e = *h ? nt_strmap_get(&ri->elsewhere, h) : NULL;
        if (e && *e > 0) other = *e;
    }
    cand_t top[2];
    if (!score_name(ri, nr, name, bio_words, top, 2)) {
        if (other) { /* a handle of another platform: worth a look, never a link */
            memcpy(out->nip, ri->recs[other - 1].nip, 19);
            out->confidence = 0.6;
            out->method = "handle_platform_lain";
        }
        return;
    }
    cand_t best = top[0], second = top[1];
    memcpy(out->nip, ri->recs[best.rec].nip, 19);
    out->confidence = best.conf;
    out->clues = best.clues;
    out->method = best.clues ? "name+profil" : "name";
    /* Two civil servants who fit about as well: a suggestion, never a link. */
    out->linked = best.conf >= threshold && second.conf < best.conf - 0.05;
    if (second.conf >= best.conf - 0.05) out->confidence = best.conf * 0.9;
}

int nt_roster_candidates(const nt_roster_index *ri, const nt_namerules *nr, const char *name,
                         const char *clue_words, nt_roster_candidate *out, int max)
{
    cand_t top[16];
    if (max > 16) max = 16;
    if (max < 1) return 0;
    int n = score_name(ri, nr, name, clue_words, top, max);
    for (int i = 0; i < n; i++) {
        memcpy(out[i].nip, ri->recs[top[i].rec].nip, 19);
        out[i].confidence = top[i].conf;
    }
    return n;
}
