/*
 * pages_lists.c - the staff workspace's lists: the inbox with its filters, sort orders and
 * work lists ("Menunggu tindakan Anda"), the reported ASN behind the dashboard's figures, and
 * the due list a page at a time. One case's page is pages_cases.c's.
 */
#include "web/pages_int.h"

#include <stdlib.h>
#include <string.h>

/* The inbox's filters from the query string: empty fields mean "all". */
json_t *nt_inbox_filter(nt_req *r)
{
    static const char *const ints[] = {"limit", "offset", "instansi", NULL};
    return nt_page_filter(r, ints);
}

/* What waits for the authority and the PPK: reported ASN in the states rules/workflow.c lists
 * as their work. */
static json_t *role_tasks(nt_req *r)
{
    size_t ntasks;
    const nt_party_task *tasks = nt_party_tasks(&ntasks);
    json_t *out = json_array();
    /* the cases and the reported ASN per state in the reader's scope: the dashboard's kept
     * figures (the lists behind them count the same rows) */
    json_t *figures = NULL, *cases = json_object(), *parties = json_object(), *x;
    nt_err err = {0};
    size_t k;
    if (!nt_stats(r->st, &r->actor, NULL, &figures, &err)) {
        json_array_foreach(json_object_get(figures, "kasus_per_status"), k, x) json_object_set(
            cases, json_string_value(json_object_get(x, "key")), json_object_get(x, "count"));
        json_array_foreach(json_object_get(figures, "asn_per_status"), k, x) json_object_set(
            parties, json_string_value(json_object_get(x, "key")), json_object_get(x, "count"));
    }
    json_decref(figures);
    for (size_t i = 0; i < ntasks; i++) {
        if (!(r->actor.roles & tasks[i].role)) continue;
        const char *state = nt_party_state_name(tasks[i].state);
        json_int_t n = json_integer_value(json_object_get(parties, state));
        char href[96];
        snprintf(href, sizeof href, "/terlapor?status=%s", state);
        json_array_append_new(out, json_pack("{ss ss sI ss}", "state", state, "label",
                                             tasks[i].label, "count", n, "href", href));
    }
    /* Bawaslu: the cases whose state waits for it (from the workflow's facts), and those whose
     * deadline has passed; only what has something in it */
    if (r->actor.roles & NT_ROLE_BAWASLU) {
        json_t *f = json_pack("{ss si}", "tenggat", "lewat", "limit", 1), *l = NULL;
        json_int_t late = nt_case_list(r->st, &r->actor, f, &l, &err) == 0
                              ? json_integer_value(json_object_get(l, "total"))
                              : 0;
        json_decref(f), json_decref(l);
        if (late)
            json_array_append_new(out, json_pack("{ss ss sI ss}", "state", "lewat", "label",
                                                 "Lewat tenggat", "count", late, "href",
                                                 "/kasus?tenggat=lewat"));
        for (int st = 0; st < NT_ST__COUNT; st++) {
            if (!(nt_case_awaits((nt_case_state)st) & NT_ROLE_BAWASLU)) continue;
            json_int_t n = json_integer_value(json_object_get(cases, nt_case_state_name(st)));
            if (!n) continue;
            char href[96];
            snprintf(href, sizeof href, "/kasus?status=%s", nt_case_state_name(st));
            json_array_append_new(out, json_pack("{ss ss sI ss}", "state", nt_case_state_name(st),
                                                 "label", nt_case_state_label(st), "count", n,
                                                 "href", href));
        }
    }
    json_decref(cases), json_decref(parties);
    return out;
}

