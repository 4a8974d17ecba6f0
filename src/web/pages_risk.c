/*
 * pages_risk.c - the risk index in the workspace: /risiko, every region of the reader's scope
 * on a map and in a table, with the recompute button and the import of published IKP scores;
 * /wilayah/{code}, one region explained indicator by indicator, its history, and the
 * prevention work and cases of the region. ?cetak=1 is either page's printable report.
 */
#include "web/pages_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* History chart geometry: one bar per recomputation that changed the index, oldest left. */
enum { HIST_W = 420, HIST_H = 120, HIST_BAR_MAX = 28 };

json_t *nt_page_risk_map(nt_req *r, json_t *list, const char *focus)
{
    json_t *paint = json_object(), *row;
    size_t i;
    json_array_foreach(json_object_get(list, "wilayah"), i, row)
    {
        const char *code = json_string_value(json_object_get(row, "kode"));
        char *href = nt_xasprintf("/wilayah/%s", code);
        char *title =
            nt_xasprintf("%s: risiko %s (skor %s)", json_string_value(json_object_get(row, "nama")),
                         json_string_value(json_object_get(row, "tingkat_label")),
                         json_string_value(json_object_get(row, "skor_label")));
        json_object_set_new(paint, code,
                            json_pack("{sO ss ss}", "fill", json_object_get(row, "warna"), "href",
                                      href, "title", title));
        free(href);
        free(title);
    }
    json_t *legend = json_array(), *lv;
    json_array_foreach(json_object_get(list, "tingkat"), i, lv)
        json_array_append_new(legend, json_pack("{sO sO}", "color", json_object_get(lv, "warna"),
                                                "label", json_object_get(lv, "label")));
    json_t *map = nt_page_region_map(r, focus, paint, legend);
    json_decref(paint);
    /* the table beside the map: the regions drawn on it, the highest first */
    json_t *drawn = json_object(), *table = json_array();
    json_array_foreach(json_object_get(map, "shapes"), i, row)
        json_object_set_new(drawn, json_string_value(json_object_get(row, "code")), json_true());
    json_array_foreach(json_object_get(list, "wilayah"), i, row)
    {
        const char *code = json_string_value(json_object_get(row, "kode"));
        if (!json_object_get(drawn, code)) continue;
        char *href = nt_xasprintf("/wilayah/%s", code);
        json_array_append_new(table, json_pack("{ss sO sO sO sO ss}", "code", code, "name",
                                               json_object_get(row, "nama"), "score",
                                               json_object_get(row, "skor_label"), "level",
                                               json_object_get(row, "tingkat_label"), "level_id",
                                               json_object_get(row, "tingkat"), "href", href));
        free(href);
    }
    json_decref(drawn);
    json_object_set_new(map, "table", table);
    json_object_set_new(map, "judul", json_string("Indeks risiko pelanggaran netralitas ASN"));
    char *why = nt_xasprintf("Skor 0-100 dari indikator dan bobot data aturan versi %s, dihitung "
                             "%s. Peta ini tidak mengikuti saringan pemilihan dan tanggal. Klik "
                             "wilayah untuk penjelasannya.",
                             json_string_value(json_object_get(list, "versi_aturan")),
                             json_string_value(json_object_get(list, "dihitung")));
    json_object_set_new(map, "keterangan", json_string(why));
    free(why);
    return map;
}

static bool may_recompute(const nt_req *r)
{
    return (r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) != 0;
}

static void risk_page(nt_req *r, unsigned status, json_t *ctx)
{
    json_t *list = NULL;
    nt_err err = {0};
    if (nt_risk_list(r->st, &r->actor, &list, &err)) {
        json_decref(ctx);
        nt_respond_error(r, &err);
        return;
    }
    json_object_set_new(ctx, "map", nt_page_risk_map(r, list, r->actor.region));
    json_object_set_new(ctx, "indeks", list);
    json_object_set_new(ctx, "ada_wilayah",
                        json_boolean(json_array_size(json_object_get(list, "wilayah")) > 0));
    json_object_set_new(ctx, "bawaslu", json_boolean(may_recompute(r)));
    json_object_set_new(ctx, "cetak", json_boolean(nt_req_query(r, "cetak") != NULL));
    nt_respond_page(r, status, "risiko.html", "Indeks risiko", ctx);
}

