/*
 * pages_cases.c - the staff workspace around one case: its page with the step forms (drawn
 * from the inputs each step declares in rules/workflow.c), evidence upload, the reporter's
 * identity, a new case, finding an ASN to add, and the person page. The lists are
 * pages_lists.c's.
 */
#include "web/pages_int.h"

#include "docs/docs.h"

#include <stdlib.h>
#include <string.h>

/* Which form of the case page was refused: a case step ("langkah", with its target state),
 * a person's step ("pihak": their key and the step), the data form ("ubah") or an upload
 * ("bukti"). */
typedef struct {
    const char *form, *ke, *party;
} refused_form;

/* The refused step's inputs get what was typed (and the message beside the one that was
 * wrong); fields collects the summary's links to them. */
static void refill_step(nt_req *r, json_t *step, const char *idp, const nt_err *err,
                        nt_form_field *fields, size_t max, char (*ids)[96], char (*names)[64])
{
    json_object_set_new(step, "terbuka", json_true());
    const char *wrong = strncmp(err->field, "data.", 5) ? err->field : err->field + 5;
    size_t n = 0, k;
    json_t *in;
    json_array_foreach(json_object_get(step, "isian"), k, in)
    {
        const char *name = json_string_value(json_object_get(in, "nama"));
        const char *typed = name ? nt_form(r, name) : NULL;
        if (typed) json_object_set_new(in, "nilai", json_string(typed));
        size_t j;
        json_t *opt;
        json_array_foreach(json_object_get(in, "pilihan_list"), j, opt)
        {
            const char *val = json_string_value(json_object_get(opt, "value"));
            if (typed)
                json_object_set_new(opt, "selected", json_boolean(val && !strcmp(val, typed)));
        }
        if (name && n + 1 < max) {
            snprintf(ids[n], sizeof ids[n], "%s-%s-%s", idp,
                     json_string_value(json_object_get(step, "ke")), name);
            snprintf(names[n], sizeof names[n], "%s%s", strcmp(name, "alasan") ? "data." : "",
                     name);
            fields[n] =
                (nt_form_field){names[n], ids[n], json_string_value(json_object_get(in, "label"))};
            if (!strcmp(name, wrong)) {
                char *msg = nt_form_humane(err->msg, name, fields[n].label);
                json_object_set_new(in, "pesan", json_string(msg));
                free(msg);
            }
            n++;
        }
    }
    if (n + 1 < max && json_object_get(step, "akibat")) { /* the confirmation box */
        snprintf(ids[n], sizeof ids[n], "%s-%s-konfirmasi", idp,
                 json_string_value(json_object_get(step, "ke")));
        fields[n] = (nt_form_field){"konfirmasi", ids[n], "Konfirmasi"};
        n++;
    }
    fields[n] = (nt_form_field){NULL, NULL, NULL};
}

/* The case page's context: the step forms come with their inputs from the store (which takes
 * them from rules/workflow.c); this adds the links and the data form while the case may
 * still be completed. */
