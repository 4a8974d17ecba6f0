/*
 * pages_dashboard.c - the dashboard: server-drawn SVG bar charts and the zone map, every
 * figure linking to the list behind it.
 */
#include "web/pages_int.h"

#include "web/map.h"

#include <stdlib.h>
#include <string.h>

/* Bar chart geometry, in SVG units of a 640-wide view box: a label column, then the bar,
 * then its count. */
enum {
    CHART_ROW = 22,      /* height of one row */
    CHART_PAD = 4,       /* space above the first bar */
    CHART_BAR_H = 16,    /* height of a bar */
    CHART_TEXT_Y = 13,   /* baseline of a row's texts below the row's top */
    CHART_BAR_X = 260,   /* where bars start (the label column is before it) */
    CHART_BAR_MAX = 320, /* width of the longest bar */
    CHART_GAP = 6,       /* between a bar's end and its count */
};

/* One bar chart: rows scaled to the largest, each linking to the list behind it. */
static json_t *chart(const char *id, const char *title, json_t *rows, const char *href_fmt)
{
    json_int_t max = 1;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        json_int_t n = json_integer_value(json_object_get(r, "count"));
        if (n > max) max = n;
    }
    json_array_foreach(rows, i, r)
    {
        json_int_t n = json_integer_value(json_object_get(r, "count"));
        int w = (int)(n * CHART_BAR_MAX / max);
        json_int_t top = (json_int_t)i * CHART_ROW + CHART_PAD;
        json_object_set_new(r, "y", json_integer(top));
        json_object_set_new(r, "ty", json_integer(top + CHART_TEXT_Y));
        json_object_set_new(r, "x", json_integer(CHART_BAR_X));
        json_object_set_new(r, "h", json_integer(CHART_BAR_H));
        json_object_set_new(r, "w", json_integer(w < 1 ? 1 : w));
        json_object_set_new(r, "tx", json_integer(CHART_BAR_X + CHART_GAP + w));
        if (href_fmt) {
            char *h = nt_xasprintf(href_fmt, json_string_value(json_object_get(r, "key")));
            json_object_set_new(r, "href", json_string(h));
            free(h);
        } else {
            json_object_set_new(r, "href", json_string("/kasus"));
        }
    }
    return json_pack("{ss ss sO sI}", "id", id, "title", title, "rows", rows, "height",
                     (json_int_t)json_array_size(rows) * CHART_ROW + 2 * CHART_PAD);
}

/* Regions coloured by risk zone (thresholds from data/rules/zones.json), each linking to its
 * reported ASN; regions outside the user's scope are drawn grey, without figures. */
static json_t *zone_map(nt_req *r, json_t *stats)
{
    const nt_rules *ru = nt_store_rules(r->st);
    const char *scope = r->actor.region;
    int height = 0;
    json_t *shapes = nt_map_draw(r->cfg->data_dir, scope, &height);
    json_t *rows = json_object_get(stats, *scope ? "asn_per_kabkota" : "asn_per_provinsi");
    json_t *count = json_object(), *row;
    size_t i;
    json_array_foreach(rows, i, row) json_object_set(
        count, json_string_value(json_object_get(row, "key")), json_object_get(row, "count"));
    json_t *table = json_array();
    json_array_foreach(shapes, i, row)
    {
        const char *code = json_string_value(json_object_get(row, "code"));
        bool mine = !strncmp(code, scope, strlen(scope)) || !strncmp(scope, code, strlen(code));
        if (!mine) {
            json_object_set_new(row, "fill", json_string("#d9d9d9"));
            json_object_set_new(row, "label", json_string("di luar wilayah kerja Anda"));
            continue;
        }
        json_int_t c = json_integer_value(json_object_get(count, code));
        int z = nt_rules_zone(ru, (long)c);
        char *href = nt_xasprintf("/terlapor?wilayah=%s", code);
        json_object_set_new(row, "fill", json_string(ru->zones[z].color));
        json_object_set_new(row, "href", json_string(href));
        json_object_set_new(row, "count", json_integer(c));
        json_object_set_new(row, "label", json_string(ru->zones[z].label));
        json_array_append_new(
            table, json_pack("{sO sO sI ss ss ss}", "code", json_object_get(row, "code"), "name",
                             json_object_get(row, "name"), "count", c, "zone", ru->zones[z].label,
                             "zone_id", ru->zones[z].id, "href", href));
        free(href);
    }
    json_decref(count);
    json_t *legend = json_array();
    for (int z = 0; z < ru->nzones; z++)
        json_array_append_new(
            legend, json_pack("{ss ss}", "color", ru->zones[z].color, "label", ru->zones[z].label));
    return json_pack("{so si so so ss}", "shapes", shapes, "height", height, "table", table,
                     "legend", legend, "version", ru->zones_version);
}

void nt_h_dashboard(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    json_t *st = NULL;
    nt_err err = {0};
    if (nt_stats(r->st, &r->actor, &st, &err)) {
        nt_respond_error(r, &err);
        return;
    }
    json_t *charts = json_array();
    json_array_append_new(charts,
                          chart("status", "Kasus per status",
                                json_object_get(st, "kasus_per_status"), "/kasus?status=%s"));
    json_array_append_new(charts,
                          chart("kantor", "Kasus per kantor Bawaslu",
                                json_object_get(st, "kasus_per_kantor"), "/kasus?kantor=%s"));
    json_array_append_new(charts, chart("bulan", "Kasus per bulan (tanggal diketahui)",
                                        json_object_get(st, "kasus_per_bulan"), "/kasus?bulan=%s"));
    json_array_append_new(charts,
                          chart("kategori", "ASN terlapor per kategori pelanggaran",
                                json_object_get(st, "asn_per_kategori"), "/terlapor?kategori=%s"));
    json_array_append_new(charts, chart("jabatan", "ASN terlapor per jenis jabatan",
                                        json_object_get(st, "asn_per_jabatan"),
                                        "/terlapor?jenis_jabatan=%s"));
    json_array_append_new(charts,
                          chart("tindak", "ASN terlapor per tahap",
                                json_object_get(st, "asn_per_status"), "/terlapor?status=%s"));
    json_array_append_new(charts,
                          chart("instansi", "ASN terlapor per instansi (20 terbanyak)",
                                json_object_get(st, "asn_per_instansi"), "/terlapor?instansi=%s"));
    json_t *ctx = json_pack("{so}", "charts", charts);
    json_object_set_new(ctx, "map", zone_map(r, st));
    json_decref(st);
    nt_respond_page(r, 200, "dasbor.html", "Dasbor", ctx);
}
