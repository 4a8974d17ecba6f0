/*
 * patrol_runs.c - patrol runs started from the browser: the record of each run (the export
 * uploaded, who ran it for which office and election, its state and counts as it goes), and
 * the roster in the patrol's CSV form, so a run links accounts to the ASN already in the
 * database. The run itself is the web layer's (src/web/patrol_job.c); the findings it makes
 * go through nt_finding_upsert like the command line's.
 */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

/* A run that has not moved for this long is reported as stopped (its process ended). */
#define RUN_STALE_S 600

static const struct {
    const char *state, *label;
} run_states[] = {{"antre", "Menunggu giliran"},
                  {"berjalan", "Sedang berjalan"},
                  {"selesai", "Selesai"},
                  {"gagal", "Gagal"}};

static bool may_patrol(const nt_actor *a)
{
    return (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) != 0;
}

int nt_patrol_run_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err)
{
    if (!may_patrol(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat menjalankan patroli");
    const char *election, *filename, *sha, *format;
    int64_t size;
    int rc = nt_in_str(in, "pemilihan", true, 64, &election, err);
    if (!rc) rc = nt_in_str(in, "nama_berkas", true, 255, &filename, err);
    if (!rc) rc = nt_in_str(in, "sha256", true, 64, &sha, err);
    if (!rc) rc = nt_in_str(in, "format", true, 8, &format, err);
    if (!rc) rc = nt_in_int(in, "ukuran", true, 1, INT64_MAX, &size, err);
    if (rc) return rc;
    if (strcmp(format, "jsonl") && strcmp(format, "csv"))
        return nt_err_set(err, NT_EINVAL, "format", "format harus JSON Lines atau CSV");
    /* the election must be one the office supervises */
    nt_stmt *s = nt_query(st->db, "SELECT region FROM elections WHERE id=$1", "t", election);
    char region[16] = "";
    bool found = s && nt_step(s) == 1;
    if (found) nt_strlcpy(region, nt_col_text(s, 0), sizeof region);
    nt_done(s);
    if (!found || !nt_actor_covers_region(a, region))
        return nt_err_set(err, NT_EINVAL, "pemilihan",
                          "pemilihan '%s' tidak dikenal di wilayah kerja Anda", election);
    int64_t now = nt_now();
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    s = nt_query(st->db,
                 "INSERT INTO patrol_runs(election_id,filename,size,sha256,format,started_by,"
                 "office,state,created_at,updated_at) VALUES($1,$2,$3,$4,$5,$6,$7,'antre',$8,$8)"
                 " RETURNING id",
                 "ttIttttI", election, filename, size, sha, format, a->username, a->region, now);
    rc = s && nt_step(s) == 1 ? 0 : NT_EDB;
    if (!rc) *id = nt_col_int(s, 0);
    nt_done(s);
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "patrol_run:%lld", (long long)*id);
        json_t *d = json_pack("{ss ss ss sI}", "pemilihan", election, "berkas", filename, "sha256",
                              sha, "ukuran", (json_int_t)size);
        rc = nt_audit_append(st, a, "patroli.jalankan", obj, d);
        json_decref(d);
    }
    if (rc) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "patroli tidak dapat dicatat");
    }
    if (nt_db_commit(st->db)) return nt_err_set(err, NT_EDB, NULL, "patroli tidak dapat dicatat");
    return 0;
}

