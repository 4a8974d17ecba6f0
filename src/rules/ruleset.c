/*
 * ruleset.c - parsing of the rule data documents (see ruleset.h). Every
 * document must carry a "version"; a malformed document stops start-up with a
 * message that names the file and the field.
 */
#include "rules/ruleset.h"
#include "rules/notify.h"

#include "base/file.h"
#include "rules/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int bad(nt_err *err, const char *doc, const char *what)
{
    return nt_err_set(err, NT_EINVAL, doc, "data aturan %s tidak sah: %s", doc, what);
}

static int take_date(json_t *o, const char *k, nt_date *out)
{
    const char *s = json_string_value(json_object_get(o, k));
    if (!s) {
        *out = NT_DATE_NONE;
        return 0;
    }
    return nt_date_parse(s, strlen(s), out) ? 0 : -1;
}

static int parse_count(const char *s, nt_daycount *out)
{
    if (strcmp(s, "calendar") == 0)
        *out = NT_COUNT_CALENDAR;
    else if (strcmp(s, "working") == 0)
        *out = NT_COUNT_WORKING;
    else
        return -1;
    return 0;
}

static int parse_catalogue(nt_rules *r, json_t *doc, nt_err *err)
{
    json_t *ladders = json_object_get(doc, "ladders"), *viol = json_object_get(doc, "violations");
    if (!json_is_array(ladders) || !json_is_array(viol))
        return bad(err, "catalogue", "ladders dan violations wajib berupa array");
    size_t i;
    json_t *l;
    json_array_foreach(ladders, i, l)
    {
        const char *id = str(l, "id");
        json_t *levels = json_object_get(l, "levels");
        if (!*id || !json_is_object(levels)) return bad(err, "catalogue", "ladder tanpa id/levels");
        if (r->nladders >= (int)NT_ARRAY_LEN(r->ladders))
            return bad(err, "catalogue", "terlalu banyak ladder");
        nt_ladder *ld = &r->ladders[r->nladders++];
        nt_strlcpy(ld->id, id, sizeof ld->id);
        nt_strlcpy(ld->name, str(l, "name"), sizeof ld->name);
        const char *kind = str(l, "kind"), *who = str(l, "applies_to");
        if (!strcmp(kind, "etik"))
            ld->kind = NT_LADDER_ETHICS;
        else if (!strcmp(kind, "disiplin") || !*kind)
            ld->kind = NT_LADDER_DISCIPLINE;
        else
            return bad(err, "catalogue", "kind ladder harus etik atau disiplin");
        ld->pns = !strcmp(who, "pns") || !strcmp(who, "asn");
        ld->pppk = !strcmp(who, "pppk") || !strcmp(who, "asn");
        if (!ld->pns && !ld->pppk)
            return bad(err, "catalogue", "applies_to ladder harus pns, pppk atau asn");
        if (take_date(l, "from", &ld->from) || ld->from == NT_DATE_NONE ||
            take_date(l, "to", &ld->to))
            return bad(err, "catalogue", "ladder wajib punya from (dan to) yang sah");
        const char *lvl;
        json_t *opts;
        json_object_foreach(levels, lvl, opts)
        {
            size_t j;
            json_t *o;
            json_array_foreach(opts, j, o)
            {
                if (r->nsanctions >= (int)NT_ARRAY_LEN(r->sanctions))
                    return bad(err, "catalogue", "terlalu banyak sanksi");
                nt_sanction *s = &r->sanctions[r->nsanctions++];
                nt_strlcpy(s->ladder, id, sizeof s->ladder);
                nt_strlcpy(s->level, lvl, sizeof s->level);
                nt_strlcpy(s->code, str(o, "code"), sizeof s->code);
                nt_strlcpy(s->label, str(o, "label"), sizeof s->label);
                if (!*s->code) return bad(err, "catalogue", "sanksi tanpa code");
            }
        }
    }
    json_t *v;
    json_array_foreach(viol, i, v)
    {
        if (r->nviolations >= (int)NT_ARRAY_LEN(r->violations))
            return bad(err, "catalogue", "terlalu banyak jenis pelanggaran");
        nt_violation *x = &r->violations[r->nviolations++];
        nt_strlcpy(x->code, str(v, "code"), sizeof x->code);
        nt_strlcpy(x->kind, str(v, "kind"), sizeof x->kind);
        nt_strlcpy(x->level, str(v, "level"), sizeof x->level);
        nt_strlcpy(x->category, str(v, "category"), sizeof x->category);
        nt_strlcpy(x->act, str(v, "act"), sizeof x->act);
        if (!*x->code || !*x->kind) return bad(err, "catalogue", "pelanggaran tanpa code/kind");
        if (nt_level_rank(x->level) == -2)
            return bad(err, "catalogue", "tingkat pelanggaran tidak dikenal");
    }
    /* which code a patrol finding proposes */
    json_t *pt = json_object_get(doc, "patrol");
    static const char *acts[] = {"own_content", "interaction"};
    static const char *when[] = {"before_confirmation", "after_confirmation"};
    for (int a = 0; a < 2; a++)
        for (int w = 0; w < 2; w++) {
            const char *code = str(json_object_get(pt, acts[a]), when[w]);
            if (!nt_rules_violation(r, code))
                return bad(err, "catalogue",
                           "patrol.own_content/interaction harus menunjuk kode pelanggaran");
            nt_strlcpy(r->patrol_code[a][w], code, sizeof r->patrol_code[a][w]);
        }
    json_t *k;
    r->npatrol_interactions = 0;
    json_array_foreach(json_object_get(pt, "interaction_kinds"), i, k)
    {
        if (!json_is_string(k) || r->npatrol_interactions >= 8)
            return bad(err, "catalogue", "patrol.interaction_kinds tidak sah");
        nt_strlcpy(r->patrol_interactions[r->npatrol_interactions++], json_string_value(k), 16);
    }
    r->patrol_comment_on_candidate_interacts =
        json_is_true(json_object_get(pt, "comment_on_candidate_is_interaction"));
    r->catalogue = json_incref(doc);
    return 0;
}

