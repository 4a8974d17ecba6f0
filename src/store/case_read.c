/*
 * case_read.c - one case as its reader may see it, the inbox list with full-text search,
 * and public tracking by receipt code (stages and dates only).
 */
#include "store/case_int.h"

#include "base/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

static const char *input_kinds[] = {
    [NT_INPUT_TEXT] = "teks",      [NT_INPUT_TEXTAREA] = "paragraf", [NT_INPUT_DATE] = "tanggal",
    [NT_INPUT_SELECT] = "pilihan", [NT_INPUT_FILE] = "berkas",
};

/* The Bawaslu offices a case can be handed to: the level above and the levels below. */
static json_t *handover_options(nt_store *st, const char *office)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT code, name FROM regions WHERE (code=(SELECT parent FROM regions "
                          "WHERE code=$1) OR parent=$1) AND level IN ('provinsi','kabkota') "
                          "ORDER BY code",
                          "t", office);
    json_t *out = json_array();
    while (s && nt_step(s) == 1)
        json_array_append_new(out, json_pack("{ss ss sb}", "value", nt_col_text(s, 0), "label",
                                             nt_col_text(s, 1), "selected", 0));
    nt_done(s);
    return out;
}

static json_t *destination_options(void)
{
    size_t n;
    const nt_destination *d = nt_destinations(&n);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            out, json_pack("{ss ss sb}", "value", d[i].id, "label", d[i].label, "selected", 0));
    return out;
}

/* One next step as a form draws it: its inputs (from rules/workflow.c), each with its label,
 * kind, whether it is required, and the options of a list. */
static json_t *step_view(nt_store *st, const case_row *c, const char *to, const char *label,
                         unsigned needs, bool final, const char *consequence,
                         const nt_sanction_frame *sf, const char *chosen)
{
    const nt_step_input *in[16];
    int n = nt_step_inputs(needs, in, (int)NT_ARRAY_LEN(in));
    json_t *fields = json_array();
    nt_case_state to_state;
    const char *reason_label =
        nt_case_state_parse(to, &to_state) ? NULL : nt_case_state_reason_label(to_state);
    for (int i = 0; i < n; i++) {
        const char *flabel =
            reason_label && !strcmp(in[i]->name, "alasan") ? reason_label : in[i]->label;
        json_t *f = json_pack("{ss ss sb ss sb}", "nama", in[i]->name, "label", flabel, "wajib",
                              in[i]->required, "jenis", input_kinds[in[i]->kind],
                              input_kinds[in[i]->kind], 1);
        json_t *opts = NULL;
        switch (in[i]->options) {
        case NT_OPTIONS_OFFICES:
            opts = handover_options(st, c->office);
            break;
        case NT_OPTIONS_DESTINATIONS:
            opts = destination_options();
            break;
        case NT_OPTIONS_SANCTIONS:
            opts = sf ? nt_sanction_options(st, sf, chosen) : json_array();
            break;
        case NT_OPTIONS_NONE:
            break;
        }
        if (opts) json_object_set_new(f, "pilihan_list", opts);
        json_array_append_new(fields, f);
    }
    bool upload = false;
    for (int i = 0; i < n; i++)
        upload |= in[i]->kind == NT_INPUT_FILE;
    json_t *o = json_pack("{ss ss sb so sb}", "ke", to, "label", label, "akhir", final, "isian",
                          fields, "unggah", upload);
    /* a step that ends or stops: its consequence, to be confirmed */
    if (consequence) json_object_set_new(o, "akibat", json_string(consequence));
    return o;
}

static void add_next_steps(nt_store *st, json_t *o, const case_row *c, unsigned roles)
{
    nt_case_state next[NT_ST__COUNT];
    int n = nt_case_next_states(c->state, roles, next, NT_ST__COUNT);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *v = step_view(st, c, nt_case_state_name(next[i]), nt_case_state_label(next[i]),
                              nt_case_step_needs(c->state, next[i]), nt_case_state_final(next[i]),
                              nt_case_state_consequence(next[i]), NULL, NULL);
        json_object_set_new(v, "kelompok",
                            json_string(nt_step_kind_name(nt_case_step_kind(next[i]))));
        json_array_append_new(arr, v);
    }
    json_object_set_new(o, "langkah_berikut", arr);
}

/* The authority in office on the day the case was forwarded (NULL before it is). */
static const nt_authority *forwarded_to(nt_store *st, int64_t id, char day[11])
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT max(at) FROM case_events WHERE case_id=$1 AND nip IS NULL AND "
                          "to_state=$2",
                          "it", id, nt_case_state_name(NT_ST_DITERUSKAN));
    int64_t at = s && nt_step(s) == 1 && !nt_col_null(s, 0) ? nt_col_int(s, 0) : 0;
    nt_done(s);
    if (!at) return NULL;
    nt_date d = nt_date_of_time(at);
    nt_date_format(d, day);
    return nt_rules_authority_on(st->rules, d);
}

