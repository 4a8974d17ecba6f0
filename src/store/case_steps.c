/*
 * case_steps.c - the two state machines of rules/workflow.h applied with their data
 * requirements, registration numbers, deadline extension and the
 * reporter-identity view.
 *
 * Registration numbers come from reg_counters, incremented in the same
 * BEGIN IMMEDIATE transaction that registers the case, so numbers per office
 * and year have no gaps and no duplicates however many requests race.
 */
#include "store/case_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---- transitions ---- */

/* The facts the guards of rules/workflow.c need, gathered from the case's rows. */
static int case_facts(nt_store *st, const case_row *c, nt_case_facts *f)
{
    memset(f, 0, sizeof *f);
    f->state = c->state;
    f->route = c->route;
    f->has_event_date = c->event != NT_DATE_NONE;
    f->has_place = c->has_place;
    f->has_narrative = c->has_narrative;
    f->has_reporter = c->has_reporter;
    f->late_filing = c->late_filing;
    nt_due w;
    if (nt_deadline_filing(st->rules, nt_rules_regime(st->rules, c->regime), c->known, &w) == 0) {
        f->window_due = w.due;
        f->window_passed = nt_today() > w.due;
    }
    enum { F_PARTIES, F_OPEN, F_ACTIVE, F_VIOLATIONS, F_FILES, F_WITNESSES, F_DOCUMENTS };
    nt_stmt *s = nt_query(st->db,
                          "SELECT count(*), count(*) FILTER (WHERE state NOT IN " NT_SQL_PARTY_FINAL
                          "), count(*) FILTER (WHERE state NOT IN " NT_SQL_PARTY_STOPPED "), "
                          "(SELECT count(*) FROM case_violations v WHERE v.case_id=$1), "
                          "(SELECT count(*) FROM evidence e WHERE e.case_id=$1), "
                          "(SELECT CASE WHEN witnesses IN ('', '[]') THEN 0 ELSE 1 END FROM cases "
                          "WHERE id=$1), "
                          "(SELECT length(trim(evidence_list)) FROM cases WHERE id=$1) "
                          "FROM case_parties WHERE case_id=$1",
                          "i", c->id);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return NT_EDB;
    }
    f->nparties = (int)nt_col_int(s, F_PARTIES);
    f->nparties_open = (int)nt_col_int(s, F_OPEN);
    f->nparties_active = (int)nt_col_int(s, F_ACTIVE);
    f->nviolations = (int)nt_col_int(s, F_VIOLATIONS);
    f->has_evidence = nt_col_int(s, F_FILES) > 0 || nt_col_int(s, F_WITNESSES) > 0 ||
                      nt_col_int(s, F_DOCUMENTS) > 0;
    nt_done(s);
    return 0;
}

/* A letter's number and date (a recommendation, a decree): both required, the date not in the
 * future nor before the state the step leaves; kept in record under the same keys. */
static int take_letter(json_t *data, const char *number_key, const char *date_key, nt_date since,
                       const char *too_early, json_t *record, nt_date *date, nt_err *err)
{
    const char *number;
    int rc = nt_in_str(data, number_key, true, 120, &number, err);
    if (!rc) rc = nt_in_date(data, date_key, true, true, date, err);
    if (rc) return rc;
    if (*date < since) {
        char field[32];
        snprintf(field, sizeof field, "data.%s", date_key);
        return nt_err_set(err, NT_EINVAL, field, "%s", too_early);
    }
    char ds[11];
    nt_date_format(*date, ds);
    json_object_set_new(record, number_key, json_string(number));
    json_object_set_new(record, date_key, json_string(ds));
    return 0;
}