int nt_patrol_run_update(nt_store *st, const nt_actor *a, int64_t id, const char *state,
                         json_t *counts, const char *problems, const char *error)
{
    static const char *const keys[] = {"items_read", "flagged", "partisan",   "review",
                                       "malformed",  "linked",  "roster_size"};
    int64_t v[NT_ARRAY_LEN(keys)];
    for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++)
        v[i] = json_integer_value(json_object_get(counts, keys[i]));
    bool end = !strcmp(state, "selesai") || !strcmp(state, "gagal");
    int64_t now = nt_now();
    bool own = !nt_db_in_tx(st->db);
    if (own && nt_db_begin(st->db)) return NT_EDB;
    int rc = nt_exec(st->db,
                     "UPDATE patrol_runs SET state=$2, items_read=$3, flagged=$4, partisan=$5,"
                     " review=$6, malformed=$7, linked=$8, roster_size=$9,"
                     " problems=coalesce($10, problems), error=$11, updated_at=$12,"
                     " finished_at=CASE WHEN $13=1 THEN $12 ELSE finished_at END WHERE id=$1",
                     "itiiiiiiittii", id, state, v[0], v[1], v[2], v[3], v[4], v[5], v[6], problems,
                     error, now, (int64_t)end);
    if (!rc && end) {
        char obj[48];
        snprintf(obj, sizeof obj, "patrol_run:%lld", (long long)id);
        json_t *d = json_deep_copy(counts);
        json_object_set_new(d, "status", json_string(state));
        if (error) json_object_set_new(d, "galat", json_string(error));
        rc = nt_audit_append(st, a, "patroli.selesai", obj, d);
        json_decref(d);
    }
    if (own) {
        if (rc)
            nt_db_rollback(st->db);
        else
            rc = nt_db_commit(st->db);
    }
    return rc;
}

/* A run's row in the reader's words: its state by label, times as people write them, and
 * whether it stopped without finishing. */
static void run_words(nt_store *st, const nt_actor *a, json_t *row)
{
    const char *state = json_string_value(json_object_get(row, "state"));
    for (size_t i = 0; state && i < NT_ARRAY_LEN(run_states); i++)
        if (!strcmp(state, run_states[i].state)) {
            json_object_set_new(row, "state_label", json_string(run_states[i].label));
            json_object_set_new(row, state, json_true());
        }
    bool open = state && (!strcmp(state, "antre") || !strcmp(state, "berjalan"));
    int64_t updated = json_integer_value(json_object_get(row, "updated_at"));
    if (open && nt_now() - updated > RUN_STALE_S) {
        json_object_set_new(row, "terhenti", json_true());
        json_object_set_new(row, "state_label",
                            json_string("Terhenti (server berhenti sebelum "
                                        "patroli selesai; jalankan ulang)"));
    } else if (open) {
        json_object_set_new(row, "terbuka", json_true());
    }
    int tz_offset;
    const char *tz_label;
    nt_rules_timezone(st->rules, a->region, &tz_offset, &tz_label);
    static const char *const times[][2] = {{"created_at", "dibuat_label"},
                                           {"finished_at", "selesai_label"}};
    for (size_t i = 0; i < NT_ARRAY_LEN(times); i++) {
        json_t *t = json_object_get(row, times[i][0]);
        if (!json_is_integer(t)) continue;
        char tl[40];
        nt_time_format_id_zone(json_integer_value(t), tz_offset, tz_label, tl);
        json_object_set_new(row, times[i][1], json_string(tl));
    }
    const char *fmt = json_string_value(json_object_get(row, "format"));
    json_object_set_new(row, "format_label",
                        json_string(fmt && !strcmp(fmt, "csv") ? "CSV" : "JSON Lines"));
    char size[32];
    nt_size_label(json_integer_value(json_object_get(row, "size")), size, sizeof size);
    json_object_set_new(row, "ukuran_label", json_string(size));
}

static const char run_cols[] =
    "SELECT r.id, r.election_id, coalesce(e.name, r.election_id) AS election_name, r.filename,"
    " r.size, r.sha256, r.format, r.started_by, r.office, r.state, r.items_read, r.flagged,"
    " r.partisan, r.review, r.malformed, r.linked, r.roster_size, r.problems, r.error,"
    " r.created_at, r.updated_at, r.finished_at FROM patrol_runs r LEFT JOIN elections e ON"
    " e.id=r.election_id";

