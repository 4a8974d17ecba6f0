/*
 * pages_patrol.c - the cyber-patrol queue: findings with their highlighted reasons, and
 * the reviewer's actions on them.
 */
#include "web/pages_int.h"

#include "base/date.h"

#include <stdlib.h>
#include <string.h>

/* A text of the captured item ("text", or the target's "target.text") cut at the spans the
 * rules matched in it, for <mark>. */
static json_t *segments(json_t *finding, const char *field)
{
    json_t *item = NULL;
    const char *raw = json_string_value(json_object_get(finding, "raw"));
    json_t *segs = json_array();
    if (raw) item = json_loads(raw, 0, NULL);
    json_t *holder = strcmp(field, "text") ? json_object_get(item, "target") : item;
    const char *text = json_string_value(json_object_get(holder, "text"));
    size_t len = text ? strlen(text) : 0;
    if (!len) {
        json_decref(item);
        return segs;
    }
    unsigned char *hit = nt_xcalloc(len + 1, 1);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(finding, "reasons"), i, r)
    {
        const char *rf = json_string_value(json_object_get(r, "field"));
        if (!rf || strcmp(rf, field)) continue;
        json_int_t s = json_integer_value(json_array_get(json_object_get(r, "span"), 0));
        json_int_t e = json_integer_value(json_array_get(json_object_get(r, "span"), 1));
        for (json_int_t k = s; k < e && k >= 0 && (size_t)k < len; k++)
            hit[k] = 1;
    }
    /* spans are word boundaries of the original, so cuts fall between characters */
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && hit[b] == hit[a])
            b++;
        json_array_append_new(segs,
                              json_pack("{ss# sb}", "text", text + a, (int)(b - a), "hit", hit[a]));
        a = b;
    }
    free(hit);
    json_decref(item);
    return segs;
}

/* A label from a small table of (code, words), or the code itself. */
static const char *word_of(const char *const (*table)[2], size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (!strcmp(table[i][0], code)) return table[i][1];
    return code ? code : "";
}

static const char *const verdict_words[][2] = {
    {"partisan", "Dukungan kepada calon"}, {"review", "Perlu ditinjau"}, {"clear", "Bersih"}};
static const char *const kind_words[][2] = {
    {"post", "unggahan"}, {"comment", "komentar"}, {"share", "bagikan ulang"}, {"like", "suka"}};
static const char *const link_words[][2] = {{"handle", "akun terdaftar dalam data ASN"},
                                            {"name", "kecocokan nama"},
                                            {"name+profil", "kecocokan nama dan profil"},
                                            {"manual", "dikonfirmasi petugas"}};

/* A rule id ("dukungan:ajakan_memilih", "kandidat:nama:1") in plain words. */
static void rule_words(const char *rule, char *out, size_t n)
{
    char buf[96];
    nt_strlcpy(buf, rule ? rule : "", sizeof buf);
    char *id = strchr(buf, ':'), *cand = NULL;
    if (id) *id++ = '\0';
    if (id && (cand = strchr(id, ':'))) *cand++ = '\0';
    for (char *p = id; p && *p; p++)
        if (*p == '_') *p = ' ';
    if (!strcmp(buf, "kandidat"))
        snprintf(out, n, "menyebut calon nomor %s (%s)", cand ? cand : "?", id ? id : "");
    else if (!strcmp(buf, "dukungan"))
        snprintf(out, n, "%s", id ? id : "dukungan");
    else if (!strcmp(buf, "netral"))
        snprintf(out, n, "konteks netral: %s", id ? id : "");
    else if (!strcmp(buf, "negasi"))
        snprintf(out, n, "disangkal");
    else if (!strcmp(buf, "interaksi"))
        snprintf(out, n, "berinteraksi dengan akun calon");
    else if (!strcmp(buf, "platform"))
        snprintf(out, n, "akun %s", id ? id : "");
    else
        snprintf(out, n, "%s%s%s", buf, id ? ": " : "", id ? id : "");
}

static const char *const review_words[][2] = {{"baru", "Baru"},
                                              {"dikonfirmasi", "Tautan dikonfirmasi"},
                                              {"dieskalasi", "Dijadikan temuan"},
                                              {"ditolak", "Diabaikan"}};

