/*
 * compose.c - a document's wording (documents.json) filled from a case's context.
 *
 * Text holds {path} references into the context ("kasus.judul", "pelapor.nama"); inside a
 * table or a list a path is looked up in the row first ("{nama}"), and {#} is the row's
 * number. A filter may follow a bar: |tanggal (2020-09-23 -> 23 September 2020),
 * |huruf_besar, |ya_tidak. A missing value is empty; a field the document cannot do without
 * is named in the kind's "wajib" list, and composing stops with all of them listed.
 *
 * Some facts are derived here from the case, so that every kind reads them the same way:
 * the reported ASN the letter is about (those whose own state is in the kind's "parties"),
 * the formal and material requirements of a preliminary review (each judged from the case,
 * the wording and basis from data), the number of enclosures.
 */
#include "docs/docs.h"

#include "base/date.h"
#include "base/utf8.h"
#include "rules/workflow.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_MAX 20000 /* characters in one typed field */
#define QA_MAX 2000     /* question-and-answer pairs in one minutes */

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* A value of the kind that may differ by regime: {"pilkada": x, "*": y} or x itself. */
static const json_t *by_regime(const json_t *v, const char *regime)
{
    if (!json_is_object(v)) return v;
    const json_t *x = json_object_get(v, regime);
    if (!x) x = json_object_get(v, "*");
    return x;
}

static const json_t *lookup(const json_t *ctx, const char *path, size_t len)
{
    const json_t *cur = ctx;
    while (cur && len) {
        const char *dot = memchr(path, '.', len);
        size_t n = dot ? (size_t)(dot - path) : len;
        char key[64];
        if (n >= sizeof key) return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        cur = json_is_object(cur) ? json_object_get(cur, key) : NULL;
        if (!dot) break;
        path += n + 1;
        len -= n + 1;
    }
    return cur;
}

static void value_text(const json_t *v, nt_buf *b)
{
    if (json_is_string(v))
        nt_buf_adds(b, json_string_value(v));
    else if (json_is_integer(v))
        nt_buf_printf(b, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        nt_buf_printf(b, "%g", json_real_value(v));
    else if (json_is_true(v))
        nt_buf_adds(b, "ya");
    else if (json_is_false(v))
        nt_buf_adds(b, "tidak");
    else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (i) nt_buf_adds(b, ", ");
            value_text(x, b);
        }
    }
}

static void apply_filter(const char *f, size_t flen, nt_buf *val)
{
    char *s = val->len ? val->p : (char *)"";
    if (flen == 7 && !memcmp(f, "tanggal", 7)) {
        nt_date d;
        if (val->len >= 10 && nt_date_parse(s, 10, &d)) {
            char out[32];
            nt_date_format_long_id(d, out);
            nt_buf_reset(val);
            nt_buf_adds(val, out);
        }
    } else if (flen == 11 && !memcmp(f, "huruf_besar", 11)) {
        for (size_t i = 0; i < val->len; i++)
            if ((unsigned char)s[i] < 128) s[i] = (char)toupper((unsigned char)s[i]);
    } else if (flen == 8 && !memcmp(f, "ya_tidak", 8)) {
        bool yes = val->len && strcmp(s, "tidak") != 0 && strcmp(s, "0") != 0;
        nt_buf_reset(val);
        nt_buf_adds(val, yes ? "ya" : "tidak");
    }
}

/* Fills {path} references of text from the row (if any) and then the context. */
static char *fill(const char *text, const json_t *row, size_t rowno, const json_t *ctx)
{
    nt_buf out = {0}, val = {0};
    const char *p = text;
    while (*p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            nt_buf_adds(&out, p);
            break;
        }
        nt_buf_add(&out, p, (size_t)(open - p));
        const char *ref = open + 1;
        size_t rlen = (size_t)(close - ref);
        const char *bar = memchr(ref, '|', rlen);
        size_t plen = bar ? (size_t)(bar - ref) : rlen;
        nt_buf_reset(&val);
        if (plen == 1 && ref[0] == '#') {
            nt_buf_printf(&val, "%zu", rowno);
        } else {
            const json_t *v = row ? lookup(row, ref, plen) : NULL;
            if (!v) v = lookup(ctx, ref, plen);
            value_text(v, &val);
        }
        if (bar) apply_filter(bar + 1, rlen - plen - 1, &val);
        if (val.len) nt_buf_add(&out, val.p, val.len);
        p = close + 1;
    }
    nt_buf_free(&val);
    nt_buf_addc(&out, '\0');
    return nt_buf_detach(&out, NULL);
}

