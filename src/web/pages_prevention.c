/*
 * pages_prevention.c - the prevention work in the workspace: the elections that have (or lack)
 * a cooperation agreement, the agreements with their parties, and the form that records one.
 * The form has fixed rows for parties and witnesses (no script needed); empty rows are left
 * out, and a refused form comes back as it was typed.
 */
#include "web/pages_int.h"

#include "rules/prevention.h"

#include <stdio.h>
#include <string.h>

#define FORM_PARTIES 4
#define FORM_WITNESSES 2

static json_t *kind_options(const nt_kind *table, const char *chosen)
{
    json_t *out = json_array();
    for (const nt_kind *k = table; k->name; k++)
        json_array_append_new(out, json_pack("{ss ss sb}", "value", k->name, "label", k->label,
                                             "selected", chosen && !strcmp(chosen, k->name)));
    return out;
}

/* The form's rows of parties and witnesses, with what was typed in them (after a refusal). */
static json_t *signer_rows(nt_req *r, json_t *ctx, const char *prefix, int n, bool party)
{
    json_t *wrong = json_object_get(ctx, "salah");
    json_t *rows = json_array();
    for (int i = 1; i <= n; i++) {
        char k[4][32];
        snprintf(k[0], sizeof k[0], "%s%d_jenis", prefix, i);
        snprintf(k[1], sizeof k[1], "%s%d_nama", prefix, i);
        snprintf(k[2], sizeof k[2], "%s%d_penandatangan", prefix, i);
        snprintf(k[3], sizeof k[3], "%s%d_jabatan", prefix, i);
        const char *v[4];
        for (int j = 0; j < 4; j++)
            v[j] = r->form ? nt_form(r, k[j]) : NULL;
        /* the first party is the office itself, the second the regional government */
        const char *dflt = !party ? NULL : i == 1 ? "bawaslu" : i == 2 ? "pemda" : "lainnya";
        json_t *row = json_pack("{si ss ss ss ss ss}", "n", i, "p", prefix, "nama",
                                v[1] ? v[1] : "", "penandatangan", v[2] ? v[2] : "", "jabatan",
                                v[3] ? v[3] : "", "wajib", i <= 2 && party ? "1" : "");
        /* a message beside the field it is about */
        for (int j = 1; j <= 2; j++) {
            json_t *m = json_object_get(wrong, k[j]);
            if (m) json_object_set(row, j == 1 ? "salah_nama" : "salah_penandatangan", m);
        }
        if (party)
            json_object_set_new(row, "jenis",
                                kind_options(nt_agreement_party_kinds, v[0] ? v[0] : dflt));
        json_array_append_new(rows, row);
    }
    return rows;
}

/* Checkboxes of a list of kinds, named key_<kind>, ticked as the form was sent. */
static json_t *ticked(nt_req *r, const char *key, const nt_kind *table)
{
    json_t *out = json_array();
    for (const nt_kind *k = table; k->name; k++) {
        char name[48];
        snprintf(name, sizeof name, "%s_%s", key, k->name);
        json_array_append_new(out,
                              json_pack("{ss ss ss sb}", "name", name, "value", k->name, "label",
                                        k->label, "checked", r->form && nt_form(r, name) != NULL));
    }
    return out;
}

/* The ticked kinds of a form as a JSON array. */
static json_t *ticked_values(nt_req *r, const char *key, const nt_kind *table)
{
    json_t *out = json_array();
    for (const nt_kind *k = table; k->name; k++) {
        char name[48];
        snprintf(name, sizeof name, "%s_%s", key, k->name);
        if (nt_form(r, name)) json_array_append_new(out, json_string(k->name));
    }
    return out;
}

