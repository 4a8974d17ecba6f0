/*
 * messages.c - the handling team and the reporter write to each other through the receipt
 * code: the team asks (and says what is missing when it asks for completion), the reporter
 * answers with text and files, and completing a report takes the case back to the team's
 * preliminary review. The reporter's identity is never read here; each message is kept with
 * the case and in the audit log, and a file the reporter sends becomes the case's evidence.
 */
#include "store/case_int.h"

#include "base/utf8.h"

#include <string.h>

#define MESSAGE_MAX 4000

/* The reporter as an actor: no user, only the step the rules give NT_ROLE_PELAPOR. */
static nt_actor reporter(void)
{
    nt_actor a = {.roles = NT_ROLE_PELAPOR};
    nt_strlcpy(a.username, "pelapor", sizeof a.username);
    return a;
}

static int message_body(json_t *in, const char **body, nt_err *err)
{
    int rc = nt_in_str(in, "pesan", true, MESSAGE_MAX, body, err);
    if (rc) return rc;
    const char *p = *body;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (!*p) return nt_err_set(err, NT_EINVAL, "pesan", "pesan tidak boleh kosong");
    return 0;
}

/* The case a receipt code names, or NT_ENOTFOUND (the same answer as a code never issued). */
static int case_of_receipt(nt_store *st, const char *receipt, int64_t *id, nt_err *err)
{
    if (!receipt || !*receipt || strlen(receipt) > 32 || !nt_utf8_valid(receipt, strlen(receipt)))
        return nt_err_set(err, NT_EINVAL, "kode", "kode tanda terima tidak sah");
    unsigned char h[32];
    nt_receipt_hash(receipt, h);
    nt_stmt *s = nt_query(st->db, "SELECT id FROM cases WHERE receipt_hash=$1", "b",
                          (const void *)h, (size_t)32);
    bool found = s && nt_step(s) == 1;
    if (found) *id = nt_col_int(s, 0);
    nt_done(s);
    return found ? 0 : nt_err_set(err, NT_ENOTFOUND, "kode", "kode tanda terima tidak ditemukan");
}

static void keep_or_drop(nt_upload **files, size_t n, bool keep)
{
    for (size_t i = 0; i < n; i++) {
        if (keep) nt_evidence_keep(files[i]);
        nt_evidence_abort(files[i]);
    }
}

int nt_case_reporter_write(nt_store *st, const char *receipt, json_t *in, nt_upload **files,
                           size_t n, json_t **out, nt_err *err)
{
    *out = NULL;
    const char *body = NULL;
    int64_t id = 0;
    bool complete = json_is_true(json_object_get(in, "lengkapi"));
    int rc = json_is_object(in) ? 0 : nt_err_set(err, NT_EINVAL, "body", "data harus objek");
    if (!rc) rc = case_of_receipt(st, receipt, &id, err);
    if (!rc) rc = message_body(in, &body, err);
    for (size_t i = 0; !rc && i < n; i++)
        rc = nt_evidence_finish(files[i], err);
    if (!rc && nt_db_begin(st->db)) rc = nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    if (rc) {
        keep_or_drop(files, n, false);
        return rc;
    }
    nt_actor sys, pel = reporter();
    nt_actor_system(&sys, "pelapor");
    case_row c;
    rc = nt_case_load(st, &sys, id, &c, err);
    if (!rc && nt_case_state_final(c.state))
        rc = nt_err_set(err, NT_ECONFLICT, "kode",
                        "penanganan laporan ini sudah selesai; pesan tidak dapat dikirim lagi");
    json_t *result = json_object();
    if (!rc && complete) {
        /* only a report the team asked to complete, and within its deadline */
        nt_due due;
        if (c.state != NT_ST_PERLU_DILENGKAPI)
            rc = nt_err_set(err, NT_ECONFLICT, "lengkapi",
                            "laporan ini tidak sedang diminta untuk dilengkapi");
        else if (nt_case_row_due(st, &c, &due) == 0 && due.due < nt_today()) {
            char dl[24];
            nt_date_format_id(due.due, dl);
            rc = nt_err_set(err, NT_ECONFLICT, "lengkapi",
                            "batas melengkapi laporan, %s, sudah lewat; laporan yang tidak "
                            "dilengkapi tepat waktu tidak dapat diregistrasi. Pesan tetap dapat "
                            "dikirim kepada petugas",
                            dl);
        } else {
            rc = nt_case_step(st, &pel, &c, nt_case_state_name(NT_ST_KAJIAN_AWAL),
                              "Dilengkapi pelapor melalui kode tanda terima", NULL, result, err);
        }
    }
    if (!rc)
        rc = nt_exec(st->db,
                     "INSERT INTO case_messages(case_id,sender,body,actor,at,files,completes)"
                     " VALUES($1,'pelapor',$2,'pelapor',$3,$4,$5)",
                     "itiii", id, body, nt_now(), (int64_t)n, (int64_t)complete)
                 ? nt_err_set(err, NT_EDB, NULL, "pesan tidak dapat disimpan")
                 : 0;
    if (!rc && n)
        rc = nt_evidence_record_as(
            files, n, id, &pel,
            complete ? "Dari pelapor: kelengkapan laporan" : "Dari pelapor: lampiran pesan", err);
    if (!rc && nt_outbox_notify_case_staff(st, "pesan_pelapor", id))
        rc = nt_err_set(err, NT_EDB, NULL, "pesan tidak dapat disimpan");
    if (!rc)
        rc = nt_case_audit(st, &pel, "pelapor.pesan", id,
                           json_pack("{sI sb}", "berkas", (json_int_t)n, "melengkapi", complete))
                 ? nt_err_set(err, NT_EDB, NULL, "pesan tidak dapat disimpan")
                 : 0;
    if (rc)
        nt_db_rollback(st->db);
    else if (nt_db_commit_err(st->db, err))
        rc = NT_EDB;
    keep_or_drop(files, n, rc == 0);
    if (rc) {
        json_decref(result);
        return rc;
    }
    json_object_set_new(result, "dilengkapi", json_boolean(complete));
    json_object_set_new(result, "berkas", json_integer((json_int_t)n));
    *out = result;
    return 0;
}

