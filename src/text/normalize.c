/*
 * normalize.c - see normalize.h. Two passes: characters (Unicode work, with
 * the case information needed for camel-case splitting), then words
 * (spacing, leetspeak, elongation, slang, affixes).
 */
#include "text/normalize.h"

#include "base/file.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

#define MAX_GESTURES 32

struct nt_textnorm {
    nt_strmap slang; /* informal -> index into slang_vals */
    char **slang_vals;
    size_t nslang;
    nt_strmap vocab;   /* known words */
    nt_strmap stems;   /* campaign verb stems */
    nt_strmap affixed; /* every affixed form of a stem -> index into stem_names */
    char **stem_names;
    size_t nstem_names;
    nt_strmap number_prefix;
    struct {
        int32_t cp;
        char token[24];
    } gestures[MAX_GESTURES];
    int ngestures;
    uint8_t confusable[65536]; /* non-ASCII BMP code point -> ASCII letter/digit, 0 = none */
    json_t *cues;
    char version[64];
};

/* ---- loading ---- */

static void add_words(nt_strmap *m, const char *phrase)
{
    char w[128];
    size_t n = 0;
    for (const char *p = phrase;; p++) {
        if (*p && *p != ' ' && n < sizeof w - 1) {
            w[n++] = *p;
            continue;
        }
        if (n) {
            w[n] = '\0';
            nt_strmap_slot(m, w, NULL);
            n = 0;
        }
        if (!*p) break;
    }
}

void nt_textnorm_add_vocab(nt_textnorm *tn, const char *phrase)
{
    add_words(&tn->vocab, phrase);
}

static void build_confusables(nt_textnorm *tn)
{
    UErrorCode st = U_ZERO_ERROR;
    USpoofChecker *sc = uspoof_open(&st);
    if (U_FAILURE(st)) return;
    for (int32_t cp = 0x80; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        UChar in[2] = {(UChar)cp, 0}, out[8];
        st = U_ZERO_ERROR;
        int32_t n = uspoof_getSkeleton(sc, 0, in, 1, out, 8, &st);
        if (U_FAILURE(st) || n != 1 || out[0] >= 0x80) continue;
        int c = tolower(out[0]);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) tn->confusable[cp] = (uint8_t)c;
    }
    uspoof_close(sc);
    /* small capitals ("ʜᴀʀ") are letters of their own in Unicode, and not all of them are in
     * the confusables data: their names say which Latin letter they are */
    for (int32_t cp = 0x80; cp < 0x10000; cp++) {
        if (tn->confusable[cp] || (cp >= 0xD800 && cp <= 0xDFFF)) continue;
        char name[128];
        st = U_ZERO_ERROR;
        int32_t n = u_charName(cp, U_UNICODE_CHAR_NAME, name, sizeof name, &st);
        static const char prefix[] = "LATIN LETTER SMALL CAPITAL ";
        if (U_FAILURE(st) || n != (int32_t)sizeof prefix) continue;
        if (strncmp(name, prefix, sizeof prefix - 1) != 0) continue;
        char c = name[sizeof prefix - 1];
        if (c >= 'A' && c <= 'Z') tn->confusable[cp] = (uint8_t)(c - 'A' + 'a');
    }
}

static int load_slang(nt_textnorm *tn, const char *path, nt_err *err)
{
    char *text = NULL;
    size_t len;
    int rc = nt_file_read(path, &text, &len, err);
    if (rc) return rc;
    size_t cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') {
            if (strncmp(line, "# version:", 10) == 0)
                snprintf(tn->version + strlen(tn->version),
                         sizeof tn->version - strlen(tn->version), "slang %s ", line + 11);
            continue;
        }
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        if (tn->nslang == cap) {
            cap = cap ? cap * 2 : 4096;
            tn->slang_vals = nt_xrealloc(tn->slang_vals, cap * sizeof *tn->slang_vals);
        }
        tn->slang_vals[tn->nslang] = nt_xstrdup(tab + 1);
        *nt_strmap_slot(&tn->slang, line, NULL) = (int64_t)tn->nslang;
        add_words(&tn->vocab, tab + 1);
        tn->nslang++;
    }
    free(text);
    return 0;
}

