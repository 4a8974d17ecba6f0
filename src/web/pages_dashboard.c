/*
 * pages_dashboard.c - the dashboard: server-drawn SVG bar charts and the zone map, every
 * figure linking to the list behind it.
 */
#include "web/pages_int.h"

#include "web/map.h"

#include <stdlib.h>
#include <string.h>

/* Bar chart geometry, in SVG units of a CHART_W-wide view box (narrow, so its text stays
 * readable on a phone): each row is its label on a line of its own, then the bar with its
 * count after it, so no label ever runs into a bar. */
enum {
    CHART_W = 420,       /* width of the view box */
    CHART_ROW = 38,      /* height of one row */
    CHART_PAD = 4,       /* space above the first row */
    CHART_LABEL_Y = 13,  /* baseline of the label below the row's top */
    CHART_BAR_Y = 18,    /* top of the bar below the row's top */
    CHART_BAR_H = 14,    /* height of a bar */
    CHART_COUNT_Y = 30,  /* baseline of the count below the row's top */
    CHART_BAR_MAX = 300, /* width of the longest bar (the count needs the rest) */
    CHART_GAP = 6,       /* between a bar's end and its count */
    CHART_LABEL_MAX = 52 /* characters of a label drawn; the whole one is its tooltip */
};

/* A label cut to CHART_LABEL_MAX characters (not bytes) with an ellipsis. */
static json_t *short_label(const char *s)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > CHART_LABEL_MAX - 1) break;
    if (!s[i]) return json_string(s);
    char *cut = nt_xasprintf("%.*s\xe2\x80\xa6", (int)i, s);
    json_t *j = json_string(cut);
    free(cut);
    return j;
}

/* One bar chart: rows scaled to the largest, each linking to the list behind it (href_fmt's
 * %s is the row's key, then the dashboard's filters follow). */
static json_t *chart(const char *id, const char *title, json_t *rows, const char *href_fmt,
                     const char *qs)
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
        json_object_set_new(r, "top", json_integer(top)); /* the whole row is the link */
        json_object_set_new(r, "rowh", json_integer(CHART_ROW));
        json_object_set_new(r, "rw", json_integer(CHART_W));
        json_object_set_new(r, "ly", json_integer(top + CHART_LABEL_Y));
        json_object_set_new(r, "y", json_integer(top + CHART_BAR_Y));
        json_object_set_new(r, "ty", json_integer(top + CHART_COUNT_Y));
        json_object_set_new(r, "h", json_integer(CHART_BAR_H));
        json_object_set_new(r, "w", json_integer(w < 1 ? 1 : w));
        json_object_set_new(r, "tx", json_integer(CHART_GAP + w));
        json_object_set_new(r, "short",
                            short_label(json_string_value(json_object_get(r, "label"))));
        char *h = nt_xasprintf(href_fmt, json_string_value(json_object_get(r, "key")));
        char *hq = nt_xasprintf("%s%s%s", h, *qs ? (strchr(h, '?') ? "&" : "?") : "", qs);
        json_object_set_new(r, "href", json_string(hq));
        free(h), free(hq);
    }
    return json_pack("{ss ss so sI sI sb}", "id", id, "title", title, "rows", rows, "width",
                     (json_int_t)CHART_W, "height",
                     (json_int_t)json_array_size(rows) * CHART_ROW + 2 * CHART_PAD, "has_rows",
                     json_array_size(rows) > 0);
}

json_t *nt_page_region_map(nt_req *r, const char *focus, json_t *paint, json_t *legend)
{
    const char *scope = r->actor.region;
    int height = 0;
    json_t *shapes = nt_map_draw(r->cfg->data_dir, focus, focus, &height), *row;
    size_t i;
    bool outside = false, focused = false, blank = false;
    json_array_foreach(shapes, i, row)
    {
        const char *code = json_string_value(json_object_get(row, "code"));
        bool mine = !*scope || nt_region_within(code, scope) || nt_region_within(scope, code);
        if (strlen(focus) > 2 && nt_region_within(code, focus)) { /* a regency or city chosen */
            json_object_set_new(row, "fokus", json_true());
            focused = true;
        }
        json_t *p = mine ? json_object_get(paint, code) : NULL;
        if (!p) {
            json_object_set_new(row, "fill", json_string("#d9d9d9"));
            json_object_set_new(
                row, "label", json_string(mine ? "belum ada angka" : "di luar wilayah kerja Anda"));
            if (mine)
                blank = true;
            else
                outside = true;
            continue;
        }
        json_object_update(row, p);
    }
    if (blank)
        json_array_append_new(legend, json_pack("{ss ss}", "color", "#d9d9d9", "label",
                                                "Belum ada angka untuk wilayah ini"));
    if (outside)
        json_array_append_new(legend, json_pack("{ss ss}", "color", "#d9d9d9", "label",
                                                "Di luar wilayah kerja Anda (tanpa angka)"));
    if (focused)
        json_array_append_new(legend, json_pack("{ss ss sb}", "color", "#ffffff", "label",
                                                *r->actor.region && !strcmp(focus, r->actor.region)
                                                    ? "Wilayah kerja Anda (garis tebal)"
                                                    : "Wilayah yang dipilih (garis tebal)",
                                                "outline", true));
    return json_pack("{so si so}", "shapes", shapes, "height", height, "legend", legend);
}

