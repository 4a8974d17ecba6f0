/* findings.c - cyber-patrol findings (see store.h). */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

static const char *s_(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

int nt_finding_upsert(nt_store *st, const nt_actor *a, const char *election, json_t *f, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat menyimpan temuan patroli");
    json_t *ev = json_object_get(f, "evidence"), *link = json_object_get(f, "link");
    json_t *author = json_object_get(f, "author");
    const char *id = s_(f, "id");
    if (!id || !json_is_object(ev))
        return nt_err_set(err, NT_EINVAL, "finding", "temuan tanpa id atau bukti");
    char *reasons = json_dumps(json_object_get(f, "reasons"), JSON_COMPACT);
    char *raw = json_dumps(json_object_get(ev, "item"), JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_t *sug = json_object_get(f, "suggestion");
    char *suggestion = sug ? json_dumps(sug, JSON_COMPACT) : NULL;
    nt_stmt *s = nt_db_prepare(
        st->db,
        "INSERT INTO patrol_findings(platform,item_id,election_id,kind,verdict,score,candidate,"
        "violation,nip,link_confidence,link_method,suggestion,reasons,author_handle,author_name,"
        "url,posted_at,raw,sha256,captured_at,source,lexicon,first_seen,updated_at) VALUES("
        "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$23)"
        " ON CONFLICT(platform,item_id) DO UPDATE SET verdict=excluded.verdict,"
        " score=excluded.score, candidate=excluded.candidate, violation=excluded.violation,"
        " nip=coalesce(patrol_findings.nip, excluded.nip), "
        "link_confidence=excluded.link_confidence,"
        " link_method=excluded.link_method, suggestion=excluded.suggestion,"
        " reasons=excluded.reasons, lexicon=excluded.lexicon, election_id=excluded.election_id,"
        " updated_at=excluded.updated_at");
    int rc = NT_EDB;
    if (s) {
        nt_bind_text(s, 1, s_(f, "platform") ? s_(f, "platform") : "");
        nt_bind_text(s, 2, id);
        nt_bind_text(s, 3, election);
        nt_bind_text(s, 4, s_(f, "kind"));
        nt_bind_text(s, 5, s_(f, "verdict"));
        nt_bind_double(s, 6, json_number_value(json_object_get(f, "score")));
        if (json_is_integer(json_object_get(f, "candidate")))
            nt_bind_int(s, 7, json_integer_value(json_object_get(f, "candidate")));
        nt_bind_text(s, 8, s_(f, "violation"));
        nt_bind_text(s, 9, s_(f, "nip"));
        if (json_is_object(link)) {
            nt_bind_double(s, 10, json_number_value(json_object_get(link, "confidence")));
            nt_bind_text(s, 11, s_(link, "method"));
        }
        nt_bind_text(s, 12, suggestion);
        nt_bind_text(s, 13, reasons);
        nt_bind_text(s, 14, s_(author, "handle"));
        nt_bind_text(s, 15, s_(author, "name"));
        nt_bind_text(s, 16, s_(f, "url"));
        nt_bind_text(s, 17, s_(f, "created_at"));
        nt_bind_text(s, 18, raw);
        nt_bind_text(s, 19, s_(ev, "sha256"));
        nt_bind_text(s, 20, s_(ev, "captured_at"));
        nt_bind_text(s, 21, s_(ev, "source"));
        nt_bind_text(s, 22, s_(f, "lexicon") ? s_(f, "lexicon") : "");
        nt_bind_int(s, 23, nt_now());
        rc = nt_step(s) < 0 ? NT_EDB : 0;
        nt_done(s);
    }
    free(reasons), free(raw), free(suggestion);
    if (rc) return nt_err_set(err, NT_EDB, "finding", "temuan %s tidak dapat disimpan", id);
    return 0;
}

int nt_findings_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat melihat temuan patroli");
    const char *status = NULL, *verdict = NULL, *nip = NULL;
    int64_t limit = 50, offset = 0;
    int rc = nt_in_str(filter, "status", false, 20, &status, err);
    if (!rc) rc = nt_in_str(filter, "verdict", false, 20, &verdict, err);
    if (!rc) rc = nt_in_str(filter, "nip", false, 18, &nip, err);
    if (!rc) rc = nt_in_int(filter, "limit", false, 1, 500, &limit, err);
    if (!rc) rc = nt_in_int(filter, "offset", false, 0, INT32_MAX, &offset, err);
    if (rc) return rc;
    /* A regional Bawaslu sees the findings about ASN of its region, and those not yet tied to
     * an ASN about the election of its region (its patrol reviews them). Only the conditions
     * asked for are in the SQL, so the queue is read in score order from its index and stops
     * at the page (a national queue of a million findings reads one page of them). */
    const char *region = (a->roles & NT_ROLE_ADMIN) ? "" : a->region;
    nt_buf sql = {0};
    nt_buf_adds(&sql, "SELECT f.id, f.platform, f.item_id, f.kind, f.verdict, f.score, "
                      "f.candidate, f.violation, f.nip, f.link_confidence, f.link_method, "
                      "f.reasons AS reasons, f.author_handle, f.author_name, f.url, "
                      "f.posted_at, f.sha256, f.captured_at, f.source, f.status "
                      "FROM patrol_findings f LEFT JOIN asn x ON x.nip=f.nip LEFT JOIN "
                      "elections e ON e.id=f.election_id WHERE TRUE");
    if (status) nt_buf_adds(&sql, " AND f.status=$1");
    if (verdict) nt_buf_adds(&sql, " AND f.verdict=$2");
    if (nip) nt_buf_adds(&sql, " AND f.nip=$3");
    if (region[0])
        nt_buf_adds(&sql, " AND (" NT_SQL_FINDING_REGION "=$4 OR (" NT_SQL_FINDING_REGION
                          " > $4 || '.' AND " NT_SQL_FINDING_REGION " < $4 || '/'))");
    nt_buf_adds(&sql, " ORDER BY f.score DESC, f.id LIMIT $5 OFFSET $6");
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (s) {
        nt_bind_text(s, 1, status);
        nt_bind_text(s, 2, verdict);
        nt_bind_text(s, 3, nip);
        nt_bind_text(s, 4, region);
        nt_bind_int(s, 5, limit);
        nt_bind_int(s, 6, offset);
    }
    json_t *rows = nt_rows_json(s);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *r = json_loads(json_string_value(json_object_get(row, "reasons")), 0, NULL);
        json_object_set_new(row, "reasons", r ? r : json_array());
    }
    nt_mask_rows(st->rules, a, rows, nt_pfields_finding);
    *out = rows;
    return 0;
}