static json_t *filled(const char *text, const json_t *row, size_t rowno, const json_t *ctx)
{
    char *s = fill(text, row, rowno, ctx);
    /* a value made only of the separators around empty parts (", ") reads as nothing */
    bool any = false;
    for (const char *q = s; *q && !any; q++)
        any = !strchr(" ,.:;/-()\n", *q);
    if (!any) *s = '\0';
    json_t *j = json_string(s);
    free(s);
    return j ? j : json_string("");
}

static bool holds_something(const json_t *v)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        return *s && strcmp(s, "(disamarkan)") != 0;
    }
    if (json_is_array(v)) return json_array_size(v) > 0;
    if (json_is_object(v)) return json_object_size(v) > 0;
    return v && !json_is_null(v) && !json_is_false(v);
}

static bool in_list(const json_t *list, const char *s)
{
    size_t i;
    json_t *x;
    json_array_foreach(
        list, i,
        x) if (s && !strcmp(json_string_value(x) ? json_string_value(x) : "", s)) return true;
    return false;
}

int nt_doc_allowed(const nt_rules *r, const char *kind, const json_t *kasus, nt_err *err)
{
    const json_t *k = nt_rules_document(r, kind);
    if (!k) return nt_err_set(err, NT_ENOTFOUND, "jenis", "jenis dokumen '%s' tidak dikenal", kind);
    const char *label = jstr(k, "label");
    const char *route = jstr(kasus, "jalur"), *state = jstr(kasus, "status");
    if (!in_list(json_object_get(k, "routes"), route))
        return nt_err_set(err, NT_ECONFLICT, "jenis", "%s tidak dibuat untuk perkara jalur %s",
                          label, jstr(kasus, "jalur_label"));
    const json_t *states = json_object_get(k, "states");
    if (json_is_array(states) && !in_list(states, state))
        return nt_err_set(err, NT_ECONFLICT, "jenis",
                          "%s belum atau tidak lagi dapat dibuat: perkara berstatus %s", label,
                          jstr(kasus, "status_label"));
    const json_t *parties = json_object_get(k, "parties");
    if (parties) {
        size_t i;
        json_t *t;
        bool any = false;
        json_array_foreach(json_object_get(kasus, "terlapor"), i, t) any |=
            in_list(parties, jstr(t, "status"));
        if (!any)
            return nt_err_set(err, NT_ECONFLICT, "jenis",
                              "%s memerlukan terlapor yang sudah sampai pada tahap itu; belum ada",
                              label);
    }
    return 0;
}

bool nt_doc_may_issue(const json_t *kind, unsigned roles)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(kind, "roles"), i, x)
    {
        nt_role role = 0;
        if (!nt_role_parse(json_string_value(x) ? json_string_value(x) : "", &role) &&
            (roles & (unsigned)role))
            return true;
    }
    return false;
}

json_t *nt_doc_kinds_for(const nt_rules *r, const json_t *kasus, unsigned roles)
{
    json_t *out = json_array();
    const char *regime = jstr(kasus, "rezim");
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(r->documents, "kinds"), i, k)
    {
        nt_err err = {0};
        if (!nt_doc_may_issue(k, roles) || nt_doc_allowed(r, jstr(k, "id"), kasus, &err)) continue;
        const char *model = json_string_value(by_regime(json_object_get(k, "model"), regime));
        json_array_append_new(out, json_pack("{ss ss ss sb}", "id", jstr(k, "id"), "label",
                                             jstr(k, "label"), "model", model ? model : "", "isian",
                                             json_array_size(json_object_get(k, "fields")) > 0));
    }
    return out;
}

/* ---- the officer's fields ---- */