void nt_h_risk_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    json_t *ctx = json_object();
    const char *ok = nt_req_query(r, "ok");
    if (ok) {
        char *msg = nt_xasprintf("Indeks risiko dihitung ulang: %ld wilayah berubah.",
                                 strtol(ok, NULL, 10));
        json_object_set_new(ctx, "done", json_string(msg));
        free(msg);
    }
    risk_page(r, 200, ctx);
}

void nt_h_risk_recompute_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    nt_err err = {0};
    int changed = 0;
    int rc = may_recompute(r) ? nt_risk_refresh(r->st, true, &changed, &err)
                              : nt_err_set(&err, NT_EFORBIDDEN, NULL,
                                           "peran Anda tidak dapat menghitung ulang indeks risiko");
    if (rc) {
        json_t *ctx = json_object();
        nt_form_refused(r, ctx, &err, NULL, NULL);
        risk_page(r, nt_http_status(rc), ctx);
        return;
    }
    char loc[48];
    snprintf(loc, sizeof loc, "/risiko?ok=%d", changed);
    nt_respond_redirect(r, loc);
}

static const nt_form_field ikp_fields[] = {
    {"berkas", "ikp-berkas", "Berkas skor IKP"},
    {"sumber", "ikp-sumber", "Sumber"},
    {"kode_wilayah", "ikp-berkas", "Berkas skor IKP"},
    {NULL, NULL, NULL},
};

/* Published IKP scores: checked line by line, written only when every line is right (or only
 * checked, when the officer asked for that). */
void nt_h_ikp_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    const char *source = nt_form(r, "sumber");
    bool check = nt_form(r, "periksa") != NULL;
    json_t *report = NULL;
    nt_err err = {0};
    int rc = r->body.len
                 ? nt_ikp_import(r->st, &r->actor, r->body.p, r->body.len,
                                 source && *source ? source : NULL, !check, &report, &err)
                 : nt_err_set(&err, NT_EINVAL, "berkas",
                              "Pilih berkas CSV skor IKP (kolom kode_wilayah, skor, tahun)");
    json_t *ctx = json_object();
    if (rc) {
        const char *again[] = {r->body.len && r->file_name[0] ? r->file_name : NULL, NULL};
        nt_form_refused(r, ctx, &err, ikp_fields, again);
    } else {
        char *msg =
            check ? nt_xasprintf("Berkas diperiksa: %lld baris sah, belum ada yang disimpan.",
                                 (long long)json_integer_value(json_object_get(report, "sah")))
                  : nt_xasprintf("%lld skor IKP disimpan; indeks risiko dihitung ulang.",
                                 (long long)json_integer_value(json_object_get(report, "sah")));
        json_object_set_new(ctx, "done", json_string(msg));
        free(msg);
        if (check) {
            json_t *v = json_object();
            if (source) json_object_set_new(v, "sumber", json_string(source));
            json_object_set_new(ctx, "v", v);
        }
    }
    if (report) json_object_set_new(ctx, "laporan_impor", report);
    risk_page(r, rc ? nt_http_status(rc) : 200, ctx);
}

/* The reader as if their region were `code`, for the lists of one region: the more specific
 * of the two regions, so it never widens what the reader may see (the caller has checked
 * that both lie on one path, as nt_risk_region does). */
static nt_actor narrowed(const nt_actor *a, const char *code)
{
    nt_actor n = *a;
    if (strlen(code) > strlen(a->region)) nt_strlcpy(n.region, code, sizeof n.region);
    return n;
}