int nt_case_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err)
{
    case_row c;
    int rc = nt_case_load(st, a, id, &c, err);
    if (rc) return rc;
    int tz_offset;
    const char *tz_label;
    nt_rules_timezone(st->rules, c.office, &tz_offset, &tz_label);
    nt_stmt *s = nt_query(st->db,
                          "SELECT c.id, c.reg_no, c.route AS jalur, c.state AS status, c.regime AS "
                          "rezim, c.election_id AS pemilihan, c.office AS kantor, r.name AS "
                          "nama_kantor, c.title AS judul, c.event_date AS tanggal_kejadian, "
                          "c.known_date AS tanggal_diketahui, c.place AS tempat, c.narrative AS "
                          "uraian, c.witnesses AS saksi, c.late_filing AS terlambat, "
                          "c.registered_on AS tanggal_registrasi, c.state_since AS status_sejak, "
                          "c.extended AS diperpanjang, c.destination AS tujuan, "
                          "c.reporter_enc IS NOT NULL AS ada_pelapor, c.created_at AS dibuat, "
                          "c.updated_at AS diubah, c.received_on AS tanggal_diterima, "
                          "c.evidence_list AS daftar_bukti FROM cases c LEFT JOIN regions r ON "
                          "r.code=c.office WHERE c.id=$1",
                          "i", id);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return nt_err_set(err, NT_EDB, NULL, "kasus tidak dapat dibaca");
    }
    json_t *o = nt_row_json(s);
    nt_done(s);
    json_t *w = json_loads(json_string_value(json_object_get(o, "saksi")), 0, NULL);
    json_object_set_new(o, "saksi", w ? w : json_array());
    static const char *bools[] = {"terlambat", "diperpanjang", "ada_pelapor"};
    for (size_t i = 0; i < NT_ARRAY_LEN(bools); i++)
        json_object_set_new(o, bools[i],
                            json_boolean(json_integer_value(json_object_get(o, bools[i]))));
    json_object_set_new(o, "status_label", json_string(nt_case_state_label(c.state)));
    json_object_set_new(o, "dapat_diubah", json_boolean(nt_case_editable(c.state)));
    /* labels for people: the route by name, dates as they are written */
    nt_route rt;
    if (!nt_route_parse(json_string_value(json_object_get(o, "jalur")), &rt))
        json_object_set_new(o, "jalur_label", json_string(nt_route_label(rt)));
    static const char *days[] = {"tanggal_kejadian", "tanggal_diketahui", "tanggal_registrasi",
                                 "tanggal_diterima"};
    for (size_t i = 0; i < NT_ARRAY_LEN(days); i++)
        nt_date_label(o, days[i]);
    /* the window from discovery (file a laporan, set a temuan) */
    nt_due d;
    if (nt_deadline_filing(st->rules, nt_rules_regime(st->rules, c.regime), c.known, &d) == 0) {
        char ds[11], dl[24];
        nt_date_format(d.due, ds);
        nt_date_format_id(d.due, dl);
        json_object_set_new(o, "batas_penyampaian", json_string(ds));
        json_object_set_new(o, "batas_penyampaian_label", json_string(dl));
    }
    char fday[11];
    const nt_authority *auth = forwarded_to(st, id, fday);
    if (auth) {
        json_t *ot = json_pack("{ss ss ss}", "singkatan", auth->short_name, "nama", auth->name,
                               "tanggal_diteruskan", fday);
        nt_date_label(ot, "tanggal_diteruskan");
        json_object_set_new(o, "otoritas", ot);
    }
    if (!nt_case_state_final(c.state) && nt_case_row_due(st, &c, &d) == 0) {
        json_object_set_new(o, "tenggat", nt_due_json(st, &d));
        /* the regime's one extension, while the deadline has not passed (Bawaslu decides) */
        if ((a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) && !c.extended &&
            d.clock->extension_days > 0 && nt_today() <= d.due)
            json_object_set_new(
                o, "perpanjangan",
                json_pack("{si ss}", "hari", d.clock->extension_days, "satuan",
                          d.clock->count == NT_COUNT_WORKING ? "hari kerja" : "hari kalender"));
    }
    /* the messages with the reporter, for the handling team (the authority and a PPK never
     * read them: they may carry what identifies the reporter) */
    if (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) {
        nt_stmt *q =
            nt_query(st->db, "SELECT receipt_hash IS NOT NULL FROM cases WHERE id=$1", "i", id);
        bool reachable = q && nt_step(q) == 1 && nt_col_int(q, 0);
        nt_done(q);
        json_object_set_new(o, "pesan", nt_case_messages(st, id, false));
        json_object_set_new(o, "dapat_menulis_pelapor",
                            json_boolean(reachable && !nt_case_state_final(c.state)));
    }
    json_object_set_new(o, "pelapor_dapat_dibuka",
                        json_boolean(json_is_true(json_object_get(o, "ada_pelapor")) &&
                                     nt_case_reporter_allowed(st, a, &c)));
    add_next_steps(st, o, &c, a->roles);

    /* Reported ASN; a PPK sees only those of its own agency. */
    int64_t own_agency = nt_party_agency(a);
    nt_stmt *p = nt_query(st->db,
                          "SELECT p.nip, x.name AS nama, x.position AS jabatan, x.position_kind AS "
                          "jenis_jabatan, g.name AS instansi, x.agency_id AS instansi_id, p.state "
                          "AS status, p.state_since AS status_sejak, p.recommendation AS "
                          "rekomendasi, p.decree AS sk FROM case_parties p JOIN asn x ON "
                          "x.nip=p.nip LEFT JOIN agencies g ON g.id=x.agency_id WHERE "
                          "p.case_id=$1 AND ($2=0 OR x.agency_id=$2) ORDER BY x.name",
                          "ii", id, own_agency);
    json_t *parties = nt_rows_json(p);
    size_t i;
    json_t *row;
    json_array_foreach(parties, i, row)
    {
        static const char *jc[] = {"rekomendasi", "sk"}, *jd[] = {"tanggal", "tanggal_sk"};
        for (size_t k = 0; k < NT_ARRAY_LEN(jc); k++) {
            const char *t = json_string_value(json_object_get(row, jc[k]));
            json_t *v = t ? json_loads(t, 0, NULL) : NULL;
            nt_date_label(v, jd[k]); /* the letter's date as it is written ("2 Des 2026") */
            json_object_set_new(row, jc[k], v ? v : json_null());
        }
        nt_party_state ps;
        nt_party_state_parse(json_string_value(json_object_get(row, "status")), &ps);
        json_object_set_new(row, "status_label", json_string(nt_party_state_label(ps)));
        const char *since = json_string_value(json_object_get(row, "status_sejak"));
        nt_date sd;
        if (!nt_party_state_final(ps) && since && nt_date_parse(since, strlen(since), &sd) &&
            nt_party_due_of(st, c.regime, ps, sd, &d) == 0)
            json_object_set_new(row, "tenggat", nt_due_json(st, &d));
        nt_party_state next[NT_PS__COUNT];
        int n = nt_party_next_states(ps, a->roles, next, NT_PS__COUNT);
        nt_sanction_frame sf;
        bool have_frame =
            n > 0 &&
            nt_sanction_frame_of(st, id, json_string_value(json_object_get(row, "nip")), &sf) == 0;
        /* the decree's list starts at the sanction recommended */
        char chosen[80] = "";
        json_t *rec = json_object_get(row, "rekomendasi");
        if (json_is_object(rec))
            snprintf(chosen, sizeof chosen, "%s|%s",
                     json_string_value(json_object_get(rec, "dasar")) ?: "",
                     json_string_value(json_object_get(rec, "sanksi")) ?: "");
        json_t *arr = json_array();
        for (int k = 0; k < n; k++) {
            unsigned needs = nt_party_step_needs(ps, next[k]);
            json_array_append_new(
                arr, step_view(st, &c, nt_party_state_name(next[k]), nt_party_state_label(next[k]),
                               needs, nt_party_state_final(next[k]),
                               nt_party_state_consequence(next[k]), have_frame ? &sf : NULL,
                               (needs & NT_TR_DECREE) && *chosen ? chosen : NULL));
        }
        json_object_set_new(row, "langkah_berikut", arr);
        char key[NT_PARTY_KEY_LEN + 1];
        nt_party_key(st, id, json_string_value(json_object_get(row, "nip")), key);
        json_t *pledge = nt_pledge_of(st, json_string_value(json_object_get(row, "nip")));
        if (pledge) json_object_set_new(row, "ikrar", pledge); /* signed a neutrality pledge */
        json_object_set_new(row, "pihak", json_string(key));
        if (have_frame && sf.expected >= 0) {
            json_object_set_new(row, "tingkat_katalog", json_string(sf.level[sf.expected]));
            json_object_set_new(row, "tingkat_katalog_label",
                                json_string(nt_level_label(sf.level[sf.expected])));
        }
    }
    nt_mask_rows(st->rules, a, parties, nt_pfields_asn);
    json_object_set_new(o, "terlapor", parties);

    json_t *viol = nt_rows_json(nt_query(st->db,
                                         "SELECT code FROM case_violations WHERE case_id=$1 "
                                         "ORDER BY code",
                                         "i", id));
    json_array_foreach(viol, i, row)
    {
        const nt_violation *v =
            nt_rules_violation(st->rules, json_string_value(json_object_get(row, "code")));
        if (v) {
            json_object_set_new(row, "jenis", json_string(v->kind));
            json_object_set_new(row, "tingkat", json_string(v->level));
            json_object_set_new(row, "kategori", json_string(v->category));
            json_object_set_new(row, "uraian", json_string(v->act));
        }
    }
    json_object_set_new(o, "pelanggaran", viol);
    /* a PPK reads the history of its own agency's ASN and of the case, without other ASN */
    json_t *events = nt_rows_json(nt_query(st->db,
                                           "SELECT id, nip, from_state AS dari, to_state AS ke, "
                                           "actor AS oleh, at AS waktu, reason AS alasan, "
                                           "data AS data FROM case_events WHERE case_id=$1 "
                                           "AND ($2=0 OR nip IS NULL OR nip IN (SELECT nip FROM "
                                           "asn WHERE agency_id=$2)) ORDER BY id",
                                           "ii", id, own_agency));
    json_t *bylines = json_object(); /* who acted, by person and office */
    json_array_foreach(events, i, row)
    {
        json_object_set_new(row, "oleh_label",
                            json_string(nt_user_byline(
                                st, json_string_value(json_object_get(row, "oleh")), bylines)));
        json_t *dj = json_loads(json_string_value(json_object_get(row, "data")), 0, NULL);
        if (dj && own_agency) json_object_del(dj, "diteruskan");
        json_object_set_new(row, "data", dj ? dj : json_object());
        int64_t at = json_integer_value(json_object_get(row, "waktu"));
        char ts[32], tl[40];
        nt_time_format(at, ts);
        nt_time_format_id_zone(at, tz_offset, tz_label, tl); /* in the office's own zone */
        json_object_set_new(row, "waktu", json_string(ts));
        json_object_set_new(row, "waktu_label", json_string(tl));
        /* the step by its name: a case state, or a person's when the event names one */
        const char *to = json_string_value(json_object_get(row, "ke"));
        nt_case_state cs;
        nt_party_state ps;
        bool party = !json_is_null(json_object_get(row, "nip"));
        const char *label = !to                                       ? ""
                            : party && !nt_party_state_parse(to, &ps) ? nt_party_state_label(ps)
                            : !nt_case_state_parse(to, &cs)           ? nt_case_state_label(cs)
                                                                      : to;
        json_object_set_new(row, "ke_label", json_string(label));
    }
    nt_mask_rows(st->rules, a, events, nt_pfields_asn);
    json_object_set_new(o, "riwayat", events);
    json_t *files = nt_rows_json(nt_query(st->db,
                                          "SELECT id, filename AS nama_berkas, content_type AS "
                                          "jenis, size AS ukuran, sha256, description AS "
                                          "keterangan, uploader AS diunggah_oleh, uploaded_at "
                                          "AS diunggah FROM evidence WHERE case_id=$1 ORDER BY id",
                                          "i", id));
    size_t k;
    json_t *f;
    json_array_foreach(files, k, f)
    {
        char size[32];
        nt_size_label(json_integer_value(json_object_get(f, "ukuran")), size, sizeof size);
        json_object_set_new(f, "ukuran_label", json_string(size));
        const char *note = json_string_value(json_object_get(f, "keterangan"));
        if (note && !*note) json_object_set_new(f, "keterangan", json_null()); /* none given */
        const char *view = nt_evidence_preview(json_string_value(json_object_get(f, "jenis")));
        if (view) json_object_set_new(f, "pratinjau", json_string(view));
        if (view) json_object_set_new(f, view, json_true()); /* for the page: gambar/pdf/teks */
        json_object_set_new(
            f, "diunggah_oleh_label",
            json_string(nt_user_byline(st, json_string_value(json_object_get(f, "diunggah_oleh")),
                                       bylines)));
    }
    json_decref(bylines);
    json_object_set_new(o, "bukti", files);
    *out = o;
    return 0;
}

