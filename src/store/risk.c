/*
 * risk.c - the risk index per region (rules/risk.h computes it): the figures of every regency
 * and city gathered in a few grouped queries, each region's current index kept in risk_current
 * and every change of it in risk_history, a province from its regencies and cities (the
 * published vulnerability index it reads is imported in risk_ikp.c). Recomputed when the audit
 * log has moved since (every change of an input is audited) or the rules changed.
 */
#include "store/store_int.h"

#include "base/strmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct region_fig {
    char code[16], name[128], parent[16];
    nt_risk_input in;
    char election[64];
    nt_date voting;
    int64_t ikp_year;
    nt_risk_result out;
    bool scored;
} region_fig;

typedef struct fig_set {
    region_fig *r;
    size_t n;
    nt_strmap by_code;
} fig_set;

static region_fig *fig_of(fig_set *f, const char *kab)
{
    const int64_t *k = nt_strmap_get(&f->by_code, kab);
    return k ? &f->r[*k] : NULL;
}

/* Sums a grouped count (a region or one below it, count) into one field of its regency's
 * figures. Grouping by the region itself lets SQLite walk its index instead of sorting every
 * row by a prefix. */
static void add_counts(fig_set *f, nt_stmt *s, size_t offset)
{
    while (s && nt_step(s) == 1) {
        char kab[8];
        snprintf(kab, sizeof kab, "%.5s", nt_col_text(s, 0));
        region_fig *r = fig_of(f, kab);
        if (r) *(int64_t *)((char *)&r->in + offset) += nt_col_int(s, 1);
    }
    nt_done(s);
}

/* The election a regency's index is about: its own (a regent's or mayor's) before its
 * province's, the next one to be held, else the latest held within the past year. */
static void pick_elections(nt_store *st, fig_set *f, nt_date today)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT e.id, coalesce(e.region,''), e.voting_date,"
                          " coalesce(max(c.incumbent),0), coalesce(max(c.incumbent_kin),0)"
                          " FROM elections e LEFT JOIN candidates c ON c.election_id=e.id"
                          " WHERE e.voting_date >= $1 GROUP BY e.id, e.region, e.voting_date",
                          "d", today - 365);
    int *rank = nt_xcalloc(f->n ? f->n : 1, sizeof *rank);
    while (s && nt_step(s) == 1) {
        const char *region = nt_col_text(s, 1);
        nt_date vd = nt_col_date(s, 2);
        int inc = nt_col_int(s, 3) ? 2 : nt_col_int(s, 4) ? 1 : 0;
        for (size_t i = 0; i < f->n; i++) {
            region_fig *r = &f->r[i];
            int level = !strcmp(region, r->code) ? 2 : !strcmp(region, r->parent) ? 1 : 0;
            if (!level) continue;
            /* better: a nearer level, then one to come over one held, then the soonest */
            bool better =
                level > rank[i] ||
                (level == rank[i] && ((vd >= today && (r->voting < today || vd < r->voting)) ||
                                      (vd < today && r->voting < today && vd > r->voting)));
            if (!better) continue;
            rank[i] = level;
            r->voting = vd;
            r->in.incumbent = inc;
            nt_strlcpy(r->election, nt_col_text(s, 0), sizeof r->election);
        }
    }
    nt_done(s);
    free(rank);
}

