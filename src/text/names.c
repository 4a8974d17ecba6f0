/* names.c - see names.h. */
#include "text/names.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

int nt_namerules_load(nt_namerules *nr, json_t *cues, nt_err *err)
{
    memset(nr, 0, sizeof *nr);
    json_t *pn = json_object_get(cues, "person_names");
    if (!json_is_object(pn))
        return nt_err_set(err, NT_EINVAL, "person_names", "cues.json tanpa person_names");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(pn, "titles"), i, v)
    {
        /* "s pd" is stored as "spd": titles are compared with their dots and spaces removed */
        char t[32];
        size_t k = 0;
        for (const char *p = json_string_value(v); p && *p && k < sizeof t - 1; p++)
            if (*p != ' ') t[k++] = *p;
        t[k] = '\0';
        nt_strmap_slot(&nr->titles, t, NULL);
    }
    json_array_foreach(json_object_get(pn, "muhammad"), i, v)
        nt_strmap_slot(&nr->muhammad, json_string_value(v), NULL);
    json_array_foreach(json_object_get(pn, "folds"), i, v)
    {
        if (nr->nfolds >= 16) break;
        nt_strlcpy(nr->folds[nr->nfolds][0], json_string_value(json_array_get(v, 0)), 8);
        nt_strlcpy(nr->folds[nr->nfolds][1], json_string_value(json_array_get(v, 1)), 8);
        nr->nfolds++;
    }
    return 0;
}

void nt_namerules_free(nt_namerules *nr)
{
    nt_strmap_free(&nr->titles);
    nt_strmap_free(&nr->muhammad);
}

static void fold(const nt_namerules *nr, char *t)
{
    for (int f = 0; f < nr->nfolds; f++) {
        const char *from = nr->folds[f][0], *to = nr->folds[f][1];
        if (!strstr(t, from)) continue; /* most names have nothing to fold */
        size_t fl = strlen(from), tl = strlen(to);
        char out[64];
        size_t o = 0;
        for (size_t i = 0; t[i] && o < sizeof out - 8;) {
            if (t[i] == from[0] && strncmp(t + i, from, fl) == 0) {
                memcpy(out + o, to, tl);
                o += tl;
                i += fl;
            } else {
                out[o++] = t[i++];
            }
        }
        out[o] = '\0';
        nt_strlcpy(t, out, 32);
    }
}

void nt_name_tokens_of(const nt_namerules *nr, const char *name, size_t len, nt_name_tokens *out)
{
    out->n = 0;
    /* Degrees follow the first comma. */
    const char *comma = memchr(name, ',', len);
    if (comma) len = (size_t)(comma - name);
    char raw[NT_NAME_MAX_TOKENS * 2][32];
    int nraw = 0;
    char cur[32];
    size_t k = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)name;
    size_t i = 0;
    while (i <= len) {
        utf8proc_int32_t cp = ' ';
        utf8proc_ssize_t n = 1;
        if (i < len) {
            n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
            if (n <= 0) cp = ' ', n = 1;
        }
        i += (size_t)n;
        utf8proc_int32_t d[8];
        int last = 0;
        utf8proc_ssize_t m =
            cp < 0x80 ? (d[0] = tolower(cp), 1)
                      : utf8proc_decompose_char(cp, d, 8,
                                                UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                    UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
                                                &last);
        bool letter = false;
        for (utf8proc_ssize_t j = 0; j < m && j < 8; j++)
            if (d[j] < 0x80 && isalpha(d[j])) {
                if (k < sizeof cur - 1) cur[k++] = (char)d[j];
                letter = true;
            }
        /* an apostrophe stays inside the name (Ma'ruf); a dot ends an abbreviation */
        if (letter || cp == '\'' || cp == 0x2019) continue;
        if (k && nraw < NT_NAME_MAX_TOKENS * 2) {
            cur[k] = '\0';
            nt_strlcpy(raw[nraw++], cur, 32);
        }
        k = 0;
        if (i > len) break;
    }
    /* Titles: "s pd" arrives as "s","pd" — try one and two tokens joined. */
    bool started = false;
    for (int t = 0; t < nraw && out->n < NT_NAME_MAX_TOKENS; t++) {
        char two[64];
        snprintf(two, sizeof two, "%s%s", raw[t], t + 1 < nraw ? raw[t + 1] : "");
        if (t + 1 < nraw && nt_strmap_get(&nr->titles, two) && strlen(raw[t]) <= 2) {
            t++;
            continue;
        }
        bool is_title = nt_strmap_get(&nr->titles, raw[t]) != NULL;
        /* a one-letter title (h., r.) only before the name */
        if (is_title && (!started || strlen(raw[t]) > 1) && nraw - t > 1) continue;
        char tok[32];
        nt_strlcpy(tok, raw[t], sizeof tok);
        if (nt_strmap_get(&nr->muhammad, tok) && (strlen(tok) > 1 || !started))
            nt_strlcpy(tok, "muhammad", sizeof tok);
        else
            fold(nr, tok);
        nt_strlcpy(out->tok[out->n++], tok, 32);
        started = true;
    }
}

void nt_handle_normalize(const char *in, size_t len, char *out, size_t n)
{
    const char *p = in, *end = in + len;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    /* an address: the part after the host */
    const char *scheme = NULL;
    for (const char *q = p; q + 2 < end; q++)
        if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
            scheme = q + 3;
            break;
        }
    const char *host = scheme ? scheme : p;
    const char *slash = memchr(host, '/', (size_t)(end - host));
    /* "instagram.com/dede.kurnia" is an address without its scheme: a host has a dot */
    if (scheme || (slash && memchr(host, '.', (size_t)(slash - host)))) {
        const char *path = slash ? slash + 1 : end;
        const char *id = NULL;
        for (const char *q = path; q + 3 <= end; q++)
            if ((q == path || q[-1] == '?' || q[-1] == '&') && !strncmp(q, "id=", 3)) id = q + 3;
        if (id && !strncmp(path, "profile.php", 11)) {
            p = id;
            end = id + strcspn(id, "&#");
            if (end > in + len) end = in + len;
        } else {
            p = path;
            const char *stop = p;
            while (stop < end && *stop != '/' && *stop != '?' && *stop != '#')
                stop++;
            end = stop;
        }
    }
    while (p < end && *p == '@')
        p++;
    size_t k = 0;
    for (; p < end && k + 1 < n; p++)
        out[k++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    out[k] = '\0';
}

void nt_platform_normalize(const char *in, size_t len, char *out, size_t n)
{
    static const char *const alias[][2] = {
        {"fb", "facebook"}, {"ig", "instagram"}, {"insta", "instagram"},
        {"twitter", "x"},   {"tw", "x"},         {"tt", "tiktok"}};
    char low[64];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < sizeof low; i++) {
        char c = in[i];
        if (c == ' ' || c == '\t') continue;
        low[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    low[k] = '\0';
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (!strcmp(low, alias[i][0])) {
            nt_strlcpy(out, alias[i][1], n);
            return;
        }
    nt_strlcpy(out, low, n);
}