static void vocab_from_phrases(nt_textnorm *tn, json_t *groups)
{
    size_t i, j;
    json_t *g, *p;
    json_array_foreach(groups, i, g) json_array_foreach(json_object_get(g, "phrases"), j, p)
        add_words(&tn->vocab, json_string_value(p));
}

static void build_affixed(nt_textnorm *tn);

int nt_textnorm_new(const char *data_dir, nt_textnorm **out, nt_err *err)
{
    nt_textnorm *tn = nt_xcalloc(1, sizeof *tn);
    char path[1024];
    snprintf(path, sizeof path, "%s/lexicon/slang.tsv", data_dir);
    int rc = load_slang(tn, path, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/lexicon/cues.json", data_dir);
        json_error_t je;
        tn->cues = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
        if (!tn->cues || !json_is_string(json_object_get(tn->cues, "version")))
            rc = nt_err_set(err, NT_EINVAL, "cues", "%s tidak sah: %s", path,
                            tn->cues ? "version wajib diisi" : je.text);
    }
    if (rc) {
        nt_textnorm_free(tn);
        return rc;
    }
    snprintf(tn->version + strlen(tn->version), sizeof tn->version - strlen(tn->version), "cues %s",
             json_string_value(json_object_get(tn->cues, "version")));
    size_t i, j;
    json_t *v, *c;
    json_array_foreach(json_object_get(tn->cues, "stems"), i, v)
    {
        nt_strmap_slot(&tn->stems, json_string_value(v), NULL);
        add_words(&tn->vocab, json_string_value(v));
    }
    json_array_foreach(json_object_get(tn->cues, "number_prefixes"), i, v)
    {
        add_words(&tn->number_prefix, json_string_value(v));
        add_words(&tn->vocab, json_string_value(v));
    }
    json_array_foreach(json_object_get(tn->cues, "negation_words"), i, v)
        add_words(&tn->vocab, json_string_value(v));
    json_array_foreach(json_object_get(json_object_get(tn->cues, "person_names"), "titles"), i,
                       v) if (strlen(json_string_value(v)) > 2)
        add_words(&tn->vocab, json_string_value(v));
    vocab_from_phrases(tn, json_object_get(tn->cues, "support"));
    vocab_from_phrases(tn, json_object_get(tn->cues, "neutral"));
    json_array_foreach(json_object_get(tn->cues, "gestures"), i, v)
    {
        json_array_foreach(json_object_get(v, "codepoints"), j, c)
        {
            if (tn->ngestures >= MAX_GESTURES) break;
            tn->gestures[tn->ngestures].cp = (int32_t)strtol(json_string_value(c), NULL, 16);
            nt_strlcpy(tn->gestures[tn->ngestures].token,
                       json_string_value(json_object_get(v, "token")),
                       sizeof tn->gestures[0].token);
            tn->ngestures++;
        }
    }
    build_confusables(tn);
    build_affixed(tn);
    *out = tn;
    return 0;
}

void nt_textnorm_free(nt_textnorm *tn)
{
    if (!tn) return;
    for (size_t i = 0; i < tn->nstem_names; i++)
        free(tn->stem_names[i]);
    free(tn->stem_names);
    nt_strmap_free(&tn->affixed);
    for (size_t i = 0; i < tn->nslang; i++)
        free(tn->slang_vals[i]);
    free(tn->slang_vals);
    nt_strmap_free(&tn->slang);
    nt_strmap_free(&tn->vocab);
    nt_strmap_free(&tn->stems);
    nt_strmap_free(&tn->number_prefix);
    json_decref(tn->cues);
    free(tn);
}

json_t *nt_textnorm_cues(const nt_textnorm *tn)
{
    return tn->cues;
}

const char *nt_textnorm_version(const nt_textnorm *tn)
{
    return tn->version;
}

/* ---- pass 1: characters ---- */

typedef struct {
    char c; /* a-z 0-9, leet symbol @ $ !, or ' ' */
    uint32_t s, e;
} ch_t;

typedef struct {
    ch_t *v;
    size_t n, cap;
} chs;

static void push(chs *a, char c, uint32_t s, uint32_t e)
{
    if (c == ' ' && (a->n == 0 || a->v[a->n - 1].c == ' ')) return;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->v = nt_xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = (ch_t){c, s, e};
}

static const char *gesture(const nt_textnorm *tn, int32_t cp)
{
    for (int i = 0; i < tn->ngestures; i++)
        if (tn->gestures[i].cp == cp) return tn->gestures[i].token;
    return NULL;
}