static void problem(nt_buf *b, const char *fmt, const char *a)
{
    if (b->len) nt_buf_adds(b, "; ");
    nt_buf_printf(b, fmt, a);
}

static bool text_ok(const json_t *v, size_t max)
{
    if (!json_is_string(v)) return false;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    return n <= max * 4 && nt_utf8_valid(s, n) && strlen(s) == n;
}

int nt_doc_check_fields(const nt_rules *r, const char *kind, const json_t *isian, json_t **clean,
                        nt_err *err)
{
    *clean = json_object();
    const json_t *k = nt_rules_document(r, kind);
    if (!k) return nt_err_set(err, NT_ENOTFOUND, "jenis", "jenis dokumen '%s' tidak dikenal", kind);
    if (isian && !json_is_object(isian) && !json_is_null(isian))
        return nt_err_set(err, NT_EINVAL, "isian", "isian dokumen harus berupa objek JSON");
    nt_buf bad = {0};
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(k, "fields"), i, f)
    {
        const char *name = jstr(f, "name"), *label = jstr(f, "label"), *type = jstr(f, "type");
        const json_t *v = isian ? json_object_get(isian, name) : NULL;
        bool empty = !v || json_is_null(v) || (json_is_string(v) && !json_string_length(v)) ||
                     (json_is_array(v) && !json_array_size(v));
        if (empty) {
            if (json_is_true(json_object_get(f, "required")))
                problem(&bad, "%s wajib diisi", label);
            continue;
        }
        if (!strcmp(type, "qa")) {
            bool ok = json_is_array(v) && json_array_size(v) <= QA_MAX;
            size_t j;
            json_t *qa;
            json_array_foreach(v, j, qa) ok = ok && json_is_object(qa) &&
                                              text_ok(json_object_get(qa, "tanya"), FIELD_MAX) &&
                                              text_ok(json_object_get(qa, "jawab"), FIELD_MAX);
            if (!ok) {
                problem(&bad, "%s harus daftar berisi pasangan tanya dan jawab (teks)", label);
                continue;
            }
            json_t *copy = json_array();
            json_array_foreach(v, j, qa) json_array_append_new(
                copy, json_pack("{sO sO}", "tanya", json_object_get(qa, "tanya"), "jawab",
                                json_object_get(qa, "jawab")));
            json_object_set_new(*clean, name, copy);
            continue;
        }
        if (!text_ok(v, !strcmp(type, "text") ? FIELD_MAX : 500)) {
            problem(&bad, "%s harus teks UTF-8 yang tidak terlalu panjang", label);
            continue;
        }
        const char *s = json_string_value(v);
        nt_date d;
        if (!strcmp(type, "date") && !nt_date_parse(s, strlen(s), &d)) {
            problem(&bad, "%s harus tanggal TTTT-BB-HH", label);
            continue;
        }
        const json_t *choices = json_object_get(f, "choices");
        if (choices && !in_list(choices, s)) {
            problem(&bad, "%s tidak termasuk pilihan yang tersedia", label);
            continue;
        }
        json_object_set_new(*clean, name, json_string(s));
    }
    if (bad.len) {
        nt_buf_addc(&bad, '\0');
        int rc = nt_err_set(err, NT_EINVAL, "isian", "isian dokumen belum benar: %s", bad.p);
        nt_buf_free(&bad);
        return rc;
    }
    return 0;
}

/* ---- composing ---- */

/* How the case meets one formal or material requirement (documents.json "requirements"). */
static bool requirement_met(const char *id, const json_t *kasus)
{
    const char *route = jstr(kasus, "jalur");
    if (!strcmp(id, "identitas_pelapor"))
        return strcmp(route, "laporan") != 0 || json_is_true(json_object_get(kasus, "ada_pelapor"));
    if (!strcmp(id, "terlapor")) return json_array_size(json_object_get(kasus, "terlapor")) > 0;
    if (!strcmp(id, "tepat_waktu")) return !json_is_true(json_object_get(kasus, "terlambat"));
    if (!strcmp(id, "waktu_tempat"))
        return *jstr(kasus, "tanggal_kejadian") && *jstr(kasus, "tempat");
    if (!strcmp(id, "uraian")) return *jstr(kasus, "uraian");
    if (!strcmp(id, "bukti"))
        return json_array_size(json_object_get(kasus, "bukti")) > 0 ||
               *jstr(kasus, "daftar_bukti") || json_array_size(json_object_get(kasus, "saksi")) > 0;
    return false;
}