/* The catalogue's levels, lightest first, with their names as the joint decree writes them. */
static const char *const level_order[][2] = {{"moral", "Sanksi moral (kode etik)"},
                                             {"ringan", "Disiplin ringan"},
                                             {"sedang", "Disiplin sedang"},
                                             {"berat", "Disiplin berat"},
                                             {"ptdh", "Pemberhentian tidak dengan hormat"}};
#define LEVEL_UNRATED_NAME "menurut_ketentuan"

int nt_level_rank(const char *level)
{
    for (size_t i = 0; level && i < NT_ARRAY_LEN(level_order); i++)
        if (strcmp(level, level_order[i][0]) == 0) return (int)i;
    if (level && strcmp(level, LEVEL_UNRATED_NAME) == 0) return NT_LEVEL_UNRATED;
    return -2;
}

const char *nt_level_label(const char *level)
{
    int r = nt_level_rank(level);
    if (r >= 0) return level_order[r][1];
    if (r == NT_LEVEL_UNRATED) return "Menurut ketentuan peraturan perundang-undangan";
    return level ? level : "";
}

static int parse_clock(nt_clock *c, json_t *j, nt_daycount dflt, nt_err *err)
{
    memset(c, 0, sizeof *c);
    nt_strlcpy(c->id, str(j, "id"), sizeof c->id);
    nt_strlcpy(c->label, str(j, "label"), sizeof c->label);
    if (!*c->id) return bad(err, "regimes", "clock tanpa id");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(j, "states"), i, s)
    {
        nt_case_state st;
        if (nt_case_state_parse(json_string_value(s), &st))
            return bad(err, "regimes", "status kasus tidak dikenal dalam clock");
        c->states[st] = true;
    }
    json_array_foreach(json_object_get(j, "party_states"), i, s)
    {
        nt_party_state st;
        if (nt_party_state_parse(json_string_value(s), &st))
            return bad(err, "regimes", "status terlapor tidak dikenal dalam clock");
        c->party_states[st] = true;
    }
    const char *a = str(j, "anchor");
    if (strcmp(a, "known") == 0)
        c->anchor = NT_ANCHOR_KNOWN;
    else if (strcmp(a, "entered") == 0)
        c->anchor = NT_ANCHOR_ENTERED;
    else if (strcmp(a, "registered") == 0)
        c->anchor = NT_ANCHOR_REGISTERED;
    else if (strcmp(a, "received") == 0)
        c->anchor = NT_ANCHOR_RECEIVED;
    else
        return bad(err, "regimes", "anchor harus known, entered, registered atau received");
    json_t *d = json_object_get(j, "days");
    if (!json_is_integer(d) || json_integer_value(d) < 0 || json_integer_value(d) > 365)
        return bad(err, "regimes", "days harus bilangan bulat 0..365");
    c->days = (int)json_integer_value(d);
    c->extension_days = (int)json_integer_value(json_object_get(j, "extension_days"));
    if (c->extension_days < 0 || c->extension_days > 365)
        return bad(err, "regimes", "extension_days di luar rentang");
    c->count = dflt;
    if (json_object_get(j, "count") && parse_count(str(j, "count"), &c->count))
        return bad(err, "regimes", "count harus calendar atau working");
    c->unconfirmed = json_is_true(json_object_get(j, "check"));
    nt_strlcpy(c->basis, str(j, "basis"), sizeof c->basis);
    return 0;
}