/* The words of a search box as a full-text query, every word required and a prefix of a
 * word in the case. SQLite (FTS5): each word a quoted prefix term (quotes doubled). PostgreSQL
 * (tsquery): each run of letters and digits "run:*", joined by "&". Nothing the user types is
 * read as query syntax by either engine. */
static char *fts_query(const char *q, bool pg)
{
    nt_buf b = {0};
    if (pg) {
        for (const unsigned char *p = (const unsigned char *)q; *p;) {
            size_t n = 0;
            while (p[n] && (isalnum(p[n]) || p[n] >= 0x80))
                n++;
            if (!n) {
                p++;
                continue;
            }
            if (b.len) nt_buf_adds(&b, " & ");
            nt_buf_add(&b, (const char *)p, n);
            nt_buf_adds(&b, ":*");
            p += n;
        }
        size_t len;
        char *out = nt_buf_detach(&b, &len);
        return out ? out : nt_xstrdup("");
    }
    for (const char *p = q; *p;) {
        p += strspn(p, " \t\r\n");
        size_t n = strcspn(p, " \t\r\n");
        if (!n) break;
        if (b.len) nt_buf_addc(&b, ' ');
        nt_buf_addc(&b, '"');
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '"') nt_buf_addc(&b, '"');
            nt_buf_addc(&b, p[i]);
        }
        nt_buf_adds(&b, "\" *");
        p += n;
    }
    if (!b.len) nt_buf_adds(&b, "\"\"");
    size_t len;
    return nt_buf_detach(&b, &len);
}