void nt_finding_labels(json_t *row)
{
    const char *st = json_string_value(json_object_get(row, "status"));
    if (st)
        json_object_set_new(row, "status_label",
                            json_string(word_of(review_words, NT_ARRAY_LEN(review_words), st)));
    json_object_set_new(row, "verdict_label",
                        json_string(word_of(verdict_words, NT_ARRAY_LEN(verdict_words),
                                            json_string_value(json_object_get(row, "verdict")))));
    json_object_set_new(row, "kind_label",
                        json_string(word_of(kind_words, NT_ARRAY_LEN(kind_words),
                                            json_string_value(json_object_get(row, "kind")))));
    const char *lm = json_string_value(json_object_get(row, "link_method"));
    if (lm)
        json_object_set_new(row, "link_label",
                            json_string(word_of(link_words, NT_ARRAY_LEN(link_words), lm)));
}

/* The card in the reviewer's words: verdict, kind, link method and reasons by name, the
 * capture time as people write it, the source without its path. */
static void card_words(json_t *row, json_t *full)
{
    nt_finding_labels(row);
    const char *asn = json_string_value(json_object_get(full, "asn_name"));
    if (asn) json_object_set_new(row, "asn_name", json_string(asn));
    size_t i;
    json_t *rs;
    json_array_foreach(json_object_get(row, "reasons"), i, rs)
    {
        char w[160];
        rule_words(json_string_value(json_object_get(rs, "rule")), w, sizeof w);
        json_object_set_new(rs, "rule_label", json_string(w));
    }
    const char *src = json_string_value(json_object_get(row, "source"));
    if (src && strrchr(src, '/'))
        json_object_set_new(row, "source", json_string(strrchr(src, '/') + 1));
    const char *cap = json_string_value(json_object_get(row, "captured_at"));
    const char *posted = json_string_value(json_object_get(row, "posted_at"));
    const char *keys[] = {"captured_label", "posted_label"}, *vals[] = {cap, posted};
    for (int k = 0; k < 2; k++) {
        nt_date d;
        if (vals[k] && strlen(vals[k]) >= 10 && nt_date_parse(vals[k], 10, &d)) {
            char l[24];
            nt_date_format_id(d, l);
            json_object_set_new(row, keys[k], json_string(l));
        }
    }
}

/* A finding the reviewer's action on was refused: which, the action, and the message. */
typedef struct refused_review {
    int64_t id;
    const char *action;
    const char *msg;
} refused_review;

static const char *const queue_states[] = {"baru", "dikonfirmasi", "dieskalasi", "ditolak"};

/* The queue of one review state (or one finding), with a refused action shown beside its
 * form and the values typed into it kept. */
/* Findings per page of the queue: each card is a full read of its finding. */
#define QUEUE_PAGE 50