static void chars(const nt_textnorm *tn, const char *in, size_t len, chs *out)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
    size_t i = 0;
    bool prev_lower = false, prev_alpha = false, prev_digit = false, in_hash = false;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        uint32_t s = (uint32_t)i;
        if (n <= 0) { /* invalid byte: a separator */
            push(out, ' ', s, s + 1);
            i++;
            prev_lower = prev_alpha = prev_digit = in_hash = false;
            continue;
        }
        i += (size_t)n;
        uint32_t e = (uint32_t)i;
        const char *g = gesture(tn, cp);
        if (g) {
            push(out, ' ', s, e);
            for (const char *q = g; *q; q++)
                push(out, *q, s, e);
            push(out, ' ', s, e);
            prev_lower = prev_alpha = prev_digit = in_hash = false;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_MN ||
            cat == UTF8PROC_CATEGORY_ME)
            continue; /* invisible, or a mark on the previous letter */
        if (cp == 0xFF03 || cp == 0xFE5F) cp = '#'; /* fullwidth and small number signs */
        if (cp == '#') {
            push(out, ' ', s, e);
            in_hash = true;
            prev_lower = prev_alpha = prev_digit = false;
            continue;
        }
        bool upper = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
        bool lower = cat == UTF8PROC_CATEGORY_LL;
        bool digit = cat == UTF8PROC_CATEGORY_ND;
        bool alpha = upper || lower || cat == UTF8PROC_CATEGORY_LO;
        /* camelCase ("CoblosNomorSatu") splits; a capital look-alike from another script inside
         * a word ("dΥkung") is an obfuscation of one word, not a boundary */
        UErrorCode sst = U_ZERO_ERROR;
        bool lookalike = cp >= 0x80 && cp < 0x10000 && tn->confusable[cp] &&
                         uscript_getScript(cp, &sst) != USCRIPT_LATIN;
        if (prev_lower && upper && !lookalike) push(out, ' ', s, s);
        if (in_hash && ((prev_alpha && digit) || (prev_digit && alpha))) push(out, ' ', s, s);
        utf8proc_int32_t d[8];
        int last = 0;
        /* a look-alike is read by its own shape first: a Greek capital Eta is an H, although
         * folded to lower case it would look like an n */
        utf8proc_ssize_t k =
            cp >= 0x80 && cp < 0x10000 && tn->confusable[cp]
                ? (d[0] = tn->confusable[cp], 1)
                : utf8proc_decompose_char(cp, d, 8,
                                          UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |
                                              UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
                                          &last);
        bool any = false;
        for (utf8proc_ssize_t j = 0; j < k && j < 8; j++) {
            int32_t x = d[j];
            char c = 0;
            if (x < 0x80) {
                if (isalnum(x))
                    c = (char)tolower(x);
                else if (x == '@' || x == '$' || x == '!')
                    c = (char)x;
            } else if (x < 0x10000) {
                c = (char)tn->confusable[x];
            }
            if (c) {
                push(out, c, s, e);
                any = true;
            } else if (utf8proc_category(x) != UTF8PROC_CATEGORY_MN) {
                push(out, ' ', s, e);
            }
        }
        if (!any && !alpha && !digit) in_hash = false;
        prev_lower = lower;
        prev_alpha = alpha;
        prev_digit = digit;
    }
}

/* ---- pass 2: words ---- */

typedef struct {
    char w[128];
    uint32_t s, e;
} word_t;

static bool known(const nt_textnorm *tn, const char *w)
{
    return nt_strmap_get(&tn->vocab, w) || nt_strmap_get(&tn->slang, w);
}

static char leet(char c)
{
    switch (c) {
    case '4':
    case '@':
        return 'a';
    case '3':
        return 'e';
    case '1':
    case '!':
        return 'i';
    case '0':
        return 'o';
    case '5':
    case '$':
        return 's';
    case '7':
        return 't';
    default:
        return c;
    }
}

static void collapse(char *w, int keep)
{
    /* Runs longer than `keep` shrink to one letter (digits are left alone). */
    size_t o = 0;
    for (size_t i = 0; w[i];) {
        size_t j = i;
        while (w[j] == w[i])
            j++;
        size_t run = j - i;
        size_t n = (isalpha((unsigned char)w[i]) && run > (size_t)keep) ? 1 : run;
        for (size_t k = 0; k < n; k++)
            w[o++] = w[i];
        i = j;
    }
    w[o] = '\0';
}

