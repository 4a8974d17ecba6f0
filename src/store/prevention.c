/*
 * prevention.c - the prevention work of a Bawaslu office: cooperation agreements (MoU, PKS)
 * with their parties and witnesses, and which regions holding an election have none in
 * force. Scoped as cases are: an office records and reads its own region and those below.
 */
#include "store/store_int.h"

#include "rules/prevention.h"

#include <stdlib.h>
#include <string.h>

#define PARTIES_MAX 12
#define WITNESSES_MAX 12

static bool may_record(const nt_actor *a)
{
    return (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) != 0;
}

/* One party or witness: {jenis, nama, penandatangan, jabatan} (a witness has no jenis). */
static int read_signer(json_t *p, const char *field, bool witness, const char **kind,
                       const char **name, const char **who, const char **position, nt_err *err)
{
    char f[48];
    if (!json_is_object(p))
        return nt_err_set(err, NT_EINVAL, field, "%s harus berisi nama dan penandatangan",
                          witness ? "setiap saksi" : "setiap pihak");
    *kind = witness ? "lainnya" : NULL;
    int rc = 0;
    if (!witness) {
        snprintf(f, sizeof f, "%s.jenis", field);
        rc = nt_in_str(p, "jenis", true, 16, kind, err);
        if (!rc && !nt_kind_label(nt_agreement_party_kinds, *kind))
            rc = nt_err_set(err, NT_EINVAL, f,
                            "jenis pihak '%.16s' tidak dikenal (bawaslu, pemda, otoritas, korpri, "
                            "lainnya)",
                            *kind);
    }
    if (!rc) rc = nt_in_str(p, "nama", !witness, 200, name, err);
    if (!rc) rc = nt_in_str(p, "penandatangan", true, 200, who, err);
    if (!rc) rc = nt_in_str(p, "jabatan", false, 200, position, err);
    if (rc && strncmp(err->field, field, strlen(field))) { /* name the list and the place */
        char inner[64];
        nt_strlcpy(inner, err->field, sizeof inner);
        snprintf(err->field, sizeof err->field, "%s.%s", field, inner);
    }
    if (!*name) *name = "";
    if (!*position) *position = "";
    return rc;
}