/* Validates data.* for the step's needs; fills `record` with what is kept. */
static int take_step_data(nt_store *st, const case_row *c, const char *nip, unsigned flags,
                          json_t *data, const char *reason, nt_date since, json_t *record,
                          char target[16], nt_err *err)
{
    const char *v;
    int rc;
    if (flags & NT_TR_TARGET_REGION) {
        char level[16];
        if ((rc = nt_in_str(data, "ke_wilayah", true, 16, &v, err))) return rc;
        if ((rc = nt_check_region(st, "data.ke_wilayah", v, level, err))) return rc;
        size_t lo = strlen(c->office), lt = strlen(v);
        bool parent = lt < lo && strncmp(c->office, v, lt) == 0 && c->office[lt] == '.';
        bool child = lo < lt && strncmp(v, c->office, lo) == 0 && v[lo] == '.';
        if (strcmp(level, "kecamatan") == 0 || (!parent && !child))
            return nt_err_set(err, NT_EINVAL, "data.ke_wilayah",
                              "pelimpahan hanya ke Bawaslu tingkat di atas atau di bawahnya "
                              "(provinsi atau kabupaten/kota), bukan %s",
                              v);
        nt_strlcpy(target, v, 16);
        json_object_set_new(record, "dari_wilayah", json_string(c->office));
        json_object_set_new(record, "ke_wilayah", json_string(v));
    }
    if (flags & NT_TR_DESTINATION) {
        if ((rc = nt_in_str(data, "tujuan", true, 32, &v, err))) return rc;
        const nt_destination *dest = nt_destination_find(v);
        if (!dest)
            return nt_err_set(err, NT_EINVAL, "data.tujuan",
                              "tujuan harus gakkumdu, dkpp, administrasi atau instansi_lain");
        json_object_set_new(record, "tujuan", json_string(dest->id));
        json_object_set_new(record, "tujuan_label", json_string(dest->label));
    }
    nt_sanction_frame sf;
    if ((flags & (NT_TR_RECOMMENDATION | NT_TR_DECREE)) &&
        nt_sanction_frame_of(st, c->id, nip, &sf) != 0)
        return nt_err_set(err, NT_EDB, NULL, "data terlapor tidak dapat dibaca");
    if (flags & NT_TR_RECOMMENDATION) {
        const char *code, *ladder;
        nt_date date;
        if ((rc = nt_in_str(data, "sanksi", true, 80, &code, err))) return rc;
        if ((rc = nt_in_str(data, "dasar", false, 16, &ladder, err))) return rc;
        const nt_sanction *s;
        if ((rc = nt_sanction_pick(st, &sf, code, ladder, true, reason, &s, err))) return rc;
        if ((rc = take_letter(data, "nomor", "tanggal", since,
                              "tanggal rekomendasi tidak boleh sebelum kasus diteruskan", record,
                              &date, err)))
            return rc;
        const nt_authority *au = nt_rules_authority_on(st->rules, date);
        json_object_set_new(record, "sanksi", json_string(s->code));
        json_object_set_new(record, "sanksi_label", json_string(s->label));
        json_object_set_new(record, "tingkat", json_string(s->level));
        json_object_set_new(record, "dasar", json_string(s->ladder));
        if (au) json_object_set_new(record, "otoritas", json_string(au->short_name));
    }
    if (flags & NT_TR_DECREE) {
        nt_date date;
        if ((rc = take_letter(data, "nomor_sk", "tanggal_sk", since,
                              "tanggal SK tidak boleh sebelum rekomendasi terbit", record, &date,
                              err)))
            return rc;
        const char *sanksi, *ladder;
        if ((rc = nt_in_str(data, "sanksi", false, 80, &sanksi, err))) return rc;
        if ((rc = nt_in_str(data, "dasar", false, 16, &ladder, err))) return rc;
        if (sanksi && *sanksi) {
            const nt_sanction *s;
            if ((rc = nt_sanction_pick(st, &sf, sanksi, ladder, false, NULL, &s, err))) return rc;
            json_object_set_new(record, "sanksi", json_string(s->code));
            json_object_set_new(record, "sanksi_label", json_string(s->label));
            json_object_set_new(record, "dasar", json_string(s->ladder));
        }
    }
    return 0;
}