/* The soonest running deadline of the case's reported ASN (stored in deadlines) the reader
 * may see, as row.tenggat, with row.menunggu: the step that runs and whose it is. */
static void party_clock(nt_store *st, const nt_actor *a, json_t *row, int64_t id,
                        const char *regime)
{
    nt_stmt *q = nt_query(st->db,
                          "SELECT p.state, p.state_since FROM deadlines d JOIN case_parties p ON "
                          "p.case_id=d.case_id AND p.nip=d.nip WHERE d.case_id=$1 AND d.nip<>'' "
                          "AND ($2=0 OR d.nip IN (SELECT nip FROM asn WHERE agency_id=$2)) "
                          "ORDER BY d.due LIMIT 1",
                          "ii", id, nt_party_agency(a));
    nt_party_state ps;
    nt_due d;
    if (q && nt_step(q) == 1 && nt_party_state_parse(nt_col_text(q, 0), &ps) == 0 &&
        nt_party_due_of(st, regime, ps, nt_col_date(q, 1), &d) == 0) {
        json_object_set_new(row, "tenggat", nt_due_json(st, &d));
        /* the clock's own words say whose step it is ("PPK menindaklanjuti rekomendasi") */
        json_object_set_new(row, "menunggu", json_string(d.clock->label));
    }
    nt_done(q);
}