static json_t *case_forms(nt_req *r, json_t *c, int64_t id, const refused_form *rf,
                          const nt_err *err, json_t *ctx)
{
    nt_form_field fields[16] = {{NULL, NULL, NULL}};
    char ids[16][96], names[16][64];
    const nt_rules *ru = nt_store_rules(r->st);
    size_t i, k;
    json_t *p, *step;
    /* one form partial (_langkah.html) for the case's steps and each person's: where it posts
     * and the prefix of its field ids */
    char url[96];
    snprintf(url, sizeof url, "/kasus/%lld/langkah", (long long)id);
    json_array_foreach(json_object_get(c, "langkah_berikut"), k, step)
    {
        json_object_set_new(step, "aksi", json_string(url));
        json_object_set_new(step, "idp", json_string("s"));
        if (rf && !strcmp(rf->form, "langkah") && rf->ke &&
            !strcmp(rf->ke, json_string_value(json_object_get(step, "ke"))))
            refill_step(r, step, "s", err, fields, 16, ids, names);
    }
    /* the case's steps grouped by what they do, in the workflow's order: onward, hand over,
     * stop or close (those last drawn apart, each asking to confirm its consequence) */
    json_t *groups = json_array();
    for (int g = 0; g < NT_STEP__COUNT; g++) {
        json_t *steps = json_array();
        json_array_foreach(json_object_get(c, "langkah_berikut"), k, step)
        {
            if (!strcmp(json_string_value(json_object_get(step, "kelompok")),
                        nt_step_kind_name((nt_step_kind)g)))
                json_array_append(steps, step);
        }
        if (json_array_size(steps))
            json_array_append_new(groups,
                                  json_pack("{ss ss so}", "id", nt_step_kind_name(g), "label",
                                            nt_step_kind_label(g), "langkah", steps));
        else
            json_decref(steps);
    }
    json_object_set_new(c, "kelompok_langkah", groups);
    json_array_foreach(json_object_get(c, "terlapor"), i, p)
    {
        const char *key = json_string_value(json_object_get(p, "pihak"));
        char idp[32];
        snprintf(url, sizeof url, "/kasus/%lld/terlapor/%s/langkah", (long long)id, key ? key : "");
        snprintf(idp, sizeof idp, "p-%s", key ? key : "");
        json_array_foreach(json_object_get(p, "langkah_berikut"), k, step)
        {
            json_object_set_new(step, "aksi", json_string(url));
            json_object_set_new(step, "idp", json_string(idp));
            if (rf && !strcmp(rf->form, "pihak") && rf->ke && rf->party && key &&
                !strcmp(rf->party, key) &&
                !strcmp(rf->ke, json_string_value(json_object_get(step, "ke"))))
                refill_step(r, step, idp, err, fields, 16, ids, names);
        }
    }
    if ((r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) &&
        json_is_true(json_object_get(c, "dapat_diubah"))) {
        json_t *have = json_object(), *viol = json_array();
        json_array_foreach(json_object_get(c, "pelanggaran"), i, p)
            json_object_set_new(have, json_string_value(json_object_get(p, "code")), json_true());
        for (int v = 0; v < ru->nviolations; v++)
            if (!json_object_get(have, ru->violations[v].code))
                json_array_append_new(viol, json_pack("{ss ss}", "code", ru->violations[v].code,
                                                      "act", ru->violations[v].act));
        json_decref(have);
        json_object_set_new(c, "edit",
                            json_pack("{so sb}", "violations", viol, "before_registration",
                                      json_object_get(c, "reg_no") == NULL ||
                                          json_is_null(json_object_get(c, "reg_no"))));
    }
    if (rf && !strcmp(rf->form, "ubah")) {
        /* the data form shows what was typed, not what is stored */
        static const char *const typed[] = {"judul", "tempat", "tanggal_kejadian", "daftar_bukti",
                                            "terlapor"};
        static const char *const keys[] = {"judul", "tempat", "tanggal_kejadian", "daftar_bukti",
                                           "terlapor_diketik"};
        for (size_t t = 0; t < NT_ARRAY_LEN(typed); t++)
            if (nt_form(r, typed[t]))
                json_object_set_new(c, keys[t], json_string(nt_form(r, typed[t])));
        static const nt_form_field edit_fields[] = {
            {"judul", "ubah-judul", "Judul"},
            {"tempat", "ubah-tempat", "Tempat kejadian"},
            {"daftar_bukti", "ubah-bukti", "Uraian bukti"},
            {"tanggal_kejadian", "ubah-tanggal", "Tanggal kejadian"},
            {"terlapor", "ubah-terlapor", "Tambah ASN terlapor"},
            {"pelanggaran", "ubah-pelanggaran", "Tambah dugaan pelanggaran"},
        };
        for (size_t t = 0; t < NT_ARRAY_LEN(edit_fields) && t < 15; t++)
            fields[t] = edit_fields[t];
        fields[NT_ARRAY_LEN(edit_fields)] = (nt_form_field){NULL, NULL, NULL};
    }
    if (rf && !strcmp(rf->form, "bukti")) {
        fields[0] = (nt_form_field){"bukti", "bukti-berkas", "Tambah bukti"};
        fields[1] = (nt_form_field){NULL, NULL, NULL};
    }
    if (rf && !strcmp(rf->form, "perpanjang")) {
        fields[0] = (nt_form_field){"alasan", "perpanjang-alasan", "Alasan perpanjangan"};
        fields[1] = (nt_form_field){NULL, NULL, NULL};
    }
    if (rf && !strcmp(rf->form, "pesan")) {
        fields[0] = (nt_form_field){"pesan", "pesan-isi", "Pesan kepada pelapor"};
        fields[1] = (nt_form_field){NULL, NULL, NULL};
    }
    /* the documents the case's state allows this officer to issue, and those issued */
    json_t *kinds = nt_doc_kinds_for(ru, c, r->actor.roles);
    json_array_foreach(kinds, k, step)
    {
        char act[160];
        snprintf(act, sizeof act, "/kasus/%lld/dokumen/%s", (long long)id,
                 json_string_value(json_object_get(step, "id")));
        json_object_set_new(step, "aksi", json_string(act));
    }
    json_object_set_new(c, "ada_dokumen", json_boolean(json_array_size(kinds) > 0));
    /* a forwarded case has its package for the authority; one received, its results */
    const char *st_s = json_string_value(json_object_get(c, "status"));
    bool forwarded = st_s && (!strcmp(st_s, "diteruskan") || !strcmp(st_s, "selesai"));
    char side[16];
    nt_exchange_side(r->st, id, side);
    if (forwarded && (r->actor.roles & NT_ROLE_BAWASLU) && strcmp(side, "penerima") != 0)
        json_object_set_new(c, "dapat_paket", json_string("Buat paket penerusan untuk otoritas"));
    else if ((r->actor.roles & NT_ROLE_OTORITAS) && !strcmp(side, "penerima"))
        json_object_set_new(c, "dapat_paket",
                            json_string("Buat paket hasil untuk kantor pengirim"));
    json_object_set_new(c, "dokumen_tersedia", kinds);
    json_t *issued = nt_doc_list(r->st, id);
    json_object_set_new(c, "ada_dokumen_terbit", json_boolean(json_array_size(issued) > 0));
    json_object_set_new(c, "dokumen_terbit", issued);
    json_object_set_new(c, "pesan_tampil", json_boolean(json_object_get(c, "pesan") != NULL));
    json_object_set_new(c, "ada_pesan",
                        json_boolean(json_array_size(json_object_get(c, "pesan")) > 0));
    if (rf && !strcmp(rf->form, "pelapor")) {
        fields[0] = (nt_form_field){"keperluan", "pelapor-keperluan", "Keperluan"};
        fields[1] = (nt_form_field){NULL, NULL, NULL};
    }
    if (rf && ctx) {
        nt_form_refused(r, ctx, err, fields, NULL);
        json_t *wrong = json_object_get(ctx, "salah");
        json_object_set(c, "salah", wrong); /* the data form's messages, inside the case */
    }
    return c;
}