static int gather(nt_store *st, fig_set *f, nt_date today, nt_err *err)
{
    const nt_risk_rules *ru = &st->rules->risk;
    nt_stmt *s = nt_query(st->db,
                          "SELECT code, name, coalesce(parent,'') FROM regions WHERE"
                          " level='kabkota' ORDER BY code",
                          "");
    size_t cap = 0;
    while (s && nt_step(s) == 1) {
        if (f->n == cap) f->r = nt_xrealloc(f->r, (cap = cap ? cap * 2 : 64) * sizeof *f->r);
        region_fig *r = &f->r[f->n];
        memset(r, 0, sizeof *r);
        nt_strlcpy(r->code, nt_col_text(s, 0), sizeof r->code);
        nt_strlcpy(r->name, nt_col_text(s, 1), sizeof r->name);
        nt_strlcpy(r->parent, nt_col_text(s, 2), sizeof r->parent);
        r->in.incumbent = -1;
        bool found;
        *nt_strmap_slot(&f->by_code, r->code, &found) = (int64_t)f->n;
        f->n++;
    }
    nt_done(s);
    if (!f->n) return 0;
    pick_elections(st, f, today);
    add_counts(f, nt_query(st->db, "SELECT region, count(*) FROM asn GROUP BY region", ""),
               offsetof(nt_risk_input, roster));
    /* past violations: each reported ASN of the regency in an election held before the one
     * the index is about (before today when there is none) */
    nt_buf sql = {0};
    nt_buf_printf(&sql,
                  "SELECT substr(x.region,1,5), e.voting_date, count(*), sum(CASE WHEN %s THEN 1 "
                  "ELSE 0 END) FROM case_parties p JOIN asn x ON x.nip=p.nip JOIN cases c ON "
                  "c.id=p.case_id JOIN elections e ON e.id=c.election_id WHERE e.voting_date < $1 "
                  "GROUP BY 1, 2",
                  nt_funnel_stage_sql("sanksi"));
    s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (s) nt_bind_date(s, 1, today);
    while (s && nt_step(s) == 1) {
        region_fig *r = fig_of(f, nt_col_text(s, 0));
        nt_date vd = nt_col_date(s, 1);
        if (!r || (r->election[0] && vd >= r->voting)) continue;
        r->in.past_reported += nt_col_int(s, 2);
        r->in.past_sanctioned += nt_col_int(s, 3);
    }
    nt_done(s);
    add_counts(f,
               nt_query(st->db,
                        "SELECT x.region, count(*) FROM patrol_findings f JOIN asn x ON x.nip=f.nip"
                        " WHERE f.first_seen >= $1 AND f.status <> 'ditolak' GROUP BY x.region",
                        "i", nt_now() - (int64_t)ru->ind[NT_RISK_PATROL].period_days * 86400),
               offsetof(nt_risk_input, findings));
    add_counts(f,
               nt_query(st->db,
                        "SELECT x.region, count(DISTINCT p.nip) FROM pledges p JOIN asn x ON"
                        " x.nip=p.nip GROUP BY x.region",
                        ""),
               offsetof(nt_risk_input, pledged));
    /* reach: the participants of the events the regency's offices held in the period, or the
     * attendance list where it is longer */
    add_counts(f,
               nt_query(st->db,
                        "SELECT substr(e.office,1,5), sum(CASE WHEN e.participants > (SELECT"
                        " count(*) FROM event_attendance a WHERE a.event_id=e.id) THEN"
                        " e.participants ELSE (SELECT count(*) FROM event_attendance a WHERE"
                        " a.event_id=e.id) END) FROM events e WHERE e.held_on >= $1 AND"
                        " e.held_on <= $2 AND length(e.office) >= 5 GROUP BY 1",
                        "dd", today - ru->reach_days, today),
               offsetof(nt_risk_input, reached));
    s = nt_query(st->db,
                 "SELECT DISTINCT substr(office,1,5) FROM agreements WHERE length(office) >= 5"
                 " AND valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)",
                 "d", today);
    while (s && nt_step(s) == 1) {
        region_fig *r = fig_of(f, nt_col_text(s, 0));
        if (r) r->in.agreement = true;
    }
    nt_done(s);
    s = nt_query(st->db, "SELECT region, score, year FROM ikp_scores ORDER BY region, year", "");
    while (s && nt_step(s) == 1) { /* the latest year last */
        region_fig *r = fig_of(f, nt_col_text(s, 0));
        if (!r) continue;
        r->in.has_ikp = true;
        r->in.ikp = nt_col_double(s, 1);
        r->ikp_year = nt_col_int(s, 2);
    }
    nt_done(s);
    (void)err;
    return 0;
}

static double r4(double v)
{
    return round(v * 10000) / 10000;
}

/* What is kept of a region's index: the figures it came from and each indicator's value,
 * written the same way every time so that an unchanged index compares equal. */