/* Regions coloured by risk zone (thresholds from data/rules/zones.json), each linking to its
 * reported ASN. */
static json_t *zone_map(nt_req *r, json_t *stats, const char *focus, const char *qs)
{
    const nt_rules *ru = nt_store_rules(r->st);
    json_t *rows = json_object_get(stats, *focus ? "asn_per_kabkota" : "asn_per_provinsi");
    json_t *count = json_object(), *row;
    size_t i;
    json_array_foreach(rows, i, row) json_object_set(
        count, json_string_value(json_object_get(row, "key")), json_object_get(row, "count"));
    /* every region of the layer in the reader's scope has a zone, none reported being one */
    int height = 0;
    json_t *shapes = nt_map_draw(r->cfg->data_dir, focus, focus, &height);
    json_t *paint = json_object(), *table = json_array();
    const char *scope = r->actor.region;
    json_array_foreach(shapes, i, row)
    {
        const char *code = json_string_value(json_object_get(row, "code"));
        if (*scope && !nt_region_within(code, scope) && !nt_region_within(scope, code)) continue;
        json_int_t c = json_integer_value(json_object_get(count, code));
        int z = nt_rules_zone(ru, (long)c);
        char *href = nt_xasprintf("/terlapor?wilayah=%s%s%s", code, *qs ? "&" : "", qs);
        char n[32];
        char *title =
            nt_xasprintf("%s: %s ASN terlapor, %s", json_string_value(json_object_get(row, "name")),
                         nt_count_id(c, n, sizeof n), ru->zones[z].label);
        json_object_set_new(
            paint, code,
            json_pack("{ss ss ss}", "fill", ru->zones[z].color, "href", href, "title", title));
        json_array_append_new(
            table, json_pack("{sO sO sI ss ss ss}", "code", json_object_get(row, "code"), "name",
                             json_object_get(row, "name"), "count", c, "zone", ru->zones[z].label,
                             "zone_id", ru->zones[z].id, "href", href));
        free(href);
        free(title);
    }
    json_decref(shapes);
    json_decref(count);
    /* a legend entry for every colour and line drawn */
    json_t *legend = json_array();
    for (int z = 0; z < ru->nzones; z++)
        json_array_append_new(
            legend, json_pack("{ss ss}", "color", ru->zones[z].color, "label", ru->zones[z].label));
    json_t *map = nt_page_region_map(r, focus, paint, legend);
    json_decref(paint);
    json_object_set_new(map, "table", table);
    json_object_set_new(map, "zona", json_true());
    json_object_set_new(
        map, "judul",
        json_string("Zona kerawanan per wilayah (ASN terlapor menurut tempat kerja)"));
    char *why =
        nt_xasprintf("Ambang zona dari data aturan versi %s. Klik wilayah untuk melihat ASN "
                     "terlapornya.",
                     ru->zones_version);
    json_object_set_new(map, "keterangan", json_string(why));
    free(why);
    return map;
}

/* "78,5 %": a share of a whole, written the Indonesian way. */
static json_t *percent(json_int_t part, json_int_t whole)
{
    if (whole <= 0) return json_null();
    char p[32];
    char *s =
        nt_xasprintf("%s%%", nt_decimal_id(100.0 * (double)part / (double)whole, 1, p, sizeof p));
    json_t *j = json_string(s);
    free(s);
    return j;
}

/* The dashboard's own filters from the query string, and nothing else: they go into every
 * link on the page, so each figure opens the list it counts. */
static json_t *dashboard_filter(nt_req *r)
{
    static const char *const keys[] = {"pemilihan", "kantor", "dari", "sampai"};
    json_t *q = nt_inbox_filter(r), *f = json_object();
    for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++) {
        json_t *v = json_object_get(q, keys[i]);
        if (json_is_string(v)) json_object_set(f, keys[i], v);
    }
    json_decref(q);
    return f;
}