void nt_h_case_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *c = NULL;
    nt_err err = {0};
    int rc = id ? nt_case_get(r->st, &r->actor, id, &c, &err)
                : nt_err_set(&err, NT_ENOTFOUND, "id", "kasus tidak ditemukan");
    json_t *ctx = json_object();
    if (rc)
        json_object_set_new(ctx, "error", json_string(err.msg));
    else
        json_object_set_new(ctx, "c", case_forms(r, c, id, NULL, NULL, NULL));
    /* what the last accepted form did, said at the top (only known words come back) */
    const char *ok = nt_req_query(r, "ok");
    if (!rc && ok) {
        char msg[300] = "";
        nt_case_state cs;
        nt_party_state ps;
        const char *reg = json_string_value(json_object_get(c, "reg_no"));
        if (!strcmp(ok, "ubah"))
            snprintf(msg, sizeof msg, "Data kasus disimpan.");
        else if (!strcmp(ok, "bukti"))
            snprintf(msg, sizeof msg, "Bukti diunggah dan dicatat dengan sidik SHA-256-nya.");
        else if (!strcmp(ok, "dibuat"))
            snprintf(msg, sizeof msg,
                     "Kasus dibuat (%s). Lengkapi datanya dan lanjutkan "
                     "langkahnya di bawah.",
                     json_string_value(json_object_get(c, "jalur_label")));
        else if (!strcmp(ok, "pesan"))
            snprintf(msg, sizeof msg, "Pesan terkirim kepada pelapor.");
        else if (!strcmp(ok, "perpanjang"))
            snprintf(msg, sizeof msg, "Tenggat diperpanjang; alasannya tercatat di riwayat.");
        else if (!nt_case_state_parse(ok, &cs) && cs == NT_ST_DIREGISTRASI && reg)
            snprintf(msg, sizeof msg, "Kasus diregistrasi dengan nomor %s.", reg);
        else if (!nt_case_state_parse(ok, &cs))
            snprintf(msg, sizeof msg, "Langkah dicatat: %s.", nt_case_state_label(cs));
        else if (!nt_party_state_parse(ok, &ps))
            snprintf(msg, sizeof msg, "Langkah untuk terlapor dicatat: %s.",
                     nt_party_state_label(ps));
        if (*msg) json_object_set_new(ctx, "done", json_string(msg));
    }
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "kasus_detail.html", "Kasus", ctx);
}