static int registration_number(nt_store *st, const case_row *c, nt_date today, char out[96],
                               int64_t *year_out, int64_t *seq_out)
{
    int y, m, d;
    nt_date_to_ymd(today, &y, &m, &d);
    nt_stmt *s =
        nt_query(st->db,
                 "INSERT INTO reg_counters(office,year,last) VALUES($1,$2,1) "
                 "ON CONFLICT(office,year) DO UPDATE SET last=reg_counters.last+1 RETURNING last",
                 "ti", c->office, (int64_t)y);
    int rc = s ? nt_step(s) : NT_EDB;
    int64_t seq = rc == 1 ? nt_col_int(s, 0) : 0;
    nt_done(s);
    if (rc != 1) return NT_EDB;
    snprintf(out, 96, "%03lld/Reg/%s/ASN/%s/%s/%d", (long long)seq,
             c->route == NT_ROUTE_LAPORAN ? "LP" : "TM", c->office, nt_month_roman(m), y);
    *year_out = y;
    *seq_out = seq;
    return 0;
}

static int party_step(nt_store *st, const nt_actor *a, const case_row *c, const char *nip,
                      const char *to_s, const char *reason, json_t *data, nt_err *err)
{
    nt_party_state to, from;
    if (nt_party_state_parse(to_s, &to))
        return nt_err_set(err, NT_EINVAL, "ke", "status terlapor '%s' tidak dikenal", to_s);
    nt_stmt *s =
        nt_query(st->db,
                 "SELECT p.state, p.state_since, x.agency_id FROM case_parties p JOIN asn x"
                 " ON x.nip=p.nip WHERE p.case_id=$1 AND p.nip=$2",
                 "it", c->id, nip);
    int found = s ? nt_step(s) : NT_EDB;
    char from_s[32] = "";
    nt_date since = NT_DATE_NONE;
    int64_t agency = 0;
    if (found == 1) {
        nt_strlcpy(from_s, nt_col_text(s, 0), sizeof from_s);
        since = nt_col_date(s, 1);
        agency = nt_col_int(s, 2);
    }
    nt_done(s);
    if (found != 1)
        return nt_err_set(err, NT_EINVAL, "nip", "NIP %.18s bukan terlapor dalam kasus ini", nip);
    if ((a->roles & NT_ROLE_PPK) && !(a->roles & NT_ROLE_ADMIN) && agency != a->agency_id)
        return nt_err_set(err, NT_ENOTFOUND, "nip", "NIP %.18s bukan terlapor dalam kasus ini",
                          nip);
    nt_party_state_parse(from_s, &from);
    nt_party_facts f = {.state = from, .case_state = c->state};
    nt_due d;
    if (nt_party_due_of(st, c->regime, from, since, &d) == 0)
        f.deadline_passed = nt_today() > d.due;
    unsigned flags = 0;
    int rc = nt_party_transition_check(&f, to, a->roles, &flags, err);
    if (rc) return rc;
    if ((flags & NT_TR_REASON) && !reason)
        return nt_err_set(err, NT_EINVAL, "alasan", "kolom 'alasan' wajib diisi untuk langkah ini");
    json_t *record = json_object();
    char target[16] = "";
    rc = take_step_data(st, c, nip, flags, data, reason, since, record, target, err);
    if (rc) {
        json_decref(record);
        return rc;
    }
    char *rec =
        (flags & (NT_TR_RECOMMENDATION | NT_TR_DECREE)) ? json_dumps(record, JSON_COMPACT) : NULL;
    rc = nt_exec(st->db,
                 "UPDATE case_parties SET state=$3, state_since=$4,"
                 " recommendation=CASE WHEN $5 IS NULL THEN recommendation ELSE $5 END,"
                 " decree=CASE WHEN $6 IS NULL THEN decree ELSE $6 END"
                 " WHERE case_id=$1 AND nip=$2",
                 "ittdtt", c->id, nip, to_s, nt_today(),
                 (flags & NT_TR_RECOMMENDATION) ? rec : NULL, (flags & NT_TR_DECREE) ? rec : NULL);
    free(rec);
    if (!rc)
        rc = nt_exec(st->db, "UPDATE cases SET updated_at=$2 WHERE id=$1", "ii", c->id, nt_now());
    if (!rc) rc = nt_case_event(st, a, c->id, nip, from_s, to_s, reason, json_incref(record));
    if (!rc)
        rc = nt_case_audit(
            st, a, "terlapor.status", c->id,
            json_pack("{ss ss ss sO}", "nip", nip, "dari", from_s, "ke", to_s, "data", record));
    json_decref(record);
    if (rc) return nt_err_set(err, NT_EDB, NULL, "perubahan status tidak dapat disimpan");
    return 0;
}