static char *detail_text(const nt_risk_rules *ru, const nt_risk_input *in, const nt_risk_result *o,
                         int64_t ikp_year, int children)
{
    json_t *ind = json_array();
    for (int i = 0; i < NT_RISK__COUNT; i++) {
        if (!ru->ind[i].used) continue;
        const nt_risk_value *v = &o->ind[i];
        json_array_append_new(ind,
                              json_pack("{ss sb sf sf sf sf}", "id", nt_risk_ind_id(i), "tersedia",
                                        v->available, "mentah", r4(v->raw), "nilai", r4(v->value),
                                        "bagian", r4(v->share), "poin", r4(v->points)));
    }
    json_t *d = json_pack("{so s{si sI sI sI sI sI sI sb sb sf sI sf sf} si}", "indikator", ind,
                          "angka", "petahana", in->incumbent, "asn", (json_int_t)in->roster,
                          "dilaporkan_lalu", (json_int_t)in->past_reported, "disanksi_lalu",
                          (json_int_t)in->past_sanctioned, "temuan", (json_int_t)in->findings,
                          "ikrar", (json_int_t)in->pledged, "jangkauan", (json_int_t)in->reached,
                          "kesepakatan", in->agreement, "ada_ikp", in->has_ikp, "ikp", r4(in->ikp),
                          "ikp_tahun", (json_int_t)ikp_year, "cakupan_ikrar", r4(o->pledge_share),
                          "cakupan_sosialisasi", r4(o->reach_share), "wilayah_dihitung", children);
    char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    return s;
}

/* Keeps one region's index: the current row updated, and a history row when the score, the
 * level or an indicator changed (or the rules did). */
static int keep(nt_store *st, const char *code, const char *election, const nt_risk_result *o,
                const char *detail, int64_t now, int *changed)
{
    const nt_risk_rules *ru = &st->rules->risk;
    const char *level = o->scored ? ru->levels[o->level].id : "";
    nt_stmt *s = nt_query(st->db,
                          "SELECT coalesce(score,-1), level, detail, rules_version,"
                          " coalesce(election_id,'') FROM risk_current WHERE region=$1",
                          "t", code);
    bool have = s && nt_step(s) == 1;
    bool same = have && fabs(nt_col_double(s, 0) - (o->scored ? o->score : -1)) < 1e-9 &&
                !strcmp(nt_col_text(s, 1), level) && !strcmp(nt_col_text(s, 2), detail) &&
                !strcmp(nt_col_text(s, 3), ru->version) &&
                !strcmp(nt_col_text(s, 4), election ? election : "");
    nt_done(s);
    if (same)
        return nt_exec(st->db, "UPDATE risk_current SET computed_at=$2 WHERE region=$1", "ti", code,
                       now);
    (*changed)++;
    /* the same row into both: the current index, and a line of its history */
    static const char *const writes[2] = {
        "INSERT INTO risk_current(region,election_id,score,level,detail,rules_version,"
        "computed_at,since) VALUES($1,$2,$3,$4,$5,$6,$7,$7) ON CONFLICT(region) DO UPDATE SET"
        " election_id=excluded.election_id, score=excluded.score, level=excluded.level,"
        " detail=excluded.detail, rules_version=excluded.rules_version,"
        " computed_at=excluded.computed_at, since=excluded.since",
        "INSERT INTO risk_history(region,election_id,score,level,detail,rules_version,"
        "computed_at) VALUES($1,$2,$3,$4,$5,$6,$7)"};
    int rc = 0;
    for (int k = 0; k < 2 && !rc; k++) {
        nt_stmt *w = nt_db_prepare(st->db, writes[k]); /* static literals: cached */
        if (!w) return NT_EDB;
        nt_bind_text(w, 1, code);
        nt_bind_text(w, 2, election && *election ? election : NULL);
        if (o->scored)
            nt_bind_double(w, 3, o->score);
        else
            nt_bind_null(w, 3);
        nt_bind_text(w, 4, level);
        nt_bind_text(w, 5, detail);
        nt_bind_text(w, 6, ru->version);
        nt_bind_int(w, 7, now);
        rc = nt_step(w) == 0 ? 0 : NT_EDB;
        nt_done(w);
    }
    return rc;
}

