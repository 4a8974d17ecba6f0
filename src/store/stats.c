/*
 * stats.c - the figures every agency should get the same way: one query per
 * group, in the caller's scope, from the same tables the cases live in.
 */
#include "store/store_int.h"

#include <pthread.h>
#include <string.h>

int nt_case_filter_read(json_t *filter, nt_case_filter *f, nt_err *err)
{
    memset(f, 0, sizeof *f);
    f->from = f->to = NT_DATE_NONE;
    if (!filter) return 0;
    int rc = nt_in_str(filter, "pemilihan", false, 64, &f->election, err);
    if (!rc) rc = nt_in_str(filter, "kantor", false, 16, &f->office, err);
    static const struct {
        const char *key, *label;
    } ends[] = {{"dari", "Tanggal awal periode"}, {"sampai", "Tanggal akhir periode"}};
    for (int i = 0; !rc && i < 2; i++) {
        nt_date *d = i ? &f->to : &f->from;
        nt_err e = {0};
        if (nt_in_date(filter, ends[i].key, false, false, d, &e))
            rc = nt_err_set(err, NT_EINVAL, ends[i].key,
                            "%s harus tanggal yang sah (contoh 2026-12-31)", ends[i].label);
    }
    if (!rc && f->from != NT_DATE_NONE && f->to != NT_DATE_NONE && f->to < f->from)
        rc = nt_err_set(err, NT_EINVAL, "sampai",
                        "Tanggal akhir periode tidak boleh sebelum tanggal awalnya");
    return rc;
}

void nt_case_filter_sql(nt_buf *where, const nt_case_filter *f)
{
    if (f->election) nt_buf_adds(where, " AND c.election_id=$14");
    if (f->office)
        nt_buf_adds(where,
                    " AND (c.office=$15 OR (c.office > $15 || '.' AND c.office < $15 || '/'))");
    if (f->from != NT_DATE_NONE) nt_buf_adds(where, " AND c.known_date >= $16");
    if (f->to != NT_DATE_NONE) nt_buf_adds(where, " AND c.known_date <= $17");
}

void nt_case_filter_bind(nt_stmt *s, const nt_case_filter *f)
{
    nt_bind_text(s, 14, f->election);
    nt_bind_text(s, 15, f->office);
    nt_bind_date(s, 16, f->from);
    nt_bind_date(s, 17, f->to);
}

static void label_states(json_t *rows, bool party)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char *k = json_string_value(json_object_get(r, "key"));
        if (party) {
            nt_party_state ps;
            if (!nt_party_state_parse(k, &ps))
                json_object_set_new(r, "label", json_string(nt_party_state_label(ps)));
        } else {
            nt_case_state cs;
            if (!nt_case_state_parse(k, &cs))
                json_object_set_new(r, "label", json_string(nt_case_state_label(cs)));
        }
    }
}

char *nt_category_codes(const nt_rules *ru, const char *category)
{
    json_t *arr = json_array();
    for (int i = 0; i < ru->nviolations; i++)
        if (!strcmp(ru->violations[i].category, category))
            json_array_append_new(arr, json_string(ru->violations[i].code));
    char *codes = json_array_size(arr) ? json_dumps(arr, JSON_COMPACT) : NULL;
    json_decref(arr);
    return codes;
}

/* The funnel's later stages as the figures name them, after "count" (the reported ASN). */
static const char *const stage_keys[] = {"diteruskan", "rekomendasi", "sanksi"};
enum { STAGES = NT_ARRAY_LEN(stage_keys) };

/* The funnel of DOMAIN.md section 4, per reported ASN: reported, forwarded to the
 * civil-service authority, recommended for a sanction, sanctioned (the PPK's decree); the
 * conditions are nt_funnel_stage_sql's (figures.c), which the list of reported ASN filters by. */
static const struct {
    const char *key, *label;
} funnel[] = {
    {"dilaporkan", "ASN terlapor"},
    {"diteruskan", "Diteruskan ke otoritas kepegawaian"},
    {"rekomendasi", "Direkomendasikan sanksi"},
    {"sanksi", "Dijatuhi sanksi"},
};
enum { FUNNEL_N = NT_ARRAY_LEN(funnel) };

typedef struct {
    const char *key;
    const int64_t *c;
} fig_item;