static int parse_regimes(nt_rules *r, json_t *doc, nt_err *err)
{
    size_t i;
    json_t *g;
    json_t *arr = json_object_get(doc, "regimes");
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return bad(err, "regimes", "regimes wajib berupa array yang tidak kosong");
    json_array_foreach(arr, i, g)
    {
        if (r->nregimes >= (int)NT_ARRAY_LEN(r->regimes))
            return bad(err, "regimes", "terlalu banyak");
        nt_regime *x = &r->regimes[r->nregimes++];
        memset(x, 0, sizeof *x);
        nt_strlcpy(x->id, str(g, "id"), sizeof x->id);
        nt_strlcpy(x->name, str(g, "name"), sizeof x->name);
        nt_strlcpy(x->basis, str(g, "basis"), sizeof x->basis);
        x->filing = -1;
        nt_daycount dflt;
        if (!*x->id || parse_count(str(g, "count"), &dflt))
            return bad(err, "regimes", "rezim wajib punya id dan count");
        size_t j;
        json_t *c;
        json_array_foreach(json_object_get(g, "clocks"), j, c)
        {
            if (x->nclocks >= (int)NT_ARRAY_LEN(x->clocks))
                return bad(err, "regimes", "clock terlalu banyak");
            int rc = parse_clock(&x->clocks[x->nclocks++], c, dflt, err);
            if (rc) return rc;
            if (!strcmp(x->clocks[x->nclocks - 1].id, str(g, "filing_clock")))
                x->filing = x->nclocks - 1;
        }
        if (x->filing < 0 || x->clocks[x->filing].anchor != NT_ANCHOR_KNOWN)
            return bad(err, "regimes",
                       "filing_clock rezim harus menunjuk clock dengan anchor known");
    }
    const char *kind;
    json_t *reg;
    json_object_foreach(json_object_get(doc, "election_kinds"), kind, reg)
    {
        if (r->nkinds >= (int)NT_ARRAY_LEN(r->kinds)) break;
        nt_strlcpy(r->kinds[r->nkinds].kind, kind, sizeof r->kinds[0].kind);
        nt_strlcpy(r->kinds[r->nkinds].regime, json_string_value(reg) ? json_string_value(reg) : "",
                   sizeof r->kinds[0].regime);
        if (!nt_rules_regime(r, r->kinds[r->nkinds].regime))
            return bad(err, "regimes", "election_kinds menunjuk rezim yang tidak ada");
        r->nkinds++;
    }
    return 0;
}

static int parse_holidays(nt_rules *r, json_t *doc, nt_err *err)
{
    const char *year;
    json_t *days;
    json_object_foreach(json_object_get(doc, "years"), year, days)
    {
        size_t i;
        json_t *h;
        char *end;
        long y = strtol(year, &end, 10);
        if (*end || y < 1900 || y > 2200) return bad(err, "holidays", "tahun tidak sah");
        /* a year is either a list of days, or {"provisional": true, "days": [...]} */
        bool provisional = false;
        if (json_is_object(days)) {
            provisional = json_is_true(json_object_get(days, "provisional"));
            days = json_object_get(days, "days");
        }
        if (!json_is_array(days)) return bad(err, "holidays", "daftar hari libur tidak sah");
        if (nt_calendar_add_year(&r->calendar, (int)y, provisional))
            return bad(err, "holidays", "terlalu banyak tahun");
        json_array_foreach(days, i, h)
        {
            nt_date d;
            if (take_date(h, "date", &d) || d == NT_DATE_NONE)
                return bad(err, "holidays", "tanggal libur tidak sah");
            nt_calendar_add(&r->calendar, d);
        }
    }
    return 0;
}

static int parse_authority(nt_rules *r, json_t *doc, nt_err *err)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(doc, "authorities"), i, a)
    {
        if (r->nauthorities >= (int)NT_ARRAY_LEN(r->authorities)) break;
        nt_authority *x = &r->authorities[r->nauthorities++];
        nt_strlcpy(x->short_name, str(a, "short"), sizeof x->short_name);
        nt_strlcpy(x->name, str(a, "name"), sizeof x->name);
        nt_strlcpy(x->addressee, *str(a, "addressee") ? str(a, "addressee") : "Pimpinan",
                   sizeof x->addressee);
        if (!*x->short_name || take_date(a, "from", &x->from) || x->from == NT_DATE_NONE ||
            take_date(a, "to", &x->to))
            return bad(err, "authority", "otoritas wajib punya short dan from yang sah");
    }
    if (r->nauthorities == 0) return bad(err, "authority", "tidak ada otoritas");
    return 0;
}