static int64_t audit_head(nt_store *st)
{
    nt_stmt *s = nt_query(st->db, "SELECT coalesce(max(seq),0) FROM audit", "");
    int64_t v = s && nt_step(s) == 1 ? nt_col_int(s, 0) : 0;
    nt_done(s);
    return v;
}

/* Whether the index may be behind its inputs: the audit log moved or the rules changed. */
static bool stale(nt_store *st)
{
    char seq[32], ver[64];
    if (!nt_meta_get(st, "risk_seq", seq, sizeof seq) ||
        !nt_meta_get(st, "risk_rules", ver, sizeof ver))
        return true;
    return strtoll(seq, NULL, 10) != audit_head(st) || strcmp(ver, st->rules->risk.version);
}

int nt_risk_refresh(nt_store *st, bool force, int *changed, nt_err *err)
{
    int dummy = 0;
    if (!changed) changed = &dummy;
    *changed = 0;
    if (!force && !stale(st)) return 0;
    const nt_risk_rules *ru = &st->rules->risk;
    int64_t head = audit_head(st), now = nt_now();
    nt_date today = nt_today();
    fig_set f = {0};
    /* the inputs are read before the write lock is taken (at national size that takes
     * seconds, and every writer would wait); the head read first, so a change made meanwhile
     * leaves the index stale for the next pass */
    int rc = gather(st, &f, today, err);
    if (!rc && nt_db_begin(st->db)) {
        rc = nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
        free(f.r);
        nt_strmap_free(&f.by_code);
        return rc;
    }
    if (!rc && !force) { /* again under the lock: another instance may have just done it */
        char seq[32];
        if (nt_meta_get(st, "risk_seq", seq, sizeof seq) && strtoll(seq, NULL, 10) >= head) {
            nt_db_rollback(st->db);
            free(f.r);
            nt_strmap_free(&f.by_code);
            return 0;
        }
    }
    /* the regencies and cities, then each province from those of its own */
    for (size_t i = 0; !rc && i < f.n; i++) {
        region_fig *r = &f.r[i];
        nt_risk_compute(ru, &r->in, &r->out);
        r->scored = r->out.scored;
        if (!r->scored && !r->election[0]) continue; /* nothing known: not on the index */
        char *d = detail_text(ru, &r->in, &r->out, r->ikp_year, 0);
        rc = keep(st, r->code, r->election, &r->out, d, now, changed);
        free(d);
    }
    nt_risk_result *parts = nt_xcalloc(f.n ? f.n : 1, sizeof *parts);
    double *w = nt_xcalloc(f.n ? f.n : 1, sizeof *w);
    for (size_t i = 0; !rc && i < f.n;) {
        const char *prov = f.r[i].parent;
        size_t k = 0;
        nt_risk_input sum = {.incumbent = -1};
        bool any_roster = false;
        size_t j = i;
        for (; j < f.n && !strcmp(f.r[j].parent, prov); j++) {
            if (!f.r[j].scored) continue;
            parts[k] = f.r[j].out;
            w[k] = (double)f.r[j].in.roster;
            any_roster |= f.r[j].in.roster > 0;
            k++;
            sum.roster += f.r[j].in.roster;
            sum.past_reported += f.r[j].in.past_reported;
            sum.past_sanctioned += f.r[j].in.past_sanctioned;
            sum.findings += f.r[j].in.findings;
            sum.pledged += f.r[j].in.pledged;
            sum.reached += f.r[j].in.reached;
            sum.agreement |= f.r[j].in.agreement;
            if (f.r[j].in.incumbent > sum.incumbent) sum.incumbent = f.r[j].in.incumbent;
        }
        i = j;
        if (!k || !*prov) continue;
        if (!any_roster)
            for (size_t q = 0; q < k; q++)
                w[q] = 1;
        nt_risk_result o;
        nt_risk_combine(ru, parts, w, k, &o);
        char *d = detail_text(ru, &sum, &o, 0, (int)k);
        rc = keep(st, prov, NULL, &o, d, now, changed);
        free(d);
    }
    free(parts), free(w);
    free(f.r);
    nt_strmap_free(&f.by_code);
    char seq[32];
    snprintf(seq, sizeof seq, "%lld", (long long)head);
    if (!rc) rc = nt_meta_set(st, "risk_seq", seq);
    if (!rc) rc = nt_meta_set(st, "risk_rules", ru->version);
    snprintf(seq, sizeof seq, "%lld", (long long)now);
    if (!rc) rc = nt_meta_set(st, "risk_at", seq);
    if (rc) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "indeks risiko tidak dapat dihitung ulang");
    }
    return nt_db_commit_err(st->db, err);
}

