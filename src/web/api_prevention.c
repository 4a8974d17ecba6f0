/* api_prevention.c - the prevention work on the JSON API: cooperation agreements. */
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