int nt_case_message_send(nt_store *st, const nt_actor *a, int64_t id, json_t *in, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat menulis kepada pelapor");
    const char *body = NULL;
    int rc = json_is_object(in) ? message_body(in, &body, err)
                                : nt_err_set(err, NT_EINVAL, "body", "data harus objek");
    if (rc) return rc;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    case_row c;
    rc = nt_case_load(st, a, id, &c, err);
    if (!rc) {
        /* only a case with a receipt code has someone to read the message */
        nt_stmt *s =
            nt_query(st->db, "SELECT receipt_hash IS NOT NULL FROM cases WHERE id=$1", "i", id);
        bool reachable = s && nt_step(s) == 1 && nt_col_int(s, 0);
        nt_done(s);
        if (!reachable)
            rc = nt_err_set(
                err, NT_ECONFLICT, "pesan",
                "kasus ini tidak memiliki kode tanda terima: tidak ada pelapor yang dapat "
                "membaca pesan");
        else if (nt_case_state_final(c.state))
            rc = nt_err_set(err, NT_ECONFLICT, "pesan", "penanganan kasus ini sudah selesai");
    }
    if (!rc && nt_exec(st->db,
                       "INSERT INTO case_messages(case_id,sender,body,actor,at) VALUES($1,"
                       "'petugas',$2,$3,$4)",
                       "itti", id, body, a->username, nt_now()))
        rc = nt_err_set(err, NT_EDB, NULL, "pesan tidak dapat disimpan");
    if (!rc &&
        nt_case_audit(st, a, "kasus.pesan", id, json_pack("{si}", "panjang", (int)strlen(body))))
        rc = nt_err_set(err, NT_EDB, NULL, "pesan tidak dapat disimpan");
    json_t *v = json_object();
    if (!rc && nt_outbox_notify_reporter(st, id, "pesan_petugas", v))
        rc = nt_err_set(err, NT_EDB, NULL, "pesan tidak dapat disimpan");
    json_decref(v);
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err) ? NT_EDB : 0;
}

json_t *nt_case_messages(nt_store *st, int64_t id, bool for_reporter)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT sender, body, actor, at, files, completes FROM case_messages"
                          " WHERE case_id=$1 ORDER BY id",
                          "i", id);
    json_t *rows = json_array(), *memo = json_object();
    while (s && nt_step(s) == 1) {
        bool mine = !strcmp(nt_col_text(s, 0), "pelapor");
        char t[40];
        nt_time_format_id(nt_col_int(s, 3), t);
        /* the reporter reads "Petugas Bawaslu", never an officer's name */
        const char *who = mine           ? (for_reporter ? "Anda" : "Pelapor")
                          : for_reporter ? "Petugas Bawaslu"
                                         : nt_user_byline(st, nt_col_text(s, 2), memo);
        json_array_append_new(rows, json_pack("{ss sb ss ss sI sb}", "dari", who, "pelapor", mine,
                                              "isi", nt_col_text(s, 1), "waktu", t, "berkas",
                                              (json_int_t)nt_col_int(s, 4), "melengkapi",
                                              nt_col_int(s, 5) != 0));
    }
    nt_done(s);
    json_decref(memo);
    return rows;
}