static int item_by_key(const void *x, const void *y)
{
    return strcmp(((const fig_item *)x)->key, ((const fig_item *)y)->key);
}

static int item_by_count(const void *x, const void *y)
{
    const fig_item *a = x, *b = y;
    if (a->c[0] != b->c[0]) return a->c[0] > b->c[0] ? -1 : 1;
    return strcmp(a->key, b->key);
}

/* One figure's rows out of the tally: [{key, label, count (+ the stages)}], largest first and
 * by key (or by key alone), at most max. Labels are the keys until the caller names them. */
static json_t *figure_rows(const nt_tally *t, const char *fig, bool stages, bool by_key, size_t max)
{
    size_t nf = strlen(fig), n = 0;
    fig_item *v = nt_xcalloc(t->idx.n ? t->idx.n : 1, sizeof *v);
    for (size_t i = 0; i < t->idx.cap; i++) {
        const char *k = t->idx.keys[i];
        if (k && !strncmp(k, fig, nf) && k[nf] == '\x1f' && t->v[t->idx.vals[i]][0])
            v[n++] = (fig_item){k + nf + 1, t->v[t->idx.vals[i]]};
    }
    qsort(v, n, sizeof *v, by_key ? item_by_key : item_by_count);
    json_t *rows = json_array();
    for (size_t i = 0; i < n && i < max; i++) {
        json_t *row = json_pack("{ss ss sI}", "key", v[i].key, "label", v[i].key, "count",
                                (json_int_t)v[i].c[0]);
        for (int k = 0; stages && k < STAGES; k++)
            json_object_set_new(row, stage_keys[k], json_integer(v[i].c[1 + k]));
        json_array_append_new(rows, row);
    }
    free(v);
    return rows;
}

/* Each row's label from a query of one text parameter (the key), where it answers. */
static void name_rows(nt_store *st, json_t *rows, const char *static_sql)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        nt_stmt *q =
            nt_query(st->db, static_sql, "t", json_string_value(json_object_get(row, "key")));
        if (q && nt_step(q) == 1 && !nt_col_null(q, 0))
            json_object_set_new(row, "label", json_string(nt_col_text(q, 0)));
        nt_done(q);
    }
}