static int parse_zones(nt_rules *r, json_t *doc, nt_err *err)
{
    json_t *levels = json_object_get(doc, "levels"), *l;
    size_t i;
    if (!json_is_array(levels) || json_array_size(levels) == 0 ||
        json_array_size(levels) > NT_ARRAY_LEN(r->zones))
        return bad(err, "zones", "levels harus daftar berisi 1-8 tingkat");
    r->nzones = 0;
    json_array_foreach(levels, i, l)
    {
        const char *id = json_string_value(json_object_get(l, "id"));
        const char *label = json_string_value(json_object_get(l, "label"));
        const char *color = json_string_value(json_object_get(l, "color"));
        json_t *min = json_object_get(l, "min");
        if (!id || !*id || strlen(id) >= 16 || !label || strlen(label) >= 96 || !color ||
            strlen(color) != 7 || color[0] != '#' ||
            strspn(color + 1, "0123456789abcdefABCDEF") != 6 || !json_is_integer(min) ||
            json_integer_value(min) < 0)
            return bad(err, "zones",
                       "setiap tingkat perlu id, label, color (#rrggbb) dan min >= 0");
        if (i == 0 ? json_integer_value(min) != 0 : json_integer_value(min) <= r->zones[i - 1].min)
            return bad(err, "zones", "min harus mulai dari 0 dan naik");
        nt_strlcpy(r->zones[i].id, id, sizeof r->zones[i].id);
        nt_strlcpy(r->zones[i].label, label, sizeof r->zones[i].label);
        nt_strlcpy(r->zones[i].color, color, sizeof r->zones[i].color);
        r->zones[i].min = (long)json_integer_value(min);
        r->nzones++;
    }
    return 0;
}

static int parse_pledges(nt_rules *r, json_t *doc, nt_err *err)
{
    json_t *vs = json_object_get(doc, "versions"), *v, *pt;
    json_t *min = json_object_get(doc, "coverage_min");
    if (!json_is_number(min) || json_number_value(min) < 0 || json_number_value(min) > 1)
        return bad(err, "pledges", "coverage_min harus bilangan 0 sampai 1");
    if (!json_is_array(vs) || !json_array_size(vs))
        return bad(err, "pledges", "versions harus daftar berisi paling sedikit satu teks");
    size_t i, k;
    json_array_foreach(vs, i, v)
    {
        const char *id = str(v, "id"), *from = str(v, "from"), *title = str(v, "title");
        json_t *points = json_object_get(v, "points");
        nt_date d;
        if (!*id || !*title || !nt_date_parse(from, strlen(from), &d))
            return bad(err, "pledges", "setiap versi memerlukan id, title dan from (TTTT-BB-HH)");
        if (!json_is_array(points) || !json_array_size(points) || json_array_size(points) > 12)
            return nt_err_set(err, NT_EINVAL, "pledges",
                              "data aturan pledges tidak sah: versi %s: points harus 1-12 butir",
                              id);
        json_array_foreach(
            points, k,
            pt) if (!json_is_string(pt) ||
                    !json_string_length(pt)) return nt_err_set(err, NT_EINVAL, "pledges",
                                                               "data aturan pledges tidak sah: "
                                                               "versi %s: setiap butir harus teks",
                                                               id);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(str(json_array_get(vs, j), "id"), id))
                return nt_err_set(err, NT_EINVAL, "pledges",
                                  "data aturan pledges tidak sah: id versi %s ganda", id);
    }
    json_decref(r->pledges);
    r->pledges = json_incref(vs);
    r->pledge_coverage_min = json_number_value(min);
    return 0;
}

static int parse_prevention(nt_rules *r, json_t *doc, nt_err *err)
{
    json_t *at = json_object_get(doc, "attendance");
    static const char *const keys[] = {"sure_min", "ask_min", "margin"};
    double v[3];
    for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++) {
        json_t *x = json_object_get(at, keys[i]);
        if (!json_is_number(x) || json_number_value(x) < 0 || json_number_value(x) > 1)
            return nt_err_set(err, NT_EINVAL, "prevention",
                              "data aturan prevention tidak sah: attendance.%s harus bilangan 0 "
                              "sampai 1",
                              keys[i]);
        v[i] = json_number_value(x);
    }
    json_int_t mc = json_integer_value(json_object_get(at, "max_candidates"));
    if (v[1] > v[0]) return bad(err, "prevention", "attendance.ask_min melebihi sure_min");
    if (mc < 1 || mc > 10) return bad(err, "prevention", "attendance.max_candidates harus 1-10");
    r->attendance.sure_min = v[0];
    r->attendance.ask_min = v[1];
    r->attendance.margin = v[2];
    r->attendance.max_candidates = (int)mc;
    return 0;
}

