/*
 * pages_patrol.c - the cyber-patrol queue: findings with their highlighted reasons, and
 * the reviewer's actions on them.
 */
#include "web/pages_int.h"

#include <stdlib.h>
#include <string.h>

/* The post's own text cut at the spans the rules matched, for <mark>. */
static json_t *segments(json_t *finding)
{
    json_t *item = NULL;
    const char *raw = json_string_value(json_object_get(finding, "raw"));
    json_t *segs = json_array();
    if (raw) item = json_loads(raw, 0, NULL);
    const char *text = json_string_value(json_object_get(item, "text"));
    size_t len = text ? strlen(text) : 0;
    if (!len) {
        json_decref(item);
        return segs;
    }
    unsigned char *hit = nt_xcalloc(len + 1, 1);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(finding, "reasons"), i, r)
    {
        const char *field = json_string_value(json_object_get(r, "field"));
        if (!field || strcmp(field, "text")) continue;
        json_int_t s = json_integer_value(json_array_get(json_object_get(r, "span"), 0));
        json_int_t e = json_integer_value(json_array_get(json_object_get(r, "span"), 1));
        for (json_int_t k = s; k < e && k >= 0 && (size_t)k < len; k++)
            hit[k] = 1;
    }
    /* spans are word boundaries of the original, so cuts fall between characters */
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && hit[b] == hit[a])
            b++;
        json_array_append_new(segs,
                              json_pack("{ss# sb}", "text", text + a, (int)(b - a), "hit", hit[a]));
        a = b;
    }
    free(hit);
    json_decref(item);
    return segs;
}

void nt_h_patrol_queue(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    const char *status = nt_req_query(r, "status");
    if (!status || !*status) status = "baru";
    json_t *rows = NULL;
    nt_err err = {0};
    int rc;
    const char *one = nt_req_query(r, "temuan"); /* a link to one finding */
    char *end = NULL;
    long long fid = one ? strtoll(one, &end, 10) : 0;
    if (one && (fid <= 0 || *end)) {
        rc = nt_err_set(&err, NT_ENOTFOUND, "temuan", "nomor temuan tidak sah");
    } else if (one) {
        json_t *row = NULL;
        rc = nt_finding_get(r->st, &r->actor, fid, &row, &err);
        if (!rc) rows = json_pack("[o]", row);
    } else {
        json_t *f = json_pack("{ss si}", "status", status, "limit", 100);
        rc = nt_findings_list(r->st, &r->actor, f, &rows, &err);
        json_decref(f);
    }
    json_t *ctx = json_object();
    char key[32];
    snprintf(key, sizeof key, "st_%s", status);
    json_object_set_new(ctx, key, json_true());
    if (rc) {
        json_object_set_new(ctx, "error", json_string(err.msg));
    } else {
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row)
        {
            json_t *full = NULL;
            nt_err e2 = {0};
            if (nt_finding_get(r->st, &r->actor, json_integer_value(json_object_get(row, "id")),
                               &full, &e2))
                continue;
            json_object_set_new(row, "segments", segments(full));
            json_object_set(row, "suggestion", json_object_get(full, "suggestion"));
            json_decref(full);
        }
        json_object_set_new(ctx, "findings", rows);
    }
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "patroli.html", "Patroli siber", ctx);
}

void nt_h_patrol_review(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *in = json_object();
    static const char *const fields[] = {"aksi", "alasan", "nip", NULL};
    nt_form_copy(r, in, fields);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_finding_review(r->st, &r->actor, id, in, &out, &err);
    json_decref(in);
    if (rc) {
        json_t *ctx = json_pack("{ss}", "error", err.msg);
        nt_respond_page(r, nt_http_status(rc), "patroli.html", "Patroli siber", ctx);
        return;
    }
    int64_t case_id = json_integer_value(json_object_get(out, "case_id"));
    json_decref(out);
    char loc[64];
    if (case_id)
        snprintf(loc, sizeof loc, "/kasus/%lld", (long long)case_id);
    else
        snprintf(loc, sizeof loc, "/patroli");
    nt_respond_redirect(r, loc);
}