static json_t *requirements(const nt_rules *r, const json_t *kasus, const char *regime)
{
    const json_t *req = json_object_get(r->documents, "requirements");
    const json_t *labels = json_object_get(r->documents, "labels");
    json_t *out = json_object();
    static const char *const groups[] = {"formal", "materiel"};
    for (size_t g = 0; g < 2; g++) {
        json_t *rows = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(req, groups[g]), i, x)
        {
            const char *basis = json_string_value(by_regime(json_object_get(x, "dasar"), regime));
            bool met = requirement_met(jstr(x, "id"), kasus);
            json_array_append_new(rows, json_pack("{ss ss ss}", "syarat", jstr(x, "syarat"),
                                                  "keadaan", jstr(labels, met ? "met" : "unmet"),
                                                  "dasar", basis ? basis : ""));
        }
        json_object_set_new(out, groups[g], rows);
    }
    return out;
}

/* The context with what every kind derives the same way from the case. */
static json_t *derived(const nt_rules *r, const json_t *k, const json_t *ctx, const char *regime)
{
    json_t *c = json_deep_copy(ctx);
    const json_t *kasus = json_object_get(ctx, "kasus");
    const json_t *parties = json_object_get(k, "parties");
    json_t *about = json_array();
    nt_buf names = {0};
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(kasus, "terlapor"), i, t)
    {
        if (parties && !in_list(parties, jstr(t, "status"))) continue;
        json_array_append(about, t);
        if (names.len) nt_buf_adds(&names, ", ");
        nt_buf_adds(&names, jstr(t, "nama"));
    }
    nt_buf_addc(&names, '\0');
    json_object_set_new(c, "terlapor", about);
    json_object_set_new(c, "terlapor_nama", json_string(names.p));
    nt_buf_free(&names);
    json_object_set_new(c, "lampiran_jumlah",
                        json_integer((json_int_t)json_array_size(json_object_get(kasus, "bukti"))));
    json_object_set_new(c, "syarat", requirements(r, kasus, regime));
    return c;
}