static int case_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err);

/* A page of the list is kept, per reader, filter and day, until the audit chain moves (every
 * change to a case is audited): the inbox read again and again costs one query. */
int nt_case_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    char key[96], head[72];
    nt_cache_key("list", a, filter, (int)nt_today(), key); /* deadlines in words: per day */
    if ((*out = nt_cache_get(st, key, head))) return 0;
    int rc = case_list(st, a, filter, out, err);
    if (!rc) nt_cache_put(key, head, *out);
    return rc;
}

static int case_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    const char *state = NULL, *route = NULL, *nip = NULL, *q = NULL, *month = NULL,
               *category = NULL, *due = NULL, *order = NULL;
    int64_t limit = 50, offset = 0, agency = 0;
    int rc = 0;
    if (filter) {
        if (!rc) rc = nt_in_str(filter, "urut", false, 16, &order, err);
        if (!rc) rc = nt_in_str(filter, "status", false, 32, &state, err);
        if (!rc) rc = nt_in_str(filter, "jalur", false, 20, &route, err);
        if (!rc) rc = nt_in_str(filter, "nip", false, 18, &nip, err);
        if (!rc) rc = nt_in_str(filter, "q", false, 200, &q, err);
        if (!rc) rc = nt_in_str(filter, "bulan", false, 7, &month, err);
        if (!rc) rc = nt_in_str(filter, "kategori", false, 64, &category, err);
        if (!rc) rc = nt_in_str(filter, "tenggat", false, 8, &due, err);
        if (!rc) rc = nt_in_int(filter, "instansi", false, 0, INT64_MAX, &agency, err);
        if (!rc) rc = nt_in_int(filter, "limit", false, 1, 500, &limit, err);
        if (!rc) rc = nt_in_int(filter, "offset", false, 0, INT32_MAX, &offset, err);
    }
    nt_case_filter cf; /* election, office, period: as the dashboard's figures */
    if (!rc) rc = nt_case_filter_read(filter, &cf, err);
    if (rc) return rc;
        /* the order: by urgency (the next deadline first, the default), or by a column */
        /* (by the reported ASN: the first one the reader may see, by name, as the list shows it;
         * by the alleged violation: the first code, as shown) */
#define FIRST_PARTY                                                                                \
    "(SELECT min(x.name) FROM case_parties p JOIN asn x ON x.nip=p.nip WHERE p.case_id=c.id "      \
    "AND %s)"
