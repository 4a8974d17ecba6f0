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
    /* Findings are the handling office's: a regional Bawaslu sees those of ASN in its region. */
    nt_stmt *s = nt_query(st->db,
                          "SELECT f.id, f.platform, f.item_id, f.kind, f.verdict, f.score, "
                          "f.candidate, f.violation, f.nip, f.link_confidence, f.link_method, "
                          "json(f.reasons) AS reasons, f.author_handle, f.author_name, f.url, "
                          "f.posted_at, f.sha256, f.captured_at, f.source, f.status "
                          "FROM patrol_findings f LEFT JOIN asn x ON x.nip=f.nip "
                          "WHERE ($1 IS NULL OR f.status=$1) AND ($2 IS NULL OR f.verdict=$2) "
                          "AND ($3 IS NULL OR f.nip=$3) AND ($4='' OR x.region=$4 OR "
                          "(x.region > $4 || '.' AND x.region < $4 || '/')) "
                          "ORDER BY f.score DESC, f.id LIMIT $5 OFFSET $6",
                          "ttttii", status, verdict, nip,
                          (a->roles & NT_ROLE_ADMIN) ? "" : a->region, limit, offset);
    json_t *rows = nt_rows_json(s);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *r = json_loads(json_string_value(json_object_get(row, "reasons")), 0, NULL);
        json_object_set_new(row, "reasons", r ? r : json_array());
    }
    *out = rows;
    return 0;
}