static json_t *present(nt_store *st, const nt_tally *t)
{
    json_t *o = json_object();
    json_t *g = figure_rows(t, "st", false, false, SIZE_MAX);
    label_states(g, false);
    json_int_t cases = 0;
    size_t i;
    json_t *row;
    json_array_foreach(g, i, row) cases += json_integer_value(json_object_get(row, "count"));
    json_object_set_new(o, "jumlah_kasus", json_integer(cases));
    json_object_set_new(o, "kasus_per_status", g);
    g = figure_rows(t, "of", false, false, SIZE_MAX);
    name_rows(st, g, "SELECT name FROM regions WHERE code=$1");
    json_object_set_new(o, "kasus_per_kantor", g);
    g = figure_rows(t, "mo", false, true, SIZE_MAX);
    json_array_foreach(g, i, row)
    {
        char label[16];
        if (nt_month_format_id(json_string_value(json_object_get(row, "key")), label))
            json_object_set_new(row, "label", json_string(label));
    }
    json_object_set_new(o, "kasus_per_bulan", g);
    /* the funnel: every reported ASN, and how many reached each later stage */
    const int64_t zero[4] = {0}, *fn = zero;
    const int64_t *hit = nt_strmap_get(&t->idx, "fn\x1f");
    if (hit) fn = t->v[*hit];
    json_t *fun = json_array();
    for (size_t k = 0; k < FUNNEL_N; k++)
        json_array_append_new(fun, json_pack("{ss ss sI}", "key", funnel[k].key, "label",
                                             funnel[k].label, "count", (json_int_t)fn[k]));
    json_object_set_new(o, "corong_asn", fun);
    g = figure_rows(t, "ps", false, false, SIZE_MAX);
    label_states(g, true);
    json_object_set_new(o, "asn_per_status", g);
    g = figure_rows(t, "pk", true, false, SIZE_MAX);
    json_array_foreach(g, i, row)
    {
        const char *l = nt_position_kind_label(json_string_value(json_object_get(row, "key")));
        if (l) json_object_set_new(row, "label", json_string(l));
    }
    json_object_set_new(o, "asn_per_jabatan", g);
    g = figure_rows(t, "ag", false, false, 20);
    json_array_foreach(g, i, row) json_object_set_new(row, "label", json_string("?"));
    name_rows(st, g, "SELECT name FROM agencies WHERE id=CAST($1 AS BIGINT)");
    json_object_set_new(o, "asn_per_instansi", g);
    /* categories in the catalogue's order */
    json_t *catdefs = json_object_get(st->rules->catalogue, "categories"), *cats = json_array();
    json_array_foreach(catdefs, i, row)
    {
        char key[96];
        snprintf(key, sizeof key, "ct\x1f%s", json_string_value(json_object_get(row, "id")));
        const int64_t *c = nt_strmap_get(&t->idx, key);
        if (!c || !t->v[*c][0]) continue;
        json_t *r = json_pack("{sO sO sI}", "key", json_object_get(row, "id"), "label",
                              json_object_get(row, "label"), "count", (json_int_t)t->v[*c][0]);
        for (int k = 0; k < STAGES; k++)
            json_object_set_new(r, stage_keys[k], json_integer(t->v[*c][1 + k]));
        json_array_append_new(cats, r);
    }
    json_object_set_new(o, "asn_per_kategori", cats);
    g = figure_rows(t, "el", true, false, SIZE_MAX);
    json_array_foreach(g, i, row) json_object_set_new(row, "label", json_string(""));
    name_rows(st, g, "SELECT name FROM elections WHERE id=$1");
    json_object_set_new(o, "asn_per_pemilihan", g);
    /* regions where they work: names from the registry, zones from the rule data */
    static const char *const figs[] = {"pr", "rg"}, *const keys[] = {"asn_per_provinsi",
                                                                     "asn_per_kabkota"};
    for (int k = 0; k < 2; k++) {
        json_t *rows = figure_rows(t, figs[k], true, false, SIZE_MAX);
        name_rows(st, rows, "SELECT name FROM regions WHERE code=$1");
        json_array_foreach(rows, i, row)
        {
            int z =
                nt_rules_zone(st->rules, (long)json_integer_value(json_object_get(row, "count")));
            json_object_set_new(row, "zona", json_string(st->rules->zones[z].id));
        }
        json_object_set_new(o, keys[k], rows);
    }
    json_object_set_new(o, "versi_zona", json_string(st->rules->zones_version));
    /* when the figures were read: a page says "data per ..." */
    char ts[32];
    nt_time_format(nt_now(), ts);
    json_object_set_new(o, "dihitung", json_string(ts));
    json_object_set_new(o, "dihitung_unix", json_integer(nt_now()));
    return o;
}

/*
 * Figures and due lists change only when something is written, and every write that moves
 * them (cases, their parties and codes, the roster, agencies, regions) appends to the audit
 * log. So they are kept, shared by all threads, until the audit chain's head moves.
 */
#define CACHE_SLOTS 32
static struct {
    char key[96], head[72];
    json_t *figures;
} cache[CACHE_SLOTS];
static unsigned cache_next;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

bool nt_store_head(nt_store *st, char out[72])
{
    nt_stmt *s = nt_query(st->db, "SELECT value FROM meta WHERE key='audit_head_hash'", "");
    bool ok = s && nt_step(s) == 1 && !nt_col_null(s, 0);
    if (ok) nt_strlcpy(out, nt_col_text(s, 0), 72);
    nt_done(s);
    return ok;
}