/* The guidance lists: each item a text, an example and its basis; a forbidden item's codes
 * must be in the catalogue (loaded before). */
static int parse_guidance(nt_rules *r, json_t *doc, nt_err *err)
{
    static const char *const lists[] = {"allowed", "forbidden"};
    if (!*str(doc, "title") || !*str(doc, "basis"))
        return bad(err, "guidance", "title dan basis wajib diisi");
    for (size_t l = 0; l < NT_ARRAY_LEN(lists); l++) {
        json_t *items = json_object_get(doc, lists[l]), *it, *c;
        if (!json_is_array(items) || !json_array_size(items))
            return nt_err_set(err, NT_EINVAL, "guidance",
                              "data aturan guidance tidak sah: %s harus daftar yang berisi",
                              lists[l]);
        size_t i, k;
        json_array_foreach(items, i, it)
        {
            if (!*str(it, "text") || !*str(it, "basis"))
                return nt_err_set(err, NT_EINVAL, "guidance",
                                  "data aturan guidance tidak sah: %s butir %zu memerlukan text "
                                  "dan basis",
                                  lists[l], i + 1);
            json_array_foreach(json_object_get(it, "codes"), k, c)
            {
                if (!nt_rules_violation(r, json_string_value(c)))
                    return nt_err_set(err, NT_EINVAL, "guidance",
                                      "data aturan guidance tidak sah: kode %.8s tidak ada dalam "
                                      "katalog",
                                      json_string_value(c) ?: "?");
            }
        }
    }
    json_decref(r->guidance);
    r->guidance = json_incref(doc);
    return 0;
}

/* The templates of every message rules/notify.c knows, each using only that message's fields. */
static int parse_notifications(nt_rules *r, json_t *doc, nt_err *err)
{
    json_t *t = json_object_get(doc, "templates"), *d = json_object_get(doc, "delivery");
    if (!json_is_object(t)) return bad(err, "notifications", "templates harus objek");
    for (const nt_notify_kind *k = nt_notify_kinds; k->id; k++) {
        json_t *one = json_object_get(t, k->id);
        if (!json_is_object(one))
            return nt_err_set(err, NT_EINVAL, "notifications",
                              "data aturan notifications tidak sah: templat %s tidak ada", k->id);
        int rc = nt_notify_check(k, one, err);
        if (rc) return rc;
    }
    const char *k;
    json_t *v;
    json_object_foreach(t, k, v)
    {
        if (!nt_notify_kind_of(k))
            return nt_err_set(err, NT_EINVAL, "notifications",
                              "data aturan notifications tidak sah: templat %.40s tidak dikenal",
                              k);
    }
    json_int_t attempts = json_integer_value(json_object_get(d, "attempts"));
    json_int_t timeout = json_integer_value(json_object_get(d, "timeout_s"));
    json_t *backoff = json_object_get(d, "backoff_s"), *b;
    if (attempts < 1 || attempts > 100 || timeout < 1 || timeout > 600 || !json_is_array(backoff) ||
        !json_array_size(backoff) || json_array_size(backoff) > NT_ARRAY_LEN(r->notify_backoff_s))
        return bad(err, "notifications",
                   "delivery memerlukan attempts (1-100), timeout_s (1-600) dan backoff_s");
    size_t i;
    json_array_foreach(backoff, i, b)
    {
        json_int_t s = json_integer_value(b);
        if (s < 1 || s > 86400) return bad(err, "notifications", "backoff_s harus 1-86400 detik");
        r->notify_backoff_s[i] = (int)s;
    }
    json_int_t hour = json_integer_value(json_object_get(d, "digest_hour_wib"));
    json_int_t days = json_integer_value(json_object_get(d, "digest_days"));
    if (hour < 0 || hour > 23 || days < 1 || days > 30)
        return bad(err, "notifications", "digest_hour_wib harus 0-23 dan digest_days 1-30");
    r->digest_hour_wib = (int)hour;
    r->digest_days = (int)days;
    r->notify_nbackoff = (int)json_array_size(backoff);
    r->notify_attempts = (int)attempts;
    r->notify_timeout_s = (int)timeout;
    /* the gateway's body: strings using {{ke}} and {{teks}} only */
    json_t *gw = json_object_get(json_object_get(doc, "gateway"), "body");
    if (!json_is_object(gw) || !json_object_size(gw))
        return bad(err, "notifications", "gateway.body harus objek JSON");
    static const char *const gw_fields[] = {"ke", "teks", NULL};
    const nt_notify_kind gw_kind = {"gateway", NT_NOTIFY_REPORTER, "gateway", gw_fields};
    json_t *val;
    json_object_foreach(gw, k, val)
    {
        if (!json_is_string(val)) continue;
        json_t *probe = json_pack("{sO sO}", "subject", val, "body", val);
        int rc = nt_notify_check(&gw_kind, probe, err);
        json_decref(probe);
        if (rc) return rc;
    }
    json_decref(r->gateway_body);
    r->gateway_body = json_incref(gw);
    json_decref(r->notify);
    r->notify = json_incref(t);
    return 0;
}