static int block(const json_t *b, const json_t *ctx, const char *regime, json_t *out)
{
    const char *t = jstr(b, "t");
    const char *when = json_string_value(json_object_get(b, "jika"));
    if (when && !holds_something(lookup(ctx, when, strlen(when)))) return 0;
    json_t *o = json_pack("{ss}", "t", t);
    const json_t *text = by_regime(json_object_get(b, "text"), regime);
    const char *pick = json_string_value(json_object_get(b, "pick"));
    if (pick && json_is_object(json_object_get(b, "text"))) {
        /* a text per value of a path (a state): pick's value, else "*" */
        const char *v = json_string_value(lookup(ctx, pick, strlen(pick)));
        const json_t *choices = json_object_get(b, "text");
        text = v ? json_object_get(choices, v) : NULL;
        if (!text) text = json_object_get(choices, "*");
    }
    if (json_is_string(text))
        json_object_set_new(o, "text", filled(json_string_value(text), NULL, 0, ctx));
    if (!strcmp(t, "kv")) {
        json_t *rows = json_array();
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(b, "rows"), i, r) json_array_append_new(
            rows,
            json_pack("[o o]", filled(json_string_value(json_array_get(r, 0)) ?: "", NULL, 0, ctx),
                      filled(json_string_value(json_array_get(r, 1)) ?: "", NULL, 0, ctx)));
        json_object_set_new(o, "rows", rows);
    } else if (!strcmp(t, "tabel") || !strcmp(t, "daftar")) {
        const char *from = jstr(b, "from");
        const json_t *src = lookup(ctx, from, strlen(from));
        json_t *rows = json_array();
        size_t i, j;
        json_t *row, *c;
        const json_t *cols = json_object_get(b, !strcmp(t, "tabel") ? "columns" : "items");
        json_array_foreach(src, i, row)
        {
            json_t *cells = json_array();
            json_array_foreach(cols, j, c)
            {
                const char *cell = json_is_string(c) ? json_string_value(c) : jstr(c, "cell");
                json_array_append_new(cells, filled(cell, row, i + 1, ctx));
            }
            json_array_append_new(rows, cells);
        }
        json_object_set_new(o, "rows", rows);
        if (!strcmp(t, "tabel")) {
            json_t *heads = json_array(), *widths = json_array(), *mono = json_array();
            json_array_foreach(cols, j, c)
            {
                json_array_append_new(heads, json_string(jstr(c, "head")));
                double w = json_number_value(json_object_get(c, "width"));
                json_array_append_new(widths,
                                      json_real(w > 0 ? w : 1.0 / (double)json_array_size(cols)));
                json_array_append_new(mono, json_boolean(json_is_true(json_object_get(c, "mono"))));
            }
            json_object_set_new(o, "heads", heads);
            json_object_set_new(o, "widths", widths);
            json_object_set_new(o, "mono", mono);
            json_object_set_new(o, "empty", json_string(jstr(b, "empty")));
        }
    } else if (!strcmp(t, "ttd")) {
        json_t *signers = json_array();
        size_t i;
        json_t *s;
        json_array_foreach(json_object_get(b, "signers"), i, s) json_array_append_new(
            signers, json_pack("{so so}", "role", filled(jstr(s, "role"), NULL, 0, ctx), "name",
                               filled(jstr(s, "name"), NULL, 0, ctx)));
        json_object_set_new(o, "signers", signers);
        if (json_is_true(json_object_get(b, "place")))
            json_object_set_new(o, "place",
                                filled("{kantor.kota}, {dokumen.tanggal|tanggal}", NULL, 0, ctx));
    }
    json_array_append_new(out, o);
    return 0;
}

int nt_doc_compose(const nt_rules *r, const char *kind, const json_t *ctx, json_t **out,
                   nt_err *err)
{
    *out = NULL;
    const json_t *k = nt_rules_document(r, kind);
    if (!k) return nt_err_set(err, NT_ENOTFOUND, "jenis", "jenis dokumen '%s' tidak dikenal", kind);
    const char *regime = jstr(json_object_get(ctx, "kasus"), "rezim");
    json_t *c = derived(r, k, ctx, regime);
    nt_buf missing = {0};
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(k, "wajib"), i, w)
    {
        const char *path = jstr(w, "path");
        if (!holds_something(lookup(c, path, strlen(path))))
            problem(&missing, "%s", jstr(w, "label"));
    }
    if (missing.len) {
        nt_buf_addc(&missing, '\0');
        int rc = nt_err_set(err, NT_EINVAL, "data", "%s belum dapat dibuat; data yang kurang: %s",
                            jstr(k, "label"), missing.p);
        nt_buf_free(&missing);
        json_decref(c);
        return rc;
    }
    const json_t *kantor = json_object_get(c, "kantor");
    const char *model = json_string_value(by_regime(json_object_get(k, "model"), regime));
    json_t *doc = json_pack("{ss ss ss ss s{ss ss ss ss} so so}", "jenis", kind, "label",
                            jstr(k, "label"), "judul", jstr(k, "title"), "model",
                            model ? model : "", "kop", "instansi", jstr(kantor, "instansi"), "nama",
                            jstr(kantor, "nama_kop"), "alamat", jstr(kantor, "alamat"), "kontak",
                            jstr(kantor, "kontak"), "nomor", filled("{dokumen.nomor}", NULL, 0, c),
                            "tanggal", filled("{dokumen.tanggal}", NULL, 0, c));
    json_t *blocks = json_array();
    json_array_foreach(json_object_get(k, "blocks"), i, w) block(w, c, regime, blocks);
    json_object_set_new(doc, "blok", blocks);
    json_decref(c);
    *out = doc;
    return 0;
}

void nt_doc_hash(const json_t *doc, char hex[65])
{
    char *s = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)(s ? s : ""), s ? strlen(s) : 0);
    sodium_bin2hex(hex, 65, h, sizeof h);
    free(s);
}