/* A case converted into another entry route (an informasi awal into a temuan or a laporan, a
 * laporan that failed its formal requirements into an informasi awal) takes that route, its
 * number series, and the dates the new route counts from. */
static int convert_route(nt_store *st, const case_row *c, nt_case_state to, const nt_case_facts *f,
                         json_t *record, json_t *result)
{
    nt_route route = (nt_route)nt_case_state_route(to);
    nt_date today = nt_today();
    nt_date known = c->known;
    bool late = false;
    if (route == NT_ROUTE_LAPORAN) {
        late = f->window_passed; /* the laporan is filed today */
    } else if (route == NT_ROUTE_INFORMASI_AWAL && c->received != NT_DATE_NONE) {
        /* Bawaslu learned of it the day the laporan came in: its own window runs from then */
        known = c->received;
        char ds[11];
        nt_date_format(c->known, ds);
        json_object_set_new(record, "tanggal_diketahui_pelapor", json_string(ds));
    }
    json_object_set_new(record, "jalur", json_string(nt_route_name(route)));
    int rc = nt_exec(st->db,
                     "UPDATE cases SET route=$2, known_date=$3, received_on=$4, late_filing=$5 "
                     "WHERE id=$1",
                     "itddi", c->id, nt_route_name(route), known, today, (int64_t)late);
    if (rc || route != NT_ROUTE_LAPORAN) return rc;
    /* a laporan brought in by the officer gets its receipt code now */
    nt_stmt *s = nt_query(st->db, "SELECT receipt_hash IS NULL FROM cases WHERE id=$1", "i", c->id);
    bool none = s && nt_step(s) == 1 && nt_col_int(s, 0);
    nt_done(s);
    if (!none) return 0;
    char code[20];
    unsigned char h[32];
    nt_receipt_code(code);
    nt_receipt_hash(code, h);
    rc = nt_exec(st->db, "UPDATE cases SET receipt_hash=$2 WHERE id=$1", "ib", c->id,
                 (const void *)h, (size_t)32);
    if (!rc) json_object_set_new(result, "kode_tanda_terima", json_string(code));
    if (late) json_object_set_new(result, "terlambat", json_true());
    return rc;
}

