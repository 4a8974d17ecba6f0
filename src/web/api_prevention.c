/* api_prevention.c - the prevention work on the JSON API: cooperation agreements, pledges,
 * appeals, and the risk index with the IKP scores it reads. */
#include "web/api.h"

void nt_h_agreements_list(nt_req *r)
{
    json_t *f = nt_inbox_filter(r), *out = NULL;
    nt_err err = {0};
    int rc = nt_agreements_list(r->st, &r->actor, f, &out, &err);
    json_decref(f);
    nt_respond_result(r, rc, &err, 200, rc ? NULL : json_pack("{so}", "items", out));
}

void nt_h_agreements_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_agreement_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, rc ? NULL : json_pack("{sI}", "id", (json_int_t)id));
}

void nt_h_agreements_coverage(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_agreement_coverage(r->st, &r->actor, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_pledges_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    nt_err err = {0};
    int rc = nt_pledge_record(r->st, &r->actor, in, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, rc ? NULL : json_pack("{sb}", "dicatat", 1));
}

/* The answer to a file import: its report (201, or 200 for a check), or the refusal with the
 * lines that are wrong beside it as `laporan`. */
static void import_answer(nt_req *r, int rc, const nt_err *err, bool check, json_t *report)
{
    if (rc && report) {
        json_t *o = json_pack("{s{ss ss ss} so}", "error", "code", nt_err_code_name(rc), "field",
                              err->field, "message", err->msg, "laporan", report);
        nt_respond_json(r, nt_http_status(rc), o);
        return;
    }
    nt_respond_result(r, rc, err, check ? 200 : 201, report);
}

/* A signature list: the CSV is the body; the terms come in the query string
 * (tanggal, cara, acara, versi), and periksa=1 only checks it. */
void nt_h_pledges_import(nt_req *r)
{
    json_t *terms = nt_inbox_filter(r), *report = NULL;
    bool check = json_object_get(terms, "periksa") != NULL;
    nt_err err = {0};
    int rc = nt_pledges_import(r->st, &r->actor, terms, r->body.p ? r->body.p : "", r->body.len,
                               !check, &report, &err);
    json_decref(terms);
    import_answer(r, rc, &err, check, report);
}

void nt_h_pledges_coverage(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_pledge_coverage(r->st, &r->actor, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_appeals_list(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_appeals_list(r->st, &r->actor, &out, &err);
    nt_respond_result(r, rc, &err, 200, rc ? NULL : json_pack("{so}", "items", out));
}

void nt_h_appeals_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_appeal_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, rc ? NULL : json_pack("{sI}", "id", (json_int_t)id));
}

void nt_h_risk_list(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_risk_list(r->st, &r->actor, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_risk_region(nt_req *r)
{
    char code[32];
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_risk_region(r->st, &r->actor, nt_req_param(r, 0, code, sizeof code), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

/* Recomputes now (an officer who just recorded prevention work wants to see its effect). */
void nt_h_risk_recompute(nt_req *r)
{
    nt_err err = {0};
    int changed = 0, rc = 0;
    if (!(r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        rc = nt_err_set(&err, NT_EFORBIDDEN, NULL,
                        "peran Anda tidak dapat menghitung ulang indeks risiko");
    if (!rc) rc = nt_risk_refresh(r->st, true, &changed, &err);
    nt_respond_result(r, rc, &err, 200, rc ? NULL : json_pack("{si}", "wilayah_berubah", changed));
}

/* Published IKP scores: the CSV is the body; sumber in the query string, periksa=1 only checks. */
void nt_h_ikp_import(nt_req *r)
{
    json_t *q = nt_inbox_filter(r), *report = NULL;
    bool check = json_object_get(q, "periksa") != NULL;
    nt_err err = {0};
    int rc = nt_ikp_import(r->st, &r->actor, r->body.p ? r->body.p : "", r->body.len,
                           json_string_value(json_object_get(q, "sumber")), !check, &report, &err);
    json_decref(q);
    import_answer(r, rc, &err, check, report);
}