/* The filter form: elections and offices within the user's scope, the period as typed. */
static void filter_form(nt_req *r, json_t *ctx, json_t *f)
{
    const char *scope = r->actor.region;
    json_t *els = NULL, *offices = NULL;
    nt_elections_list(r->st, *scope ? scope : NULL, &els);
    json_object_set_new(
        ctx, "elections",
        nt_page_options(els ? els : json_array(), "id", "name", json_object_get(f, "pemilihan")));
    /* a national or provincial office narrows to the offices under it; a regency has one */
    if (strlen(scope) <= 2) {
        nt_regions_list(r->st, *scope ? scope : NULL, NULL, &offices);
        json_t *opts = nt_page_options(offices ? offices : json_array(), "code", "name",
                                       json_object_get(f, "kantor"));
        json_object_set_new(ctx, "has_offices", json_boolean(json_array_size(opts) > 0));
        json_object_set_new(ctx, "offices", opts);
    }
    static const char *const echo[] = {"dari", "sampai"};
    for (size_t i = 0; i < NT_ARRAY_LEN(echo); i++) {
        const char *v = json_string_value(json_object_get(f, echo[i]));
        json_object_set_new(ctx, echo[i], json_string(v ? v : ""));
    }
}

/* What the figures cover, in words: "Pilkada Bupati Blitar 2026 · Kabupaten Blitar · 1 Jan
 * 2026 - 2 Des 2026". */
static json_t *filter_words(nt_req *r, json_t *ctx)
{
    json_t *parts = json_array();
    static const char *const lists[] = {"elections", "offices"};
    for (size_t i = 0; i < NT_ARRAY_LEN(lists); i++) {
        size_t k;
        json_t *o;
        json_array_foreach(json_object_get(ctx, lists[i]), k,
                           o) if (json_is_true(json_object_get(o, "selected")))
            json_array_append(parts, json_object_get(o, "label"));
    }
    if (!json_array_size(parts) || !json_object_get(ctx, "offices")) {
        json_t *reg = NULL;
        nt_err e = {0};
        if (*r->actor.region && !nt_region_get(r->st, r->actor.region, &reg, &e))
            json_array_append(parts, json_object_get(reg, "name"));
        json_decref(reg);
    }
    nt_date d[2] = {NT_DATE_NONE, NT_DATE_NONE};
    const char *ends[] = {json_string_value(json_object_get(ctx, "dari")),
                          json_string_value(json_object_get(ctx, "sampai"))};
    for (int i = 0; i < 2; i++)
        if (ends[i] && *ends[i]) nt_date_parse(ends[i], strlen(ends[i]), &d[i]);
    if (d[0] != NT_DATE_NONE || d[1] != NT_DATE_NONE) {
        char a[24], b[24];
        nt_date_format_id(d[0], a);
        nt_date_format_id(d[1], b);
        char *p = d[0] == NT_DATE_NONE   ? nt_xasprintf("diketahui sampai %s", b)
                  : d[1] == NT_DATE_NONE ? nt_xasprintf("diketahui sejak %s", a)
                                         : nt_xasprintf("diketahui %s \xe2\x80\x93 %s", a, b);
        json_array_append_new(parts, json_string(p));
        free(p);
    }
    return parts;
}