/* ---- reading ---- */

static bool may_read(const nt_actor *a)
{
    return (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_OTORITAS | NT_ROLE_PPK)) != 0;
}

static bool recent(nt_store *st)
{
    char at[32];
    return nt_meta_get(st, "risk_at", at, sizeof at) &&
           nt_now() - strtoll(at, NULL, 10) < st->rules->risk.recompute_after_s;
}

int nt_risk_keep_current(nt_store *st, nt_err *err)
{
    if (recent(st) || !stale(st)) return 0;
    /* claimed first, in a short transaction of its own: of several instances one reads the
     * inputs (seconds at national size), the others find it recent and wait for the next turn */
    if (nt_db_begin(st->db)) return 0;
    char now[32];
    snprintf(now, sizeof now, "%lld", (long long)nt_now());
    if (recent(st) || nt_meta_set(st, "risk_at", now)) {
        nt_db_rollback(st->db);
        return 0;
    }
    if (nt_db_commit(st->db)) return 0;
    return nt_risk_refresh(st, false, NULL, err);
}

/* The index is computed before it is first read; afterwards it is recomputed when its inputs
 * moved and the last computation is older than recompute_after_s: by the server's own thread
 * (risk_in_background: a page never waits for it), else by the first reader; and an officer
 * can ask for it at once (nt_risk_refresh with force). */
static int ensure(nt_store *st, nt_err *err)
{
    char seq[32];
    if (!nt_meta_get(st, "risk_seq", seq, sizeof seq)) return nt_risk_refresh(st, true, NULL, err);
    return st->risk_in_background ? 0 : nt_risk_keep_current(st, err);
}

static const nt_risk_level_rule *level_of(const nt_risk_rules *ru, const char *id)
{
    for (int i = 0; i < ru->nlevels; i++)
        if (!strcmp(ru->levels[i].id, id)) return &ru->levels[i];
    return NULL;
}

/* Beside a stored score and level: the score as people write it, the level's label and colour. */
static void label_level(const nt_risk_rules *ru, json_t *row)
{
    json_t *sc = json_object_get(row, "skor");
    const nt_risk_level_rule *l = level_of(ru, json_string_value(json_object_get(row, "tingkat")));
    char b[32];
    json_object_set_new(row, "skor_label",
                        json_string(json_is_number(sc)
                                        ? nt_decimal_id(json_number_value(sc), 1, b, sizeof b)
                                        : "belum dapat dihitung"));
    json_object_set_new(row, "tingkat_label", json_string(l ? l->label : "Tanpa data"));
    json_object_set_new(row, "warna", json_string(l ? l->color : "#d9d9d9"));
}

/* The reader's regions: a Bawaslu office's region and below (the whole country nationally); the
 * authority the whole country; a PPK or regional government its own region. */
static const char *scope_of(const nt_actor *a)
{
    return (a->roles & (NT_ROLE_ADMIN | NT_ROLE_OTORITAS)) ? "" : a->region;
}