static int parse_timezones(nt_rules *r, json_t *doc, nt_err *err)
{
    json_t *zones = json_object_get(doc, "zones"), *z, *p;
    const char *def = json_string_value(json_object_get(doc, "default"));
    size_t i, k;
    if (!json_is_array(zones) || !json_array_size(zones) ||
        json_array_size(zones) > NT_ARRAY_LEN(r->timezones) || !def)
        return bad(err, "timezones", "zones (1-4 zona) dan default wajib ada");
    r->ntimezones = 0;
    json_array_foreach(zones, i, z)
    {
        const char *label = json_string_value(json_object_get(z, "label"));
        json_t *off = json_object_get(z, "utc_offset_hours");
        json_t *provs = json_object_get(z, "provinces");
        if (!label || !*label || strlen(label) >= 8 || !json_is_integer(off) ||
            json_integer_value(off) < -12 || json_integer_value(off) > 14 ||
            !json_is_array(provs) || json_array_size(provs) > 40)
            return bad(err, "timezones",
                       "setiap zona perlu label, utc_offset_hours (-12..14) dan provinces");
        int at = r->ntimezones;
        nt_strlcpy(r->timezones[at].label, label, sizeof r->timezones[at].label);
        r->timezones[at].offset_hours = (int)json_integer_value(off);
        r->timezones[at].nprovinces = 0;
        json_array_foreach(provs, k, p)
        {
            const char *code = json_string_value(p);
            if (!code || strlen(code) != 2 || strspn(code, "0123456789") != 2)
                return bad(err, "timezones", "kode provinsi harus dua angka");
            nt_strlcpy(r->timezones[at].provinces[r->timezones[at].nprovinces++], code, 4);
        }
        r->ntimezones++;
    }
    /* the default zone goes first */
    for (int j = 0; j < r->ntimezones; j++)
        if (!strcmp(r->timezones[j].label, def)) {
            nt_timezone t = r->timezones[0];
            r->timezones[0] = r->timezones[j];
            r->timezones[j] = t;
            return 0;
        }
    return bad(err, "timezones", "default harus salah satu label zona");
}

void nt_rules_timezone(const nt_rules *r, const char *region, int *offset_hours, const char **label)
{
    *offset_hours = r->ntimezones ? r->timezones[0].offset_hours : 7;
    *label = r->ntimezones ? r->timezones[0].label : "WIB";
    if (!region || strlen(region) < 2) return;
    for (int i = 0; i < r->ntimezones; i++)
        for (int k = 0; k < r->timezones[i].nprovinces; k++)
            if (!strncmp(region, r->timezones[i].provinces[k], 2)) {
                *offset_hours = r->timezones[i].offset_hours;
                *label = r->timezones[i].label;
                return;
            }
}