void nt_h_inbox(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    json_t *f = nt_inbox_filter(r);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_list(r->st, &r->actor, f, &out, &err);
    json_t *ctx = rc ? json_pack("{s[] si ss}", "items", "total", 0, "error", err.msg) : out;
    /* the filter form, with the current choices */
    json_t *states = json_array();
    for (int i = 0; i < NT_ST__COUNT; i++)
        json_array_append_new(states, json_pack("{ss ss}", "id", nt_case_state_name(i), "label",
                                                nt_case_state_label(i)));
    json_object_set_new(ctx, "states",
                        nt_page_options(states, "id", "label", json_object_get(f, "status")));
    json_object_set_new(ctx, "categories",
                        nt_page_options(json_deep_copy(json_object_get(
                                            nt_store_rules(r->st)->catalogue, "categories")),
                                        "id", "label", json_object_get(f, "kategori")));
    json_t *els = NULL, *ags = NULL;
    nt_elections_list(r->st, r->actor.region[0] ? r->actor.region : NULL, &els);
    nt_agencies_list(r->st, r->actor.region[0] ? r->actor.region : NULL, false, &ags);
    json_object_set_new(
        ctx, "elections",
        nt_page_options(els ? els : json_array(), "id", "name", json_object_get(f, "pemilihan")));
    json_object_set_new(
        ctx, "agencies",
        nt_page_options(ags ? ags : json_array(), "id", "name", json_object_get(f, "instansi")));
    json_t *dues =
        json_pack("[{ss ss} {ss ss} {ss ss} {ss ss}]", "id", "lewat", "label", "sudah lewat", "id",
                  "3", "label", "3 hari lagi atau lewat", "id", "7", "label",
                  "7 hari lagi atau lewat", "id", "14", "label", "14 hari lagi atau lewat");
    json_object_set_new(ctx, "dues",
                        nt_page_options(dues, "id", "label", json_object_get(f, "tenggat")));
    static const char *echo[] = {"q", "nip", "dari", "sampai", "kantor", "bulan"};
    for (size_t i = 0; i < NT_ARRAY_LEN(echo); i++) {
        const char *v = json_string_value(json_object_get(f, echo[i]));
        if (v || i < 4)
            json_object_set_new(ctx, echo[i], json_string(v ? v : "")); /* the rest hidden */
    }
    /* the column headers sort: the filters without the order, and the order chosen */
    json_t *unsorted = json_deep_copy(f);
    json_object_del(unsorted, "urut");
    json_t *tmpctx = json_object();
    nt_page_query_string(tmpctx, unsorted);
    const char *base = json_string_value(json_object_get(tmpctx, "qs"));
    char *sort_base = nt_xasprintf("/kasus?%s%s", base ? base : "", base && *base ? "&" : "");
    json_object_set_new(ctx, "sort_base", json_string(sort_base));
    free(sort_base);
    json_decref(tmpctx), json_decref(unsorted);
    const char *order = json_string_value(json_object_get(f, "urut"));
    char flag[32];
    snprintf(flag, sizeof flag, "urut_%s", order && *order ? order : "tenggat");
    json_object_set_new(ctx, flag, json_true());
    json_object_set_new(
        ctx, "nama_terbuka",
        json_boolean(!nt_rules_masked(nt_store_rules(r->st), "nama", r->actor.roles)));
    nt_page_query_string(ctx, f);
    json_int_t total = json_integer_value(json_object_get(ctx, "total"));
    json_int_t off = json_integer_value(json_object_get(ctx, "offset"));
    json_int_t lim = json_integer_value(json_object_get(ctx, "limit"));
    if (off > 0) json_object_set_new(ctx, "prev", json_integer(off > lim ? off - lim : 0));
    if (lim && off + lim < total) json_object_set_new(ctx, "next", json_integer(off + lim));
    if (lim) {
        json_object_set_new(ctx, "from", json_integer(total ? off + 1 : 0));
        json_object_set_new(ctx, "to", json_integer(off + lim < total ? off + lim : total));
    }
    json_t *tasks = role_tasks(r);
    json_object_set_new(ctx, "has_tasks", json_boolean(json_array_size(tasks) > 0));
    json_object_set_new(ctx, "tasks", tasks);
    json_decref(f);
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "kasus.html", "Kasus", ctx);
}

/* Reported ASN, one row per ASN per case: the list behind the dashboard's ASN figures. */
void nt_h_party_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    json_t *f = nt_inbox_filter(r), *out = NULL;
    nt_err err = {0};
    int rc = nt_party_list(r->st, &r->actor, f, &out, &err);
    json_t *ctx = rc ? json_pack("{s[] si ss}", "items", "total", 0, "error", err.msg) : out;
    /* the store masks the personal columns the role may not see */
    if (nt_rules_masked(nt_store_rules(r->st), "nip", r->actor.roles))
        json_object_set_new(ctx, "masked", json_true());
    nt_page_query_string(ctx, f);
    json_decref(f);
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "terlapor.html", "ASN terlapor", ctx);
}

/* The due list a page at a time (at national size it runs to thousands of rows). */
#define DUE_PAGE 100

void nt_h_due_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    int64_t days = 7, offset = 0;
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_req_query_int(r, "hari", 0, 365, &days, &err);
    if (!rc) rc = nt_req_query_int(r, "offset", 0, INT32_MAX, &offset, &err);
    if (!rc) rc = nt_case_due(r->st, &r->actor, (int)days, DUE_PAGE, offset, &out, &err);
    if (rc) {
        nt_respond_page(
            r, nt_http_status(rc), "tenggat.html", "Tenggat",
            json_pack("{ss si s[] s[]}", "error", err.msg, "hari", 7, "terlambat", "segera"));
        return;
    }
    int64_t total = json_integer_value(json_object_get(out, "total_terlambat")) +
                    json_integer_value(json_object_get(out, "total_segera"));
    if (offset > 0)
        json_object_set_new(out, "prev", json_integer(offset > DUE_PAGE ? offset - DUE_PAGE : 0));
    if (offset > 0) json_object_set_new(out, "has_prev", json_true());
    if (offset + DUE_PAGE < total)
        json_object_set_new(out, "next", json_integer(offset + DUE_PAGE));
    json_object_set_new(out, "dari", json_integer(total ? offset + 1 : 0));
    json_object_set_new(out, "sampai",
                        json_integer(offset + DUE_PAGE < total ? offset + DUE_PAGE : total));
    json_object_set_new(out, "total", json_integer(total));
    nt_respond_page(r, 200, "tenggat.html", "Tenggat", out);
}