#define FIRST_CODE "(SELECT min(v.code) FROM case_violations v WHERE v.case_id=c.id)"
    static const struct {
        const char *name, *sql;
    } orders[] = {{"tenggat", "c.due_on IS NULL, c.due_on, c.id DESC"}, /* overdue first */
                  {"nomor", "c.id DESC"},
                  {"diterima", "c.received_on DESC, c.id DESC"},
                  {"status", "c.state, c.id DESC"},
                  {"kantor", "c.office, c.id DESC"},
                  {"terlapor", NULL}, /* FIRST_PARTY, in the reader's scope: below */
                  {"dugaan", FIRST_CODE " IS NULL, " FIRST_CODE ", c.id DESC"}};
    int ord = 0;
    if (order && *order) {
        ord = -1;
        for (size_t i = 0; i < NT_ARRAY_LEN(orders); i++)
            if (!strcmp(order, orders[i].name)) ord = (int)i;
        if (ord < 0)
            return nt_err_set(err, NT_EINVAL, "urut",
                              "urut harus tenggat, nomor, diterima, status, kantor, terlapor "
                              "atau dugaan");
        if (!strcmp(order, "terlapor") && nt_rules_masked(st->rules, "nama", a->roles))
            return nt_err_set(err, NT_EINVAL, "urut",
                              "nama terlapor disamarkan untuk peran Anda; tidak dapat diurutkan");
    }
    nt_case_state cs;
    if (state && nt_case_state_parse(state, &cs))
        return nt_err_set(err, NT_EINVAL, "status", "status '%s' tidak dikenal", state);
    nt_route rt;
    if (route && nt_route_parse(route, &rt))
        return nt_err_set(err, NT_EINVAL, "jalur", "jalur '%s' tidak dikenal", route);
    /* a category is the set of catalogue codes in it */
    char *codes = NULL;
    if (category && !(codes = nt_category_codes(st->rules, category)))
        return nt_err_set(err, NT_EINVAL, "kategori", "kategori '%s' tidak dikenal", category);
    /* a deadline filter: the cases with a step overdue ("lewat") or due within N days, by the
     * deadlines stored when each case last moved */
    nt_date due_by = NT_DATE_NONE;
    const char *due_op = "<";
    if (due) {
        char *end = NULL;
        long days = strcmp(due, "lewat") == 0 ? 0 : strtol(due, &end, 10);
        if (strcmp(due, "lewat") != 0 && (*end || days < 1 || days > 366)) {
            free(codes);
            return nt_err_set(err, NT_EINVAL, "tenggat",
                              "tenggat harus 'lewat' atau jumlah hari (1-366)");
        }
        due_by = nt_today() + (int)days;
        if (days) due_op = "<=";
    }
    char *like = q ? fts_query(q, nt_db_engine_of(st->db) == NT_DB_PG) : NULL;
    const bool searched = like != NULL, codes_given = category != NULL;
    /* Only the filters given, so SQLite can use the indexes on state and office. */
    nt_buf where = {0};
    nt_buf_printf(&where, "WHERE %s", nt_scope_sql(a));
    if (state) nt_buf_adds(&where, " AND c.state=$1");
    if (route) nt_buf_adds(&where, " AND c.route=$2");
    nt_case_filter_sql(&where, &cf);
    if (nip)
        nt_buf_adds(&where, " AND c.id IN (SELECT p.case_id FROM case_parties p WHERE p.nip=$5)");
    if (month) nt_buf_adds(&where, " AND substr(c.known_date,1,7)=$10");
    if (codes) {
        nt_buf_adds(&where, " AND c.id IN (SELECT v.case_id FROM case_violations v WHERE v.code");
        nt_sql_in_json(&where, st->db, false, 11);
        nt_buf_addc(&where, ')');
    }
    if (agency)
        nt_buf_adds(&where, " AND c.id IN (SELECT p.case_id FROM case_parties p JOIN asn s ON "
                            "s.nip=p.nip WHERE s.agency_id=$12)");
    if (due)
        nt_buf_printf(
            &where, " AND c.id IN (SELECT d.case_id FROM deadlines d WHERE d.due %s $13%s)", due_op,
            nt_party_agency(a) ? " AND (d.nip='' OR d.nip IN (SELECT nip FROM asn "
                                 "WHERE agency_id=$9))"
                               : "");
    if (like)
        nt_buf_adds(&where,
                    nt_db_sql(st->db,
                              " AND c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH $6)",
                              " AND c.fts @@ to_tsquery('indonesian', $6)"));
    nt_buf sql = {0};
    /* the list's rows: with the office by name and the first reported ASN the reader may see
     * (name, position, agency), for telling cases apart at a glance */
    nt_buf_printf(&sql,
                  "SELECT c.id, c.reg_no, c.route AS jalur, c.state AS status, c.office AS "
                  "kantor, c.title AS judul, c.known_date AS tanggal_diketahui, "
                  "c.state_since AS status_sejak, c.regime, c.registered_on, c.extended, "
                  "(SELECT count(*) FROM case_parties p JOIN asn x ON x.nip=p.nip WHERE "
                  "p.case_id=c.id AND %s) AS terlapor, c.received_on, coalesce((SELECT r.name "
                  "FROM regions r WHERE r.code=c.office), c.office), (SELECT x.name || '\x1f' "
                  "|| x.position || '\x1f' || coalesce(g.name,'') FROM case_parties p JOIN asn "
                  "x ON x.nip=p.nip LEFT JOIN agencies g ON g.id=x.agency_id WHERE "
                  "p.case_id=c.id AND %s ORDER BY x.name LIMIT 1), (SELECT min(v.code) FROM "
                  "case_violations v WHERE v.case_id=c.id) FROM cases c ",
                  nt_party_scope_sql(a), nt_party_scope_sql(a));
    /* the page's ids first (sorting ids is cheap), then the row details for those alone:
     * otherwise an order no index gives computes them for every matching case */
    nt_buf_adds(&sql, "WHERE c.id IN (SELECT c.id FROM cases c ");
    nt_buf_add(&sql, where.p, where.len);
    const char *ps = nt_party_scope_sql(a);
    char *osql = orders[ord].sql
                     ? nt_xstrdup(orders[ord].sql)
                     : nt_xasprintf(FIRST_PARTY " IS NULL, " FIRST_PARTY ", c.id DESC", ps, ps);
