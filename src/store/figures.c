/*
 * figures.c - the counts behind the dashboard and the public statistics, kept current as
 * cases move instead of counted again from every case.
 *
 * A case contributes rows (figure, key, count, and for the reported ASN the number that
 * reached each later stage of the funnel): its state, office and month; per reported ASN its
 * state, position kind, agency, workplace province and regency, election and violation
 * categories. One gather() reads those rows, in any reader's scope and filter, straight from
 * the cases: it is how the figures are counted fresh, and how one case's rows are read again
 * after it changed.
 *
 * stat_cells keeps the sums per cell: a region (each level the case's office lies in, '' for
 * the nation), who may read it ('b' every case, 'o' the cases with the civil-service
 * authority) and a selection ('' all, 'e:ELECTION', and for the nation 'm:YYYY-MM'). The rows
 * a case was last counted with are kept in stat_cases, so the change that nt_case_event
 * reports moves each cell by the difference only, in the change's own transaction.
 */
#include "store/store_int.h"

#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

#define SEP "\x1f" /* between the parts of a key */

void nt_tally_add(nt_tally *t, const char *key, const int64_t c[4], int sign)
{
    bool found;
    int64_t *slot = nt_strmap_slot(&t->idx, key, &found);
    if (!found) {
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 64;
            t->v = nt_xrealloc(t->v, t->cap * sizeof *t->v);
        }
        memset(t->v[t->n], 0, sizeof t->v[t->n]);
        *slot = (int64_t)t->n++;
    }
    for (int k = 0; k < 4; k++)
        t->v[*slot][k] += sign * c[k];
}