/* The case page again with the refused form as the user left it and the reason beside the
 * field, or back to the page saying what was done. */
static void case_page_after(nt_req *r, int64_t id, int rc, const nt_err *err,
                            const refused_form *rf)
{
    if (rc) {
        json_t *c = NULL;
        nt_err e2 = {0};
        json_t *ctx = json_object();
        if (!nt_case_get(r->st, &r->actor, id, &c, &e2))
            json_object_set_new(ctx, "c", case_forms(r, c, id, rf, err, ctx));
        else
            json_object_set_new(ctx, "error", json_string(err->msg));
        nt_respond_page(r, nt_http_status(rc), "kasus_detail.html", "Kasus", ctx);
        return;
    }
    char loc[128];
    bool own = !strcmp(rf->form, "ubah") || !strcmp(rf->form, "bukti") ||
               !strcmp(rf->form, "perpanjang") || !strcmp(rf->form, "pesan");
    const char *what = own ? rf->form : rf->ke;
    nt_case_state cs;
    nt_party_state ps;
    bool known =
        what && (own || !nt_case_state_parse(what, &cs) || !nt_party_state_parse(what, &ps));
    snprintf(loc, sizeof loc, "/kasus/%lld%s%s", (long long)id, known ? "?ok=" : "",
             known ? what : "");
    nt_respond_redirect(r, loc);
}

/* Takes a step from a form (consumes in): back to the case page on success, or the case page
 * again with the reason the step was refused. */