/* A finding is the business of the Bawaslu office of the ASN it is linked to; unlinked
 * findings belong to whoever runs the patrol (admin, or a Bawaslu office). */
static int load_finding(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat melihat temuan patroli");
    nt_stmt *s = nt_query(
        st->db,
        "SELECT f.id, f.platform, f.item_id, f.election_id, f.kind, f.verdict, "
        "f.score, f.candidate, f.violation, f.nip, f.link_confidence, "
        "f.link_method, f.suggestion AS suggestion, f.reasons AS "
        "reasons, f.author_handle, f.author_name, f.url, f.posted_at, f.sha256, "
        "f.captured_at, f.source, f.lexicon, f.status, f.case_id, f.review_note, "
        "f.reviewed_by, f.raw, x.region AS asn_region, x.name AS asn_name, x.position AS "
        "asn_position, (SELECT g.name FROM agencies g WHERE g.id=x.agency_id) AS "
        "asn_agency, " NT_SQL_FINDING_REGION " AS scope_region FROM patrol_findings f LEFT "
        "JOIN asn x ON x.nip=f.nip LEFT JOIN elections e ON "
        "e.id=f.election_id WHERE f.id=$1",
        "i", id);
    json_t *o = s && nt_step(s) == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    const char *region = o ? json_string_value(json_object_get(o, "scope_region")) : NULL;
    if (!o || !nt_actor_covers_region(a, region ? region : "")) {
        json_decref(o);
        return nt_err_set(err, NT_ENOTFOUND, "id", "temuan patroli %lld tidak ditemukan",
                          (long long)id);
    }
    static const char *jcols[] = {"suggestion", "reasons"};
    for (size_t i = 0; i < NT_ARRAY_LEN(jcols); i++) {
        const char *t = json_string_value(json_object_get(o, jcols[i]));
        json_t *v = t ? json_loads(t, 0, NULL) : NULL;
        json_object_set_new(o, jcols[i], v ? v : json_null());
    }
    /* what a like, share or comment was on: the target as the captured item gives it */
    json_t *item = json_loads(json_string_value(json_object_get(o, "raw")) ?: "", 0, NULL);
    json_t *target = json_object_get(item, "target");
    static const char *const tkeys[][3] = {{"text", NULL, "target_text"},
                                           {"url", NULL, "target_url"},
                                           {"author", "handle", "target_handle"},
                                           {"author", "name", "target_name"}};
    for (size_t i = 0; json_is_object(target) && i < NT_ARRAY_LEN(tkeys); i++) {
        json_t *v = json_object_get(target, tkeys[i][0]);
        if (tkeys[i][1]) v = json_object_get(v, tkeys[i][1]);
        if (json_is_string(v) && json_string_length(v)) json_object_set(o, tkeys[i][2], v);
    }
    json_decref(item);
    *out = o;
    return 0;
}