void nt_cache_key(const char *kind, const nt_actor *a, json_t *filter, int day, char key[96])
{
    char *f = filter ? json_dumps(filter, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    nt_buf b = {0};
    nt_buf_printf(&b, "%u|%s|%lld|%d|%s", a->roles, a->region, (long long)a->agency_id, day,
                  f ? f : "");
    free(f);
    char hex[65];
    nt_sha256_hex(b.p, b.len, hex);
    nt_buf_free(&b);
    snprintf(key, 96, "%s|%s", kind, hex);
}

json_t *nt_cache_get(nt_store *st, const char *key, char head[72])
{
    if (!nt_store_head(st, head)) {
        head[0] = '\0';
        return NULL;
    }
    return nt_cache_lookup(key, head);
}

int nt_roster_touch(nt_store *st)
{
    return nt_exec(st->db,
                   "INSERT INTO meta(key,value) VALUES('roster_generation','1') ON CONFLICT(key) DO"
                   " UPDATE SET value=CAST(CAST(meta.value AS BIGINT)+1 AS TEXT)",
                   "");
}

bool nt_roster_generation(nt_store *st, char out[72])
{
    char v[32] = "0";
    nt_meta_get(st, "roster_generation", v, sizeof v);
    snprintf(out, 72, "roster:%s", v);
    return true;
}

json_t *nt_cache_lookup(const char *key, const char *head)
{
    json_t *hit = NULL;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; !hit && i < CACHE_SLOTS; i++)
        if (cache[i].figures && !strcmp(cache[i].head, head) && !strcmp(cache[i].key, key))
            hit = json_deep_copy(cache[i].figures);
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

void nt_cache_put(const char *key, const char *head, json_t *v)
{
    if (!head[0]) return;
    pthread_mutex_lock(&cache_lock);
    unsigned k = cache_next++ % CACHE_SLOTS;
    json_decref(cache[k].figures);
    nt_strlcpy(cache[k].key, key, sizeof cache[k].key);
    nt_strlcpy(cache[k].head, head, sizeof cache[k].head);
    cache[k].figures = json_deep_copy(v);
    pthread_mutex_unlock(&cache_lock);
}

static json_t *compute(nt_store *st, const nt_actor *a, const nt_case_filter *f);

int nt_stats(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    if (!a->roles) return nt_err_set(err, NT_EFORBIDDEN, NULL, "silakan masuk terlebih dahulu");
    nt_case_filter f;
    int rc = nt_case_filter_read(filter, &f, err);
    if (rc) return rc;
    char day[2][11] = {"", ""};
    if (f.from != NT_DATE_NONE) nt_date_format(f.from, day[0]);
    if (f.to != NT_DATE_NONE) nt_date_format(f.to, day[1]);
    nt_buf b = {0};
    nt_buf_printf(&b, "%u|%s|%lld|%s|%s|%s|%s", a->roles, a->region, (long long)a->agency_id,
                  f.election ? f.election : "", f.office ? f.office : "", day[0], day[1]);
    char hex[65], key[96], head[72];
    nt_sha256_hex(b.p, b.len, hex);
    nt_buf_free(&b);
    snprintf(key, sizeof key, "stats|%s", hex);
    if ((*out = nt_cache_get(st, key, head))) return 0;
    *out = compute(st, a, &f);
    nt_cache_put(key, head, *out);
    return 0;
}

/* The public figures: the national Bawaslu view of nt_stats (so they equal the dashboard's
 * for the same filter), reduced to counts of reported ASN by stage and group. Nothing that
 * names a person, an agency or a case leaves here. */
int nt_public_stats(nt_store *st, json_t *filter, json_t **out, nt_err *err)
{
    *out = NULL;
    nt_actor pub = {.roles = NT_ROLE_BAWASLU};
    nt_strlcpy(pub.username, "publik", sizeof pub.username);
    json_t *all = NULL;
    int rc = nt_stats(st, &pub, filter, &all, err);
    if (rc) return rc;
    static const struct {
        const char *out, *in;
    } groups[] = {{"pemilihan", "asn_per_pemilihan"},
                  {"provinsi", "asn_per_provinsi"},
                  {"kabkota", "asn_per_kabkota"},
                  {"kategori", "asn_per_kategori"},
                  {"jabatan", "asn_per_jabatan"}};
    json_t *o = json_object(), *total = json_object(), *x;
    size_t i;
    json_array_foreach(json_object_get(all, "corong_asn"), i, x)
        json_object_set(total, i ? json_string_value(json_object_get(x, "key")) : "dilaporkan",
                        json_object_get(x, "count"));
    json_object_set_new(o, "versi_skema", json_integer(1));
    json_object_set(o, "per", json_object_get(all, "dihitung"));
    json_object_set(o, "per_unix", json_object_get(all, "dihitung_unix"));
    json_object_set_new(o, "total", total);
    json_object_set(o, "jumlah_kasus", json_object_get(all, "jumlah_kasus"));
    for (size_t g = 0; g < NT_ARRAY_LEN(groups); g++) {
        json_t *rows = json_array();
        json_array_foreach(json_object_get(all, groups[g].in), i, x)
        {
            json_t *row =
                json_pack("{sO sO sO}", "kode", json_object_get(x, "key"), "label",
                          json_object_get(x, "label"), "dilaporkan", json_object_get(x, "count"));
            for (int k = 0; k < STAGES; k++)
                json_object_set(row, stage_keys[k], json_object_get(x, stage_keys[k]));
            json_array_append_new(rows, row);
        }
        json_object_set_new(o, groups[g].out, rows);
    }
    json_decref(all);
    *out = o;
    return 0;
}

static json_t *compute(nt_store *st, const nt_actor *a, const nt_case_filter *f)
{
    nt_tally t = {0};
    nt_figures_read(st, a, f, &t);
    json_t *o = present(st, &t);
    nt_tally_free(&t);
    return o;
}

static int party_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);