static int parse_privacy(nt_rules *r, json_t *doc, nt_err *err)
{
    json_t *cols = json_object_get(doc, "personal_columns"), *roles = json_object_get(doc, "roles");
    json_t *v;
    size_t i;
    if (!json_is_array(cols) || json_array_size(cols) > NT_ARRAY_LEN(r->personal) ||
        !json_is_array(roles))
        return bad(err, "privacy", "personal_columns (maks. 8) dan roles harus daftar");
    r->npersonal = 0;
    json_array_foreach(cols, i, v)
    {
        const char *c = json_string_value(v);
        if (!c || !*c || strlen(c) >= 16) return bad(err, "privacy", "nama kolom tidak sah");
        nt_strlcpy(r->personal[r->npersonal++], c, 16);
    }
    r->personal_roles = 0;
    json_array_foreach(roles, i, v)
    {
        nt_role role;
        if (!json_is_string(v) || nt_role_parse(json_string_value(v), &role))
            return bad(err, "privacy", "peran tidak dikenal");
        r->personal_roles |= (unsigned)role;
    }
    json_t *ri = json_object_get(doc, "reporter_identity");
    json_t *lv = json_object_get(ri, "levels_above"), *po = json_object_get(ri, "previous_offices");
    if (!json_is_object(ri) || !json_is_integer(lv) || json_integer_value(lv) < 0 ||
        json_integer_value(lv) > 3 || !json_is_boolean(po))
        return bad(err, "privacy",
                   "reporter_identity harus memuat levels_above (0..3) dan previous_offices "
                   "(true/false)");
    r->reporter_levels_above = (int)json_integer_value(lv);
    r->reporter_previous_offices = json_is_true(po);
    json_t *ar = json_object_get(json_object_get(doc, "authority_roster"), "whole_roster");
    if (!json_is_boolean(ar))
        return bad(err, "privacy", "authority_roster.whole_roster harus true/false");
    r->authority_roster_all = json_is_true(ar);
    return 0;
}

int nt_rules_zone(const nt_rules *r, long count)
{
    int z = 0;
    for (int i = 0; i < r->nzones; i++)
        if (count >= r->zones[i].min) z = i;
    return z;
}

bool nt_rules_masked(const nt_rules *r, const char *column, unsigned roles)
{
    if (roles & r->personal_roles) return false;
    for (int i = 0; i < r->npersonal; i++)
        if (!strcmp(r->personal[i], column)) return true;
    return false;
}

int nt_rules_parse(nt_rules *r, const char *name, const char *text, size_t len, nt_err *err)
{
    json_error_t je;
    json_t *doc = json_loadb(text, len, 0, &je);
    if (!doc)
        return nt_err_set(err, NT_EINVAL, name, "data aturan %s bukan JSON yang sah (baris %d): %s",
                          name, je.line, je.text);
    const char *ver = json_string_value(json_object_get(doc, "version"));
    int rc;
    if (!ver || !*ver) {
        rc = bad(err, name, "version wajib diisi");
    } else if (strcmp(name, "catalogue") == 0) {
        nt_strlcpy(r->catalogue_version, ver, sizeof r->catalogue_version);
        rc = parse_catalogue(r, doc, err);
    } else if (strcmp(name, "regimes") == 0) {
        nt_strlcpy(r->regimes_version, ver, sizeof r->regimes_version);
        rc = parse_regimes(r, doc, err);
    } else if (strcmp(name, "holidays") == 0) {
        nt_strlcpy(r->holidays_version, ver, sizeof r->holidays_version);
        rc = parse_holidays(r, doc, err);
    } else if (strcmp(name, "authority") == 0) {
        nt_strlcpy(r->authority_version, ver, sizeof r->authority_version);
        rc = parse_authority(r, doc, err);
    } else if (strcmp(name, "zones") == 0) {
        nt_strlcpy(r->zones_version, ver, sizeof r->zones_version);
        rc = parse_zones(r, doc, err);
    } else if (strcmp(name, "timezones") == 0) {
        nt_strlcpy(r->timezones_version, ver, sizeof r->timezones_version);
        rc = parse_timezones(r, doc, err);
    } else if (strcmp(name, "pledges") == 0) {
        nt_strlcpy(r->pledges_version, ver, sizeof r->pledges_version);
        rc = parse_pledges(r, doc, err);
    } else if (strcmp(name, "prevention") == 0) {
        nt_strlcpy(r->prevention_version, ver, sizeof r->prevention_version);
        rc = parse_prevention(r, doc, err);
    } else if (strcmp(name, "documents") == 0) {
        nt_strlcpy(r->documents_version, ver, sizeof r->documents_version);
        rc = nt_rules_parse_documents(r, doc, err);
    } else if (strcmp(name, "guidance") == 0) {
        nt_strlcpy(r->guidance_version, ver, sizeof r->guidance_version);
        rc = parse_guidance(r, doc, err);
    } else if (strcmp(name, "notifications") == 0) {
        nt_strlcpy(r->notify_version, ver, sizeof r->notify_version);
        rc = parse_notifications(r, doc, err);
    } else if (strcmp(name, "risk") == 0) {
        rc = nt_risk_parse(&r->risk, doc, err);
    } else if (strcmp(name, "privacy") == 0) {
        nt_strlcpy(r->privacy_version, ver, sizeof r->privacy_version);
        rc = parse_privacy(r, doc, err);
    } else {
        rc = bad(err, name, "dokumen tidak dikenal");
    }
    json_decref(doc);
    return rc;
}