void nt_tally_free(nt_tally *t)
{
    nt_strmap_free(&t->idx);
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* ---- one case's rows ---- */

typedef struct {
    char key[96]; /* fig SEP key */
    int64_t c[4];
} fig_row;

typedef struct {
    int64_t id;
    char office[24], month[8], election[72];
    bool authority; /* with the civil-service authority: the authority reads it */
    fig_row *rows;
    size_t n, cap;
} case_figs;

static void row_add(case_figs *cf, const char *fig, const char *key, const int64_t c[4])
{
    char k[96];
    snprintf(k, sizeof k, "%s" SEP "%s", fig, key);
    for (size_t i = 0; i < cf->n; i++)
        if (!strcmp(cf->rows[i].key, k)) {
            for (int j = 0; j < 4; j++)
                cf->rows[i].c[j] += c[j];
            return;
        }
    if (cf->n == cf->cap) {
        cf->cap = cf->cap ? cf->cap * 2 : 16;
        cf->rows = nt_xrealloc(cf->rows, cf->cap * sizeof *cf->rows);
    }
    fig_row *r = &cf->rows[cf->n++];
    memcpy(r->key, k, sizeof k);
    memcpy(r->c, c, sizeof r->c);
}

/* The funnel stages after "reported", as conditions on a case_parties row p. */
static const char *const stage_sql[3] = {
    "p.state IN (SELECT name FROM rule_party_states WHERE with_authority=1)",
    "p.state IN (SELECT name FROM rule_party_states WHERE with_ppk=1)",
    "p.decree IS NOT NULL",
};

const char *nt_funnel_stage_sql(const char *key)
{
    static const char *const keys[] = {"dilaporkan", "diteruskan", "rekomendasi", "sanksi"};
    for (int i = 0; key && i < 4; i++)
        if (!strcmp(key, keys[i])) return i ? stage_sql[i - 1] : "1=1";
    return NULL;
}

typedef void (*case_fn)(void *ctx, case_figs *cf);

/* The rows of every case in a's scope narrowed by f (and to case `only` when > 0), one case at
 * a time in id order, to fn. The reported ASN count as the dashboard always counted them: those
 * on the roster, a PPK only its own agency's. */
static int gather(nt_store *st, const nt_actor *a, const nt_case_filter *f, int64_t only,
                  case_fn fn, void *ctx)
{
    nt_buf cond = {0};
    nt_buf_adds(&cond, nt_scope_sql(a));
    nt_case_filter_sql(&cond, f);
    if (only > 0) nt_buf_adds(&cond, " AND c.id=$18");
    nt_buf sql = {0};
    nt_buf_printf(&sql,
                  "SELECT c.id, c.state, c.office, substr(c.known_date,1,7),"
                  " coalesce(c.election_id,''), CASE WHEN " NT_SCOPE_SQL_AUTHORITY
                  " THEN 1 ELSE 0 END FROM cases c WHERE %s ORDER BY c.id",
                  cond.p);
    nt_stmt *cs = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_reset(&sql);
    nt_buf_printf(&sql,
                  "SELECT p.case_id, p.state, x.position_kind, coalesce(x.agency_id,0),"
                  " substr(x.region,1,2), substr(x.region,1,5), (SELECT %s FROM case_violations v"
                  " WHERE v.case_id=p.case_id), CASE WHEN %s THEN 1 ELSE 0 END, CASE WHEN %s THEN"
                  " 1 ELSE 0 END, CASE WHEN %s THEN 1 ELSE 0 END FROM case_parties p JOIN cases c"
                  " ON c.id=p.case_id JOIN asn x ON x.nip=p.nip WHERE %s AND %s ORDER BY"
                  " p.case_id",
                  nt_db_sql(st->db, "group_concat(v.code, ',')", "string_agg(v.code, ',')"),
                  stage_sql[0], stage_sql[1], stage_sql[2], cond.p, nt_party_scope_sql(a));
    nt_stmt *ps = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    nt_buf_free(&cond);
    if (!cs || !ps) {
        nt_done(cs), nt_done(ps);
        return NT_EDB;
    }
    nt_stmt *both[2] = {cs, ps};
    for (int k = 0; k < 2; k++) {
        nt_scope_bind(both[k], 9, a);
        nt_case_filter_bind(both[k], f);
        if (only > 0) nt_bind_int(both[k], 18, only);
    }
    json_t *catdefs = json_object_get(st->rules->catalogue, "categories");
    size_t ncat = json_array_size(catdefs);
    int prc = nt_step(ps), crc;
    case_figs cf = {0};
    while ((crc = nt_step(cs)) == 1) {
        cf.id = nt_col_int(cs, 0);
        cf.n = 0;
        nt_strlcpy(cf.office, nt_col_text(cs, 2), sizeof cf.office);
        nt_strlcpy(cf.month, nt_col_text(cs, 3), sizeof cf.month);
        nt_strlcpy(cf.election, nt_col_text(cs, 4), sizeof cf.election);
        cf.authority = nt_col_int(cs, 5) != 0;
        const int64_t one[4] = {1, 0, 0, 0};
        row_add(&cf, "st", nt_col_text(cs, 1), one);
        row_add(&cf, "of", cf.office, one);
        row_add(&cf, "mo", cf.month, one);
        while (prc == 1 && nt_col_int(ps, 0) < cf.id) /* a party of a case outside (cannot be) */
            prc = nt_step(ps);
        for (; prc == 1 && nt_col_int(ps, 0) == cf.id; prc = nt_step(ps)) {
            const int64_t c[4] = {1, nt_col_int(ps, 7) != 0, nt_col_int(ps, 8) != 0,
                                  nt_col_int(ps, 9) != 0};
            char agency[24];
            snprintf(agency, sizeof agency, "%lld", (long long)nt_col_int(ps, 3));
            row_add(&cf, "fn", "", c);
            row_add(&cf, "ps", nt_col_text(ps, 1), one);
            row_add(&cf, "pk", nt_col_text(ps, 2), c);
            row_add(&cf, "ag", agency, one);
            row_add(&cf, "pr", nt_col_text(ps, 4), c);
            row_add(&cf, "rg", nt_col_text(ps, 5), c);
            if (cf.election[0]) row_add(&cf, "el", cf.election, c);
            /* the categories of the case's codes, each once */
            unsigned long long seen = 0;
            const char *codes = nt_col_null(ps, 6) ? "" : nt_col_text(ps, 6);
            while (*codes) {
                size_t len = strcspn(codes, ",");
                char code[16];
                snprintf(code, sizeof code, "%.*s", (int)len, codes);
                const nt_violation *v = nt_rules_violation(st->rules, code);
                for (size_t k = 0; v && k < ncat && k < 64; k++) {
                    const char *id =
                        json_string_value(json_object_get(json_array_get(catdefs, k), "id"));
                    if (!strcmp(v->category, id) && !(seen & (1ull << k))) {
                        seen |= 1ull << k;
                        row_add(&cf, "ct", id, c);
                    }
                }
                codes += len + (codes[len] == ',');
            }
        }
        fn(ctx, &cf);
    }
    free(cf.rows);
    nt_done(cs);
    nt_done(ps);
    return crc < 0 || prc < 0 ? NT_EDB : 0;
}

static void add_to_tally(void *ctx, case_figs *cf)
{
    for (size_t i = 0; i < cf->n; i++)
        nt_tally_add(ctx, cf->rows[i].key, cf->rows[i].c, 1);
}

int nt_figures_count(nt_store *st, const nt_actor *a, const nt_case_filter *f, nt_tally *out)
{
    return gather(st, a, f, 0, add_to_tally, out);
}

/* ---- the cells ---- */

enum { MAX_CELLS = 32 };
typedef struct {
    char c[MAX_CELLS][112]; /* region SEP vis SEP sel */
    int n;
} cell_set;

/* The cells a case counts in: every region its office lies in (the office, each code before a
 * '.', and the nation), for everyone and, when the authority has the case, for the
 * authority; each for all cases and for the case's election; for the nation also its month. */
static void cells_of(const char *office, const char *month, const char *election, bool authority,
                     cell_set *out)
{
    out->n = 0;
    char regions[8][24];
    int nr = 0;
    nt_strlcpy(regions[nr++], "", sizeof regions[0]);
    for (size_t i = 0; office[i] && nr < 7; i++)
        if (office[i] == '.') snprintf(regions[nr++], sizeof regions[0], "%.*s", (int)i, office);
    if (office[0]) nt_strlcpy(regions[nr++], office, sizeof regions[0]);
    for (int v = 0; v < (authority ? 2 : 1); v++)
        for (int r = 0; r < nr; r++) {
            const char *vis = v ? "o" : "b";
            if (out->n + 3 > MAX_CELLS) return;
            snprintf(out->c[out->n++], sizeof out->c[0], "%s" SEP "%s" SEP, regions[r], vis);
            if (election[0])
                snprintf(out->c[out->n++], sizeof out->c[0], "%s" SEP "%s" SEP "e:%s", regions[r],
                         vis, election);
            if (r == 0 && month[0])
                snprintf(out->c[out->n++], sizeof out->c[0], "%s" SEP "%s" SEP "m:%s", regions[r],
                         vis, month);
        }
}

static void cells_add(nt_tally *t, const cell_set *cells, const fig_row *rows, size_t n, int sign)
{
    char key[256];
    for (int c = 0; c < cells->n; c++)
        for (size_t i = 0; i < n; i++) {
            snprintf(key, sizeof key, "%s" SEP "%s", cells->c[c], rows[i].key);
            nt_tally_add(t, key, rows[i].c, sign);
        }
}

/* Adds the cells' changes (nonzero ones) to stat_cells, a few thousand rows a statement
 * (passed as one JSON array). */
static int cells_write(nt_store *st, const nt_tally *t)
{
    enum { BATCH = 2000 };
    const nt_strmap *m = &t->idx;
    int rc = 0;
    size_t i = 0;
    while (!rc && i < m->cap) {
        json_t *batch = json_array();
        for (; i < m->cap && json_array_size(batch) < BATCH; i++) {
            if (!m->keys[i]) continue;
            const int64_t *v = t->v[m->vals[i]];
            if (!v[0] && !v[1] && !v[2] && !v[3]) continue;
            json_t *row = json_array();
            const char *p = m->keys[i];
            for (int part = 0; part < 5; part++) {
                size_t len = strcspn(p, SEP);
                json_array_append_new(row, json_stringn(p, len));
                p += len + (p[len] != '\0');
            }
            for (int j = 0; j < 4; j++)
                json_array_append_new(row, json_integer(v[j]));
            json_array_append_new(batch, row);
        }
        if (json_array_size(batch)) {
            char *text = json_dumps(batch, JSON_COMPACT);
            rc = nt_exec(st->db,
                         nt_db_sql(st->db,
                                   "INSERT INTO stat_cells(region,vis,sel,fig,k,n,n1,n2,n3) SELECT"
                                   " value->>0, value->>1, value->>2, value->>3, value->>4,"
                                   " value->>5, value->>6, value->>7, value->>8 FROM json_each($1)"
                                   " WHERE TRUE ON CONFLICT(region,vis,sel,fig,k) DO UPDATE SET"
                                   " n=stat_cells.n+excluded.n, n1=stat_cells.n1+excluded.n1,"
                                   " n2=stat_cells.n2+excluded.n2, n3=stat_cells.n3+excluded.n3",
                                   "INSERT INTO stat_cells(region,vis,sel,fig,k,n,n1,n2,n3) SELECT"
                                   " r->>0, r->>1, r->>2, r->>3, r->>4, (r->>5)::bigint,"
                                   " (r->>6)::bigint, (r->>7)::bigint, (r->>8)::bigint FROM"
                                   " jsonb_array_elements($1::jsonb) r ON CONFLICT(region,vis,sel,"
                                   "fig,k) DO UPDATE SET n=stat_cells.n+excluded.n,"
                                   " n1=stat_cells.n1+excluded.n1, n2=stat_cells.n2+excluded.n2,"
                                   " n3=stat_cells.n3+excluded.n3"),
                         "t", text);
            free(text);
        }
        json_decref(batch);
    }
    return rc;
}

/* A case's rows and cells as stat_cases keeps them: [[key, n, n1, n2, n3], ...], [cell, ...]. */
static void snapshot_text(const case_figs *cf, const cell_set *cells, char **rows, char **cl)
{
    json_t *r = json_array(), *c = json_array();
    for (size_t i = 0; i < cf->n; i++)
        json_array_append_new(r, json_pack("[sIIII]", cf->rows[i].key, cf->rows[i].c[0],
                                           cf->rows[i].c[1], cf->rows[i].c[2], cf->rows[i].c[3]));
    for (int i = 0; i < cells->n; i++)
        json_array_append_new(c, json_string(cells->c[i]));
    *rows = json_dumps(r, JSON_COMPACT);
    *cl = json_dumps(c, JSON_COMPACT);
    json_decref(r);
    json_decref(c);
}

/* What case id was last counted with, taken back out of t (sign -1). */
static int snapshot_subtract(nt_store *st, int64_t id, nt_tally *t, bool *had)
{
    nt_stmt *s = nt_query(st->db, "SELECT rows, cells FROM stat_cases WHERE case_id=$1", "i", id);
    if (!s) return NT_EDB;
    int rc = nt_step(s);
    *had = rc == 1;
    if (rc == 1) {
        json_t *rows = json_loads(nt_col_text(s, 0), 0, NULL);
        json_t *cells = json_loads(nt_col_text(s, 1), 0, NULL);
        size_t i, j;
        json_t *r, *c;
        json_array_foreach(cells, i, c) json_array_foreach(rows, j, r)
        {
            char key[256];
            snprintf(key, sizeof key, "%s" SEP "%s", json_string_value(c),
                     json_string_value(json_array_get(r, 0)));
            const int64_t v[4] = {
                json_integer_value(json_array_get(r, 1)), json_integer_value(json_array_get(r, 2)),
                json_integer_value(json_array_get(r, 3)), json_integer_value(json_array_get(r, 4))};
            nt_tally_add(t, key, v, -1);
        }
        json_decref(rows);
        json_decref(cells);
    }
    nt_done(s);
    return rc < 0 ? NT_EDB : 0;
}

static int snapshot_put(nt_store *st, const case_figs *cf, const cell_set *cells)
{
    char *rows, *cl;
    snapshot_text(cf, cells, &rows, &cl);
    int rc = nt_exec(st->db,
                     "INSERT INTO stat_cases(case_id, rows, cells) VALUES($1,$2,$3) ON "
                     "CONFLICT(case_id) DO UPDATE SET rows=excluded.rows, cells=excluded.cells",
                     "itt", cf->id, rows, cl);
    free(rows);
    free(cl);
    return rc;
}

typedef struct {
    nt_store *st;
    nt_tally delta;
    bool found;
    int rc;
} refresh_ctx;

static void refresh_one(void *ctx, case_figs *cf)
{
    refresh_ctx *x = ctx;
    cell_set cells;
    cells_of(cf->office, cf->month, cf->election, cf->authority, &cells);
    cells_add(&x->delta, &cells, cf->rows, cf->n, 1);
    x->found = true;
    if (!x->rc) x->rc = snapshot_put(x->st, cf, &cells);
}

int nt_figures_case_refresh(nt_store *st, int64_t id)
{
    nt_actor all;
    nt_actor_system(&all, "figures");
    nt_case_filter none = {.from = NT_DATE_NONE, .to = NT_DATE_NONE};
    refresh_ctx x = {.st = st};
    bool had = false;
    int rc = snapshot_subtract(st, id, &x.delta, &had);
    if (!rc) rc = gather(st, &all, &none, id, refresh_one, &x);
    if (!rc) rc = x.rc;
    if (!rc && had && !x.found)
        rc = nt_exec(st->db, "DELETE FROM stat_cases WHERE case_id=$1", "i", id);
    if (!rc) rc = cells_write(st, &x.delta);
    nt_tally_free(&x.delta);
    return rc;
}

/* ---- counting everything again ---- */

typedef struct {
    nt_store *st;
    nt_tally cells;
    json_t *snapshots; /* [[case_id, rows, cells], ...] not yet written */
    int rc;
} rebuild_ctx;

static int snapshots_write(rebuild_ctx *x)
{
    if (!json_array_size(x->snapshots)) return 0;
    char *text = json_dumps(x->snapshots, JSON_COMPACT);
    int rc = nt_exec(x->st->db,
                     nt_db_sql(x->st->db,
                               "INSERT INTO stat_cases(case_id, rows, cells) SELECT value->>0,"
                               " value->>1, value->>2 FROM json_each($1)",
                               "INSERT INTO stat_cases(case_id, rows, cells) SELECT"
                               " (r->>0)::bigint, r->>1, r->>2 FROM jsonb_array_elements($1::jsonb)"
                               " r"),
                     "t", text);
    free(text);
    json_array_clear(x->snapshots);
    return rc;
}

static void rebuild_one(void *ctx, case_figs *cf)
{
    rebuild_ctx *x = ctx;
    cell_set cells;
    cells_of(cf->office, cf->month, cf->election, cf->authority, &cells);
    cells_add(&x->cells, &cells, cf->rows, cf->n, 1);
    char *rows, *cl;
    snapshot_text(cf, &cells, &rows, &cl);
    json_array_append_new(x->snapshots, json_pack("[Iss]", (json_int_t)cf->id, rows, cl));
    free(rows);
    free(cl);
    if (!x->rc && json_array_size(x->snapshots) >= 2000) x->rc = snapshots_write(x);
}

/* What the kept figures were counted with: the state facts (which states are with the
 * authority or a PPK), each violation code's category, and this code's way of counting. */
static void figure_rules(nt_store *st, char hex[65])
{
    nt_buf b = {0};
    nt_buf_adds(&b, "figures-1");
    for (int i = 0; i < st->rules->nviolations; i++)
        nt_buf_printf(&b, "|%s=%s", st->rules->violations[i].code,
                      st->rules->violations[i].category);
    char states[4096];
    if (nt_meta_get(st, "rule_states", states, sizeof states)) nt_buf_printf(&b, "|%s", states);
    nt_sha256_hex(b.p, b.len, hex);
    nt_buf_free(&b);
}

/* Inside the caller's transaction. */
static int rebuild(nt_store *st)
{
    int rc = nt_exec(st->db, "DELETE FROM stat_cells", "");
    if (!rc) rc = nt_exec(st->db, "DELETE FROM stat_cases", "");
    nt_actor all;
    nt_actor_system(&all, "figures");
    nt_case_filter none = {.from = NT_DATE_NONE, .to = NT_DATE_NONE};
    rebuild_ctx x = {.st = st, .snapshots = json_array()};
    if (!rc) rc = gather(st, &all, &none, 0, rebuild_one, &x);
    if (!rc) rc = x.rc;
    if (!rc) rc = snapshots_write(&x);
    json_decref(x.snapshots);
    if (!rc) rc = cells_write(st, &x.cells);
    nt_tally_free(&x.cells);
    char want[65];
    figure_rules(st, want);
    if (!rc) rc = nt_meta_set(st, "figure_rules", want);
    return rc;
}

int nt_figures_rebuild(nt_store *st)
{
    return rebuild(st);
}

static bool current(nt_store *st)
{
    char want[65], have[72] = "";
    figure_rules(st, want);
    if (!nt_meta_get(st, "figure_rules", have, sizeof have) || strcmp(have, want)) return false;
    /* cases written around the store (a bulk load, an older binary, a restore) leave the
     * counts behind: their newest case was never counted (cases are never deleted) */
    nt_stmt *s = nt_query(st->db,
                          "SELECT (SELECT coalesce(max(id),0) FROM cases), (SELECT"
                          " coalesce(max(case_id),0) FROM stat_cases)",
                          "");
    bool same = s && nt_step(s) == 1 && nt_col_int(s, 0) == nt_col_int(s, 1);
    nt_done(s);
    return same;
}

int nt_figures_keep_current(nt_store *st, nt_err *err)
{
    if (current(st)) return 0;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, "db", "basis data sedang sibuk");
    if (current(st)) { /* again under the lock: another connection may have done it */
        nt_db_rollback(st->db);
        return 0;
    }
    if (rebuild(st)) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, "db", "angka dasbor tidak dapat dihitung ulang");
    }
    return nt_db_commit_err(st->db, err);
}