int nt_case_step(nt_store *st, const nt_actor *a, const case_row *c, const char *to_s,
                 const char *reason, json_t *data, json_t *result, nt_err *err)
{
    nt_case_state to;
    if (nt_case_state_parse(to_s, &to))
        return nt_err_set(err, NT_EINVAL, "ke", "status '%s' tidak dikenal", to_s);
    nt_case_facts f;
    if (case_facts(st, c, &f)) return nt_err_set(err, NT_EDB, NULL, "basis data gagal dibaca");
    unsigned flags = 0;
    int rc = nt_case_transition_check(&f, to, a->roles, &flags, err);
    if (rc) return rc;
    if ((flags & NT_TR_REASON) && !reason)
        return nt_err_set(err, NT_EINVAL, "alasan", "kolom 'alasan' wajib diisi untuk langkah ini");
    json_t *record = json_object();
    char target[16] = "";
    rc = take_step_data(st, c, NULL, flags, data, reason, c->since, record, target, err);
    if (rc) {
        json_decref(record);
        return rc;
    }
    nt_date today = nt_today();
    char regno[96] = "";
    int64_t year = 0, seq = 0;
    if ((flags & NT_TR_REGISTERS) && registration_number(st, c, today, regno, &year, &seq)) {
        json_decref(record);
        return nt_err_set(err, NT_EDB, NULL, "nomor registrasi tidak dapat diterbitkan");
    }
    if (*regno) {
        json_object_set_new(record, "reg_no", json_string(regno));
        json_object_set_new(result, "reg_no", json_string(regno));
    }
    rc = nt_exec(st->db,
                 "UPDATE cases SET state=$2, state_since=$3, updated_at=$4,"
                 " office=coalesce($5, office), destination=coalesce($6, destination)"
                 " WHERE id=$1",
                 "itditt", c->id, to_s, today, nt_now(), *target ? target : NULL,
                 json_string_value(json_object_get(record, "tujuan")));
    if (!rc && *regno)
        rc = nt_exec(st->db,
                     "UPDATE cases SET reg_year=$2, reg_seq=$3, reg_no=$4, registered_on=$5 "
                     "WHERE id=$1",
                     "iiitd", c->id, year, seq, regno, today);
    if (!rc && nt_case_state_route(to) >= 0) rc = convert_route(st, c, to, &f, record, result);
    if (!rc && (flags & NT_TR_FORWARDS)) {
        /* Every reported ASN still open goes to the authority with the case. */
        nt_stmt *s = nt_query(st->db, /* "state || ''": look up by the case key, never scan every
                                       * pending ASN */
                              "SELECT nip FROM case_parties WHERE case_id=$1 AND state || ''=$2",
                              "it", c->id, nt_party_state_name(NT_PS_INITIAL));
        json_t *nips = json_array();
        while (s && nt_step(s) == 1)
            json_array_append_new(nips, json_string(nt_col_text(s, 0)));
        nt_done(s);
        size_t i;
        json_t *n;
        json_array_foreach(nips, i, n)
        {
            if (!rc)
                rc = nt_exec(st->db,
                             "UPDATE case_parties SET state=$4, state_since=$3 "
                             "WHERE case_id=$1 AND nip=$2",
                             "itdt", c->id, json_string_value(n), today,
                             nt_party_state_name(NT_PS_DITERUSKAN));
            if (!rc)
                rc = nt_case_event(st, a, c->id, json_string_value(n),
                                   nt_party_state_name(NT_PS_INITIAL),
                                   nt_party_state_name(NT_PS_DITERUSKAN), "", NULL);
        }
        json_object_set_new(record, "diteruskan", nips);
        const nt_authority *au = nt_rules_authority_on(st->rules, today);
        if (au) json_object_set_new(record, "otoritas", json_string(au->short_name));
    }
    if (!rc)
        rc = nt_case_event(st, a, c->id, NULL, nt_case_state_name(c->state), to_s, reason,
                           json_incref(record));
    if (!rc)
        rc = nt_case_audit(st, a, "kasus.status", c->id,
                           json_pack("{ss ss sO}", "dari", nt_case_state_name(c->state), "ke", to_s,
                                     "data", record));
    /* the reporter who gave an address hears of each stage the status page shows (not of
     * their own completion) */
    if (!rc && !(a->roles & NT_ROLE_PELAPOR)) {
        char today_l[24], due_l[24] = "";
        nt_date_format_id(today, today_l);
        json_t *v = json_pack("{ss ss}", "tahap", nt_case_state_label(to), "tanggal", today_l);
        if (to == NT_ST_PERLU_DILENGKAPI) {
            nt_due due;
            case_row now = *c;
            now.state = to;
            now.since = today;
            if (!nt_case_row_due(st, &now, &due)) nt_date_format_id(due.due, due_l);
            json_object_set_new(v, "apa", json_string(reason ? reason : ""));
            json_object_set_new(v, "batas", json_string(due_l));
        }
        rc = nt_outbox_notify_reporter(
            st, c->id, to == NT_ST_PERLU_DILENGKAPI ? "minta_lengkapi" : "tahap", v);
        json_decref(v);
    }
    json_decref(record);
    if (rc) return nt_err_set(err, NT_EDB, NULL, "perubahan status tidak dapat disimpan");
    return 0;
}