/* Restores a stem from a campaign verb with affixes, if one of the stems fits. */
static bool destem(const nt_textnorm *tn, const char *w, char *out, size_t n)
{
    static const char *pre[] = {"memper", "meng", "meny", "mem", "men", "me", "di", "ny",
                                "ng",     "m",    "n",    "ter", "ber", "pe", "ke", ""};
    static const char *suf[] = {"kanlah", "inlah", "keun", "kan", "lah", "nya",
                                "an",     "in",    "i",    "na",  ""};
    size_t len = strlen(w);
    for (size_t a = 0; a < NT_ARRAY_LEN(pre); a++) {
        size_t pl = strlen(pre[a]);
        if (pl && strncmp(w, pre[a], pl) != 0) continue;
        for (size_t b = 0; b < NT_ARRAY_LEN(suf); b++) {
            size_t sl = strlen(suf[b]);
            if (pl + sl + 3 > len || (sl && strcmp(w + len - sl, suf[b]) != 0)) continue;
            char core[128];
            size_t cl = len - pl - sl;
            if (cl >= sizeof core - 2) continue;
            memcpy(core, w + pl, cl);
            core[cl] = '\0';
            if (nt_strmap_get(&tn->stems, core)) {
                nt_strlcpy(out, core, n);
                return true;
            }
            /* nasal assimilation: nyoblos -> coblos, milih -> pilih, nendang -> tendang */
            static const char *nasal[][2] = {{"ny", "c"}, {"ny", "s"}, {"m", "p"}, {"m", "b"},
                                             {"n", "t"},  {"ng", "k"}, {"", "k"},  {"", "p"},
                                             {"", "t"},   {"", "s"}};
            for (size_t k = 0; k < NT_ARRAY_LEN(nasal); k++) {
                size_t nl = strlen(nasal[k][0]);
                const char *pfx = pl ? pre[a] : "";
                size_t pfl = strlen(pfx);
                /* the nasal is the end of the prefix (meny-, mem-) or the start of the core */
                char cand[130];
                if (nl && pfl >= nl && strcmp(pfx + pfl - nl, nasal[k][0]) == 0)
                    snprintf(cand, sizeof cand, "%s%s", nasal[k][1], core);
                else if (nl && strncmp(core, nasal[k][0], nl) == 0)
                    snprintf(cand, sizeof cand, "%s%s", nasal[k][1], core + nl);
                else if (!nl && pfl)
                    snprintf(cand, sizeof cand, "%s%s", nasal[k][1], core);
                else
                    continue;
                if (nt_strmap_get(&tn->stems, cand)) {
                    nt_strlcpy(out, cand, n);
                    return true;
                }
            }
        }
    }
    return false;
}

static void word(const nt_textnorm *tn, nt_normed *o, word_t *wd);

/* Every affixed form of every stem, found once at start-up (and checked with destem, so the
 * map answers exactly as the search would): one hash lookup per word instead of a search. */
static void build_affixed(nt_textnorm *tn)
{
    static const char *pre[] = {"memper", "meng", "meny", "mem", "men", "me", "di", "ny",
                                "ng",     "m",    "n",    "ter", "ber", "pe", "ke", ""};
    static const char *suf[] = {"kanlah", "inlah", "keun", "kan", "lah", "nya",
                                "an",     "in",    "i",    "na",  ""};
    for (size_t k = 0; k < tn->stems.cap; k++) {
        const char *stem = tn->stems.keys[k];
        if (!stem) continue;
        for (size_t a = 0; a < NT_ARRAY_LEN(pre); a++)
            for (size_t b = 0; b < NT_ARRAY_LEN(suf); b++)
                for (int drop = 0; drop < 2; drop++) { /* nasal assimilation drops the consonant */
                    char form[160], got[128];
                    snprintf(form, sizeof form, "%s%s%s", pre[a], stem + drop, suf[b]);
                    if (!strcmp(form, stem) || nt_strmap_get(&tn->affixed, form)) continue;
                    if (!destem(tn, form, got, sizeof got)) continue;
                    bool found;
                    int64_t *slot = nt_strmap_slot(&tn->affixed, got, &found);
                    if (!found) {
                        tn->stem_names = nt_xrealloc(tn->stem_names, (tn->nstem_names + 1) *
                                                                         sizeof *tn->stem_names);
                        tn->stem_names[tn->nstem_names] = nt_xstrdup(got);
                        *slot = (int64_t)tn->nstem_names++;
                    }
                    *nt_strmap_slot(&tn->affixed, form, NULL) = *slot;
                }
    }
}

