/*
 * pages_exchange.c - the signed exchange in the browser and the API: making a case's package
 * from its page, the upload page where the other side's packages are imported, and the API
 * the authority's systems use (fetch a case's package with a token, push one in).
 */
#include "web/pages_int.h"

#include "exchange/exchange.h"
#include "rules/workflow.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void serve_package(nt_req *r, const char *path, const char *pid)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        if (fd >= 0) close(fd);
        nt_respond_msg(r, 404, "not_found", "paket", "paket tidak ditemukan");
        return;
    }
    char name[80];
    snprintf(name, sizeof name, "netral-paket-%.32s.tar", pid);
    nt_respond_fd(r, fd, (size_t)sb.st_size, "application/x-tar", false, name, "");
}

/* The packages this reader may see: those of cases in scope (and, for an administrator, all). */
static json_t *packages_in_scope(nt_req *r)
{
    json_t *all = nt_exchange_packages(r->st, 0), *out = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(all, i, p)
    {
        nt_err err = {0};
        int64_t id = json_integer_value(json_object_get(p, "kasus"));
        if (!(r->actor.roles & NT_ROLE_ADMIN) &&
            (!id || nt_case_visible(r->st, &r->actor, id, &err)))
            continue;
        char when[40];
        nt_time_format_id(json_integer_value(json_object_get(p, "waktu")), when);
        json_object_set_new(p, "waktu_label", json_string(when));
        json_object_set_new(p, "masuk", json_boolean(!strcmp(jstr(p, "arah"), "masuk")));
        json_object_set_new(
            p, "jenis_label",
            json_string(!strcmp(jstr(p, "jenis"), "hasil") ? "Hasil" : "Penerusan"));
        json_array_append(out, p);
    }
    json_decref(all);
    return out;
}

static void exchange_page(nt_req *r, unsigned status, json_t *ctx)
{
    json_t *pk = packages_in_scope(r);
    json_object_set_new(ctx, "ada_paket", json_boolean(json_array_size(pk) > 0));
    json_object_set_new(ctx, "paket", pk);
    json_t *keys = nt_exchange_keys(r->st);
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k)
        json_object_set_new(k, "aktif", json_boolean(json_is_null(json_object_get(k, "diganti"))));
    json_object_set_new(ctx, "ada_kunci", json_boolean(json_array_size(keys) > 0));
    json_object_set_new(ctx, "kunci", keys);
    nt_respond_page(r, status, "pertukaran.html", "Pertukaran dengan otoritas", ctx);
}

void nt_h_exchange_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    exchange_page(r, 200, json_object());
}

void nt_h_exchange_upload(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    if (!r->body.len) {
        exchange_page(r, 422,
                      json_pack("{ss}", "error", "Pilih berkas paket (.tar) dari pihak lain."));
        return;
    }
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_exchange_import_mem(r->st, &r->actor, r->body.p, r->body.len, &out, &err);
    if (rc) {
        char *msg = nt_xasprintf("Paket ditolak: %s. Tidak ada yang disimpan.", err.msg);
        exchange_page(r, nt_http_status(rc), json_pack("{ss}", "error", msg));
        free(msg);
        return;
    }
    char msg[300];
    bool fresh = json_is_true(json_object_get(out, "baru"));
    if (!strcmp(jstr(out, "jenis"), "hasil"))
        snprintf(msg, sizeof msg,
                 "Paket hasil dari %s diterapkan: %lld langkah dicatat pada kasus.",
                 jstr(out, "dari"), (long long)json_integer_value(json_object_get(out, "langkah")));
    else
        snprintf(msg, sizeof msg,
                 fresh ? "Paket penerusan dari %s diimpor menjadi kasus baru."
                       : "Paket penerusan dari %s sudah pernah diimpor; tidak ada yang berubah.",
                 jstr(out, "dari"));
    json_t *ctx = json_pack("{ss sI}", "done", msg, "kasus_id",
                            (json_int_t)json_integer_value(json_object_get(out, "kasus")));
    json_decref(out);
    exchange_page(r, 200, ctx);
}

/* From a case's page: the package of a forwarded case (or the results of one received). */
void nt_h_case_package(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *meta = NULL;
    nt_err err = {0};
    int rc = nt_exchange_export(r->st, &r->actor, id, NULL, NULL, &meta, &err);
    if (rc) {
        json_t *ctx = json_pack("{ss si}", "message", err.msg, "status", (int)nt_http_status(rc));
        char back[64];
        snprintf(back, sizeof back, "/kasus/%lld", (long long)id);
        json_object_set_new(ctx, "kembali", json_string(back));
        nt_respond_page(r, nt_http_status(rc), "galat.html", "Paket tidak dapat dibuat", ctx);
        return;
    }
    serve_package(r, jstr(meta, "jalur"), jstr(meta, "paket"));
    json_decref(meta);
}

/* API: GET /api/v1/cases/{id}/package - the latest package made for the case. */
void nt_h_api_case_package(nt_req *r)
{
    int64_t id = nt_req_param_id(r, 0);
    char path[1000];
    nt_err err = {0};
    int rc = nt_exchange_latest(r->st, &r->actor, id, path, sizeof path, &err);
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char pid[40];
    nt_strlcpy(pid, base, sizeof pid);
    pid[strcspn(pid, ".")] = '\0';
    nt_exchange_fetched(r->st, &r->actor, id, pid);
    serve_package(r, path, pid);
}

/* API: POST /api/v1/exchange/import - a package pushed by the other side (netral exchange push). */
void nt_h_api_exchange_import(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc =
        r->body.len
            ? nt_exchange_import_mem(r->st, &r->actor, r->body.p, r->body.len, &out, &err)
            : nt_err_set(&err, NT_EINVAL, "paket", "badan permintaan kosong: kirim paket .tar");
    nt_respond_result(r, rc, &err, json_is_true(json_object_get(out, "baru")) ? 201 : 200, out);
}