int nt_agreement_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err)
{
    if (!may_record(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat mencatat kesepakatan kerja sama");
    const char *number, *kind, *office, *election, *scope, *place;
    nt_date signed_on, from, to;
    int rc = nt_in_str(in, "nomor", true, 100, &number, err);
    if (!rc) rc = nt_in_str(in, "jenis", true, 8, &kind, err);
    if (!rc && !nt_kind_label(nt_agreement_kinds, kind))
        rc = nt_err_set(err, NT_EINVAL, "jenis", "jenis kesepakatan harus mou atau pks");
    if (!rc) rc = nt_in_date(in, "tanggal", true, true, &signed_on, err);
    if (!rc) rc = nt_in_date(in, "berlaku_dari", false, false, &from, err);
    if (!rc) rc = nt_in_date(in, "berlaku_sampai", false, false, &to, err);
    if (!rc) rc = nt_in_str(in, "kantor", false, 16, &office, err);
    if (!rc) rc = nt_in_str(in, "pemilihan", false, 64, &election, err);
    if (!rc) rc = nt_in_str(in, "ruang_lingkup", true, 4000, &scope, err);
    if (!rc) rc = nt_in_str(in, "tempat", false, 200, &place, err);
    if (rc) return rc;
    if (from == NT_DATE_NONE) from = signed_on;
    if (to != NT_DATE_NONE && to < from)
        return nt_err_set(err, NT_EINVAL, "berlaku_sampai",
                          "akhir masa berlaku tidak boleh sebelum awalnya");
    if (!office) office = a->region;
    if (*office && nt_check_region(st, "kantor", office, NULL, err)) return err->code;
    if (!nt_actor_covers_region(a, office))
        return nt_err_set(err, NT_EFORBIDDEN, "kantor", "kantor %s di luar wilayah kerja Anda",
                          *office ? office : "nasional");
    if (election) {
        nt_stmt *s = nt_query(st->db, "SELECT region FROM elections WHERE id=$1", "t", election);
        bool ok = s && nt_step(s) == 1 && nt_actor_covers_region(a, nt_col_text(s, 0));
        nt_done(s);
        if (!ok)
            return nt_err_set(err, NT_EINVAL, "pemilihan",
                              "pemilihan '%.64s' tidak dikenal di wilayah kerja Anda", election);
    }
    /* the parties (two at least) and the witnesses */
    json_t *parties = json_object_get(in, "pihak"), *witnesses = json_object_get(in, "saksi");
    if (!json_is_array(parties) || json_array_size(parties) < 2 ||
        json_array_size(parties) > PARTIES_MAX)
        return nt_err_set(err, NT_EINVAL, "pihak",
                          "kesepakatan memerlukan 2 sampai %d pihak yang menandatangani",
                          PARTIES_MAX);
    if (witnesses && !json_is_null(witnesses) &&
        (!json_is_array(witnesses) || json_array_size(witnesses) > WITNESSES_MAX))
        return nt_err_set(err, NT_EINVAL, "saksi", "paling banyak %d saksi", WITNESSES_MAX);
    size_t i;
    json_t *p;
    json_array_foreach(parties, i, p)
    {
        const char *k, *n, *w, *pos;
        char field[32];
        snprintf(field, sizeof field, "pihak.%zu", i + 1);
        if ((rc = read_signer(p, field, false, &k, &n, &w, &pos, err))) return rc;
    }
    json_array_foreach(witnesses, i, p)
    {
        const char *k, *n, *w, *pos;
        char field[32];
        snprintf(field, sizeof field, "saksi.%zu", i + 1);
        if ((rc = read_signer(p, field, true, &k, &n, &w, &pos, err))) return rc;
    }
    int y, m, d;
    nt_date_to_ymd(signed_on, &y, &m, &d);
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    nt_stmt *s =
        nt_query(st->db, "SELECT 1 FROM agreements WHERE office=$1 AND year=$2 AND number=$3",
                 "tit", office, (int64_t)y, number);
    bool dup = s && nt_step(s) == 1;
    nt_done(s);
    if (dup) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_ECONFLICT, "nomor",
                          "kesepakatan nomor %.100s sudah tercatat untuk kantor ini pada tahun %d",
                          number, y);
    }
    s = nt_query(st->db,
                 "INSERT INTO agreements(office,number,year,kind,signed_on,valid_from,valid_to,"
                 "election_id,scope,place,created_by,created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,"
                 "$9,$10,$11,$12) RETURNING id",
                 "ttitddd"
                 "tttti",
                 office, number, (int64_t)y, kind, signed_on, from, to, election, scope,
                 place ? place : "", a->username, nt_now());
    rc = s && nt_step(s) == 1 ? 0 : NT_EDB;
    if (!rc) *id = nt_col_int(s, 0);
    nt_done(s);
    int64_t seq = 0;
    json_t *lists[2] = {parties, witnesses};
    for (int l = 0; !rc && l < 2; l++)
        json_array_foreach(lists[l], i, p)
        {
            const char *k, *n, *w, *pos;
            nt_err ignored = {0};
            read_signer(p, "x", l == 1, &k, &n, &w, &pos, &ignored);
            rc = nt_exec(st->db,
                         "INSERT INTO agreement_parties(agreement_id,seq,role,kind,name,signatory,"
                         "position) VALUES($1,$2,$3,$4,$5,$6,$7)",
                         "iittttt", *id, ++seq, l ? "saksi" : "pihak", k, n, w, pos);
            if (rc) break;
        }
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "agreement:%lld", (long long)*id);
        json_t *det =
            json_pack("{ss ss ss sI}", "nomor", number, "jenis", kind, "kantor",
                      *office ? office : "nasional", "pihak", (json_int_t)json_array_size(parties));
        rc = nt_audit_append(st, a, "kesepakatan.tambah", obj, det);
        json_decref(det);
    }
    if (rc) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "kesepakatan tidak dapat disimpan");
    }
    if (nt_db_commit(st->db))
        return nt_err_set(err, NT_EDB, NULL, "kesepakatan tidak dapat disimpan");
    return 0;
}