static void patrol_page(nt_req *r, const char *status, const char *one, int64_t offset,
                        const refused_review *refused)
{
    bool known = false;
    for (size_t i = 0; i < NT_ARRAY_LEN(queue_states); i++)
        known |= status && !strcmp(status, queue_states[i]);
    if (!known) status = "baru";
    json_t *rows = NULL;
    nt_err err = {0};
    int rc;
    char *end = NULL;
    long long fid = one ? strtoll(one, &end, 10) : 0;
    if (one && (fid <= 0 || *end)) {
        rc = nt_err_set(&err, NT_ENOTFOUND, "temuan", "nomor temuan tidak sah");
    } else if (one) {
        json_t *row = NULL;
        rc = nt_finding_get(r->st, &r->actor, fid, &row, &err);
        if (!rc) rows = json_pack("[o]", row);
    } else {
        json_t *f = json_pack("{ss si sI}", "status", status, "limit", QUEUE_PAGE, "offset",
                              (json_int_t)offset);
        rc = nt_findings_list(r->st, &r->actor, f, &rows, &err);
        json_decref(f);
    }
    json_t *ctx = json_object();
    char key[32];
    snprintf(key, sizeof key, "st_%s", status);
    json_object_set_new(ctx, key, json_true());
    json_object_set_new(ctx, "status", json_string(status));
    if (one && !rc) json_object_set_new(ctx, "satu", json_string(one));
    /* the queue a page at a time: a full page may have more after it */
    if (!one && !rc) {
        if (offset > 0)
            json_object_set_new(ctx, "prev",
                                json_integer(offset > QUEUE_PAGE ? offset - QUEUE_PAGE : 0));
        if (json_array_size(rows) == QUEUE_PAGE)
            json_object_set_new(ctx, "next", json_integer(offset + QUEUE_PAGE));
        json_object_set_new(ctx, "offset", json_integer(offset));
    }
    if (refused) {
        char *m = nt_xasprintf("Temuan %lld: %s", (long long)refused->id, refused->msg);
        json_object_set_new(ctx, "error", json_string(m));
        free(m);
    }
    if (rc) {
        json_object_set_new(ctx, "error", json_string(err.msg));
    } else {
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row)
        {
            json_t *full = NULL;
            nt_err e2 = {0};
            int64_t id = json_integer_value(json_object_get(row, "id"));
            if (nt_finding_get(r->st, &r->actor, id, &full, &e2)) continue;
            json_t *segs = segments(full, "text");
            json_object_set_new(row, "has_text", json_boolean(json_array_size(segs) > 0));
            json_object_set_new(row, "segments", segs);
            json_t *ts = segments(full, "target.text");
            if (json_array_size(ts))
                json_object_set_new(row, "target_segments", ts);
            else
                json_decref(ts);
            const nt_violation *vi = nt_rules_violation(
                nt_store_rules(r->st), json_string_value(json_object_get(row, "violation")));
            if (vi) json_object_set_new(row, "violation_act", json_string(vi->act));
            static const char *const carried[] = {"suggestion",  "asn_name",    "asn_position",
                                                  "asn_agency",  "target_text", "target_handle",
                                                  "target_name", "target_url"};
            for (size_t k = 0; k < NT_ARRAY_LEN(carried); k++)
                if (json_object_get(full, carried[k]))
                    json_object_set(row, carried[k], json_object_get(full, carried[k]));
            card_words(row, full);
            json_decref(full);
            if (refused && refused->id == id) {
                char k2[48];
                snprintf(k2, sizeof k2, "salah_%s", refused->action);
                json_object_set_new(row, k2, json_string(refused->msg));
                const char *typed[] = {"nip", "alasan"};
                for (size_t k = 0; k < NT_ARRAY_LEN(typed); k++) {
                    const char *v = nt_form(r, typed[k]);
                    snprintf(k2, sizeof k2, "v_%s", typed[k]);
                    if (v) json_object_set_new(row, k2, json_string(v));
                }
            }
        }
        json_object_set_new(ctx, "findings", rows);
    }
    unsigned code = refused ? 422 : rc ? nt_http_status(rc) : 200;
    nt_respond_page(r, code, "patroli.html", "Patroli siber", ctx);
}

void nt_h_patrol_queue(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    int64_t offset = 0;
    nt_err err = {0};
    if (nt_req_query_int(r, "offset", 0, INT32_MAX, &offset, &err)) {
        nt_respond_error(r, &err);
        return;
    }
    patrol_page(r, nt_req_query(r, "status"), nt_req_query(r, "temuan"), offset, NULL);
}

/* One form per action on a finding; a refused one comes back to the same queue, the message
 * beside that form and what was typed in it kept. */
void nt_h_patrol_review(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *in = json_object();
    static const char *const fields[] = {"aksi", "alasan", "nip", NULL};
    nt_form_copy(r, in, fields);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_finding_review(r->st, &r->actor, id, in, &out, &err);
    json_decref(in);
    const char *status = nt_form(r, "status"), *one = nt_form(r, "satu");
    if (rc == NT_EINVAL || rc == NT_ECONFLICT) {
        const char *action = nt_form(r, "aksi");
        static const char *const actions[] = {"konfirmasi_tautan", "tolak_tautan", "abaikan",
                                              "eskalasi"};
        const char *known = NULL;
        for (size_t i = 0; action && i < NT_ARRAY_LEN(actions); i++)
            if (!strcmp(action, actions[i])) known = actions[i];
        char *msg = nt_form_humane(err.msg, err.field,
                                   !strcmp(err.field, "alasan") ? "Alasan"
                                   : !strcmp(err.field, "nip")  ? "NIP"
                                                                : err.field);
        refused_review rf = {id, known ? known : "umum", msg};
        const char *off = nt_form(r, "offset");
        long long o = off ? strtoll(off, NULL, 10) : 0;
        patrol_page(r, status, one, o > 0 && o < INT32_MAX ? o : 0, &rf);
        free(msg);
        return;
    }
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    int64_t case_id = json_integer_value(json_object_get(out, "case_id"));
    json_decref(out);
    char loc[96];
    if (case_id)
        snprintf(loc, sizeof loc, "/kasus/%lld", (long long)case_id);
    else /* back to the queue it came from */
        snprintf(loc, sizeof loc, "/patroli?status=%s",
                 status && strspn(status, "abcdefghijklmnopqrstuvwxyz") == strlen(status) &&
                         strlen(status) < 20
                     ? status
                     : "baru");
    nt_respond_redirect(r, loc);
}