static void run_step(nt_req *r, int64_t id, json_t *in, const char *party)
{
    json_t *out = NULL;
    nt_err err = {0};
    /* a step that ends or stops is taken only once its consequence is confirmed */
    const char *to = nt_form(r, "ke");
    nt_case_state cs;
    nt_party_state ps;
    const char *consequence =
        !to                                       ? NULL
        : party && !nt_party_state_parse(to, &ps) ? nt_party_state_consequence(ps)
        : !party && !nt_case_state_parse(to, &cs) ? nt_case_state_consequence(cs)
                                                  : NULL;
    int rc = 0;
    if (consequence && !nt_form(r, "konfirmasi"))
        rc = nt_err_set(&err, NT_EINVAL, "konfirmasi",
                        "Centang konfirmasi untuk mengambil langkah ini (akibatnya: %s)",
                        consequence);
    else if (r->form_err.code) /* a document that could not be taken: the step waits for it */
        rc = (err = r->form_err).code;
    else if (r->nfiles) { /* the step's documents (a decree's scan) go with it, or neither */
        char what[200];
        const char *no =
            json_string_value(json_object_get(json_object_get(in, "data"), "nomor_sk"));
        if (no)
            snprintf(what, sizeof what, "Pindaian SK sanksi nomor %s", no);
        else
            snprintf(what, sizeof what, "Dokumen langkah %s",
                     party && to && !nt_party_state_parse(to, &ps) ? nt_party_state_label(ps) : "");
        rc = nt_case_step_with_files(r->st, &r->actor, id, in, r->files, r->nfiles, what, &out,
                                     &err);
        r->nfiles = 0; /* consumed */
    } else {
        rc = nt_case_transition(r->st, &r->actor, id, in, &out, &err);
    }
    refused_form rf = {party ? "pihak" : "langkah", nt_form(r, "ke"), party};
    json_decref(in);
    json_decref(out);
    case_page_after(r, id, rc, &err, &rf);
}

/* What a case form adds: the NIPs typed (separated by spaces, commas or lines) as "terlapor",
 * the ticked violations (pl_CODE) as "pelanggaran". */
static void form_parties_and_codes(nt_req *r, json_t *in)
{
    json_t *nips = json_array(), *codes = json_array();
    const char *list = nt_form(r, "terlapor");
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, " ,;\r\n\t");
        if (n) json_array_append_new(nips, json_stringn(p, n));
        p += n;
        p += strspn(p, " ,;\r\n\t");
    }
    const char *k;
    json_t *v;
    json_object_foreach(r->form, k, v)
    {
        if (!strncmp(k, "pl_", 3)) json_array_append_new(codes, json_string(k + 3));
    }
    if (json_array_size(nips)) json_object_set(in, "terlapor", nips);
    if (json_array_size(codes)) json_object_set(in, "pelanggaran", codes);
    json_decref(nips), json_decref(codes);
}

/* Completes the case's data: title, place, date of the act, more ASN and violations. */
void nt_h_case_edit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *in = json_object();
    static const char *const fields[] = {"judul", "tempat", "tanggal_kejadian", "daftar_bukti",
                                         NULL};
    nt_form_copy(r, in, fields);
    form_parties_and_codes(r, in);
    nt_err err = {0};
    int rc = json_object_size(in)
                 ? nt_case_update(r->st, &r->actor, id, in, &err)
                 : nt_err_set(&err, NT_EINVAL, "body", "tidak ada data yang diisi");
    json_decref(in);
    refused_form rf = {"ubah", NULL, NULL};
    case_page_after(r, id, rc, &err, &rf);
}

/* Evidence files from the case page (multipart form). */
void nt_h_case_upload(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    nt_err err = r->form_err;
    int rc =
        err.code ? err.code : nt_evidence_attach(r->st, &r->actor, id, r->files, r->nfiles, &err);
    if (!r->form_err.code) r->nfiles = 0; /* consumed */
    refused_form rf = {"bukti", NULL, NULL};
    case_page_after(r, id, rc, &err, &rf);
}

/* A message to the reporter, read on the status page by the receipt code. */
void nt_h_case_message_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    const char *text = nt_form(r, "pesan");
    json_t *in = json_pack("{ss}", "pesan", text ? text : "");
    nt_err err = {0};
    int rc = nt_case_message_send(r->st, &r->actor, id, in, &err);
    json_decref(in);
    refused_form rf = {"pesan", NULL, NULL};
    case_page_after(r, id, rc, &err, &rf);
}

/* A step from its form: "ke", the reason, and every input a step can declare
 * (rules/workflow.c), copied into the step's data. */