int nt_case_transition(nt_store *st, const nt_actor *a, int64_t id, json_t *in, json_t **out,
                       nt_err *err)
{
    if (!json_is_object(in)) return nt_err_set(err, NT_EINVAL, "body", "data harus objek JSON");
    const char *to, *reason, *nip, *party;
    int rc = nt_in_str(in, "ke", true, 32, &to, err);
    if (!rc) rc = nt_in_str(in, "alasan", false, 4000, &reason, err);
    if (!rc) rc = nt_in_str(in, "nip", false, 18, &nip, err);
    /* or the reported ASN's key in this case, for a role that does not see the NIP */
    if (!rc) rc = nt_in_str(in, "pihak", false, NT_PARTY_KEY_LEN, &party, err);
    if (rc) return rc;
    char party_nip[32];
    json_t *data = json_object_get(in, "data");
    if (data && !json_is_object(data))
        return nt_err_set(err, NT_EINVAL, "data", "kolom 'data' harus objek");
    json_t *empty = json_object();
    if (!data) data = empty;
    if (nt_db_begin(st->db)) {
        json_decref(empty);
        return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    }
    case_row c;
    json_t *result = json_object();
    rc = nt_case_load(st, a, id, &c, err);
    if (!rc && party && !nip) {
        if (nt_party_nip_of_key(st, id, party, party_nip))
            rc = nt_err_set(err, NT_EINVAL, "pihak", "terlapor ini tidak ada dalam kasus ini");
        else
            nip = party_nip;
    }
    if (!rc) {
        if (nip)
            rc = party_step(st, a, &c, nip, to, reason, data, err);
        else
            rc = nt_case_step(st, a, &c, to, reason, data, result, err);
    }
    json_decref(empty);
    if (rc) {
        json_decref(result);
        nt_db_rollback(st->db);
        return rc;
    }
    if ((rc = nt_db_commit(st->db))) {
        json_decref(result);
        return nt_err_set(err, NT_EDB, NULL, "perubahan status tidak dapat disimpan");
    }
    json_object_set_new(result, "id", json_integer(id));
    json_object_set_new(result, "ke", json_string(to));
    if (party)
        json_object_set_new(result, "pihak", json_string(party));
    else if (nip)
        json_object_set_new(result, "nip", json_string(nip));
    *out = result;
    return 0;
}

int nt_case_extend(nt_store *st, const nt_actor *a, int64_t id, const char *reason, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat memperpanjang tenggat");
    if (!reason || !*reason)
        return nt_err_set(err, NT_EINVAL, "alasan", "kolom 'alasan' wajib diisi");
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    case_row c;
    int rc = nt_case_load(st, a, id, &c, err);
    nt_due d;
    if (!rc && c.extended)
        rc = nt_err_set(err, NT_ECONFLICT, "diperpanjang", "tenggat kasus ini sudah diperpanjang");
    case_row unextended = c;
    unextended.extended = false;
    if (!rc && (nt_case_row_due(st, &unextended, &d) != 0 || d.clock->extension_days == 0))
        rc = nt_err_set(err, NT_ECONFLICT, "status",
                        "tenggat pada status '%s' tidak dapat diperpanjang",
                        nt_case_state_label(c.state));
    if (!rc && nt_today() > d.due)
        rc = nt_err_set(err, NT_ECONFLICT, "status",
                        "tenggat sudah terlampaui; perpanjangan harus diberikan sebelum tenggat");
    if (!rc)
        rc = nt_exec(st->db, "UPDATE cases SET extended=1, updated_at=$2 WHERE id=$1", "ii", id,
                     nt_now());
    if (!rc)
        rc =
            nt_case_event(st, a, id, NULL, nt_case_state_name(c.state), nt_case_state_name(c.state),
                          reason, json_pack("{si}", "perpanjangan_hari", d.clock->extension_days));
    if (!rc) rc = nt_case_audit(st, a, "kasus.perpanjang", id, json_pack("{ss}", "alasan", reason));
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err);
}

/* Region depth: national 0, province 1, regency 2, district 3. */
static int depth(const char *code)
{
    if (!*code) return 0;
    int d = 1;
    for (const char *p = code; *p; p++)
        d += *p == '.';
    return d;
}