#undef FIRST_PARTY
#undef FIRST_CODE
    nt_buf_printf(&sql, " ORDER BY %s LIMIT $7 OFFSET $8) ORDER BY %s", osql, osql);
    free(osql);
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_reset(&sql);
    nt_buf_adds(&sql, "SELECT count(*) FROM cases c ");
    nt_buf_add(&sql, where.p, where.len);
    nt_stmt *cnt = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    nt_buf_free(&where);
    if (!s || !cnt) {
        nt_done(s), nt_done(cnt), free(like), free(codes);
        return nt_err_set(err, NT_EDB, NULL, "daftar kasus tidak dapat dibaca");
    }
    nt_stmt *both[2] = {s, cnt};
    for (int k = 0; k < 2; k++) {
        nt_bind_text(both[k], 1, state);
        nt_bind_text(both[k], 2, route);
        nt_case_filter_bind(both[k], &cf);
        nt_bind_text(both[k], 5, nip);
        nt_bind_text(both[k], 6, like);
        nt_bind_text(both[k], 10, month);
        nt_bind_text(both[k], 11, codes);
        if (agency)
            nt_bind_int(both[k], 12, agency);
        else
            nt_bind_null(both[k], 12);
        nt_bind_date(both[k], 13, due_by);
        nt_scope_bind(both[k], 9, a);
    }
    nt_bind_int(s, 7, limit);
    nt_bind_int(s, 8, offset);
    free(like), free(codes);
    /* the columns of the list query, by name */
    enum {
        L_ID,
        L_REG_NO,
        L_ROUTE,
        L_STATE,
        L_OFFICE,
        L_TITLE,
        L_KNOWN,
        L_SINCE,
        L_REGIME,
        L_REGISTERED,
        L_EXTENDED,
        L_PARTIES,
        L_RECEIVED,
        L_OFFICE_NAME,
        L_FIRST_PARTY,
        L_FIRST_CODE,
    };
    bool masked = nt_rules_masked(st->rules, "nama", a->roles);
    json_t *items = json_array();
    while (nt_step(s) == 1) {
        json_t *row = json_object();
        json_object_set_new(row, "id", json_integer(nt_col_int(s, L_ID)));
        json_object_set_new(row, "reg_no",
                            nt_col_null(s, L_REG_NO) ? json_null()
                                                     : json_string(nt_col_text(s, L_REG_NO)));
        for (int k = L_ROUTE; k <= L_SINCE; k++)
            json_object_set_new(row, nt_col_name(s, k), json_string(nt_col_text(s, k)));
        json_object_set_new(row, "terlapor", json_integer(nt_col_int(s, L_PARTIES)));
        json_object_set_new(row, "nama_kantor", json_string(nt_col_text(s, L_OFFICE_NAME)));
        nt_route row_route;
        if (!nt_route_parse(nt_col_text(s, L_ROUTE), &row_route))
            json_object_set_new(row, "jalur_label", json_string(nt_route_label(row_route)));
        if (!nt_col_null(s, L_FIRST_PARTY)) {
            const char *t = nt_col_text(s, L_FIRST_PARTY);
            const char *u1 = strchr(t, 31), *u2 = u1 ? strchr(u1 + 1, 31) : NULL;
            if (u1 && u2)
                json_object_set_new(row, "terlapor_utama",
                                    json_pack("{ss ss ss}", "nama", masked ? NT_MASKED : "",
                                              "jabatan", "", "instansi", ""));
            json_t *tu = json_object_get(row, "terlapor_utama");
            if (tu) {
                int64_t others = nt_col_int(s, L_PARTIES) - 1;
                if (others > 0) json_object_set_new(tu, "lainnya", json_integer(others));
                if (!masked) json_object_set_new(tu, "nama", json_stringn(t, (size_t)(u1 - t)));
                json_object_set_new(tu, "jabatan", json_stringn(u1 + 1, (size_t)(u2 - u1 - 1)));
                json_object_set_new(tu, "instansi", json_string(u2 + 1));
            }
        }
        const nt_violation *vi = nt_col_null(s, L_FIRST_CODE)
                                     ? NULL
                                     : nt_rules_violation(st->rules, nt_col_text(s, L_FIRST_CODE));
        if (vi)
            json_object_set_new(row, "pelanggaran_utama",
                                json_pack("{ss ss}", "code", vi->code, "uraian", vi->act));
        const char *rcv = nt_col_null(s, L_RECEIVED) ? NULL : nt_col_text(s, L_RECEIVED);
        nt_date rd;
        if (rcv) json_object_set_new(row, "tanggal_diterima", json_string(rcv));
        if (rcv && nt_date_parse(rcv, strlen(rcv), &rd)) {
            char rl[24];
            nt_date_format_id(rd, rl);
            json_object_set_new(row, "diterima_label", json_string(rl));
        }
        nt_case_state row_state;
        nt_due d;
        if (nt_case_state_parse(nt_col_text(s, L_STATE), &row_state) == 0) {
            json_object_set_new(row, "status_label", json_string(nt_case_state_label(row_state)));
            if (!nt_case_state_final(row_state) &&
                nt_case_due_of(st, nt_col_text(s, L_REGIME), row_state, nt_col_date(s, L_KNOWN),
                               nt_col_date(s, L_REGISTERED), nt_col_date(s, L_SINCE),
                               nt_col_date(s, L_RECEIVED), nt_col_int(s, L_EXTENDED) != 0, &d) == 0)
                json_object_set_new(row, "tenggat", nt_due_json(st, &d));
            /* with the authority, the clock that runs is a reported ASN's (the authority's
             * or the PPK's): the soonest the reader may see, and whose it is */
            if (row_state == NT_ST_DITERUSKAN)
                party_clock(st, a, row, nt_col_int(s, L_ID), nt_col_text(s, L_REGIME));
        }
        json_array_append_new(items, row);
    }
    nt_done(s);
    /* the total: the dashboard's kept figure where it answers (no filter but election, office,
     * period and state: the figures count these same cases), else counted */
    int64_t total = -1;
    if (!route && !nip && !searched && !month && !codes_given && !agency && !due) {
        nt_tally t = {0};
        char key[64];
        snprintf(key, sizeof key, "st\x1f%s", state ? state : "");
        if (!nt_figures_read(st, a, &cf, &t)) {
            total = 0;
            for (size_t i = 0; i < t.idx.cap; i++) {
                const char *k = t.idx.keys[i];
                if (k && (state ? !strcmp(k, key) : !strncmp(k, "st\x1f", 3)))
                    total += t.v[t.idx.vals[i]][0];
            }
        }
        nt_tally_free(&t);
    }
    if (total < 0) total = nt_step(cnt) == 1 ? nt_col_int(cnt, 0) : 0;
    nt_done(cnt);
    *out = json_pack("{sI sI sI so}", "total", (json_int_t)total, "limit", (json_int_t)limit,
                     "offset", (json_int_t)offset, "items", items);
    return 0;
}