static json_t *step_from_form(nt_req *r, const char *party)
{
    json_t *in = json_pack("{ss}", "ke", nt_form(r, "ke") ? nt_form(r, "ke") : "");
    /* the page names the reported ASN by their key in the case; a NIP is accepted too */
    if (party)
        json_object_set_new(
            in, strlen(party) == 18 && strspn(party, "0123456789") == 18 ? "nip" : "pihak",
            json_string(party));
    json_t *data = json_object();
    size_t n;
    const nt_step_input *inputs = nt_step_input_table(&n);
    for (size_t i = 0; i < n; i++) {
        const char *v = nt_form(r, inputs[i].name);
        if (!v || !*v) continue;
        json_object_set_new(strcmp(inputs[i].name, "alasan") ? data : in, inputs[i].name,
                            json_string(v));
    }
    json_object_set_new(in, "data", data);
    return in;
}

void nt_h_case_step(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    run_step(r, nt_req_param_id(r, 0), step_from_form(r, NULL), NULL);
}

/* The regime's one extension of the current deadline, with its reason. */
void nt_h_case_extend_page(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    nt_err err = {0};
    int rc = nt_case_extend(r->st, &r->actor, id, nt_form(r, "alasan"), &err);
    refused_form rf = {"perpanjang", NULL, NULL};
    case_page_after(r, id, rc, &err, &rf);
}

/* The reporter's identity, for the office handling the case, behind a button that says the
 * view is recorded; each view goes to the audit log with its purpose. */
void nt_h_case_reporter_page(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    const char *why = nt_form(r, "keperluan");
    json_t *who = NULL;
    nt_err err = {0};
    int rc = why && *why ? nt_case_reporter(r->st, &r->actor, id, why, &who, &err)
                         : nt_err_set(&err, NT_EINVAL, "keperluan",
                                      "tuliskan keperluan membuka identitas pelapor");
    refused_form rf = {"pelapor", NULL, NULL};
    if (rc) {
        case_page_after(r, id, rc, &err, &rf);
        return;
    }
    json_t *c = NULL;
    nt_err e2 = {0};
    json_t *ctx = json_object();
    if (!nt_case_get(r->st, &r->actor, id, &c, &e2))
        json_object_set_new(ctx, "c", case_forms(r, c, id, NULL, NULL, NULL));
    /* the identity as labelled pairs, in the form's order */
    json_t *rows = json_array();
    for (const nt_reporter_field *f = nt_reporter_fields; f->key; f++) {
        const char *v = json_string_value(json_object_get(who, f->key));
        if (v && *v)
            json_array_append_new(rows, json_pack("{ss ss}", "label", f->label, "nilai", v));
    }
    json_decref(who);
    json_object_set_new(ctx, "pelapor", rows);
    json_object_set_new(ctx, "pelapor_terbuka", json_true());
    json_object_set_new(ctx, "done",
                        json_string("Identitas pelapor dibuka untuk keperluan yang Anda tulis; "
                                    "pembukaan ini tercatat di log audit."));
    nt_respond_page(r, 200, "kasus_detail.html", "Kasus", ctx);
}

/* ---- a new case from the browser: a temuan from field supervision, an informasi awal from
 * a call or a message, a laporan brought in person (the officer types the reporter's identity) */