static void prevention_page(nt_req *r, unsigned status, json_t *ctx)
{
    json_t *cov = NULL, *list = NULL, *els = NULL, *pc = NULL;
    nt_err err = {0};
    if (!nt_agreement_coverage(r->st, &r->actor, &cov, &err))
        json_object_set_new(ctx, "cakupan", cov);
    if (!nt_agreements_list(r->st, &r->actor, NULL, &list, &err))
        json_object_set_new(ctx, "kesepakatan", list);
    /* the appeals, and the choices of their form (those ticked before a refusal kept) */
    json_t *apps = NULL;
    if (!nt_appeals_list(r->st, &r->actor, &apps, &err)) json_object_set_new(ctx, "imbauan", apps);
    json_object_set_new(ctx, "tujuan_pilihan", ticked(r, "tujuan", nt_appeal_addressees));
    json_object_set_new(ctx, "saluran_pilihan", ticked(r, "saluran", nt_appeal_channels));
    /* the pledges: coverage, the text in use today, how one is signed */
    if (!nt_pledge_coverage(r->st, &r->actor, &pc, &err)) json_object_set_new(ctx, "ikrar", pc);
    const json_t *text = nt_rules_pledge_on(nt_store_rules(r->st), nt_today());
    if (text) json_object_set(ctx, "teks_ikrar", (json_t *)text);
    json_object_set_new(ctx, "cara_ikrar",
                        kind_options(nt_pledge_methods, json_string_value(json_object_get(
                                                            json_object_get(ctx, "v"), "cara"))));
    nt_elections_list(r->st, r->actor.region[0] ? r->actor.region : NULL, &els);
    json_t *v = json_object_get(ctx, "v");
    json_object_set_new(
        ctx, "elections",
        nt_page_options(els ? els : json_array(), "id", "name", json_object_get(v, "pemilihan")));
    json_object_set_new(
        ctx, "jenis",
        kind_options(nt_agreement_kinds, json_string_value(json_object_get(v, "jenis"))));
    json_object_set_new(ctx, "pihak_rows", signer_rows(r, ctx, "pihak", FORM_PARTIES, true));
    json_object_set_new(ctx, "saksi_rows", signer_rows(r, ctx, "saksi", FORM_WITNESSES, false));
    json_object_set_new(ctx, "bawaslu",
                        json_boolean(r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)));
    nt_respond_page(r, status, "pencegahan.html", "Pencegahan", ctx);
}

/* Bawaslu and admins see the whole page; a PPK its agency's pledges (the store scopes them). */
static bool may_see(nt_req *r)
{
    if (r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_PPK)) return true;
    nt_respond_msg(r, 403, "forbidden", "", "halaman ini untuk Bawaslu dan PPK");
    return false;
}

void nt_h_prevention_page(nt_req *r)
{
    if (!nt_page_staff(r) || !may_see(r)) return;
    json_t *ctx = json_object();
    const char *ok = nt_req_query(r, "ok");
    if (ok)
        json_object_set_new(ctx, "done",
                            json_string(!strcmp(ok, "berkas") ? "Dokumen kesepakatan disimpan."
                                                              : "Kesepakatan kerja sama dicatat."));
    prevention_page(r, 200, ctx);
}

/* The form's fields as the store names them, and their labels beside them. */
static const nt_form_field agreement_fields[] = {
    {"nomor", "k-nomor", "Nomor kesepakatan"},
    {"jenis", "k-jenis", "Jenis"},
    {"tanggal", "k-tanggal", "Tanggal ditandatangani"},
    {"berlaku_dari", "k-dari", "Berlaku sejak"},
    {"berlaku_sampai", "k-sampai", "Berlaku sampai"},
    {"pemilihan", "k-pemilihan", "Pemilihan"},
    {"ruang_lingkup", "k-lingkup", "Ruang lingkup"},
    {"tempat", "k-tempat", "Tempat penandatanganan"},
    {"pihak", "pihak1_nama", "Para pihak"},
    {"pihak.1.nama", "pihak1_nama", "Nama pihak 1"},
    {"pihak.1.penandatangan", "pihak1_penandatangan", "Penandatangan pihak 1"},
    {"pihak.2.nama", "pihak2_nama", "Nama pihak 2"},
    {"pihak.2.penandatangan", "pihak2_penandatangan", "Penandatangan pihak 2"},
    {"pihak.3.nama", "pihak3_nama", "Nama pihak 3"},
    {"pihak.3.penandatangan", "pihak3_penandatangan", "Penandatangan pihak 3"},
    {"pihak.4.nama", "pihak4_nama", "Nama pihak 4"},
    {"pihak.4.penandatangan", "pihak4_penandatangan", "Penandatangan pihak 4"},
    {"saksi.1.penandatangan", "saksi1_penandatangan", "Nama saksi 1"},
    {"saksi.2.penandatangan", "saksi2_penandatangan", "Nama saksi 2"},
    {NULL, NULL, NULL},
};