int nt_finding_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err)
{
    int rc = load_finding(st, a, id, out, err);
    if (rc) return rc;
    nt_mask_rows(st->rules, a, *out, nt_pfields_finding);
    /* the captured record names its author and target: a reader who may not see accounts
     * gets its text alone */
    if (nt_rules_masked(st->rules, "akun", a->roles)) {
        json_t *item = json_loads(json_string_value(json_object_get(*out, "raw")) ?: "", 0, NULL);
        json_t *text = json_object_get(item, "text");
        json_t *only = json_is_string(text) ? json_pack("{sO}", "text", text) : json_object();
        char *dump = json_dumps(only, JSON_COMPACT);
        json_object_set_new(*out, "raw", json_string(dump ? dump : "{}"));
        free(dump), json_decref(only), json_decref(item);
    }
    return 0;
}

static int asn_exists(nt_store *st, const char *nip, char region[16])
{
    nt_stmt *s = nt_query(st->db, "SELECT region FROM asn WHERE nip=$1", "t", nip);
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc == 1 && region) nt_strlcpy(region, nt_col_text(s, 0), 16);
    nt_done(s);
    return rc == 1;
}

/* Records who reviewed, when and why; status only when given. */
static int mark(nt_store *st, const nt_actor *a, int64_t id, const char *status, const char *note)
{
    return nt_exec(st->db,
                   "UPDATE patrol_findings SET status=coalesce($2,status), review_note=$3, "
                   "reviewed_by=$4, reviewed_at=$5 WHERE id=$1",
                   "itttI", id, status, note, a->username, nt_now());
}