/* ---- reading ---- */

static int read_cells(nt_store *st, const char *region, const char *vis, const char *lo,
                      const char *hi, nt_tally *out)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT fig, k, sum(n), sum(n1), sum(n2), sum(n3) FROM stat_cells WHERE"
                          " region=$1 AND vis=$2 AND sel BETWEEN $3 AND $4 GROUP BY fig, k",
                          "tttt", region, vis, lo, hi);
    if (!s) return NT_EDB;
    int rc;
    while ((rc = nt_step(s)) == 1) {
        const int64_t c[4] = {nt_col_int(s, 2), nt_col_int(s, 3), nt_col_int(s, 4),
                              nt_col_int(s, 5)};
        if (!c[0] && !c[1] && !c[2] && !c[3]) continue;
        char key[96];
        snprintf(key, sizeof key, "%s" SEP "%s", nt_col_text(s, 0), nt_col_text(s, 1));
        nt_tally_add(out, key, c, 1);
    }
    nt_done(s);
    return rc < 0 ? NT_EDB : 0;
}

static void month_of(nt_date d, char out[8])
{
    char s[11];
    nt_date_format(d, s);
    snprintf(out, 8, "%.7s", s);
}

static nt_date month_first(nt_date d)
{
    int y, m, day;
    nt_date_to_ymd(d, &y, &m, &day);
    return nt_date_from_ymd(y, m, 1);
}