/* Whether a's office is the handling team of case c for its reporter's identity. */
static bool reporter_office(nt_store *st, const nt_actor *a, const case_row *c)
{
    const nt_rules *ru = st->rules;
    if (!strcmp(a->region, c->office)) return true;
    if (ru->reporter_levels_above > 0 && nt_actor_covers_region(a, c->office) &&
        depth(c->office) - depth(a->region) <= ru->reporter_levels_above)
        return true;
    if (!ru->reporter_previous_offices) return false;
    nt_stmt *s = nt_query(st->db,
                          nt_db_sql(st->db,
                                    "SELECT 1 FROM case_events WHERE case_id=$1 AND "
                                    "json_extract(data,'$.dari_wilayah')=$2 LIMIT 1",
                                    "SELECT 1 FROM case_events WHERE case_id=$1 AND "
                                    "data::json->>'dari_wilayah'=$2 LIMIT 1"),
                          "it", c->id, a->region);
    bool held = s && nt_step(s) == 1;
    nt_done(s);
    return held;
}

bool nt_case_reporter_allowed(nt_store *st, const nt_actor *a, const case_row *c)
{
    if (a->user_id == 0 && (a->roles & NT_ROLE_ADMIN)) return true; /* the command line */
    return (a->roles & NT_ROLE_BAWASLU) && reporter_office(st, a, c);
}

int nt_case_reporter(nt_store *st, const nt_actor *a, int64_t id, const char *purpose, json_t **out,
                     nt_err *err)
{
    /* Only the handling team (privacy.json "reporter_identity"): the Bawaslu office handling
     * the case, or as far above it / before it as the rule widens. The command line acts as
     * the operator who holds the key anyway. */
    bool system = a->user_id == 0 && (a->roles & NT_ROLE_ADMIN);
    if (!system && !(a->roles & NT_ROLE_BAWASLU))
        return nt_err_set(err, NT_EFORBIDDEN, "pelapor",
                          "identitas pelapor hanya dapat dilihat oleh tim penanganan Bawaslu");
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    case_row c;
    int rc = nt_case_load(st, a, id, &c, err);
    if (!rc && !system && !reporter_office(st, a, &c))
        rc = nt_err_set(err, NT_EFORBIDDEN, "pelapor",
                        "identitas pelapor hanya dapat dilihat oleh kantor Bawaslu yang menangani "
                        "kasus ini (%s)",
                        c.office);
    unsigned char *blob = NULL;
    size_t len = 0;
    if (!rc) {
        nt_stmt *s = nt_query(st->db, "SELECT reporter_enc FROM cases WHERE id=$1", "i", id);
        if (s && nt_step(s) == 1 && !nt_col_null(s, 0)) {
            const void *p = nt_col_blob(s, 0, &len);
            blob = nt_xmalloc(len);
            memcpy(blob, p, len);
        }
        nt_done(s);
        if (!blob)
            rc = nt_err_set(err, NT_ENOTFOUND, "pelapor",
                            "kasus ini tidak memuat identitas pelapor");
    }
    char *plain = NULL;
    if (!rc && nt_unseal(st, blob, len, &plain))
        rc = nt_err_set(err, NT_EIO, "pelapor",
                        "identitas pelapor tidak dapat dibuka (kunci tidak cocok atau data rusak)");
    free(blob);
    if (!rc)
        rc = nt_case_audit(
            st, a, "pelapor.lihat", id,
            json_pack("{ss}", "keperluan", purpose && *purpose ? purpose : "penanganan"));
    if (rc || nt_db_commit(st->db)) {
        nt_db_rollback(st->db);
        if (plain) sodium_memzero(plain, strlen(plain));
        free(plain);
        return rc ? rc : nt_err_set(err, NT_EDB, NULL, "log akses tidak dapat ditulis");
    }
    *out = json_loads(plain, 0, NULL);
    sodium_memzero(plain, strlen(plain));
    free(plain);
    return *out ? 0 : nt_err_set(err, NT_EIO, "pelapor", "identitas pelapor rusak");
}