void nt_h_agreement_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_see(r)) return;
    json_t *in = json_object();
    static const char *const plain[] = {"nomor",         "jenis",          "tanggal",
                                        "berlaku_dari",  "berlaku_sampai", "pemilihan",
                                        "ruang_lingkup", "tempat",         NULL};
    nt_form_copy(r, in, plain);
    /* the rows that were filled, in order: the store numbers them from 1 */
    static const struct {
        const char *prefix, *key;
        int n;
    } lists[] = {{"pihak", "pihak", FORM_PARTIES}, {"saksi", "saksi", FORM_WITNESSES}};
    for (size_t l = 0; l < NT_ARRAY_LEN(lists); l++) {
        json_t *arr = json_array();
        for (int i = 1; i <= lists[l].n; i++) {
            static const char *const cols[] = {"jenis", "nama", "penandatangan", "jabatan"};
            json_t *row = json_object();
            bool any = false;
            for (size_t c = 0; c < NT_ARRAY_LEN(cols); c++) {
                char k[40];
                snprintf(k, sizeof k, "%s%d_%s", lists[l].prefix, i, cols[c]);
                const char *v = nt_form(r, k);
                if (v && *v) {
                    json_object_set_new(row, cols[c], json_string(v));
                    if (c) any = true; /* a kind alone is not a filled row */
                }
            }
            if (any)
                json_array_append_new(arr, row);
            else
                json_decref(row);
        }
        json_object_set_new(in, lists[l].key, arr);
    }
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_agreement_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    if (rc) {
        json_t *ctx = json_object();
        nt_form_refused(r, ctx, &err, agreement_fields, NULL);
        prevention_page(r, nt_http_status(rc), ctx);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/pencegahan?ok=1#kesepakatan-%lld", (long long)id);
    nt_respond_redirect(r, loc);
}

/* The page again after a write: the refused form as it was typed (files named to choose
 * again), or what was done; the import's line report either way. */
static void answer(nt_req *r, int rc, const nt_err *err, const nt_form_field *fields,
                   const char *const *again, const char *done, json_t *report)
{
    json_t *ctx = json_object();
    if (rc)
        nt_form_refused(r, ctx, err, fields, again);
    else
        json_object_set_new(ctx, "done", json_string(done));
    if (report) json_object_set_new(ctx, "laporan_impor", report);
    prevention_page(r, rc ? nt_http_status(rc) : 200, ctx);
}

static const nt_form_field pledge_fields[] = {
    {"nip", "i-nip", "NIP"},
    {"tanggal", "i-tanggal", "Tanggal ditandatangani"},
    {"cara", "i-cara", "Cara penandatanganan"},
    {"acara", "i-acara", "Acara"},
    {"versi", "i-tanggal", "Teks ikrar"},
    {"berkas", "i-berkas", "Daftar tanda tangan"},
    {NULL, NULL, NULL},
};

void nt_h_pledge_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_see(r)) return;
    json_t *in = json_object();
    static const char *const names[] = {"nip", "tanggal", "cara", "acara", NULL};
    nt_form_copy(r, in, names);
    nt_err err = {0};
    int rc = nt_pledge_record(r->st, &r->actor, in, &err);
    json_decref(in);
    answer(r, rc, &err, pledge_fields, NULL, "Ikrar netralitas dicatat.", NULL);
}

/* A signature list: checked line by line; written only when every line is right. */
void nt_h_pledge_import_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_see(r)) return;
    json_t *terms = json_object(), *report = NULL;
    static const char *const names[] = {"tanggal", "cara", "acara", NULL};
    nt_form_copy(r, terms, names);
    nt_err err = {0};
    int rc = r->body.len ? nt_pledges_import(r->st, &r->actor, terms, r->body.p, r->body.len, true,
                                             &report, &err)
                         : nt_err_set(&err, NT_EINVAL, "berkas",
                                      "Pilih berkas CSV daftar tanda tangan (kolom nip)");
    json_decref(terms);
    const char *again[] = {r->body.len && r->file_name[0] ? r->file_name : NULL, NULL};
    char msg[128];
    snprintf(msg, sizeof msg, "%lld ikrar dari daftar tanda tangan dicatat.",
             (long long)json_integer_value(json_object_get(report, "sah")));
    answer(r, rc, &err, pledge_fields, again, msg, report);
}

static const nt_form_field appeal_fields[] = {
    {"nomor", "m-nomor", "Nomor imbauan"},
    {"tanggal", "m-tanggal", "Tanggal"},
    {"penerbit", "m-penerbit", "Penerbit"},
    {"isi", "m-isi", "Isi imbauan"},
    {"dasar", "m-dasar", "Dasar hukum"},
    {"tujuan", "m-tujuan", "Ditujukan kepada"},
    {"saluran", "m-saluran", "Cara penyampaian"},
    {"pemilihan", "m-pemilihan", "Pemilihan"},
    {NULL, NULL, NULL},
};

void nt_h_appeal_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_see(r)) return;
    json_t *in = json_object();
    static const char *const names[] = {"nomor", "tanggal",   "penerbit", "isi",
                                        "dasar", "pemilihan", NULL};
    nt_form_copy(r, in, names);
    json_object_set_new(in, "tujuan", ticked_values(r, "tujuan", nt_appeal_addressees));
    json_object_set_new(in, "saluran", ticked_values(r, "saluran", nt_appeal_channels));
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_appeal_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    answer(r, rc, &err, appeal_fields, NULL, "Imbauan dicatat.", NULL);
}