int nt_agreements_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat melihat kesepakatan kerja sama");
    const char *office = NULL, *election = NULL;
    int rc = 0;
    if (filter) {
        rc = nt_in_str(filter, "kantor", false, 16, &office, err);
        if (!rc) rc = nt_in_str(filter, "pemilihan", false, 64, &election, err);
    }
    if (rc) return rc;
    nt_stmt *s = nt_query(
        st->db,
        "SELECT g.id, g.office AS kantor, coalesce(r.name, '') AS nama_kantor, g.number AS nomor,"
        " g.kind AS jenis, g.signed_on AS tanggal, g.valid_from AS berlaku_dari, g.valid_to AS"
        " berlaku_sampai, g.election_id AS pemilihan, coalesce(e.name, '') AS nama_pemilihan,"
        " g.scope AS ruang_lingkup, g.place AS tempat, g.created_by AS dicatat_oleh FROM agreements"
        " g LEFT JOIN regions r ON r.code=g.office LEFT JOIN elections e ON e.id=g.election_id"
        " WHERE ($1='' OR g.office=$1 OR (g.office > $1 || '.' AND g.office < $1 || '/')) AND ($2"
        " IS NULL OR g.office=$2 OR (g.office > $2 || '.' AND g.office < $2 || '/')) AND ($3 IS"
        " NULL OR g.election_id=$3) ORDER BY g.signed_on DESC, g.id DESC LIMIT 500",
        "ttt", a->region, office, election);
    json_t *rows = nt_rows_json(s);
    nt_date today = nt_today();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        const char *k = json_string_value(json_object_get(row, "jenis"));
        json_object_set_new(row, "jenis_label", json_string(nt_kind_label(nt_agreement_kinds, k)));
        static const char *const dates[][2] = {{"tanggal", "tanggal_label"},
                                               {"berlaku_dari", "berlaku_dari_label"},
                                               {"berlaku_sampai", "berlaku_sampai_label"}};
        nt_date dd[3] = {NT_DATE_NONE, NT_DATE_NONE, NT_DATE_NONE};
        for (int j = 0; j < 3; j++) {
            const char *t = json_string_value(json_object_get(row, dates[j][0]));
            char l[24];
            if (t && nt_date_parse(t, strlen(t), &dd[j])) {
                nt_date_format_id(dd[j], l);
                json_object_set_new(row, dates[j][1], json_string(l));
            }
        }
        bool in_force = dd[1] <= today && (dd[2] == NT_DATE_NONE || dd[2] >= today);
        json_object_set_new(row, "berlaku", json_boolean(in_force));
        nt_stmt *q = nt_query(st->db,
                              "SELECT role, kind AS jenis, name AS nama, signatory AS "
                              "penandatangan, position AS jabatan FROM agreement_parties WHERE "
                              "agreement_id=$1 ORDER BY seq",
                              "i", json_integer_value(json_object_get(row, "id")));
        json_t *signers = nt_rows_json(q), *pty = json_array(), *wit = json_array(), *x;
        size_t k2;
        json_array_foreach(signers, k2, x)
        {
            bool w = !strcmp(json_string_value(json_object_get(x, "role")), "saksi");
            json_object_del(x, "role");
            if (!w)
                json_object_set_new(
                    x, "jenis_label",
                    json_string(nt_kind_label(nt_agreement_party_kinds,
                                              json_string_value(json_object_get(x, "jenis")))));
            else
                json_object_del(x, "jenis");
            json_array_append(w ? wit : pty, x);
        }
        json_decref(signers);
        json_object_set_new(row, "pihak", pty);
        json_object_set_new(row, "saksi", wit);
    }
    *out = rows;
    return 0;
}

int nt_agreement_coverage(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat melihat kesepakatan kerja sama");
    /* the elections not yet held (or held within the last year) in scope, each with the
     * agreements in force for its region on the day (or made for it) */
    nt_date today = nt_today();
    nt_stmt *s = nt_query(
        st->db,
        "SELECT e.id AS pemilihan, e.name AS nama_pemilihan, e.region AS wilayah,"
        " coalesce(r.name, e.region) AS nama_wilayah, e.voting_date AS pemungutan,"
        " (SELECT count(*) FROM agreements g WHERE g.election_id=e.id OR (g.office=e.region AND"
        " g.valid_from <= $2 AND (g.valid_to IS NULL OR g.valid_to >= $2))) AS kesepakatan"
        " FROM elections e LEFT JOIN regions r ON r.code=e.region WHERE ($1='' OR e.region=$1 OR"
        " (e.region > $1 || '.' AND e.region < $1 || '/')) AND e.voting_date >= $3"
        " ORDER BY 6, e.region, e.id",
        "tdd", a->region, today, today - 365);
    json_t *rows = nt_rows_json(s);
    size_t i, none = 0;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        bool has = json_integer_value(json_object_get(row, "kesepakatan")) > 0;
        json_object_set_new(row, "ada", json_boolean(has));
        none += !has;
        const char *v = json_string_value(json_object_get(row, "pemungutan"));
        nt_date d;
        char l[24];
        if (v && nt_date_parse(v, strlen(v), &d)) {
            nt_date_format_id(d, l);
            json_object_set_new(row, "pemungutan_label", json_string(l));
        }
    }
    *out = json_pack("{so sI}", "pemilihan", rows, "tanpa_kesepakatan", (json_int_t)none);
    return 0;
}
