/*
 * risk.c - the risk index: rule data parsed and checked, a region's figures turned into
 * indicator values, a score and a level (see risk.h).
 */
#include "rules/risk.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const ids[NT_RISK__COUNT] = {"petahana", "pelanggaran_lalu", "patroli",
                                                "pencegahan", "ikp"};

const char *nt_risk_ind_id(nt_risk_ind i)
{
    return (unsigned)i < NT_RISK__COUNT ? ids[i] : "";
}

static int bad(nt_err *err, const char *what)
{
    return nt_err_set(err, NT_EINVAL, "risk", "data aturan risk tidak sah: %s", what);
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* A number field: its value, or dflt when absent; false when present and not a number. */
static bool num(json_t *o, const char *k, double dflt, double *out)
{
    json_t *v = json_object_get(o, k);
    *out = v ? json_number_value(v) : dflt;
    return !v || json_is_number(v);
}

static int parse_thresholds(json_t *o, double *sedang, double *tinggi, nt_err *err)
{
    if (!num(o, "sedang", -1, sedang) || !num(o, "tinggi", -1, tinggi) || *sedang < 0 ||
        *tinggi > 100 || *sedang >= *tinggi)
        return bad(err, "ikp: sedang dan tinggi harus skor 0-100, sedang lebih kecil");
    return 0;
}

int nt_risk_parse(nt_risk_rules *r, json_t *doc, nt_err *err)
{
    memset(r, 0, sizeof *r);
    nt_strlcpy(r->version, str(doc, "version"), sizeof r->version);
    nt_strlcpy(r->basis, str(doc, "basis"), sizeof r->basis);
    if (!num(doc, "weights_total", 0, &r->weights_total) || r->weights_total <= 0)
        return bad(err, "weights_total harus bilangan positif");
    json_t *list = json_object_get(doc, "indicators"), *x;
    if (!json_is_array(list) || !json_array_size(list))
        return bad(err, "indicators harus daftar indikator");
    double sum = 0;
    size_t i;
    json_array_foreach(list, i, x)
    {
        const char *id = str(x, "id");
        int k = -1;
        for (int j = 0; j < NT_RISK__COUNT; j++)
            if (!strcmp(ids[j], id)) k = j;
        if (k < 0)
            return nt_err_set(err, NT_EINVAL, "risk",
                              "data aturan risk tidak sah: indikator '%.32s' tidak dikenal "
                              "(petahana, pelanggaran_lalu, patroli, pencegahan, ikp)",
                              id);
        if (r->ind[k].used)
            return nt_err_set(err, NT_EINVAL, "risk",
                              "data aturan risk tidak sah: indikator %s ganda", id);
        nt_risk_ind_rule *d = &r->ind[k];
        d->used = true;
        nt_strlcpy(d->label, str(x, "label"), sizeof d->label);
        nt_strlcpy(d->basis, str(x, "basis"), sizeof d->basis);
        nt_strlcpy(d->explains, str(x, "explains"), sizeof d->explains);
        double pd = 0;
        if (!*d->label || !num(x, "weight", -1, &d->weight) || d->weight < 0 ||
            !num(x, "full", 1, &d->full) || d->full <= 0 || !num(x, "per", 1000, &d->per) ||
            d->per <= 0 || !num(x, "kin_share", 0.5, &d->kin_share) || d->kin_share < 0 ||
            d->kin_share > 1 || !num(x, "sanctioned_extra", 1, &d->sanctioned_extra) ||
            d->sanctioned_extra < 0 || !num(x, "period_days", 90, &pd) || pd < 1 || pd > 3660)
            return nt_err_set(err, NT_EINVAL, "risk",
                              "data aturan risk tidak sah: indikator %s perlu label, weight >= 0 "
                              "dan parameter yang sah",
                              id);
        d->period_days = (int)pd;
        sum += d->weight;
        if (k == NT_RISK_PREVENTION) {
            json_t *parts = json_object_get(x, "parts");
            double rd = 0;
            if (!num(parts, "ikrar", -1, &r->part_pledge) ||
                !num(parts, "sosialisasi", -1, &r->part_reach) ||
                !num(parts, "kesepakatan", -1, &r->part_agreement) || r->part_pledge < 0 ||
                r->part_reach < 0 || r->part_agreement < 0 ||
                fabs(r->part_pledge + r->part_reach + r->part_agreement - 1) > 1e-9)
                return bad(err, "pencegahan: parts ikrar, sosialisasi dan kesepakatan harus "
                                "berjumlah 1");
            if (!num(x, "reach_days", 365, &rd) || rd < 1 || rd > 3660)
                return bad(err, "pencegahan: reach_days harus 1-3660 hari");
            r->reach_days = (int)rd;
        }
    }
    if (fabs(sum - r->weights_total) > 1e-9) {
        char got[32], want[32];
        snprintf(got, sizeof got, "%g", sum);
        snprintf(want, sizeof want, "%g", r->weights_total);
        return nt_err_set(err, NT_EINVAL, "risk",
                          "data aturan risk tidak sah: bobot indikator berjumlah %s, "
                          "seharusnya %s (weights_total)",
                          got, want);
    }
    json_t *levels = json_object_get(doc, "levels");
    if (!json_is_array(levels) || !json_array_size(levels) ||
        json_array_size(levels) > NT_ARRAY_LEN(r->levels))
        return bad(err, "levels harus daftar berisi 1-6 tingkat");
    json_array_foreach(levels, i, x)
    {
        nt_risk_level_rule *l = &r->levels[i];
        const char *color = str(x, "color");
        if (!*str(x, "id") || strlen(str(x, "id")) >= sizeof l->id || !*str(x, "label") ||
            strlen(str(x, "label")) >= sizeof l->label || strlen(color) != 7 || color[0] != '#' ||
            strspn(color + 1, "0123456789abcdefABCDEF") != 6 || !num(x, "from", -1, &l->from))
            return bad(err, "setiap tingkat perlu id, label, color (#rrggbb) dan from");
        if (i == 0 ? l->from != 0 : (l->from <= r->levels[i - 1].from || l->from > 100))
            return bad(err, "from tingkat harus mulai dari 0 dan naik sampai paling tinggi 100");
        nt_strlcpy(l->id, str(x, "id"), sizeof l->id);
        nt_strlcpy(l->label, str(x, "label"), sizeof l->label);
        nt_strlcpy(l->color, color, sizeof l->color);
        r->nlevels++;
    }
    json_t *ikp = json_object_get(doc, "ikp");
    int rc = parse_thresholds(json_object_get(ikp, "kabkota"), &r->ikp_sedang[0], &r->ikp_tinggi[0],
                              err);
    if (!rc)
        rc = parse_thresholds(json_object_get(ikp, "provinsi"), &r->ikp_sedang[1],
                              &r->ikp_tinggi[1], err);
    if (rc) return rc;
    nt_strlcpy(r->ikp_source, str(ikp, "source"), sizeof r->ikp_source);
    double every = 60;
    if (!num(doc, "recompute_after_s", 60, &every) || every < 1 || every > 86400)
        return bad(err, "recompute_after_s harus 1-86400 detik");
    r->recompute_after_s = (int)every;
    return 0;
}

int nt_risk_level(const nt_risk_rules *r, double score)
{
    int k = 0;
    for (int i = 0; i < r->nlevels; i++)
        if (score >= r->levels[i].from) k = i;
    return k;
}

const char *nt_risk_ikp_level(const nt_risk_rules *r, bool province, double score)
{
    int p = province ? 1 : 0;
    return score >= r->ikp_tinggi[p]   ? "Rawan tinggi"
           : score >= r->ikp_sedang[p] ? "Rawan sedang"
                                       : "Rawan rendah";
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* The score of the values in hand: 100 x their weighted mean, the weights of the indicators
 * with no data left out. */
static void score(const nt_risk_rules *r, nt_risk_result *o)
{
    double w = 0;
    for (int i = 0; i < NT_RISK__COUNT; i++)
        if (r->ind[i].used && o->ind[i].available) w += r->ind[i].weight;
    o->scored = w > 0;
    o->score = 0;
    for (int i = 0; i < NT_RISK__COUNT; i++) {
        bool in = o->scored && r->ind[i].used && o->ind[i].available;
        o->ind[i].share = in ? r->ind[i].weight / w : 0;
        o->ind[i].points = in ? 100 * o->ind[i].share * o->ind[i].value : 0;
        o->score += o->ind[i].points;
    }
    /* a score is shown to one decimal, and its level must agree with what is shown */
    o->score = round(o->score * 10) / 10;
    o->level = o->scored ? nt_risk_level(r, o->score) : 0;
}

void nt_risk_compute(const nt_risk_rules *r, const nt_risk_input *in, nt_risk_result *out)
{
    memset(out, 0, sizeof *out);
    nt_risk_value *v = out->ind;
    if (in->incumbent >= 0) {
        v[NT_RISK_INCUMBENT].available = true;
        v[NT_RISK_INCUMBENT].raw = in->incumbent;
        v[NT_RISK_INCUMBENT].value = in->incumbent == 2   ? 1
                                     : in->incumbent == 1 ? r->ind[NT_RISK_INCUMBENT].kin_share
                                                          : 0;
    }
    if (in->roster > 0) {
        double per = (double)in->roster;
        double past = (double)in->past_reported +
                      r->ind[NT_RISK_PAST].sanctioned_extra * (double)in->past_sanctioned;
        v[NT_RISK_PAST].available = true;
        v[NT_RISK_PAST].raw = past * r->ind[NT_RISK_PAST].per / per;
        v[NT_RISK_PAST].value = clamp01(v[NT_RISK_PAST].raw / r->ind[NT_RISK_PAST].full);
        v[NT_RISK_PATROL].available = true;
        v[NT_RISK_PATROL].raw = (double)in->findings * r->ind[NT_RISK_PATROL].per / per;
        v[NT_RISK_PATROL].value = clamp01(v[NT_RISK_PATROL].raw / r->ind[NT_RISK_PATROL].full);
        out->pledge_share = clamp01((double)in->pledged / per);
        out->reach_share = clamp01((double)in->reached / per);
    }
    /* prevention: what is done, against the roster where there is one; without a roster only
     * the agreement is known, and it stands for the whole indicator */
    double done = in->roster > 0
                      ? r->part_pledge * out->pledge_share + r->part_reach * out->reach_share +
                            r->part_agreement * (in->agreement ? 1 : 0)
                      : (in->agreement ? 1 : 0);
    v[NT_RISK_PREVENTION].available = in->roster > 0 || in->agreement;
    v[NT_RISK_PREVENTION].raw = done;
    v[NT_RISK_PREVENTION].value = clamp01(1 - done);
    if (in->has_ikp) {
        v[NT_RISK_IKP].available = true;
        v[NT_RISK_IKP].raw = in->ikp;
        v[NT_RISK_IKP].value = clamp01(in->ikp / r->ind[NT_RISK_IKP].full);
    }
    score(r, out);
}

void nt_risk_combine(const nt_risk_rules *r, const nt_risk_result *parts, const double *weights,
                     size_t n, nt_risk_result *out)
{
    memset(out, 0, sizeof *out);
    double pw = 0;
    for (int i = 0; i < NT_RISK__COUNT; i++) {
        double sw = 0, sv = 0, sr = 0;
        for (size_t k = 0; k < n; k++)
            if (parts[k].ind[i].available) {
                sw += weights[k];
                sv += weights[k] * parts[k].ind[i].value;
                sr += weights[k] * parts[k].ind[i].raw;
            }
        if (sw > 0) {
            out->ind[i].available = true;
            out->ind[i].value = sv / sw;
            out->ind[i].raw = sr / sw;
        }
    }
    for (size_t k = 0; k < n; k++) {
        out->pledge_share += weights[k] * parts[k].pledge_share;
        out->reach_share += weights[k] * parts[k].reach_share;
        pw += weights[k];
    }
    if (pw > 0) out->pledge_share /= pw, out->reach_share /= pw;
    score(r, out);
}

void nt_risk_explain(const nt_risk_rules *r, nt_risk_ind i, char *out, size_t n)
{
    const char *s = r->ind[i].explains;
    size_t o = 0;
    while (*s && o + 1 < n) {
        const char *end = *s == '{' ? strchr(s, '}') : NULL;
        if (end) {
            char key[32], val[32] = "";
            snprintf(key, sizeof key, "%.*s", (int)(end - s - 1), s + 1);
            if (!strcmp(key, "full"))
                snprintf(val, sizeof val, "%g", r->ind[i].full);
            else if (!strcmp(key, "period_days"))
                snprintf(val, sizeof val, "%d", r->ind[i].period_days);
            else if (!strcmp(key, "reach_days"))
                snprintf(val, sizeof val, "%d", r->reach_days);
            else if (!strcmp(key, "kin_share"))
                snprintf(val, sizeof val, "%g", r->ind[i].kin_share);
            else if (!strcmp(key, "per"))
                snprintf(val, sizeof val, "%g", r->ind[i].per);
            else
                snprintf(val, sizeof val, "{%s}", key);
            for (char *c = val; *c; c++)
                if (*c == '.') *c = ','; /* the Indonesian decimal comma */
            for (const char *c = val; *c && o + 1 < n; c++)
                out[o++] = *c;
            s = end + 1;
        } else {
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
}