/* Opens the temuan: the linked ASN as reported, the proposed code, the post as evidence. */
static int escalate(nt_store *st, const nt_actor *a, json_t *f, const char *office_in,
                    int64_t *case_id, nt_err *err)
{
    const char *nip = json_string_value(json_object_get(f, "nip"));
    char region[16];
    if (!nip || !asn_exists(st, nip, region))
        return nt_err_set(err, NT_ECONFLICT, "nip",
                          "temuan belum tertaut ke ASN dalam data ASN; konfirmasi tautan dahulu");
    if (strcmp(json_string_value(json_object_get(f, "status")), "baru") &&
        strcmp(json_string_value(json_object_get(f, "status")), "dikonfirmasi"))
        return nt_err_set(err, NT_ECONFLICT, "status", "temuan ini sudah %s",
                          json_string_value(json_object_get(f, "status")));
    /* the handling office: given, or the regency of the ASN */
    char office[16];
    nt_strlcpy(office, office_in ? office_in : region, sizeof office);
    if (!office_in && strlen(office) > 5) office[5] = '\0';
    const char *captured = json_string_value(json_object_get(f, "captured_at"));
    const char *posted = json_string_value(json_object_get(f, "posted_at"));
    char known[11] = "", event[11] = "";
    if (captured && strlen(captured) >= 10) memcpy(known, captured, 10);
    if (posted && strlen(posted) >= 10) memcpy(event, posted, 10);
    nt_date kd, ed;
    if (!nt_date_parse(known, 10, &kd) || kd > nt_today()) nt_date_format(nt_today(), known);
    bool has_event = nt_date_parse(event, 10, &ed) && ed <= kd;
    const char *el = json_string_value(json_object_get(f, "election_id"));
    bool el_known = false;
    if (el) {
        nt_stmt *s = nt_query(st->db, "SELECT 1 FROM elections WHERE id=$1", "t", el);
        el_known = s && nt_step(s) == 1;
        nt_done(s);
    }
    char *narrative = nt_xasprintf(
        "Temuan patroli siber: akun %s (%s) melakukan %s di %s yang dinilai %s (skor %.2f) "
        "untuk pasangan calon nomor %lld. Tautan ke ASN: %s. Bukti: item %s, SHA-256 %s.",
        json_string_value(json_object_get(f, "author_handle")) ?: "?",
        json_string_value(json_object_get(f, "author_name")) ?: "tanpa nama",
        json_string_value(json_object_get(f, "kind")) ?: "?",
        json_string_value(json_object_get(f, "platform")) ?: "?",
        json_string_value(json_object_get(f, "verdict")) ?: "?",
        json_number_value(json_object_get(f, "score")),
        (long long)json_integer_value(json_object_get(f, "candidate")),
        json_string_value(json_object_get(f, "link_method")) ?: "manual",
        json_string_value(json_object_get(f, "item_id")) ?: "?",
        json_string_value(json_object_get(f, "sha256")) ?: "?");
    char place[600];
    snprintf(place, sizeof place, "Media sosial %s %s",
             json_string_value(json_object_get(f, "platform")) ?: "",
             json_string_value(json_object_get(f, "url")) ?: "");
    json_t *in =
        json_pack("{ss ss ss ss ss s[s]}", "jalur", "temuan", "kantor", office, "tanggal_diketahui",
                  known, "tempat", place, "uraian", narrative, "terlapor", nip);
    free(narrative);
    if (has_event) json_object_set_new(in, "tanggal_kejadian", json_string(event));
    if (el_known)
        json_object_set_new(in, "pemilihan", json_string(el));
    else
        json_object_set_new(in, "rezim", json_string("pilkada"));
    const char *v = json_string_value(json_object_get(f, "violation"));
    if (v) json_object_set_new(in, "pelanggaran", json_pack("[s]", v));
    json_t *out = NULL;
    int rc = nt_case_create(st, a, in, &out, err);
    json_decref(in);
    if (rc) return rc;
    *case_id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return 0;
}

