/* api_prevention.c - the prevention work on the JSON API: cooperation agreements, pledges,
 * appeals, and the risk index with the IKP scores it reads. */
#include "web/api.h"

#include "patrol/attendance.h"

#include <microhttpd.h>

#include <string.h>

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

void nt_h_events_list(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_events_list(r->st, &r->actor, &out, &err);
    nt_respond_result(r, rc, &err, 200, rc ? NULL : json_pack("{so}", "items", out));
}

void nt_h_events_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_event_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, rc ? NULL : json_pack("{sI}", "id", (json_int_t)id));
}

void nt_h_event_get(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_event_get(r->st, &r->actor, nt_req_param_id(r, 0), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

int nt_web_attendance(nt_req *r, int64_t event, const char *csv, size_t len, json_t *choices,
                      unsigned flags, json_t **report, nt_err *err)
{
    nt_attendance_matcher *m = NULL;
    int rc = nt_attendance_matcher_new(r->st, &r->actor, r->cfg->data_dir, &m, err);
    if (!rc)
        rc = nt_attendance_import(r->st, &r->actor, event, csv, len, nt_attendance_match, m,
                                  choices, flags, report, err);
    nt_attendance_matcher_free(m);
    return rc;
}

/* An attendance list: the CSV as the body (periksa=1 only checks it, lewati_salah=1 leaves
 * the bad lines out), or JSON {csv, pilihan: {"<line>": "<nip>" | ""}, lewati_salah}. */
void nt_h_event_attendance(nt_req *r)
{
    json_t *q = nt_inbox_filter(r), *report = NULL, *in = NULL, *choices = NULL;
    bool check = json_object_get(q, "periksa") != NULL;
    bool skip = json_object_get(q, "lewati_salah") != NULL;
    json_decref(q);
    const char *csv = r->body.p ? r->body.p : "";
    size_t len = r->body.len;
    const char *type = nt_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (type && !strncmp(type, "application/json", 16)) {
        if (!(in = nt_req_json(r))) return;
        json_t *c = json_object_get(in, "csv");
        csv = json_string_value(c) ? json_string_value(c) : "";
        len = json_string_length(c);
        choices = json_object_get(in, "pilihan");
        if (json_is_true(json_object_get(in, "lewati_salah"))) skip = true;
    }
    nt_err err = {0};
    int64_t id = nt_req_param_id(r, 0);
    int rc = nt_web_attendance(r, id, csv, len, choices,
                               (check ? 0 : NT_ATTEND_WRITE) | (skip ? NT_ATTEND_SKIP_BAD : 0),
                               &report, &err);
    json_decref(in);
    import_answer(r, rc, &err, check, report);
}

/* A file of an agreement or event, streamed in: ?nama=FILE&peran=dokumen|materi|foto. The
 * owner is checked before the body is read, so a refused upload stores nothing. */
static void owner_upload(nt_req *r, const char *owner)
{
    nt_err err = {0};
    int64_t id = nt_req_param_id(r, 0);
    const char *role = nt_req_query(r, "peran");
    if (!role) role = !strcmp(owner, "agreement") ? "dokumen" : "materi";
    if (r->phase == NT_PHASE_BEGIN) {
        const char *name = nt_req_query(r, "nama");
        if (!name) name = nt_req_header(r, "X-Filename");
        int rc = (r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_PPK))
                     ? nt_prevention_owner_visible(r->st, &r->actor, owner, id, &err)
                     : nt_err_set(&err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengunggah");
        if (!rc)
            rc = nt_evidence_stage(r->st, &r->actor, name,
                                   nt_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), "",
                                   r->cfg->evidence_limit, &r->upload, &err);
        if (rc) nt_respond_error(r, &err);
        return;
    }
    nt_upload *u = r->upload;
    r->upload = NULL; /* consumed, kept or not */
    int rc = nt_prevention_files_add(r->st, &r->actor, owner, id, role, &u, 1, &err);
    nt_respond_result(r, rc, &err, 201,
                      rc ? NULL
                         : json_pack("{so}", "berkas", nt_prevention_files_of(r->st, owner, id)));
}

void nt_h_event_file_upload(nt_req *r)
{
    owner_upload(r, "event");
}

void nt_h_agreement_file_upload(nt_req *r)
{
    owner_upload(r, "agreement");
}

void nt_h_prevention_file_get(nt_req *r)
{
    int fd = -1;
    json_t *meta = NULL;
    nt_err err = {0};
    int rc = nt_prevention_file_open(r->st, &r->actor, nt_req_param_id(r, 0), &fd, &meta, &err);
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    const char *view = nt_req_query(r, "lihat");
    nt_respond_fd(r, fd, (size_t)json_integer_value(json_object_get(meta, "ukuran")),
                  json_string_value(json_object_get(meta, "jenis")), view && !strcmp(view, "1"),
                  json_string_value(json_object_get(meta, "nama_berkas")),
                  json_string_value(json_object_get(meta, "sha256")));
    json_decref(meta);
}
