/*
 * map.c - region outlines for the dashboard's zone map, drawn as SVG paths
 * by the server.
 *
 * The boundaries (the GeoJSON files in data/peta, MIT, see data/peta/LICENSE) are read
 * once per process and kept as projected rings (equirectangular, longitude
 * scaled by the cosine of Indonesia's middle latitude). Each drawing fits the
 * chosen regions into a 640-unit-wide box and drops points closer than about
 * a pixel to the previous one, so a national map of 38 provinces stays small.
 */
#include "web/map.h"

#include "base/log.h"
#include "store/store.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char code[8], name[96];
    float *xy;     /* all rings' points, x y x y ... */
    int *ring_end; /* point index where each ring ends */
    int nrings;
    float x0, y0, x1, y1; /* bounding box */
} shape;

typedef struct {
    shape *s;
    int n;
} layer;

static layer layers[2]; /* 0 provinces, 1 regencies/cities */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *load_dir;

#define KX 0.9994f /* cos(-2 degrees): Indonesia straddles the equator */

static void add_ring(shape *sh, json_t *ring, int *cap_pts, int *npts)
{
    size_t i;
    json_t *pt;
    json_array_foreach(ring, i, pt)
    {
        if (*npts == *cap_pts) {
            *cap_pts = *cap_pts ? *cap_pts * 2 : 256;
            sh->xy = nt_xrealloc(sh->xy, (size_t)*cap_pts * 2 * sizeof(float));
        }
        float x = (float)json_number_value(json_array_get(pt, 0)) * KX;
        float y = -(float)json_number_value(json_array_get(pt, 1));
        sh->xy[2 * *npts] = x;
        sh->xy[2 * *npts + 1] = y;
        if (*npts == 0 || x < sh->x0) sh->x0 = x;
        if (*npts == 0 || x > sh->x1) sh->x1 = x;
        if (*npts == 0 || y < sh->y0) sh->y0 = y;
        if (*npts == 0 || y > sh->y1) sh->y1 = y;
        (*npts)++;
    }
    sh->ring_end = nt_xrealloc(sh->ring_end, (size_t)(sh->nrings + 1) * sizeof(int));
    sh->ring_end[sh->nrings++] = *npts;
}

static void load_layer(layer *l, const char *path)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    json_t *feats = json_object_get(doc, "features"), *f;
    if (!json_is_array(feats)) {
        nt_error("peta: %s tidak dapat dibaca: %s", path, doc ? "tanpa features" : je.text);
        json_decref(doc);
        return;
    }
    l->s = nt_xcalloc(json_array_size(feats), sizeof(shape));
    size_t i;
    json_array_foreach(feats, i, f)
    {
        json_t *props = json_object_get(f, "properties"), *geom = json_object_get(f, "geometry");
        const char *code = json_string_value(json_object_get(props, "code"));
        const char *name = json_string_value(json_object_get(props, "name"));
        const char *type = json_string_value(json_object_get(geom, "type"));
        json_t *coords = json_object_get(geom, "coordinates");
        if (!code || !name || !type || !json_is_array(coords)) continue;
        shape *sh = &l->s[l->n];
        nt_strlcpy(sh->code, code, sizeof sh->code);
        nt_strlcpy(sh->name, name, sizeof sh->name);
        int cap = 0, npts = 0;
        size_t k, m;
        json_t *poly, *ring;
        if (!strcmp(type, "Polygon")) {
            json_array_foreach(coords, k, ring) add_ring(sh, ring, &cap, &npts);
        } else if (!strcmp(type, "MultiPolygon")) {
            json_array_foreach(coords, k, poly) json_array_foreach(poly, m, ring)
                add_ring(sh, ring, &cap, &npts);
        }
        if (sh->nrings) l->n++;
    }
    json_decref(doc);
}

static void load(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/peta/provinsi.geojson", load_dir);
    load_layer(&layers[0], path);
    snprintf(path, sizeof path, "%s/peta/kabkota.geojson", load_dir);
    load_layer(&layers[1], path);
}