void nt_h_dashboard(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    json_t *f = dashboard_filter(r), *st = NULL, *ctx = json_object();
    nt_err err = {0};
    json_object_set_new(ctx, "cetak", json_boolean(nt_req_query(r, "cetak") != NULL));
    filter_form(r, ctx, f);
    nt_page_query_string(ctx, f);
    const char *qs = json_string_value(json_object_get(ctx, "qs"));
    char *qs_own = nt_xstrdup(qs ? qs : "");
    json_object_set_new(ctx, "filtered", json_boolean(*qs_own));
    json_object_set_new(ctx, "lingkup", filter_words(r, ctx));
    if (nt_stats(r->st, &r->actor, f, &st, &err)) {
        json_object_set_new(ctx, "error", json_string(err.msg));
        json_decref(f);
        free(qs_own);
        nt_respond_page(r, nt_http_status(err.code), "dasbor.html", "Dasbor", ctx);
        return;
    }
    /* the headline: cases, and the reported ASN through the funnel, each share of the stage
     * before it */
    json_t *funnel = json_object_get(st, "corong_asn"), *stage;
    size_t i;
    json_int_t prev = 0;
    json_array_foreach(funnel, i, stage)
    {
        json_int_t n = json_integer_value(json_object_get(stage, "count"));
        if (i) json_object_set_new(stage, "pct", percent(n, prev));
        prev = n;
    }
    json_t *head = json_array();
    char *h = nt_xasprintf("/kasus%s%s", *qs_own ? "?" : "", qs_own);
    json_array_append_new(head, json_pack("{ss sO ss}", "label", "Kasus", "count",
                                          json_object_get(st, "jumlah_kasus"), "href", h));
    free(h);
    json_array_foreach(funnel, i, stage)
    {
        const char *key = json_string_value(json_object_get(stage, "key"));
        h = i ? nt_xasprintf("/terlapor?tahap=%s%s%s", key, *qs_own ? "&" : "", qs_own)
              : nt_xasprintf("/terlapor%s%s", *qs_own ? "?" : "", qs_own);
        json_array_append_new(head,
                              json_pack("{sO sO ss sO?}", "label", json_object_get(stage, "label"),
                                        "count", json_object_get(stage, "count"), "href", h, "pct",
                                        json_object_get(stage, "pct")));
        free(h);
    }
    json_object_set_new(ctx, "headline", head);
    json_object_set_new(ctx, "funnel",
                        chart("corong", "Corong penanganan ASN terlapor", json_deep_copy(funnel),
                              "/terlapor?tahap=%s", qs_own));
    /* as of when */
    int tz_offset;
    const char *tz_label;
    nt_rules_timezone(nt_store_rules(r->st), r->actor.region, &tz_offset, &tz_label);
    char asof[40];
    nt_time_format_id_zone(json_integer_value(json_object_get(st, "dihitung_unix")), tz_offset,
                           tz_label, asof);
    json_object_set_new(ctx, "per", json_string(asof));
    static const struct {
        const char *id, *title, *key, *href;
    } charts_of[] = {
        {"status", "Kasus per status", "kasus_per_status", "/kasus?status=%s"},
        {"kantor", "Kasus per kantor Bawaslu", "kasus_per_kantor", "/kasus?kantor=%s"},
        {"bulan", "Kasus per bulan (tanggal diketahui)", "kasus_per_bulan", "/kasus?bulan=%s"},
        {"kategori", "ASN terlapor per kategori pelanggaran", "asn_per_kategori",
         "/terlapor?kategori=%s"},
        {"jabatan", "ASN terlapor per jenis jabatan", "asn_per_jabatan",
         "/terlapor?jenis_jabatan=%s"},
        {"tindak", "ASN terlapor per tahap", "asn_per_status", "/terlapor?status=%s"},
        {"instansi", "ASN terlapor per instansi (20 terbanyak)", "asn_per_instansi",
         "/terlapor?instansi=%s"},
    };
    json_t *charts = json_array();
    for (size_t k = 0; k < NT_ARRAY_LEN(charts_of); k++)
        json_array_append_new(charts, chart(charts_of[k].id, charts_of[k].title,
                                            json_incref(json_object_get(st, charts_of[k].key)),
                                            charts_of[k].href, qs_own));
    json_object_set_new(ctx, "charts", charts);
    const char *office = json_string_value(json_object_get(f, "kantor"));
    const char *focus =
        office && nt_region_within(office, r->actor.region) ? office : r->actor.region;
    /* the map shows today's zones by reported ASN, or the risk index */
    bool risk = nt_req_query(r, "peta") && !strcmp(nt_req_query(r, "peta"), "risiko");
    json_t *map = NULL;
    if (risk) {
        json_t *list = NULL;
        nt_err e2 = {0};
        if (!nt_risk_list(r->st, &r->actor, &list, &e2)) map = nt_page_risk_map(r, list, focus);
        json_decref(list);
    }
    if (!map) map = zone_map(r, st, focus, qs_own);
    json_t *choices = json_array();
    for (int k = 0; k < 2; k++) {
        char *link = nt_xasprintf("/dasbor%s%s%s%s#peta", *qs_own || k ? "?" : "", qs_own,
                                  k && *qs_own ? "&" : "", k ? "peta=risiko" : "");
        json_array_append_new(choices, json_pack("{ss ss sb}", "label",
                                                 k ? "indeks risiko" : "zona menurut ASN terlapor",
                                                 "href", link, "aktif", k == (int)risk));
        free(link);
    }
    json_object_set_new(map, "pilihan", choices);
    json_object_set_new(ctx, "map", map);
    json_decref(st);
    json_decref(f);
    free(qs_own);
    nt_respond_page(r, 200, "dasbor.html", "Dasbor", ctx);
}