/* A page of the list is kept per reader and filter until the audit chain moves (every change
 * to a reported ASN is audited), as the case list's pages are. */
int nt_party_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    if (!a->roles) return nt_err_set(err, NT_EFORBIDDEN, NULL, "silakan masuk terlebih dahulu");
    char key[96], head[72];
    nt_cache_key("parties", a, filter, 0, key);
    if ((*out = nt_cache_get(st, key, head))) return 0;
    int rc = party_list(st, a, filter, out, err);
    if (!rc) nt_cache_put(key, head, *out);
    return rc;
}

static int party_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    const char *state = NULL, *kind = NULL, *category = NULL, *region = NULL, *stage = NULL;
    int64_t agency = -1, limit = 50, offset = 0;
    int rc = 0;
    if (filter) {
        if (!rc) rc = nt_in_str(filter, "status", false, 32, &state, err);
        if (!rc) rc = nt_in_str(filter, "jenis_jabatan", false, 32, &kind, err);
        if (!rc) rc = nt_in_str(filter, "kategori", false, 64, &category, err);
        if (!rc) rc = nt_in_str(filter, "wilayah", false, 16, &region, err);
        if (!rc) rc = nt_in_str(filter, "tahap", false, 16, &stage, err);
        if (!rc) rc = nt_in_int(filter, "instansi", false, 0, INT64_MAX, &agency, err);
        if (!rc) rc = nt_in_int(filter, "limit", false, 1, 100000, &limit, err);
        if (!rc) rc = nt_in_int(filter, "offset", false, 0, INT32_MAX, &offset, err);
    }
    nt_case_filter cf; /* election, office, period: as the dashboard's figures */
    if (!rc) rc = nt_case_filter_read(filter, &cf, err);
    if (rc) return rc;
    const char *stage_sql = stage ? nt_funnel_stage_sql(stage) : NULL;
    if (stage && !stage_sql)
        return nt_err_set(err, NT_EINVAL, "tahap",
                          "tahap harus dilaporkan, diteruskan, rekomendasi atau sanksi");
    nt_party_state ps;
    if (state && nt_party_state_parse(state, &ps))
        return nt_err_set(err, NT_EINVAL, "status", "status terlapor '%s' tidak dikenal", state);
    char *codes = NULL;
    if (category && !(codes = nt_category_codes(st->rules, category)))
        return nt_err_set(err, NT_EINVAL, "kategori", "kategori '%s' tidak dikenal", category);
    nt_buf where = {0};
    nt_buf_printf(&where, " WHERE %s AND %s", nt_scope_sql(a), nt_party_scope_sql(a));
    if (state) nt_buf_adds(&where, " AND p.state=$1");
    if (kind) nt_buf_adds(&where, " AND x.position_kind=$2");
    if (agency >= 0) nt_buf_adds(&where, " AND coalesce(x.agency_id,0)=$3");
    if (codes) {
        nt_buf_adds(&where, " AND p.case_id IN (SELECT v.case_id FROM case_violations v WHERE "
                            "v.code");
        nt_sql_in_json(&where, st->db, false, 4);
        nt_buf_addc(&where, ')');
    }
    nt_case_filter_sql(&where, &cf);
    if (stage_sql) nt_buf_printf(&where, " AND %s", stage_sql);
    if (region)
        nt_buf_adds(&where,
                    " AND (x.region=$8 OR (x.region > $8 || '.' AND x.region < $8 || '/'))");
    static const char from[] = " FROM case_parties p JOIN cases c ON c.id=p.case_id JOIN asn x ON "
                               "x.nip=p.nip LEFT JOIN agencies g ON g.id=x.agency_id";
    nt_buf sql = {0};
    nt_buf_printf(
        &sql,
        "SELECT p.case_id, c.reg_no, c.office AS kantor, coalesce((SELECT r.name FROM "
        "regions r WHERE r.code=c.office), c.office) AS nama_kantor, p.nip, x.name AS nama, "
        "x.position AS jabatan, x.position_kind AS jenis_jabatan, coalesce(g.name,'') "
        "AS instansi, p.state AS status, p.state_since AS status_sejak%s%s "
        "ORDER BY p.case_id DESC, p.nip LIMIT $6 OFFSET $7",
        from, where.p);
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_reset(&sql);
    nt_buf_printf(&sql, "SELECT count(*)%s%s", from, where.p);
    nt_stmt *cnt = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    nt_buf_free(&where);
    if (!s || !cnt) {
        nt_done(s), nt_done(cnt), free(codes);
        return nt_err_set(err, NT_EDB, NULL, "daftar terlapor tidak dapat dibaca");
    }
    nt_stmt *both[2] = {s, cnt};
    for (int k = 0; k < 2; k++) {
        nt_bind_text(both[k], 1, state);
        nt_bind_text(both[k], 2, kind);
        if (agency >= 0)
            nt_bind_int(both[k], 3, agency);
        else
            nt_bind_null(both[k], 3);
        nt_bind_text(both[k], 4, codes);
        nt_case_filter_bind(both[k], &cf);
        nt_bind_text(both[k], 8, region);
        nt_scope_bind(both[k], 9, a);
    }
    nt_bind_int(s, 6, limit);
    nt_bind_int(s, 7, offset);
    free(codes);
    json_t *items = nt_rows_json(s); /* finishes s */
    size_t i;
    json_t *row;
    json_array_foreach(items, i, row)
    {
        nt_party_state p;
        if (!nt_party_state_parse(json_string_value(json_object_get(row, "status")), &p))
            json_object_set_new(row, "status_label", json_string(nt_party_state_label(p)));
        const char *kl =
            nt_position_kind_label(json_string_value(json_object_get(row, "jenis_jabatan")));
        if (kl) json_object_set_new(row, "jenis_jabatan_label", json_string(kl));
    }
    /* the total: the dashboard's kept figure where one answers (no filter of the ASN, or one
     * by state, position kind, category or funnel stage: the figures count these same rows),
     * else counted */
    int nfilters = !!state + !!kind + !!category + !!region + !!stage + (agency >= 0);
    char key[96] = "";
    int col = 0;
    if (nfilters == 0 || stage) {
        snprintf(key, sizeof key, "fn\x1f");
        for (int k = 0; stage && k < FUNNEL_N; k++)
            if (!strcmp(stage, funnel[k].key)) col = k;
    } else if (nfilters == 1 && state)
        snprintf(key, sizeof key, "ps\x1f%s", state);
    else if (nfilters == 1 && kind)
        snprintf(key, sizeof key, "pk\x1f%s", kind);
    else if (nfilters == 1 && category)
        snprintf(key, sizeof key, "ct\x1f%s", category);
    int64_t total = -1;
    nt_tally t = {0};
    if (key[0] && nfilters <= 1 && !nt_figures_read(st, a, &cf, &t)) {
        const int64_t *hit = nt_strmap_get(&t.idx, key);
        total = hit ? t.v[*hit][col] : 0;
    }
    nt_tally_free(&t);
    if (total < 0) total = nt_step(cnt) == 1 ? nt_col_int(cnt, 0) : 0;
    nt_done(cnt);
    nt_mask_rows(st->rules, a, items, nt_pfields_asn);
    *out = json_pack("{sI sI sI so}", "total", (json_int_t)total, "limit", (json_int_t)limit,
                     "offset", (json_int_t)offset, "items", items);
    return 0;
}