static void emit(nt_normed *o, const char *w, uint32_t s, uint32_t e)
{
    size_t n = strlen(w);
    if (!n) return;
    size_t need = o->text.len + n + 2;
    if (need > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < need)
            cap *= 2;
        o->start = nt_xrealloc(o->start, cap * sizeof *o->start);
        o->end = nt_xrealloc(o->end, cap * sizeof *o->end);
        o->cap = cap;
    }
    if (o->text.len) {
        o->start[o->text.len] = s;
        o->end[o->text.len] = s;
        nt_buf_addc(&o->text, ' ');
    }
    for (size_t i = 0; i < n; i++) {
        o->start[o->text.len + i] = s;
        o->end[o->text.len + i] = e;
    }
    nt_buf_add(&o->text, w, n);
}

/* Slang (possibly several words), then affixes, then out. */
static void finish(const nt_textnorm *tn, nt_normed *o, const char *w, uint32_t s, uint32_t e)
{
    const int64_t *sl = nt_strmap_get(&tn->slang, w);
    const char *t = sl ? tn->slang_vals[*sl] : w;
    char buf[256];
    nt_strlcpy(buf, t, sizeof buf);
    char *save = NULL; /* strtok_r: workers run this concurrently */
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        const int64_t *st = nt_strmap_get(&tn->affixed, tok);
        emit(o, st ? tn->stem_names[*st] : tok, s, e);
    }
}

static void word(const nt_textnorm *tn, nt_normed *o, word_t *wd)
{
    char *w = wd->w;
    /* A leading @ is a mention, unless it is leet for "a" ("@y0" is ayo); a trailing ! is
     * punctuation. */
    if (*w == '@') {
        char as_a[128];
        size_t k = 0;
        for (const char *q = w; *q && k < sizeof as_a - 1; q++)
            as_a[k++] = leet(*q);
        as_a[k] = '\0';
        collapse(as_a, 2);
        if (known(tn, as_a)) w[0] = 'a';
    }
    while (*w == '@' || *w == '$')
        w++;
    size_t len = strlen(w);
    while (len && w[len - 1] == '!')
        w[--len] = '\0';
    if (!len) return;
    bool digits = true, letters = false;
    for (size_t i = 0; i < len; i++) {
        if (isdigit((unsigned char)w[i])) continue;
        digits = false;
        if (isalpha((unsigned char)w[i])) letters = true;
    }
    if (digits) { /* a number stays a number: 01, 2 */
        emit(o, w, wd->s, wd->e);
        return;
    }
    /* a word in leetspeak ("ay0", "p1l1h") wins over splitting off a number */
    char de[128];
    for (size_t i = 0; i <= len && i < sizeof de; i++)
        de[i] = i < len ? leet(w[i]) : '\0';
    collapse(de, 2);
    if (known(tn, de)) {
        finish(tn, o, de, wd->s, wd->e);
        return;
    }
    /* letters then digits: "pilih01", "nomor2" -> two words, when the letters are a word */
    size_t k = 0;
    while (k < len && isalpha((unsigned char)w[k]))
        k++;
    if (k && k < len) {
        bool rest_digits = true;
        for (size_t i = k; i < len; i++)
            rest_digits &= isdigit((unsigned char)w[i]) != 0;
        char head[128];
        memcpy(head, w, k);
        head[k] = '\0';
        char h2[128];
        nt_strlcpy(h2, head, sizeof h2);
        collapse(h2, 2);
        if (rest_digits && (known(tn, head) || known(tn, h2))) {
            const char *h = known(tn, head) ? head : h2;
            finish(tn, o, h, wd->s, wd->e);
            /* "siapa2" is reduplication (siapa-siapa); "nomor2" is a number */
            if (!strcmp(w + k, "2") && !nt_strmap_get(&tn->number_prefix, h))
                finish(tn, o, h, wd->s, wd->e);
            else
                emit(o, w + k, wd->s, wd->e);
            return;
        }
    }
    if (letters || len > 1)
        for (size_t i = 0; i < len; i++)
            w[i] = leet(w[i]);
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)w[i])) w[i] = 'a'; /* stray symbol inside a word */
    collapse(w, 2);
    if (!known(tn, w)) {
        char once[128];
        nt_strlcpy(once, w, sizeof once);
        collapse(once, 1);
        if (known(tn, once)) w = strcpy(wd->w, once);
    }
    finish(tn, o, w, wd->s, wd->e);
}