/* The score's history as bars, oldest left, each in its level's colour. */
static json_t *history_chart(json_t *hist)
{
    size_t n = json_array_size(hist);
    if (n < 2) return NULL;
    int w = HIST_W / (int)n;
    if (w > HIST_BAR_MAX) w = HIST_BAR_MAX;
    json_t *bars = json_array();
    for (size_t k = 0; k < n; k++) {
        json_t *h = json_array_get(hist, n - 1 - k);
        double sc = json_number_value(json_object_get(h, "skor"));
        int bh = (int)(sc * (HIST_H - 20) / 100.0 + 0.5);
        if (bh < 1) bh = 1;
        json_array_append_new(bars, json_pack("{si si si si sO sO sO sO}", "x", (int)k * w + 1, "y",
                                              HIST_H - bh, "w", w - 2 > 1 ? w - 2 : 1, "h", bh,
                                              "fill", json_object_get(h, "warna"), "skor",
                                              json_object_get(h, "skor_label"), "tingkat",
                                              json_object_get(h, "tingkat_label"), "pada",
                                              json_object_get(h, "pada_label")));
    }
    return json_pack("{so si si}", "bars", bars, "width", HIST_W, "height", HIST_H);
}

/* One region: its index explained, and what was done there. Sections the reader's role may
 * not see are left out; every list is the store's, scoped as everywhere else. */
void nt_h_region_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    char code[24];
    nt_req_param(r, 0, code, sizeof code);
    json_t *risk = NULL;
    nt_err err = {0};
    if (nt_risk_region(r->st, &r->actor, code, &risk, &err)) {
        nt_respond_error(r, &err);
        return;
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "cetak", json_boolean(nt_req_query(r, "cetak") != NULL));
    json_t *chart = history_chart(json_object_get(risk, "riwayat"));
    if (chart) json_object_set_new(ctx, "grafik", chart);
    json_object_set_new(ctx, "risiko", risk);
    nt_actor here = narrowed(&r->actor, code);
    json_t *x = NULL;
    nt_err e = {0};
    json_t *filter = json_pack("{ss}", "kantor", code);
    if (!nt_agreements_list(r->st, &r->actor, filter, &x, &e)) {
        json_object_set_new(ctx, "ada_kesepakatan", json_boolean(json_array_size(x) > 0));
        json_object_set_new(ctx, "kesepakatan", x);
        json_object_set_new(ctx, "bawaslu", json_true());
    }
    if (!nt_events_list(r->st, &here, &x, &e)) {
        json_object_set_new(ctx, "ada_kegiatan", json_boolean(json_array_size(x) > 0));
        json_object_set_new(ctx, "kegiatan", x);
        json_object_set_new(ctx, "lihat_kegiatan", json_true());
    }
    if (!nt_appeals_list(r->st, &here, &x, &e)) {
        json_object_set_new(ctx, "ada_imbauan", json_boolean(json_array_size(x) > 0));
        json_object_set_new(ctx, "imbauan", x);
        json_object_set_new(ctx, "lihat_imbauan", json_true());
    }
    if (!nt_pledge_coverage(r->st, &here, &x, &e)) json_object_set_new(ctx, "ikrar", x);
    if (!nt_stats(r->st, &r->actor, filter, &x, &e)) {
        json_t *cases = json_pack("{sO sO sO}", "jumlah", json_object_get(x, "jumlah_kasus"),
                                  "per_status", json_object_get(x, "kasus_per_status"), "corong",
                                  json_object_get(x, "corong_asn"));
        json_decref(x);
        json_object_set_new(ctx, "kasus", cases);
    }
    json_decref(filter);
    json_object_set_new(ctx, "kode", json_string(code));
    char *title = nt_xasprintf(
        "Risiko %s", json_string_value(json_object_get(json_object_get(ctx, "risiko"), "nama")));
    nt_respond_page(r, 200, "wilayah.html", title, ctx);
    free(title);
}