int nt_finding_review(nt_store *st, const nt_actor *a, int64_t id, json_t *in, json_t **out,
                      nt_err *err)
{
    if (!json_is_object(in)) return nt_err_set(err, NT_EINVAL, "body", "data harus objek JSON");
    const char *action, *reason, *nip, *office;
    int rc = nt_in_str(in, "aksi", true, 32, &action, err);
    if (!rc) rc = nt_in_str(in, "alasan", false, 2000, &reason, err);
    if (!rc) rc = nt_in_str(in, "nip", false, 18, &nip, err);
    if (!rc) rc = nt_in_str(in, "kantor", false, 16, &office, err);
    if (rc) return rc;
    if (office && (rc = nt_check_region(st, "kantor", office, NULL, err))) return rc;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    json_t *f = NULL;
    rc = load_finding(st, a, id, &f, err);
    int64_t case_id = 0;
    json_t *detail = json_pack("{ss}", "aksi", action);
    if (rc) {
        /* not found */
    } else if (!strcmp(action, "konfirmasi_tautan")) {
        const char *target =
            nip ? nip : json_string_value(json_object_get(json_object_get(f, "suggestion"), "nip"));
        if (!target) target = json_string_value(json_object_get(f, "nip"));
        char where[16] = "";
        /* checked before anything is written: a link to an ASN outside the officer's region
         * is refused as if that ASN did not exist */
        if (!target || !asn_exists(st, target, where) || !nt_actor_covers_region(a, where))
            rc =
                nt_err_set(err, NT_EINVAL, "nip", "NIP %.18s tidak ada dalam data ASN wilayah Anda",
                           target ? target : "(kosong)");
        else
            rc = nt_exec(st->db,
                         "UPDATE patrol_findings SET nip=$2, link_confidence=1.0, "
                         "link_method='manual', suggestion=NULL, status='dikonfirmasi' WHERE id=$1",
                         "it", id, target);
        if (!rc) json_object_set_new(detail, "nip", json_string(target));
    } else if (!strcmp(action, "tolak_tautan")) {
        rc = nt_exec(st->db,
                     "UPDATE patrol_findings SET nip=NULL, link_confidence=NULL, link_method=NULL, "
                     "suggestion=NULL WHERE id=$1",
                     "i", id);
    } else if (!strcmp(action, "abaikan")) {
        if (!reason)
            rc = nt_err_set(err, NT_EINVAL, "alasan", "kolom 'alasan' wajib diisi");
        else if (!strcmp(json_string_value(json_object_get(f, "status")), "dieskalasi"))
            rc = nt_err_set(err, NT_ECONFLICT, "status", "temuan ini sudah menjadi kasus");
        else
            rc = mark(st, a, id, "ditolak", reason);
    } else if (!strcmp(action, "eskalasi")) {
        rc = escalate(st, a, f, office, &case_id, err);
        if (!rc)
            rc = nt_exec(st->db,
                         "UPDATE patrol_findings SET status='dieskalasi', case_id=$2 WHERE id=$1",
                         "ii", id, case_id);
        if (!rc) json_object_set_new(detail, "kasus", json_integer(case_id));
        if (!rc) rc = nt_outbox_notify_case_staff(st, "eskalasi_patroli", case_id);
    } else {
        rc = nt_err_set(err, NT_EINVAL, "aksi",
                        "aksi harus konfirmasi_tautan, tolak_tautan, abaikan atau eskalasi");
    }
    if (!rc && strcmp(action, "abaikan")) rc = mark(st, a, id, NULL, reason);
    if (!rc) {
        char obj[32];
        snprintf(obj, sizeof obj, "finding:%lld", (long long)id);
        rc = nt_audit_append(st, a, "patroli.tinjau", obj, detail);
    }
    json_decref(detail);
    json_decref(f);
    if (rc) {
        nt_db_rollback(st->db);
        return rc == NT_EDB && !err->msg[0]
                   ? nt_err_set(err, NT_EDB, NULL, "tinjauan tidak dapat disimpan")
                   : rc;
    }
    if (nt_db_commit(st->db)) return nt_err_set(err, NT_EDB, NULL, "tinjauan tidak dapat disimpan");
    /* The post itself becomes the case's evidence, stored and hashed like any upload. */
    if (case_id) {
        nt_stmt *s = nt_query(
            st->db, "SELECT raw, platform, item_id FROM patrol_findings WHERE id=$1", "i", id);
        if (s && nt_step(s) == 1) {
            char name[300];
            snprintf(name, sizeof name, "%s-%s.json", nt_col_text(s, 1), nt_col_text(s, 2));
            const char *raw = nt_col_text(s, 0);
            size_t len = strlen(raw);
            char *copy = nt_xstrndup(raw, len);
            nt_done(s);
            s = NULL;
            nt_upload *u = NULL;
            json_t *ev = NULL;
            nt_err e2 = {0};
            if (!nt_evidence_begin(st, a, case_id, name, "application/json",
                                   "Item media sosial dari patroli siber", (size_t)1 << 30, &u,
                                   &e2) &&
                !nt_evidence_write(u, copy, len, &e2)) {
                u = (nt_evidence_commit(u, &ev, &e2), NULL);
            }
            nt_evidence_abort(u);
            json_decref(ev);
            free(copy);
        }
        nt_done(s);
    }
    return load_finding(st, a, id, out, err);
}