/* Letters spaced out over several words ("d u k u n g  k a n g  a s e p") arrive glued;
 * break them back into known words when the whole string splits that way. */
static void split_known(const nt_textnorm *tn, nt_normed *o, word_t *m)
{
    size_t n = strlen(m->w);
    if (known(tn, m->w) || n < 6) {
        word(tn, o, m);
        return;
    }
    int best[128], prev[128]; /* best[i]: fewest words covering m->w[0..i) */
    for (size_t i = 0; i <= n; i++)
        best[i] = i ? 1 << 20 : 0;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = i > 24 ? i - 24 : 0; j + 2 <= i; j++) {
            if (best[j] + 1 >= best[i] || !nt_strmap_getn(&tn->vocab, m->w + j, i - j)) continue;
            best[i] = best[j] + 1;
            prev[i] = (int)j;
        }
    if (best[n] >= 1 << 20 || best[n] < 2) {
        word(tn, o, m);
        return;
    }
    size_t cuts[64], nc = 0;
    for (size_t i = n; i > 0 && nc < 64; i = (size_t)prev[i])
        cuts[nc++] = i;
    size_t from = 0;
    while (nc--) {
        word_t w = {.s = m->s, .e = m->e};
        memcpy(w.w, m->w + from, cuts[nc] - from);
        w.w[cuts[nc] - from] = '\0';
        word(tn, o, &w);
        from = cuts[nc];
    }
}

void nt_normalize(const nt_textnorm *tn, const char *in, size_t len, nt_normed *out)
{
    nt_buf_reset(&out->text);
    chs a = {out->chars, 0, out->chars_cap};
    chars(tn, in, len, &a);
    out->chars = a.v;
    out->chars_cap = a.cap;
    /* split into raw words */
    word_t *ws = out->words;
    size_t nw = 0, cw = out->words_cap;
    for (size_t i = 0; i < a.n;) {
        while (i < a.n && a.v[i].c == ' ')
            i++;
        if (i >= a.n) break;
        size_t j = i;
        word_t w = {.s = a.v[i].s};
        size_t k = 0;
        while (j < a.n && a.v[j].c != ' ') {
            if (k < sizeof w.w - 1) w.w[k++] = a.v[j].c;
            w.e = a.v[j].e;
            j++;
        }
        w.w[k] = '\0';
        if (nw == cw) {
            cw = cw ? cw * 2 : 64;
            ws = nt_xrealloc(ws, cw * sizeof *ws);
        }
        ws[nw++] = w;
        i = j;
    }
    out->words = ws;
    out->words_cap = cw;
    /* letters spaced out: three or more one-character words with at least two letters */
    for (size_t i = 0; i < nw;) {
        size_t j = i, letters = 0;
        while (j < nw && strlen(ws[j].w) == 1)
            letters += isalpha((unsigned char)ws[j++].w[0]) != 0;
        if (j - i >= 3 && letters >= 2) {
            word_t m = {.s = ws[i].s, .e = ws[j - 1].e};
            size_t k = 0;
            for (size_t t = i; t < j && k < sizeof m.w - 1; t++)
                m.w[k++] = ws[t].w[0];
            m.w[k] = '\0';
            split_known(tn, out, &m);
            i = j;
        } else {
            for (size_t t = i; t < (j > i ? j : i + 1); t++)
                word(tn, out, &ws[t]);
            i = j > i ? j : i + 1;
        }
    }
    if (!out->text.p) nt_buf_grow(&out->text, 0);
}

void nt_normed_free(nt_normed *n)
{
    nt_buf_free(&n->text);
    free(n->start);
    free(n->end);
    free(n->chars);
    free(n->words);
    memset(n, 0, sizeof *n);
}