int nt_rules_load_dir(nt_rules *r, const char *dir, nt_err *err)
{
    static const char *docs[] = {
        "catalogue", "regimes", "holidays",   "authority", "zones",         "privacy",  "timezones",
        "pledges",   "risk",    "prevention", "guidance",  "notifications", "documents"};
    memset(r, 0, sizeof *r);
    nt_strlcpy(r->data_dir, dir, sizeof r->data_dir);
    for (size_t i = 0; i < NT_ARRAY_LEN(docs); i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/rules/%s.json", dir, docs[i]);
        char *text = NULL;
        size_t len = 0;
        int rc = nt_file_read(path, &text, &len, err);
        if (!rc) rc = nt_rules_parse(r, docs[i], text, len, err);
        free(text);
        if (rc) {
            nt_rules_free(r);
            return rc;
        }
    }
    return 0;
}

void nt_rules_free(nt_rules *r)
{
    nt_calendar_free(&r->calendar);
    json_decref(r->catalogue);
    r->catalogue = NULL;
    json_decref(r->pledges);
    r->pledges = NULL;
    json_decref(r->guidance);
    r->guidance = NULL;
    json_decref(r->notify);
    r->notify = NULL;
    json_decref(r->gateway_body);
    r->gateway_body = NULL;
    json_decref(r->documents);
    r->documents = NULL;
}

const json_t *nt_rules_pledge(const nt_rules *r, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(r->pledges, i, v) if (id && !strcmp(str(v, "id"), id)) return v;
    return NULL;
}

const json_t *nt_rules_pledge_on(const nt_rules *r, nt_date day)
{
    const json_t *best = NULL;
    nt_date best_from = NT_DATE_NONE;
    size_t i;
    json_t *v;
    json_array_foreach(r->pledges, i, v)
    {
        nt_date from;
        const char *f = str(v, "from");
        if (!nt_date_parse(f, strlen(f), &from) || from > day) continue;
        if (!best || from > best_from) best = v, best_from = from;
    }
    return best;
}

const nt_regime *nt_rules_regime(const nt_rules *r, const char *id)
{
    for (int i = 0; id && i < r->nregimes; i++)
        if (strcmp(r->regimes[i].id, id) == 0) return &r->regimes[i];
    return NULL;
}

const char *nt_rules_regime_for_kind(const nt_rules *r, const char *kind)
{
    for (int i = 0; kind && i < r->nkinds; i++)
        if (strcmp(r->kinds[i].kind, kind) == 0) return r->kinds[i].regime;
    return NULL;
}

const nt_violation *nt_rules_violation(const nt_rules *r, const char *code)
{
    for (int i = 0; code && i < r->nviolations; i++)
        if (strcmp(r->violations[i].code, code) == 0) return &r->violations[i];
    return NULL;
}

const nt_sanction *nt_rules_sanction(const nt_rules *r, const char *ladder, const char *code)
{
    for (int i = 0; code && i < r->nsanctions; i++)
        if (strcmp(r->sanctions[i].code, code) == 0 &&
            (!ladder || strcmp(r->sanctions[i].ladder, ladder) == 0))
            return &r->sanctions[i];
    return NULL;
}

const nt_ladder *nt_rules_ladder_for(const nt_rules *r, nt_ladder_kind kind, bool pppk, nt_date day)
{
    for (int i = 0; i < r->nladders; i++) {
        const nt_ladder *l = &r->ladders[i];
        if (l->kind == kind && (pppk ? l->pppk : l->pns) && day >= l->from &&
            (l->to == NT_DATE_NONE || day <= l->to))
            return l;
    }
    return NULL;
}

const char *nt_rules_patrol_code(const nt_rules *r, const char *kind, bool on_candidate,
                                 bool after_confirmation)
{
    bool interaction = false;
    for (int i = 0; kind && i < r->npatrol_interactions; i++)
        if (strcmp(kind, r->patrol_interactions[i]) == 0) interaction = true;
    if (kind && strcmp(kind, "comment") == 0 && on_candidate &&
        r->patrol_comment_on_candidate_interacts)
        interaction = true;
    return r->patrol_code[interaction][after_confirmation];
}

const nt_authority *nt_rules_authority_on(const nt_rules *r, nt_date day)
{
    for (int i = 0; i < r->nauthorities; i++) {
        const nt_authority *a = &r->authorities[i];
        if (day >= a->from && (a->to == NT_DATE_NONE || day <= a->to)) return a;
    }
    return r->nauthorities ? &r->authorities[r->nauthorities - 1] : NULL;
}