int nt_case_track(nt_store *st, const char *receipt, json_t **out, nt_err *err)
{
    if (!receipt || strlen(receipt) > 32 || !nt_utf8_valid(receipt, strlen(receipt)))
        return nt_err_set(err, NT_EINVAL, "kode", "kode tanda terima tidak sah");
    unsigned char h[32];
    nt_receipt_hash(receipt, h);
    nt_stmt *s = nt_query(st->db,
                          "SELECT c.id, c.state, c.reg_no, c.registered_on, c.state_since, "
                          "c.created_at, r.name FROM cases c JOIN regions r ON r.code=c.office "
                          "WHERE c.receipt_hash=$1",
                          "b", (const void *)h, (size_t)32);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return nt_err_set(err, NT_ENOTFOUND, "kode", "kode tanda terima tidak ditemukan");
    }
    int64_t id = nt_col_int(s, 0);
    nt_case_state cs;
    nt_case_state_parse(nt_col_text(s, 1), &cs);
    char ts[32];
    nt_time_format(nt_col_int(s, 5), ts);
    char tl[40];
    nt_time_format_id(nt_col_int(s, 5), tl);
    json_t *o = json_pack("{ss ss ss ss ss}", "status", nt_col_text(s, 1), "status_label",
                          nt_case_state_label(cs), "diterima", ts, "diterima_label", tl,
                          "ditangani_oleh", nt_col_text(s, 6));
    json_object_set_new(o, "reg_no",
                        nt_col_null(s, 2) ? json_null() : json_string(nt_col_text(s, 2)));
    json_object_set_new(o, "tanggal_registrasi",
                        nt_col_null(s, 3) ? json_null() : json_string(nt_col_text(s, 3)));
    json_object_set_new(o, "status_sejak", json_string(nt_col_text(s, 4)));
    nt_done(s);
    /* Stages and dates only: no reasons, no staff, no reported names. */
    nt_stmt *e = nt_query(st->db,
                          "SELECT to_state, at FROM case_events WHERE case_id=$1 AND nip IS NULL "
                          "AND (from_state IS NULL OR from_state<>to_state) ORDER BY id",
                          "i", id);
    json_t *steps = json_array();
    while (e && nt_step(e) == 1) {
        nt_case_state es;
        nt_case_state_parse(nt_col_text(e, 0), &es);
        nt_time_format(nt_col_int(e, 1), ts);
        char when[40];
        nt_time_format_id(nt_col_int(e, 1), when);
        json_array_append_new(steps,
                              json_pack("{ss ss ss ss}", "status", nt_col_text(e, 0), "label",
                                        nt_case_state_label(es), "waktu", ts, "waktu_label", when));
    }
    nt_done(e);
    json_object_set_new(o, "tahapan", steps);
    /* the clock of the case's current step: what happens next, and by when */
    nt_actor sys;
    nt_actor_system(&sys, "pelapor");
    case_row c;
    nt_due due;
    nt_err e2 = {0};
    char dl[24] = "";
    bool has_due = !nt_case_state_final(cs) && !nt_case_load(st, &sys, id, &c, &e2) &&
                   !nt_case_row_due(st, &c, &due);
    if (has_due) {
        nt_date_format_id(due.due, dl);
        json_object_set_new(o, "langkah_berikut",
                            json_pack("{ss ss}", "label", due.clock->label, "batas", dl));
    }
    /* a request to complete the report: what the team wrote is missing, and by when */
    if (cs == NT_ST_PERLU_DILENGKAPI) {
        nt_stmt *q = nt_query(st->db,
                              "SELECT coalesce(reason,'') FROM case_events WHERE case_id=$1 AND"
                              " nip IS NULL AND to_state=$2 ORDER BY id DESC LIMIT 1",
                              "it", id, nt_case_state_name(NT_ST_PERLU_DILENGKAPI));
        json_t *ask = json_pack("{ss}", "apa", q && nt_step(q) == 1 ? nt_col_text(q, 0) : "");
        nt_done(q);
        if (has_due) {
            json_object_set_new(ask, "batas", json_string(dl));
            json_object_set_new(ask, "lewat", json_boolean(due.due < nt_today()));
        }
        json_object_set_new(o, "diminta_melengkapi", ask);
    }
    json_object_set_new(o, "pesan", nt_case_messages(st, id, true));
    json_object_set_new(o, "terbuka", json_boolean(!nt_case_state_final(cs)));
    *out = o;
    return 0;
}