/* ---- a patrol run from the browser: upload an export, watch it run ---- */

static void runs_page(nt_req *r, unsigned status, json_t *ctx)
{
    json_t *els = NULL, *runs = NULL;
    nt_err err = {0};
    nt_elections_list(r->st, r->actor.region[0] ? r->actor.region : NULL, &els);
    json_t *v = json_object_get(ctx, "v");
    json_object_set_new(
        ctx, "elections",
        nt_page_options(els ? els : json_array(), "id", "name", json_object_get(v, "pemilihan")));
    const char *fmt = json_string_value(json_object_get(v, "format"));
    json_object_set_new(ctx,
                        fmt && !strcmp(fmt, "csv")     ? "f_csv"
                        : fmt && !strcmp(fmt, "jsonl") ? "f_jsonl"
                                                       : "f_auto",
                        json_true());
    if (!nt_patrol_runs_list(r->st, &r->actor, 20, &runs, &err))
        json_object_set_new(ctx, "runs", runs);
    nt_respond_page(r, status, "patroli_jalankan.html", "Jalankan patroli", ctx);
}

void nt_h_patrol_runs_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    if (!(r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU))) {
        nt_respond_msg(r, 403, "forbidden", "", "peran Anda tidak dapat menjalankan patroli");
        return;
    }
    runs_page(r, 200, json_object());
}

void nt_h_patrol_run_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    static const nt_form_field fields[] = {{"pemilihan", "pemilihan", "Pemilihan"},
                                           {"berkas", "berkas", "Berkas ekspor"},
                                           {"format", "format", "Format berkas"},
                                           {NULL, NULL, NULL}};
    nt_err err = {0};
    const char *election = nt_form(r, "pemilihan"), *fmt = nt_form(r, "format");
    const char *name = r->file_name[0] ? r->file_name : "unggahan";
    size_t nl = strlen(name);
    bool csv = fmt && *fmt ? !strcmp(fmt, "csv") : nl > 4 && !strcasecmp(name + nl - 4, ".csv");
    int64_t id = 0;
    int rc = 0;
    if (fmt && *fmt && strcmp(fmt, "csv") && strcmp(fmt, "jsonl"))
        rc = nt_err_set(&err, NT_EINVAL, "format", "Format berkas harus JSON Lines atau CSV");
    else if (!election || !*election)
        rc = nt_err_set(&err, NT_EINVAL, "pemilihan", "Pilih pemilihan yang dipatroli");
    else if (!r->body.len)
        rc = nt_err_set(&err, NT_EINVAL, "berkas",
                        "Pilih berkas ekspor (JSON Lines atau CSV) yang akan dipindai");
    if (!rc) rc = nt_patrol_job_start(r, election, name, csv, &id, &err);
    if (rc) {
        json_t *ctx = json_object();
        const char *again[] = {r->body.len ? name : NULL, NULL}; /* a file is not sent back */
        nt_form_refused(r, ctx, &err, fields, again);
        runs_page(r, nt_http_status(rc), ctx);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/patroli/jalankan/%lld", (long long)id);
    nt_respond_redirect(r, loc);
}

void nt_h_patrol_run_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    json_t *run = NULL;
    nt_err err = {0};
    int64_t id = nt_req_param_id(r, 0);
    int rc = id ? nt_patrol_run_get(r->st, &r->actor, id, &run, &err)
                : nt_err_set(&err, NT_ENOTFOUND, "id", "nomor patroli tidak sah");
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    json_t *ctx = json_pack("{so}", "run", run);
    /* while it runs, the page looks again every few seconds (no script needed) */
    if (json_is_true(json_object_get(run, "terbuka")))
        json_object_set_new(ctx, "refresh", json_integer(2));
    nt_respond_page(r, 200, "patroli_run.html", "Patroli dari berkas", ctx);
}