static const nt_form_field new_case_fields[] = {
    {"jalur", "baru-jalur", "Jenis"},
    {"kantor", "baru-kantor", "Kantor yang menangani"},
    {"pemilihan", "baru-pemilihan", "Pemilihan"},
    {"rezim", "baru-pemilihan", "Pemilihan"},
    {"tanggal_diketahui", "baru-diketahui", "Tanggal diketahui"},
    {"tanggal_kejadian", "baru-kejadian", "Tanggal kejadian"},
    {"tempat", "baru-tempat", "Tempat kejadian"},
    {"uraian", "baru-uraian", "Uraian kejadian"},
    {"daftar_bukti", "baru-bukti", "Uraian bukti"},
    {"terlapor", "baru-terlapor", "ASN terlapor"},
    {"pelanggaran", "baru-pelanggaran", "Dugaan pelanggaran"},
    {"pelapor", "baru-nama", "Nama pelapor"},
    {"pelapor.nama", "baru-nama", "Nama pelapor"},
    {"pelapor.pekerjaan", "baru-pekerjaan", "Pekerjaan pelapor"},
    {"pelapor.alamat", "baru-alamat", "Alamat pelapor"},
    {"pelapor.telepon", "baru-telepon", "Telepon pelapor"},
    {"pelapor.email", "baru-email", "E-mail pelapor"},
    {NULL, NULL, NULL},
};

const char *nt_case_field_label(const char *field)
{
    if (field && !strcmp(field, "judul")) return "Judul";
    for (const nt_form_field *f = new_case_fields; field && f->field; f++)
        if (!strcmp(f->field, field)) return f->label;
    return field;
}

static void new_case_page(nt_req *r, unsigned status, const nt_err *err)
{
    json_t *ctx = json_object();
    if (err) nt_form_refused(r, ctx, err, new_case_fields, NULL);
    const char *chosen_office = err ? nt_form(r, "kantor") : r->actor.region;
    /* the offices the officer may open a case for: their own and the level below */
    json_t *offices = json_array(), *rows = NULL;
    if (r->actor.region[0]) {
        json_t *me = NULL;
        nt_err e2 = {0};
        if (!nt_region_get(r->st, r->actor.region, &me, &e2))
            json_array_append_new(offices,
                                  json_pack("{ss ss}", "value", r->actor.region, "label",
                                            json_string_value(json_object_get(me, "name"))));
        json_decref(me);
    }
    nt_regions_list(r->st, r->actor.region[0] ? r->actor.region : NULL,
                    r->actor.region[0] ? "kabkota" : "provinsi", &rows);
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
        json_array_append_new(offices, json_pack("{sO sO}", "value", json_object_get(x, "code"),
                                                 "label", json_object_get(x, "name")));
    json_decref(rows);
    json_array_foreach(offices, i, x)
    {
        const char *v = json_string_value(json_object_get(x, "value"));
        if (chosen_office && v && !strcmp(v, chosen_office))
            json_object_set_new(x, "selected", json_true());
    }
    json_object_set_new(ctx, "offices", offices);
    json_t *els = NULL;
    nt_elections_list(r->st, r->actor.region[0] ? r->actor.region : NULL, &els);
    const char *chosen_el = err ? nt_form(r, "pemilihan") : NULL;
    json_array_foreach(els, i, x)
    {
        if (chosen_el && !strcmp(chosen_el, json_string_value(json_object_get(x, "id"))))
            json_object_set_new(x, "selected", json_true());
    }
    json_object_set_new(ctx, "elections", els);
    const nt_rules *ru = nt_store_rules(r->st);
    json_t *viol = json_array();
    for (int v = 0; v < ru->nviolations; v++) {
        char key[32];
        snprintf(key, sizeof key, "pl_%s", ru->violations[v].code);
        json_array_append_new(viol, json_pack("{ss ss sb}", "code", ru->violations[v].code, "act",
                                              ru->violations[v].act, "checked",
                                              err && nt_form(r, key) != NULL));
    }
    json_object_set_new(ctx, "violations", viol);
    const char *route = err ? nt_form(r, "jalur") : "temuan";
    char flag[40];
    snprintf(flag, sizeof flag, "jalur_%s", route ? route : "temuan");
    json_object_set_new(ctx, flag, json_true());
    char today[11];
    nt_date_format(nt_today(), today);
    json_object_set_new(ctx, "today", json_string(today));
    nt_respond_page(r, status, "kasus_baru.html", "Kasus baru", ctx);
}

