/* api_patrol.c - the cyber-patrol findings queue: list, view, review. */
#include "web/api.h"

void nt_h_findings_list(nt_req *r)
{
    static const char *const ints[] = {"limit", "offset", NULL};
    json_t *f = nt_req_query_json(r, ints);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_findings_list(r->st, &r->actor, f, &out, &err);
    json_decref(f);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_finding_get(nt_req *r)
{
    int64_t id = nt_req_param_id(r, 0);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = id ? nt_finding_get(r->st, &r->actor, id, &out, &err)
                : nt_err_set(&err, NT_ENOTFOUND, "id", "nomor temuan tidak sah");
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_finding_review(nt_req *r)
{
    int64_t id = nt_req_param_id(r, 0);
    if (!id) {
        nt_respond_msg(r, 404, "not_found", "id", "nomor temuan tidak sah");
        return;
    }
    json_t *in = nt_req_json(r);
    if (!in) return;
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_finding_review(r->st, &r->actor, id, in, &out, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 200, out);
}
