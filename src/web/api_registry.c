/* api_registry.c - rules, regions, elections, agencies and the ASN roster. */
#include "web/api.h"

#include <string.h>

void nt_h_rules(nt_req *r)
{
    const nt_rules *ru = nt_store_rules(r->st);
    json_t *regimes = json_array();
    for (int i = 0; i < ru->nregimes; i++) {
        const nt_regime *g = &ru->regimes[i];
        json_t *clocks = json_array();
        for (int k = 0; k < g->nclocks; k++) {
            const nt_clock *c = &g->clocks[k];
            json_array_append_new(
                clocks, json_pack("{ss ss si si ss sb}", "id", c->id, "label", c->label, "days",
                                  c->days, "extension_days", c->extension_days, "count",
                                  c->count == NT_COUNT_WORKING ? "working" : "calendar",
                                  "unconfirmed", c->unconfirmed));
        }
        json_array_append_new(regimes, json_pack("{ss ss ss so}", "id", g->id, "name", g->name,
                                                 "basis", g->basis, "clocks", clocks));
    }
    const nt_authority *a = nt_rules_authority_on(ru, nt_today());
    json_t *o =
        json_pack("{s{ss ss ss ss} sO so}", "versions", "catalogue", ru->catalogue_version,
                  "regimes", ru->regimes_version, "holidays", ru->holidays_version, "authority",
                  ru->authority_version, "catalogue", ru->catalogue, "regimes", regimes);
    if (a)
        json_object_set_new(o, "authority",
                            json_pack("{ss ss}", "short", a->short_name, "name", a->name));
    nt_respond_json(r, 200, o);
}

void nt_h_regions_list(nt_req *r)
{
    json_t *out = NULL;
    nt_regions_list(r->st, nt_req_query(r, "parent"), nt_req_query(r, "level"), &out);
    nt_respond_json(r, 200, out);
}

void nt_h_region_get(nt_req *r)
{
    char code[16];
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_region_get(r->st, nt_req_param(r, 0, code, sizeof code), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_elections_list(nt_req *r)
{
    json_t *out = NULL;
    nt_elections_list(r->st, nt_req_query(r, "region"), &out);
    nt_respond_json(r, 200, out);
}

void nt_h_elections_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    nt_err err = {0};
    int rc = nt_election_import(r->st, &r->actor, in, &err);
    json_t *out = NULL;
    if (!rc) rc = nt_election_get(r->st, json_string_value(json_object_get(in, "id")), &out, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, out);
}

void nt_h_election_get(nt_req *r)
{
    char id[80];
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_election_get(r->st, nt_req_param(r, 0, id, sizeof id), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_agencies_list(nt_req *r)
{
    json_t *out = NULL;
    nt_agencies_list(r->st, nt_req_query(r, "region"), true, &out);
    nt_respond_json(r, 200, out);
}

void nt_h_agencies_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_agency_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, json_pack("{sI}", "id", (json_int_t)id));
}

void nt_h_asn_list(nt_req *r)
{
    static const char *const ints[] = {"agency", "limit", "offset", NULL};
    json_t *f = nt_req_query_json(r, ints);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_asn_search(r->st, &r->actor, f, &out, &err);
    json_decref(f);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_asn_get(nt_req *r)
{
    char nip[32];
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_asn_get(r->st, &r->actor, nt_req_param(r, 0, nip, sizeof nip), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

static bool flag(nt_req *r, const char *key)
{
    const char *v = nt_req_query(r, key);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

void nt_h_asn_import(nt_req *r)
{
    unsigned flags = (flag(r, "skip_invalid") ? NT_IMPORT_SKIP_INVALID : 0) |
                     (flag(r, "dry_run") ? NT_IMPORT_DRY_RUN : 0);
    json_t *report = NULL;
    nt_err err = {0};
    int rc = nt_roster_import_csv(r->st, &r->actor, r->body.p ? r->body.p : "", r->body.len, flags,
                                  &report, &err);
    if (rc && report) {
        /* The row-by-row report is what the user needs to fix the file. */
        json_t *o = json_pack("{s{ss ss ss} so}", "error", "code", nt_err_code_name(rc), "field",
                              err.field, "message", err.msg, "report", report);
        nt_respond_json(r, nt_http_status(rc), o);
        return;
    }
    nt_respond_result(r, rc, &err, 200, report);
}

void nt_h_stats(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    json_t *f = nt_inbox_filter(r); /* pemilihan, kantor, dari, sampai: as the dashboard */
    int rc = nt_stats(r->st, &r->actor, f, &out, &err);
    json_decref(f);
    nt_respond_result(r, rc, &err, 200, out);
}