/* The frame around a focus: this many times its size, at least this wide for its height. */
#define FRAME_ZOOM 2.6f
#define FRAME_ASPECT 1.4f

json_t *nt_map_draw(const char *data_dir, const char *scope, const char *focus, int *height)
{
    load_dir = data_dir;
    pthread_once(&once, load);
    /* nationwide: provinces; otherwise the regencies of the scope's province */
    char prov[3] = "";
    if (scope && *scope) snprintf(prov, sizeof prov, "%.2s", scope);
    const layer *l = &layers[*prov ? 1 : 0];
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < l->n; i++) {
        const shape *sh = &l->s[i];
        if (*prov && !nt_region_within(sh->code, prov)) continue;
        x0 = fminf(x0, sh->x0), y0 = fminf(y0, sh->y0);
        x1 = fmaxf(x1, sh->x1), y1 = fmaxf(y1, sh->y1);
    }
    json_t *out = json_array();
    if (!(x1 > x0 && y1 > y0)) {
        *height = 0;
        return out;
    }
    /* framed on the focus: its box grown around its centre, kept inside the layer's box */
    float f0 = INFINITY, g0 = INFINITY, f1 = -INFINITY, g1 = -INFINITY;
    for (int i = 0; focus && *focus && i < l->n; i++) {
        const shape *sh = &l->s[i];
        if (!nt_region_within(sh->code, focus) || (*prov && !nt_region_within(sh->code, prov)))
            continue;
        f0 = fminf(f0, sh->x0), g0 = fminf(g0, sh->y0);
        f1 = fmaxf(f1, sh->x1), g1 = fmaxf(g1, sh->y1);
    }
    if (f1 > f0 && g1 > g0) {
        float w = fmaxf((f1 - f0) * FRAME_ZOOM, (g1 - g0) * FRAME_ZOOM * FRAME_ASPECT);
        float h = w / FRAME_ASPECT;
        w = fminf(w, x1 - x0), h = fminf(h, y1 - y0);
        float cx = (f0 + f1) / 2, cy = (g0 + g1) / 2;
        float nx0 = fminf(fmaxf(cx - w / 2, x0), x1 - w);
        float ny0 = fminf(fmaxf(cy - h / 2, y0), y1 - h);
        x0 = nx0, y0 = ny0, x1 = nx0 + w, y1 = ny0 + h;
    }
    float scale = 640.0f / (x1 - x0);
    *height = (int)ceilf((y1 - y0) * scale);
    nt_buf d = {0};
    for (int i = 0; i < l->n; i++) {
        const shape *sh = &l->s[i];
        if (*prov && !nt_region_within(sh->code, prov)) continue;
        if (sh->x1 < x0 || sh->x0 > x1 || sh->y1 < y0 || sh->y0 > y1) continue; /* off frame */
        nt_buf_reset(&d);
        int start = 0;
        for (int r = 0; r < sh->nrings; r++) {
            float px = 0, py = 0;
            int kept = 0;
            for (int p = start; p < sh->ring_end[r]; p++) {
                float x = (sh->xy[2 * p] - x0) * scale, y = (sh->xy[2 * p + 1] - y0) * scale;
                bool last = p == sh->ring_end[r] - 1;
                if (kept && !last && fabsf(x - px) < 0.8f && fabsf(y - py) < 0.8f) continue;
                nt_buf_printf(&d, "%s%.1f %.1f", kept ? "L" : "M", x, y);
                px = x, py = y;
                kept++;
            }
            if (kept) nt_buf_addc(&d, 'Z');
            start = sh->ring_end[r];
        }
        json_array_append_new(out, json_pack("{ss ss ss#}", "code", sh->code, "name", sh->name, "d",
                                             d.p ? d.p : "", d.len));
    }
    nt_buf_free(&d);
    return out;
}
