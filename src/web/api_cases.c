/* api_cases.c - cases, their steps, the reporter identity, evidence and public tracking. */
#include "web/api.h"
#include "web/answers.h"

#include <microhttpd.h>
#include <string.h>

static int64_t case_id(nt_req *r)
{
    int64_t id = nt_req_param_id(r, 0);
    if (!id) nt_respond_msg(r, 404, "not_found", "id", "nomor kasus tidak sah");
    return id;
}

/* A GET answer kept until the audit head moves (answers.c): the list and a case. */
static bool kept(nt_req *r, char key[128], char head[72])
{
    nt_answer_key(r, key);
    return nt_answer_cached(r, key, head);
}

static void answer(nt_req *r, int rc, const nt_err *err, json_t *out, const char *key,
                   const char *head)
{
    if (rc)
        nt_respond_result(r, rc, err, 200, out);
    else
        nt_answer_json(r, key, head, out);
}

void nt_h_cases_list(nt_req *r)
{
    char key[128], head[72];
    if (kept(r, key, head)) return;
    json_t *f = nt_inbox_filter(r); /* the same filters as the inbox page */
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_list(r->st, &r->actor, f, &out, &err);
    json_decref(f);
    answer(r, rc, &err, out, key, head);
}

void nt_h_cases_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_create(r->st, &r->actor, in, &out, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, out);
}

void nt_h_cases_due(nt_req *r)
{
    const char *d = nt_req_query(r, "days");
    int days = 3;
    if (d) {
        char *end;
        long v = strtol(d, &end, 10);
        days = (*d && !*end && v >= 0 && v <= 365) ? (int)v : -1;
    }
    int64_t limit = 100, offset = 0;
    nt_err err = {0};
    if (nt_req_query_int(r, "limit", 1, 1000, &limit, &err) ||
        nt_req_query_int(r, "offset", 0, INT64_MAX, &offset, &err)) {
        nt_respond_error(r, &err);
        return;
    }
    json_t *out = NULL;
    int rc = nt_case_due(r->st, &r->actor, days, limit, offset, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_case_get(nt_req *r)
{
    int64_t id = case_id(r);
    if (!id) return;
    char key[128], head[72];
    if (kept(r, key, head)) return;
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_get(r->st, &r->actor, id, &out, &err);
    answer(r, rc, &err, out, key, head);
}

void nt_h_case_update(nt_req *r)
{
    int64_t id = case_id(r);
    if (!id) return;
    json_t *in = nt_req_json(r);
    if (!in) return;
    nt_err err = {0};
    json_t *out = NULL;
    int rc = nt_case_update(r->st, &r->actor, id, in, &err);
    json_decref(in);
    if (!rc) rc = nt_case_get(r->st, &r->actor, id, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_case_transition(nt_req *r)
{
    int64_t id = case_id(r);
    if (!id) return;
    json_t *in = nt_req_json(r);
    if (!in) return;
    nt_err err = {0};
    json_t *out = NULL;
    int rc = nt_case_transition(r->st, &r->actor, id, in, &out, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_case_extend(nt_req *r)
{
    int64_t id = case_id(r);
    if (!id) return;
    json_t *in = nt_req_json(r);
    if (!in) return;
    nt_err err = {0};
    int rc = nt_case_extend(r->st, &r->actor, id, json_string_value(json_object_get(in, "alasan")),
                            &err);
    json_decref(in);
    json_t *out = NULL;
    if (!rc) rc = nt_case_get(r->st, &r->actor, id, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_case_reporter(nt_req *r)
{
    int64_t id = case_id(r);
    if (!id) return;
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_reporter(r->st, &r->actor, id, nt_req_query(r, "keperluan"), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_case_evidence_upload(nt_req *r)
{
    nt_err err = {0};
    if (r->phase == NT_PHASE_BEGIN) {
        int64_t id = case_id(r);
        if (!id) return;
        const char *name = nt_req_query(r, "nama");
        if (!name) name = nt_req_header(r, "X-Filename");
        int rc = nt_evidence_begin(
            r->st, &r->actor, id, name, nt_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE),
            nt_req_query(r, "keterangan"), r->cfg->evidence_limit, &r->upload, &err);
        if (rc) nt_respond_error(r, &err);
        return;
    }
    json_t *out = NULL;
    nt_upload *u = r->upload;
    r->upload = NULL; /* commit frees it, success or not */
    int rc = nt_evidence_commit(u, &out, &err);
    nt_respond_result(r, rc, &err, 201, out);
}

void nt_h_evidence_get(nt_req *r)
{
    int64_t id = nt_req_param_id(r, 0);
    if (!id) {
        nt_respond_msg(r, 404, "not_found", "id", "nomor bukti tidak sah");
        return;
    }
    int fd = -1;
    json_t *meta = NULL;
    nt_err err = {0};
    int rc = nt_evidence_open(r->st, &r->actor, id, &fd, &meta, &err);
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

void nt_h_public_report(nt_req *r)
{
    /* the limit is taken first, atomically, and given back if the report is refused */
    if (nt_rate_refuse(r, NT_RATE_REPORT)) return;
    json_t *in = nt_req_json(r);
    if (!in) {
        nt_rate_give_back(r, NT_RATE_REPORT);
        return;
    }
    /* Whoever is logged in, a public report is filed as the public. */
    nt_actor pub = {0};
    nt_strlcpy(pub.username, "publik", sizeof pub.username);
    json_object_set_new(in, "jalur", json_string("laporan"));
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_create(r->st, &pub, in, &out, &err);
    json_decref(in);
    if (rc) nt_rate_give_back(r, NT_RATE_REPORT);
    if (!rc) {
        json_object_del(out, "id");
        json_object_set_new(out, "pesan",
                            json_string("Simpan kode tanda terima ini. Kode hanya ditampilkan "
                                        "sekali dan diperlukan untuk memantau laporan Anda."));
    }
    nt_respond_result(r, rc, &err, 201, out);
}

void nt_h_public_track(nt_req *r)
{
    char code[40];
    json_t *out = NULL;
    nt_err err = {0};
    if (nt_rate_refuse(r, NT_RATE_TRACK)) return;
    int rc = nt_case_track(r->st, nt_req_param(r, 0, code, sizeof code), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

/* The reporter writes through the receipt code: {pesan, lengkapi?} (files: the status page). */
void nt_h_public_message(nt_req *r)
{
    char code[40];
    if (nt_rate_refuse(r, NT_RATE_TRACK)) return;
    json_t *in = nt_req_json(r);
    if (!in) return;
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_reporter_write(r->st, nt_req_param(r, 0, code, sizeof code), in, NULL, 0, &out,
                                    &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, out);
}

void nt_h_case_message(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    nt_err err = {0};
    int rc = nt_case_message_send(r->st, &r->actor, nt_req_param_id(r, 0), in, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, rc ? NULL : json_pack("{sb}", "terkirim", 1));
}