void nt_h_case_new_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    if (!(r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU))) {
        nt_respond_msg(r, 403, "forbidden", "", "hanya Bawaslu yang membuat kasus");
        return;
    }
    new_case_page(r, 200, NULL);
}

void nt_h_case_new_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    json_t *in = json_object();
    static const char *const copy[] = {"jalur",
                                       "kantor",
                                       "pemilihan",
                                       "tanggal_diketahui",
                                       "tanggal_kejadian",
                                       "tempat",
                                       "uraian",
                                       "daftar_bukti",
                                       "judul",
                                       NULL};
    nt_form_copy(r, in, copy);
    /* empty fields are not given */
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(in, tmp, k, v)
    {
        if (json_is_string(v) && !*json_string_value(v)) json_object_del(in, k);
    }
    form_parties_and_codes(r, in);
    const char *route = nt_form(r, "jalur");
    if (route && !strcmp(route, "laporan")) {
        json_t *p = json_object();
        static const char *const who[] = {"nama", "pekerjaan", "alamat", "telepon", "email", NULL};
        for (size_t i = 0; who[i]; i++) {
            const char *val = nt_form(r, who[i]);
            if (val && *val) json_object_set_new(p, who[i], json_string(val));
        }
        json_object_set_new(in, "pelapor", p);
    }
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_create(r->st, &r->actor, in, &out, &err);
    json_decref(in);
    if (rc) {
        new_case_page(r, nt_http_status(rc), &err);
        return;
    }
    char loc[96];
    snprintf(loc, sizeof loc, "/kasus/%lld?ok=dibuat",
             (long long)json_integer_value(json_object_get(out, "id")));
    json_decref(out);
    nt_respond_redirect(r, loc);
}

/* Finding an ASN by name, NIP, position or agency, in the officer's scope, and adding them to
 * a case (kasus=ID) with one button each; no JavaScript needed. */
void nt_h_asn_search_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    const char *q = nt_req_query(r, "q");
    const char *kasus = nt_req_query(r, "kasus");
    json_t *ctx = json_object();
    if (q) json_object_set_new(ctx, "q", json_string(q));
    int64_t cid = kasus ? strtoll(kasus, NULL, 10) : 0;
    if (cid > 0) {
        json_t *c = NULL;
        nt_err e2 = {0};
        /* only a case the officer may still complete */
        if (!nt_case_get(r->st, &r->actor, cid, &c, &e2) &&
            json_is_true(json_object_get(c, "dapat_diubah")) &&
            (r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
            json_object_set_new(
                ctx, "kasus",
                json_pack("{sI sO}", "id", (json_int_t)cid, "judul", json_object_get(c, "judul")));
        json_decref(c);
    }
    if (q && strlen(q) >= 3) {
        json_t *f = json_pack("{ss si}", "q", q, "limit", 50), *rows = NULL;
        nt_err err = {0};
        if (nt_asn_search(r->st, &r->actor, f, &rows, &err))
            json_object_set_new(ctx, "error", json_string(err.msg));
        else
            json_object_set_new(ctx, "hasil", rows);
        json_object_set_new(ctx, "jumlah", json_integer((json_int_t)json_array_size(rows)));
        json_decref(f);
    } else if (q) {
        json_object_set_new(ctx, "error", json_string("Ketik sedikitnya 3 huruf atau angka."));
    }
    nt_respond_page(r, 200, "asn_cari.html", "Cari ASN", ctx);
}

void nt_h_person_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    char nip[32];
    json_t *a = NULL;
    nt_err err = {0};
    int rc = nt_asn_get(r->st, &r->actor, nt_req_param(r, 0, nip, sizeof nip), &a, &err);
    json_t *ctx = rc ? json_pack("{ss}", "error", err.msg) : json_pack("{so}", "a", a);
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "asn.html", "ASN", ctx);
}

void nt_h_party_step(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    char party[32];
    nt_req_param(r, 1, party, sizeof party);
    run_step(r, id, step_from_form(r, party), party);
}