int nt_risk_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    if (!may_read(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat indeks risiko");
    int rc = ensure(st, err);
    if (rc) return rc;
    const nt_risk_rules *ru = &st->rules->risk;
    const char *scope = scope_of(a);
    nt_stmt *s = nt_query(
        st->db,
        "SELECT k.region AS kode, coalesce(r.name, k.region) AS nama, coalesce(r.level,'') AS"
        " jenjang, k.score AS skor, k.level AS tingkat, coalesce(k.election_id,'') AS pemilihan,"
        " coalesce(e.name,'') AS nama_pemilihan, k.since AS sejak, k.computed_at AS dihitung,"
        " (SELECT h.level FROM risk_history h WHERE h.region=k.region AND h.id < (SELECT"
        " max(id) FROM risk_history g WHERE g.region=k.region) ORDER BY h.id DESC LIMIT 1) AS"
        " tingkat_sebelum FROM risk_current k LEFT JOIN regions r ON r.code=k.region LEFT JOIN"
        " elections e ON e.id=k.election_id WHERE ($1='' OR k.region=$1 OR (k.region > $1 ||"
        " '.' AND k.region < $1 || '/') OR $1 LIKE k.region || '.%') ORDER BY k.score IS NULL,"
        " k.score DESC, k.region",
        "t", scope);
    json_t *rows = nt_rows_json(s), *row;
    size_t i;
    int64_t latest = 0;
    json_t *counts = json_object();
    json_array_foreach(rows, i, row)
    {
        label_level(ru, row);
        const char *before = json_string_value(json_object_get(row, "tingkat_sebelum"));
        const nt_risk_level_rule *b = before ? level_of(ru, before) : NULL;
        if (b && strcmp(before, json_string_value(json_object_get(row, "tingkat"))))
            json_object_set_new(row, "sebelumnya", json_string(b->label));
        json_object_del(row, "tingkat_sebelum");
        json_object_set_new(
            row, "provinsi",
            json_boolean(!strcmp(json_string_value(json_object_get(row, "jenjang")), "provinsi")));
        char ts[40];
        nt_time_format_id(json_integer_value(json_object_get(row, "sejak")), ts);
        json_object_set_new(row, "sejak_label", json_string(ts));
        int64_t at = json_integer_value(json_object_get(row, "dihitung"));
        if (at > latest) latest = at;
        const char *lv = json_string_value(json_object_get(row, "tingkat"));
        if (!json_object_get(row, "provinsi") || !json_is_true(json_object_get(row, "provinsi"))) {
            json_t *c = json_object_get(counts, lv);
            json_object_set_new(counts, lv, json_integer(json_integer_value(c) + 1));
        }
    }
    json_t *levels = json_array();
    for (int k = 0; k < ru->nlevels; k++)
        json_array_append_new(
            levels, json_pack("{ss ss ss sI}", "id", ru->levels[k].id, "label", ru->levels[k].label,
                              "warna", ru->levels[k].color, "jumlah",
                              json_integer_value(json_object_get(counts, ru->levels[k].id))));
    json_decref(counts);
    char ts[40] = "";
    if (latest) nt_time_format_id(latest, ts);
    *out = json_pack("{so so ss ss ss}", "wilayah", rows, "tingkat", levels, "dihitung", ts,
                     "versi_aturan", ru->version, "dasar", ru->basis);
    return 0;
}

/* What an indicator's value came from, in words. */
static char *figure_words(const nt_risk_rules *ru, nt_risk_ind i, json_t *fig, bool available,
                          double raw, const char *election_name, bool province)
{
    int64_t asn = json_integer_value(json_object_get(fig, "asn"));
    char a[32], b[32], c[32];
    switch (i) {
    case NT_RISK_INCUMBENT: {
        json_int_t inc = json_integer_value(json_object_get(fig, "petahana"));
        if (!available || inc < 0)
            return nt_xasprintf("Tidak ada pemilihan yang sedang berjalan dalam berkas pemilihan");
        const char *what = inc == 2   ? "Petahana mencalonkan diri"
                           : inc == 1 ? "Kerabat petahana mencalonkan diri"
                                      : "Petahana dan kerabatnya tidak mencalonkan diri";
        if (province)
            return nt_xasprintf("Rata-rata kabupaten/kota: %s", nt_decimal_id(raw, 2, a, sizeof a));
        return nt_xasprintf("%s (%s)", what,
                            election_name && *election_name ? election_name : "pemilihan");
    }
    case NT_RISK_PAST:
        if (!available) return nt_xasprintf("Data ASN wilayah ini belum ada");
        return nt_xasprintf(
            "%s ASN dilaporkan, %s dijatuhi sanksi pada pemilihan sebelumnya; %s per "
            "1.000 ASN (dari %s ASN)",
            nt_count_id(json_integer_value(json_object_get(fig, "dilaporkan_lalu")), a, sizeof a),
            nt_count_id(json_integer_value(json_object_get(fig, "disanksi_lalu")), b, sizeof b),
            nt_decimal_id(raw, 2, c, sizeof c), nt_count_id(asn, (char[32]){0}, 32));
    case NT_RISK_PATROL:
        if (!available) return nt_xasprintf("Data ASN wilayah ini belum ada");
        return nt_xasprintf(
            "%s temuan dalam %d hari terakhir; %s per 1.000 ASN",
            nt_count_id(json_integer_value(json_object_get(fig, "temuan")), a, sizeof a),
            ru->ind[NT_RISK_PATROL].period_days, nt_decimal_id(raw, 2, b, sizeof b));
    case NT_RISK_PREVENTION:
        if (!available) return nt_xasprintf("Data ASN wilayah ini belum ada");
        return nt_xasprintf(
            "Ikrar %s%% ASN; sosialisasi menjangkau %s%%; kesepakatan kerja sama "
            "berlaku: %s",
            nt_decimal_id(100 * json_number_value(json_object_get(fig, "cakupan_ikrar")), 1, a,
                          sizeof a),
            nt_decimal_id(100 * json_number_value(json_object_get(fig, "cakupan_sosialisasi")), 1,
                          b, sizeof b),
            json_is_true(json_object_get(fig, "kesepakatan")) ? "ya" : "tidak");
    case NT_RISK_IKP:
        if (!available) return nt_xasprintf("Belum ada skor IKP yang diimpor untuk wilayah ini");
        if (province)
            return nt_xasprintf("Rata-rata skor IKP kabupaten/kota: %s",
                                nt_decimal_id(raw, 2, a, sizeof a));
        return nt_xasprintf("Skor IKP %lld: %s (%s)",
                            (long long)json_integer_value(json_object_get(fig, "ikp_tahun")),
                            nt_decimal_id(raw, 2, a, sizeof a), nt_risk_ikp_level(ru, false, raw));
    default:
        return nt_xasprintf("-");
    }
}

int nt_risk_region(nt_store *st, const nt_actor *a, const char *code, json_t **out, nt_err *err)
{
    if (!may_read(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat indeks risiko");
    char level[16];
    if (nt_check_region(st, "wilayah", code, level, err)) return err->code;
    const char *scope = scope_of(a);
    bool mine = nt_region_within(code, scope) || (*code && nt_region_within(scope, code));
    if (!mine)
        return nt_err_set(err, NT_ENOTFOUND, "wilayah", "wilayah %s di luar wilayah kerja Anda",
                          code);
    int rc = ensure(st, err);
    if (rc) return rc;
    const nt_risk_rules *ru = &st->rules->risk;
    nt_stmt *s = nt_query(st->db,
                          "SELECT r.code AS kode, r.name AS nama, r.level AS jenjang, k.score AS"
                          " skor, coalesce(k.level,'') AS tingkat, coalesce(k.election_id,'') AS"
                          " pemilihan, coalesce(e.name,'') AS nama_pemilihan, k.detail,"
                          " k.computed_at AS dihitung, k.since AS sejak, k.rules_version AS"
                          " versi_aturan FROM regions r LEFT JOIN risk_current k ON"
                          " k.region=r.code LEFT JOIN elections e ON e.id=k.election_id WHERE"
                          " r.code=$1",
                          "t", code);
    json_t *o = s && nt_step(s) == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    if (!o) return nt_err_set(err, NT_ENOTFOUND, "wilayah", "wilayah %s tidak ditemukan", code);
    bool province = !strcmp(level, "provinsi");
    label_level(ru, o);
    json_t *detail = json_loads(json_string_value(json_object_get(o, "detail")) ?: "{}", 0, NULL);
    json_object_del(o, "detail");
    json_t *fig = json_object_get(detail, "angka");
    json_t *inds = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(detail, "indikator"), i, x)
    {
        const char *id = json_string_value(json_object_get(x, "id"));
        int k = -1;
        for (int j = 0; j < NT_RISK__COUNT; j++)
            if (!strcmp(nt_risk_ind_id(j), id)) k = j;
        if (k < 0 || !ru->ind[k].used) continue;
        bool av = json_is_true(json_object_get(x, "tersedia"));
        double raw = json_number_value(json_object_get(x, "mentah"));
        char expl[600], b1[32], b2[32], b3[32], b4[32];
        nt_risk_explain(ru, k, expl, sizeof expl);
        char *words = figure_words(
            ru, k, fig, av, raw, json_string_value(json_object_get(o, "nama_pemilihan")), province);
        json_array_append_new(
            inds,
            json_pack(
                "{ss ss ss ss ss sb ss ss ss ss sf}", "id", id, "label", ru->ind[k].label,
                "penjelasan", expl, "dasar", ru->ind[k].basis, "angka", words, "tersedia", av,
                "nilai_label",
                nt_decimal_id(100 * json_number_value(json_object_get(x, "nilai")), 0, b1,
                              sizeof b1),
                "bobot_label", nt_decimal_id(ru->ind[k].weight, 0, b2, sizeof b2), "bagian_label",
                nt_decimal_id(100 * json_number_value(json_object_get(x, "bagian")), 1, b3,
                              sizeof b3),
                "poin_label",
                nt_decimal_id(json_number_value(json_object_get(x, "poin")), 1, b4, sizeof b4),
                "poin", json_number_value(json_object_get(x, "poin"))));
        free(words);
    }
    json_object_set_new(o, "indikator", inds);
    json_object_set_new(o, "provinsi", json_boolean(province));
    json_object_set_new(o, "wilayah_dihitung",
                        json_incref(json_object_get(detail, "wilayah_dihitung"))
                            ?: json_integer(0));
    json_object_set_new(o, "asn", json_incref(json_object_get(fig, "asn")) ?: json_integer(0));
    json_decref(detail);
    char ts[40] = "";
    if (json_integer_value(json_object_get(o, "dihitung")))
        nt_time_format_id(json_integer_value(json_object_get(o, "dihitung")), ts);
    json_object_set_new(o, "dihitung_label", json_string(ts));
    /* the history, newest first */
    s = nt_query(st->db,
                 "SELECT score AS skor, level AS tingkat, computed_at AS pada, rules_version AS"
                 " versi_aturan FROM risk_history WHERE region=$1 ORDER BY id DESC LIMIT 60",
                 "t", code);
    json_t *hist = nt_rows_json(s);
    json_array_foreach(hist, i, x)
    {
        label_level(ru, x);
        char t2[40];
        nt_time_format_id(json_integer_value(json_object_get(x, "pada")), t2);
        json_object_set_new(x, "pada_label", json_string(t2));
    }
    json_object_set_new(o, "riwayat", hist);
    json_object_set_new(o, "dasar", json_string(ru->basis));
    /* the regencies and cities of a province in the reader's scope, with their levels (a
     * regency's office sees its province's index, not its neighbours') */
    if (province) {
        s = nt_query(st->db,
                     "SELECT k.region AS kode, r.name AS nama, k.score AS skor, k.level AS tingkat"
                     " FROM risk_current k JOIN regions r ON r.code=k.region WHERE r.parent=$1"
                     " AND ($2='' OR k.region=$2 OR (k.region > $2 || '.' AND k.region < $2 ||"
                     " '/')) ORDER BY k.score IS NULL, k.score DESC, k.region",
                     "tt", code, scope);
        json_t *kids = nt_rows_json(s);
        json_array_foreach(kids, i, x) label_level(ru, x);
        json_object_set_new(o, "kabkota", kids);
    }
    *out = o;
    return 0;
}