static nt_date month_last(nt_date d)
{
    int y, m, day;
    nt_date_to_ymd(d, &y, &m, &day);
    return (m == 12 ? nt_date_from_ymd(y + 1, 1, 1) : nt_date_from_ymd(y, m + 1, 1)) - 1;
}

int nt_figures_read(nt_store *st, const nt_actor *a, const nt_case_filter *f, nt_tally *out)
{
    /* which cells answer: everyone's cases in a region, or the authority's in the nation */
    nt_scope_kind scope = nt_scope_of(a);
    const char *vis = scope == NT_SCOPE_AUTHORITY ? "o" : "b";
    char region[24];
    if (scope == NT_SCOPE_ALL || scope == NT_SCOPE_AUTHORITY)
        region[0] = '\0';
    else if (scope == NT_SCOPE_REGION)
        nt_strlcpy(region, a->region, sizeof region);
    else /* a PPK's agency: counted from its own cases */
        return nt_figures_count(st, a, f, out);
    if (f->office) {
        if (nt_region_within(f->office, region))
            nt_strlcpy(region, f->office, sizeof region);
        else if (!nt_region_within(region, f->office))
            return nt_figures_count(st, a, f, out); /* nothing in common: nothing counted */
    }
    bool dated = f->from != NT_DATE_NONE || f->to != NT_DATE_NONE;
    if (!dated) {
        char sel[80] = "";
        if (f->election) snprintf(sel, sizeof sel, "e:%s", f->election);
        return read_cells(st, region, vis, sel, sel, out);
    }
    if (f->election || region[0]) return nt_figures_count(st, a, f, out);
    /* a period in the nation: its whole months from the cells, the part-months at either end
     * counted from their cases */
    char lo[16] = "m:", hi[16] = "m:~";
    nt_date first_full = NT_DATE_NONE, last_full = NT_DATE_NONE;
    if (f->from != NT_DATE_NONE)
        first_full = month_first(f->from) == f->from ? f->from : month_last(f->from) + 1;
    if (f->to != NT_DATE_NONE)
        last_full = month_last(f->to) == f->to ? f->to : month_first(f->to) - 1;
    bool any_full =
        first_full == NT_DATE_NONE || last_full == NT_DATE_NONE || first_full <= last_full;
    int rc = 0;
    if (any_full) {
        char m[8];
        if (first_full != NT_DATE_NONE) month_of(first_full, m), snprintf(lo, sizeof lo, "m:%s", m);
        if (last_full != NT_DATE_NONE) month_of(last_full, m), snprintf(hi, sizeof hi, "m:%s", m);
        rc = read_cells(st, region, vis, lo, hi, out);
        nt_case_filter edge = *f;
        if (!rc && f->from != NT_DATE_NONE && first_full != f->from) {
            edge.from = f->from, edge.to = first_full - 1;
            rc = nt_figures_count(st, a, &edge, out);
        }
        if (!rc && f->to != NT_DATE_NONE && last_full != f->to) {
            edge.from = last_full + 1, edge.to = f->to;
            rc = nt_figures_count(st, a, &edge, out);
        }
    } else
        rc = nt_figures_count(st, a, f, out); /* within one month */
    return rc;
}