/* One view both ways: the kept cells' figures and a fresh count, equal but for the time. */
static bool same_both_ways(nt_store *st, const nt_actor *a, const nt_case_filter *f)
{
    nt_tally kept = {0}, fresh = {0};
    int rc = nt_figures_read(st, a, f, &kept);
    if (!rc) rc = nt_figures_count(st, a, f, &fresh);
    json_t *x = present(st, &kept), *y = present(st, &fresh);
    static const char *const times[] = {"dihitung", "dihitung_unix"};
    for (int i = 0; i < 2; i++)
        json_object_del(x, times[i]), json_object_del(y, times[i]);
    bool same = !rc && json_equal(x, y);
    json_decref(x), json_decref(y);
    nt_tally_free(&kept), nt_tally_free(&fresh);
    return same;
}

int nt_stats_check(nt_store *st, json_t **out, nt_err *err)
{
    *out = NULL;
    /* the views: the nation, the authority, every region a case's office lies in; the nation
     * per election, per province and for a period that ends inside months */
    json_t *views = json_array();
    json_array_append_new(views, json_pack("{ss ss}", "pembaca", "bawaslu", "wilayah", ""));
    json_array_append_new(views, json_pack("{ss ss}", "pembaca", "otoritas", "wilayah", ""));
    nt_stmt *s = nt_query(st->db, "SELECT DISTINCT office FROM cases ORDER BY 1", "");
    json_t *regions = json_object();
    while (s && nt_step(s) == 1) {
        const char *o = nt_col_text(s, 0);
        for (size_t i = 0; o[i]; i++)
            if (o[i] == '.') {
                char up[24];
                snprintf(up, sizeof up, "%.*s", (int)i, o);
                json_object_set_new(regions, up, json_true());
            }
        if (*o) json_object_set_new(regions, o, json_true());
    }
    nt_done(s);
    const char *r;
    json_t *v;
    json_object_foreach(regions, r, v)
    {
        json_array_append_new(views, json_pack("{ss ss}", "pembaca", "bawaslu", "wilayah", r));
        if (!strchr(r, '.'))
            json_array_append_new(
                views, json_pack("{ss ss ss}", "pembaca", "bawaslu", "wilayah", "", "kantor", r));
    }
    json_decref(regions);
    s = nt_query(st->db, "SELECT DISTINCT election_id FROM cases WHERE election_id IS NOT NULL",
                 "");
    while (s && nt_step(s) == 1)
        json_array_append_new(views, json_pack("{ss ss ss}", "pembaca", "bawaslu", "wilayah", "",
                                               "pemilihan", nt_col_text(s, 0)));
    nt_done(s);
    s = nt_query(st->db, "SELECT min(known_date), max(known_date) FROM cases", "");
    if (s && nt_step(s) == 1 && !nt_col_null(s, 0)) {
        nt_date lo = nt_col_date(s, 0), hi = nt_col_date(s, 1);
        char a[11], b[11];
        nt_date_format(lo + 10, a);
        nt_date_format(hi - 10 > lo + 10 ? hi - 10 : hi, b);
        json_array_append_new(views, json_pack("{ss ss ss ss}", "pembaca", "bawaslu", "wilayah", "",
                                               "dari", a, "sampai", b));
        json_array_append_new(
            views, json_pack("{ss ss ss}", "pembaca", "otoritas", "wilayah", "", "dari", a));
    }
    nt_done(s);
    json_t *diff = json_array();
    size_t i;
    json_array_foreach(views, i, v)
    {
        nt_actor a = {0};
        bool authority = !strcmp(json_string_value(json_object_get(v, "pembaca")), "otoritas");
        a.roles = authority ? NT_ROLE_OTORITAS : NT_ROLE_BAWASLU;
        nt_strlcpy(a.region, json_string_value(json_object_get(v, "wilayah")), sizeof a.region);
        nt_strlcpy(a.username, "pemeriksa", sizeof a.username);
        nt_case_filter f;
        nt_err e = {0};
        if (nt_case_filter_read(v, &f, &e) || !same_both_ways(st, &a, &f))
            json_array_append(diff, v);
    }
    *out = json_pack("{sI so}", "dicocokkan", (json_int_t)json_array_size(views), "selisih", diff);
    json_decref(views);
    return 0;
}

int nt_stats_recount(nt_store *st, const nt_actor *a, nt_err *err)
{
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, "db", "basis data sedang sibuk");
    if (nt_figures_rebuild(st) ||
        nt_audit_append(st, a, "statistik.hitung_ulang", "statistik", NULL)) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, "db", "angka dasbor tidak dapat dihitung ulang");
    }
    return nt_db_commit_err(st->db, err);
}