int nt_patrol_run_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err)
{
    if (!may_patrol(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat patroli");
    nt_buf sql = {0};
    nt_buf_printf(&sql, "%s WHERE r.id=$1", run_cols);
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (s) nt_bind_int(s, 1, id);
    json_t *o = s && nt_step(s) == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    if (!o || !nt_actor_covers_region(a, json_string_value(json_object_get(o, "office")))) {
        json_decref(o);
        return nt_err_set(err, NT_ENOTFOUND, "id", "patroli %lld tidak ditemukan", (long long)id);
    }
    json_t *memo = json_object();
    json_object_set_new(
        o, "oleh_label",
        json_string(nt_user_byline(st, json_string_value(json_object_get(o, "started_by")), memo)));
    json_decref(memo);
    run_words(st, a, o);
    *out = o;
    return 0;
}

int nt_patrol_runs_list(nt_store *st, const nt_actor *a, int limit, json_t **out, nt_err *err)
{
    if (!may_patrol(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat patroli");
    nt_buf sql = {0};
    nt_buf_printf(&sql,
                  "%s WHERE ($1='' OR r.office=$1 OR (r.office > $1 || '.' AND r.office < $1 ||"
                  " '/')) ORDER BY r.id DESC LIMIT $2",
                  run_cols);
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (s) {
        nt_bind_text(s, 1, a->region);
        nt_bind_int(s, 2, limit);
    }
    json_t *rows = nt_rows_json(s);
    json_t *memo = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_object_set_new(row, "oleh_label",
                            json_string(nt_user_byline(
                                st, json_string_value(json_object_get(row, "started_by")), memo)));
        run_words(st, a, row);
    }
    json_decref(memo);
    *out = rows;
    return 0;
}

/* One CSV field, quoted when it holds a separator, a quote or a line break. */
static void csv_put(nt_buf *b, const char *v)
{
    if (!strpbrk(v, ",\"\r\n")) {
        nt_buf_adds(b, v);
        return;
    }
    nt_buf_addc(b, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"') nt_buf_addc(b, '"');
        nt_buf_addc(b, *p);
    }
    nt_buf_addc(b, '"');
}

/* The roster of a region (and below) or of one agency (agency > 0) as roster CSV. */
static int roster_csv(nt_store *st, const char *region, int64_t agency, nt_buf *out, size_t *rows,
                      nt_err *err)
{
    nt_stmt *s = nt_query(
        st->db,
        nt_db_sql(st->db,
                  "SELECT x.nip, x.name, coalesce((SELECT group_concat(c.platform || ':' ||"
                  " c.handle, ';') FROM asn_accounts c WHERE c.nip=x.nip),''),"
                  " coalesce(g.name,''), x.work_unit, x.position, x.region FROM asn x LEFT JOIN"
                  " agencies g ON g.id=x.agency_id WHERE ($1='' OR x.region=$1 OR (x.region > $1"
                  " || '.' AND x.region < $1 || '/')) AND ($2=0 OR x.agency_id=$2) ORDER BY x.nip",
                  "SELECT x.nip, x.name, coalesce((SELECT string_agg(c.platform || ':' ||"
                  " c.handle, ';') FROM asn_accounts c WHERE c.nip=x.nip),''),"
                  " coalesce(g.name,''), x.work_unit, x.position, x.region FROM asn x LEFT JOIN"
                  " agencies g ON g.id=x.agency_id WHERE ($1='' OR x.region=$1 OR (x.region > $1"
                  " || '.' AND x.region < $1 || '/')) AND ($2=0 OR x.agency_id=$2) ORDER BY x.nip"),
        "ti", region, agency);
    if (!s) return nt_err_set(err, NT_EDB, NULL, "data ASN tidak dapat dibaca");
    nt_buf_adds(out, "nip,nama,akun,instansi,unit_kerja,jabatan,kode_wilayah\n");
    *rows = 0;
    while (nt_step(s) == 1) {
        for (int k = 0; k < 7; k++) {
            if (k) nt_buf_addc(out, ',');
            csv_put(out, nt_col_null(s, k) ? "" : nt_col_text(s, k));
        }
        nt_buf_addc(out, '\n');
        (*rows)++;
    }
    nt_done(s);
    return 0;
}

int nt_roster_csv(nt_store *st, const nt_actor *a, nt_buf *out, size_t *rows, nt_err *err)
{
    if (!may_patrol(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat membaca data ASN");
    return roster_csv(st, a->region, 0, out, rows, err);
}

int nt_roster_csv_scoped(nt_store *st, const nt_actor *a, nt_buf *out, size_t *rows, nt_err *err)
{
    if (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU))
        return roster_csv(st, a->region, 0, out, rows, err);
    if ((a->roles & NT_ROLE_PPK) && a->agency_id)
        return roster_csv(st, "", a->agency_id, out, rows, err);
    return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat membaca data ASN");
}
