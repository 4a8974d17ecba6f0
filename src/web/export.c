/*
 * export.c - any list of the workspace as CSV or XLSX (libxlsxwriter), with
 * the same filters and the same scope as the page it comes from.
 *
 *   GET /ekspor/{list}.{csv|xlsx}?<the page's filters>
 *   list: kasus (inbox), terlapor (reported ASN), tenggat (due), temuan (patrol), audit (admin),
 *         risiko (the risk index), kesepakatan, kegiatan, imbauan, ikrar (coverage per agency)
 *
 * Personal-data columns (data/rules/privacy.json) arrive masked from the store's
 * read models for roles not allowed to see them; the reporter's identity is
 * never exported. CSV cells
 * that a spreadsheet would run as a formula are prefixed with an apostrophe;
 * XLSX cells are written as strings or numbers, never formulas. Each export
 * is recorded in the audit log with its filters and row count, and the file's
 * SHA-256 is sent in X-Content-SHA256.
 */
#include "web/api.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define EXPORT_MAX_ROWS 200000

/* What a column holds: text (or a number as the row has it), a calendar date "YYYY-MM-DD",
 * or a time "YYYY-MM-DDTHH:MM:SS+07:00". XLSX gets dates and times as real date cells;
 * CSV keeps them as ISO text, which every spreadsheet reads. */
typedef enum { COL_TEXT, COL_DATE, COL_TIME } col_kind;

typedef struct {
    const char *key;    /* field of the row; "a.b" reads a nested object */
    const char *header; /* column title, in Indonesian */
    col_kind kind;
} column;

static const column case_cols[] = {
    {"id", "No.", COL_TEXT},
    {"reg_no", "Nomor registrasi", COL_TEXT},
    {"jalur_label", "Jalur", COL_TEXT},
    {"status_label", "Status", COL_TEXT},
    {"kantor", "Kode kantor", COL_TEXT},
    {"judul", "Judul", COL_TEXT},
    {"nama_kantor", "Kantor", COL_TEXT},
    {"terlapor_utama.nama", "Terlapor", COL_TEXT},
    {"terlapor_utama.jabatan", "Jabatan terlapor", COL_TEXT},
    {"terlapor_utama.instansi", "Instansi terlapor", COL_TEXT},
    {"terlapor", "Jumlah terlapor", COL_TEXT},
    {"pelanggaran_utama.code", "Kode dugaan pelanggaran", COL_TEXT},
    {"pelanggaran_utama.uraian", "Dugaan pelanggaran", COL_TEXT},
    {"tanggal_diketahui", "Tanggal diketahui", COL_DATE},
    {"tanggal_diterima", "Tanggal diterima", COL_DATE},
    {"status_sejak", "Status sejak", COL_DATE},
    {"tenggat.label", "Tahap yang bertenggat", COL_TEXT},
    {"tenggat.due", "Tenggat", COL_DATE},
    {"tenggat.dalam_kata", "Keadaan tenggat", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column party_cols[] = {
    {"case_id", "No. kasus", COL_TEXT},
    {"reg_no", "Nomor registrasi", COL_TEXT},
    {"kantor", "Kode kantor", COL_TEXT},
    {"nama_kantor", "Kantor", COL_TEXT},
    {"nip", "NIP", COL_TEXT},
    {"nama", "Nama", COL_TEXT},
    {"jabatan", "Jabatan", COL_TEXT},
    {"jenis_jabatan_label", "Jenis jabatan", COL_TEXT},
    {"instansi", "Instansi", COL_TEXT},
    {"status_label", "Status", COL_TEXT},
    {"status_sejak", "Status sejak", COL_DATE},
    {NULL, NULL, COL_TEXT},
};

static const column due_cols[] = {
    {"id", "No. kasus", COL_TEXT},
    {"reg_no", "Nomor registrasi", COL_TEXT},
    {"judul", "Judul", COL_TEXT},
    {"nip", "NIP", COL_TEXT},
    {"status_label", "Status", COL_TEXT},
    {"tenggat.label", "Tahap", COL_TEXT},
    {"tenggat.due", "Tenggat", COL_DATE},
    {"tenggat.days_left", "Sisa hari", COL_TEXT},
    {"tenggat.dalam_kata", "Keadaan tenggat", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column finding_cols[] = {
    {"id", "No. temuan", COL_TEXT},
    {"platform", "Platform", COL_TEXT},
    {"kind_label", "Jenis", COL_TEXT},
    {"item_id", "ID unggahan", COL_TEXT},
    {"url", "Tautan", COL_TEXT},
    {"author_handle", "Akun", COL_TEXT},
    {"author_name", "Nama akun", COL_TEXT},
    {"nip", "NIP", COL_TEXT},
    {"link_label", "Cara penautan ke ASN", COL_TEXT},
    {"verdict_label", "Penilaian", COL_TEXT},
    {"score", "Skor", COL_TEXT},
    {"candidate", "Calon", COL_TEXT},
    {"violation", "Kode pelanggaran", COL_TEXT},
    {"status_label", "Status tinjauan", COL_TEXT},
    {"sha256", "SHA-256", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column audit_cols[] = {
    {"seq", "Urutan", COL_TEXT},
    {"waktu", "Waktu (WIB)", COL_TIME},
    {"actor_label", "Pelaku", COL_TEXT},
    {"actor", "Nama pengguna", COL_TEXT},
    {"tindakan_label", "Tindakan", COL_TEXT},
    {"action", "Kode tindakan", COL_TEXT},
    {"object_label", "Objek", COL_TEXT},
    {"hash", "Hash", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column risk_cols[] = {
    {"kode", "Kode wilayah", COL_TEXT},
    {"nama", "Wilayah", COL_TEXT},
    {"jenjang_label", "Jenjang", COL_TEXT},
    {"skor", "Skor", COL_TEXT},
    {"tingkat_label", "Tingkat", COL_TEXT},
    {"sebelumnya", "Tingkat sebelumnya", COL_TEXT},
    {"nama_pemilihan", "Pemilihan", COL_TEXT},
    {"sejak_label", "Tingkat ini sejak", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column agreement_cols[] = {
    {"id", "No.", COL_TEXT},
    {"jenis_label", "Jenis", COL_TEXT},
    {"nomor", "Nomor", COL_TEXT},
    {"tanggal", "Tanggal ditandatangani", COL_DATE},
    {"kantor", "Kode kantor", COL_TEXT},
    {"nama_kantor", "Kantor", COL_TEXT},
    {"berlaku_dari", "Berlaku sejak", COL_DATE},
    {"berlaku_sampai", "Berlaku sampai", COL_DATE},
    {"berlaku_teks", "Berlaku hari ini", COL_TEXT},
    {"nama_pemilihan", "Pemilihan", COL_TEXT},
    {"tempat", "Tempat", COL_TEXT},
    {"pihak_teks", "Para pihak", COL_TEXT},
    {"saksi_teks", "Saksi", COL_TEXT},
    {"ruang_lingkup", "Ruang lingkup", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column event_cols[] = {
    {"id", "No.", COL_TEXT},
    {"tanggal", "Tanggal", COL_DATE},
    {"jenis_label", "Jenis", COL_TEXT},
    {"judul", "Judul", COL_TEXT},
    {"kantor", "Kode kantor", COL_TEXT},
    {"nama_kantor", "Kantor", COL_TEXT},
    {"nama_instansi", "Instansi (PPK)", COL_TEXT},
    {"cara_label", "Cara", COL_TEXT},
    {"tempat", "Tempat", COL_TEXT},
    {"platform", "Platform", COL_TEXT},
    {"penyelenggara", "Penyelenggara", COL_TEXT},
    {"mitra_teks", "Mitra", COL_TEXT},
    {"narasumber_teks", "Narasumber", COL_TEXT},
    {"sasaran_teks", "Sasaran", COL_TEXT},
    {"peserta", "Jumlah peserta", COL_TEXT},
    {"hadir", "Hadir tercatat", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column appeal_cols[] = {
    {"id", "No.", COL_TEXT},
    {"nomor", "Nomor", COL_TEXT},
    {"tanggal", "Tanggal", COL_DATE},
    {"kantor", "Kode kantor", COL_TEXT},
    {"nama_kantor", "Kantor", COL_TEXT},
    {"penerbit", "Penerbit", COL_TEXT},
    {"tujuan_teks", "Ditujukan kepada", COL_TEXT},
    {"saluran_teks", "Cara penyampaian", COL_TEXT},
    {"nama_pemilihan", "Pemilihan", COL_TEXT},
    {"isi", "Isi", COL_TEXT},
    {"dasar", "Dasar hukum", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

static const column pledge_cols[] = {
    {"label", "Instansi", COL_TEXT},
    {"asn", "ASN", COL_TEXT},
    {"ikrar", "Sudah ikrar", COL_TEXT},
    {"cakupan_label", "Cakupan (%)", COL_TEXT},
    {"ambang_teks", "Di bawah ambang", COL_TEXT},
    {NULL, NULL, COL_TEXT},
};

/* The public statistics, one row per group (and the total first): a stable schema. */
static const column public_cols[] = {
    {"dimensi", "dimensi", COL_TEXT},       {"kode", "kode", COL_TEXT},
    {"label", "label", COL_TEXT},           {"dilaporkan", "dilaporkan", COL_TEXT},
    {"diteruskan", "diteruskan", COL_TEXT}, {"rekomendasi", "rekomendasi", COL_TEXT},
    {"sanksi", "sanksi", COL_TEXT},         {NULL, NULL, COL_TEXT},
};

/* A list inside a row as one cell: "a; b; c", each item a string or the item's `key` (and
 * `extra`, in brackets, when it has one). */
static void join_cell(json_t *row, const char *list, const char *key, const char *extra,
                      const char *out)
{
    nt_buf b = {0};
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(row, list), i, x)
    {
        const char *v =
            json_is_string(x) ? json_string_value(x) : json_string_value(json_object_get(x, key));
        const char *e = extra ? json_string_value(json_object_get(x, extra)) : NULL;
        if (!v || !*v) continue;
        nt_buf_printf(&b, "%s%s", b.len ? "; " : "", v);
        if (e && *e) nt_buf_printf(&b, " (%s)", e);
    }
    json_object_set_new(row, out, json_string(b.len ? b.p : ""));
    nt_buf_free(&b);
}

/* The prevention lists and the risk index with their lists flattened into cells. */
static void flatten(const char *name, json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (!strcmp(name, "kesepakatan")) {
            join_cell(row, "pihak", "nama", "penandatangan", "pihak_teks");
            join_cell(row, "saksi", "penandatangan", "jabatan", "saksi_teks");
            json_object_set_new(
                row, "berlaku_teks",
                json_string(json_is_true(json_object_get(row, "berlaku")) ? "ya" : "tidak"));
        } else if (!strcmp(name, "kegiatan")) {
            join_cell(row, "mitra", NULL, NULL, "mitra_teks");
            join_cell(row, "narasumber", "nama", "jabatan", "narasumber_teks");
            join_cell(row, "sasaran", "label", NULL, "sasaran_teks");
        } else if (!strcmp(name, "imbauan")) {
            join_cell(row, "tujuan", "label", NULL, "tujuan_teks");
            join_cell(row, "saluran", "label", NULL, "saluran_teks");
        } else if (!strcmp(name, "ikrar")) {
            json_object_set_new(row, "ambang_teks",
                                json_string(json_is_true(json_object_get(row, "di_bawah_ambang"))
                                                ? "ya"
                                                : "tidak"));
        } else if (!strcmp(name, "risiko")) {
            json_object_set_new(row, "jenjang_label",
                                json_string(json_is_true(json_object_get(row, "provinsi"))
                                                ? "Provinsi"
                                                : "Kabupaten/kota"));
        }
    }
}

/* A date or a time of a cell as a spreadsheet date, or false when the text is not one. Times
 * are written in WIB, as the store gives them. */
static bool cell_datetime(const char *s, col_kind kind, lxw_datetime *dt)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    size_t len = s ? strlen(s) : 0;
    if (len < 10 || sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3 || !nt_date_valid_ymd(y, mo, d))
        return false;
    if (kind == COL_TIME &&
        (len < 19 || s[10] != 'T' || sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &se) != 3))
        return false;
    *dt = (lxw_datetime){y, mo, d, h, mi, (double)se};
    return true;
}

/* The cell of row for key as text (numbers printed); NULL when absent. */
static const char *cell(json_t *row, const char *key, char *buf, size_t n)
{
    const char *dot = strchr(key, '.');
    json_t *v;
    if (dot) {
        char head[32];
        snprintf(head, sizeof head, "%.*s", (int)(dot - key), key);
        v = json_object_get(json_object_get(row, head), dot + 1);
    } else {
        v = json_object_get(row, key);
    }
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        snprintf(buf, n, "%.3f", json_real_value(v));
        return buf;
    }
    if (json_is_boolean(v)) return json_is_true(v) ? "ya" : "tidak";
    return NULL;
}

/* A whole number or decimal, optionally negative ("-3", "12.5"): a spreadsheet reads it as the
 * number it is. Anything else that starts like a formula is not one of these. */
static bool plain_number(const char *v)
{
    const char *p = v + (*v == '-');
    size_t digits = strspn(p, "0123456789");
    if (!digits) return false;
    p += digits;
    if (*p == '.') p += 1 + strspn(p + 1, "0123456789");
    return *p == '\0';
}

static void csv_field(nt_buf *b, const char *v)
{
    /* a leading = + - @ (or tab/CR) would run as a formula in a spreadsheet: "-2+3+cmd|..."
     * too, so only a value that is entirely a number keeps its leading minus */
    bool formula = *v && strchr("=+-@\t\r", *v) && !plain_number(v);
    nt_buf_addc(b, '"');
    if (formula) nt_buf_addc(b, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '"') nt_buf_addc(b, '"');
        nt_buf_addc(b, *p);
    }
    nt_buf_addc(b, '"');
}

static void send_csv(nt_req *r, const char *name, const column *cols, json_t *rows)
{
    nt_buf b = {0};
    nt_buf_adds(&b, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
    for (const column *c = cols; c->key; c++) {
        if (c != cols) nt_buf_addc(&b, ',');
        csv_field(&b, c->header);
    }
    nt_buf_adds(&b, "\r\n");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        for (const column *c = cols; c->key; c++) {
            char num[48];
            const char *v = cell(row, c->key, num, sizeof num);
            if (c != cols) nt_buf_addc(&b, ',');
            if (v) csv_field(&b, v);
        }
        nt_buf_adds(&b, "\r\n");
    }
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)b.p, b.len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    size_t len;
    char *data = nt_buf_detach(&b, &len);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    char cd[128];
    snprintf(cd, sizeof cd, "attachment; filename=\"netral-%s.csv\"", name);
    MHD_add_response_header(resp, "Content-Type", "text/csv; charset=utf-8");
    MHD_add_response_header(resp, "Content-Disposition", cd);
    MHD_add_response_header(resp, "X-Content-SHA256", hex);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    r->resp = resp;
    r->status = 200;
    r->done = true;
}

static void send_xlsx(nt_req *r, const char *name, const column *cols, json_t *rows)
{
    char path[] = "/tmp/netral-export-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        nt_respond_msg(r, 500, "io", "", "berkas ekspor tidak dapat dibuat");
        return;
    }
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = "/tmp"};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, name) : NULL;
    lxw_format *bold = wb ? workbook_add_format(wb) : NULL;
    if (!ws || !bold) {
        if (wb) workbook_close(wb);
        unlink(path);
        nt_respond_msg(r, 500, "io", "", "berkas ekspor tidak dapat dibuat");
        return;
    }
    format_set_bold(bold);
    /* dates as Indonesians write them (day first), as real dates a spreadsheet can sort */
    lxw_format *date = workbook_add_format(wb), *stamp = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    format_set_num_format(stamp, "dd/mm/yyyy hh:mm");
    lxw_col_t ncol = 0;
    for (const column *c = cols; c->key; c++)
        worksheet_write_string(ws, 0, ncol++, c->header, bold);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        lxw_col_t k = 0;
        for (const column *c = cols; c->key; c++, k++) {
            lxw_row_t y = (lxw_row_t)(i + 1);
            const char *dot = strchr(c->key, '.');
            json_t *v = dot ? NULL : json_object_get(row, c->key);
            char num[48];
            if (json_is_integer(v) && strcmp(c->key, "nip") != 0)
                worksheet_write_number(ws, y, k, (double)json_integer_value(v), NULL);
            else if (json_is_real(v))
                worksheet_write_number(ws, y, k, json_real_value(v), NULL);
            else {
                const char *s = cell(row, c->key, num, sizeof num);
                lxw_datetime dt;
                if (s && c->kind != COL_TEXT && cell_datetime(s, c->kind, &dt))
                    worksheet_write_datetime(ws, y, k, &dt, c->kind == COL_DATE ? date : stamp);
                else if (s)
                    worksheet_write_string(ws, y, k, s, NULL);
            }
        }
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)json_array_size(rows), ncol - 1);
    if (workbook_close(wb) != LXW_NO_ERROR) {
        unlink(path);
        nt_respond_msg(r, 500, "io", "", "berkas ekspor tidak dapat ditulis");
        return;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    unlink(path); /* the open descriptor keeps it until the answer is sent */
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) < 0) {
        if (fd >= 0) close(fd);
        nt_respond_msg(r, 500, "io", "", "berkas ekspor tidak dapat dibaca");
        return;
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536], dig[32];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        crypto_hash_sha256_update(&h, buf, (size_t)n);
    crypto_hash_sha256_final(&h, dig);
    char hex[65], fname[64];
    sodium_bin2hex(hex, sizeof hex, dig, sizeof dig);
    lseek(fd, 0, SEEK_SET);
    snprintf(fname, sizeof fname, "netral-%s.xlsx", name);
    nt_respond_fd(r, fd, (size_t)sb.st_size,
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, fname,
                  hex);
}

/* Pages through a list function until all rows (or EXPORT_MAX_ROWS) are read. */
typedef int (*list_fn)(nt_store *, const nt_actor *, json_t *, json_t **, nt_err *);

static int collect(nt_req *r, list_fn fn, json_t *filter, int page, json_t **rows, nt_err *err)
{
    json_t *all = json_array();
    for (int64_t off = 0; off < EXPORT_MAX_ROWS; off += page) {
        json_object_set_new(filter, "limit", json_integer(page));
        json_object_set_new(filter, "offset", json_integer(off));
        json_t *out = NULL;
        int rc = fn(r->st, &r->actor, filter, &out, err);
        if (rc) {
            json_decref(all);
            return rc;
        }
        json_t *items = json_is_array(out) ? out : json_object_get(out, "items");
        size_t got = json_array_size(items);
        json_array_extend(all, items);
        json_decref(out);
        if (got < (size_t)page) break;
    }
    *rows = all;
    return 0;
}

void nt_h_export(nt_req *r)
{
    if (r->auth == NT_AUTH_NONE) {
        nt_respond_redirect(r, "/masuk");
        return;
    }
    char name[40];
    nt_req_param(r, 0, name, sizeof name);
    char *dot = strrchr(name, '.');
    const char *fmt = dot ? dot + 1 : "";
    if (dot) *dot = '\0';
    if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0) {
        nt_respond_msg(r, 404, "not_found", "format", "format ekspor harus .csv atau .xlsx");
        return;
    }
    json_t *f = nt_inbox_filter(r), *rows = NULL;
    json_object_del(f, "limit");
    json_object_del(f, "offset");
    json_t *logged = json_deep_copy(f);
    nt_err err = {0};
    const column *cols = NULL;
    int rc = 0;
    if (!strcmp(name, "kasus")) {
        cols = case_cols;
        rc = collect(r, nt_case_list, f, 500, &rows, &err);
    } else if (!strcmp(name, "terlapor")) {
        cols = party_cols;
        rc = collect(r, nt_party_list, f, 5000, &rows, &err);
    } else if (!strcmp(name, "temuan")) {
        cols = finding_cols;
        rc = collect(r, nt_findings_list, f, 500, &rows, &err);
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row) nt_finding_labels(row);
    } else if (!strcmp(name, "tenggat")) {
        cols = due_cols;
        const char *d = json_string_value(json_object_get(f, "hari"));
        json_t *out = NULL;
        rc = nt_case_due(r->st, &r->actor, d ? atoi(d) : 7, EXPORT_MAX_ROWS, 0, &out, &err);
        if (!rc) {
            rows = json_array();
            json_array_extend(rows, json_object_get(out, "terlambat"));
            json_array_extend(rows, json_object_get(out, "segera"));
            json_decref(out);
        }
    } else if (!strcmp(name, "audit")) {
        cols = audit_cols;
        rows = json_array();
        for (int64_t after = 0; !rc && json_array_size(rows) < EXPORT_MAX_ROWS;) {
            json_t *out = NULL;
            rc = nt_audit_list(r->st, &r->actor, after, 1000, &out, &err);
            size_t n = json_array_size(out);
            if (n) after = json_integer_value(json_object_get(json_array_get(out, n - 1), "seq"));
            json_array_extend(rows, out);
            json_decref(out);
            if (n < 1000) break;
        }
    } else if (!strcmp(name, "risiko") || !strcmp(name, "kesepakatan") ||
               !strcmp(name, "kegiatan") || !strcmp(name, "imbauan") || !strcmp(name, "ikrar")) {
        /* the prevention work and the risk index, whole (each list is bounded by the store) */
        json_t *out = NULL;
        const char *inner = NULL;
        if (!strcmp(name, "risiko")) {
            cols = risk_cols, inner = "wilayah";
            rc = nt_risk_list(r->st, &r->actor, &out, &err);
        } else if (!strcmp(name, "kesepakatan")) {
            cols = agreement_cols;
            rc = nt_agreements_list(r->st, &r->actor, f, &out, &err);
        } else if (!strcmp(name, "kegiatan")) {
            cols = event_cols;
            rc = nt_events_list(r->st, &r->actor, &out, &err);
        } else if (!strcmp(name, "imbauan")) {
            cols = appeal_cols;
            rc = nt_appeals_list(r->st, &r->actor, &out, &err);
        } else { /* ikrar: the coverage per agency */
            cols = pledge_cols, inner = "instansi";
            rc = nt_pledge_coverage(r->st, &r->actor, &out, &err);
        }
        if (!rc) {
            rows = json_incref(inner ? json_object_get(out, inner) : out);
            flatten(name, rows);
        }
        json_decref(out);
    } else {
        rc = nt_err_set(&err, NT_ENOTFOUND, "daftar", "daftar '%s' tidak dapat diekspor", name);
    }
    json_decref(f);
    if (rc) {
        json_decref(rows), json_decref(logged);
        nt_respond_error(r, &err);
        return;
    }
    json_object_set_new(logged, "baris", json_integer((json_int_t)json_array_size(rows)));
    json_object_set_new(logged, "format", json_string(fmt));
    nt_audit_append(r->st, &r->actor, "ekspor", name, logged);
    json_decref(logged);
    if (!strcmp(fmt, "csv"))
        send_csv(r, name, cols, rows);
    else
        send_xlsx(r, name, cols, rows);
    json_decref(rows);
}

void nt_export_public_stats_csv(nt_req *r, json_t *stats)
{
    json_t *rows = json_array(), *total = json_deep_copy(json_object_get(stats, "total")), *x;
    json_object_set_new(total, "dimensi", json_string("total"));
    json_object_set_new(total, "kode", json_string(""));
    json_object_set_new(total, "label", json_string("Seluruh ASN terlapor"));
    json_array_append_new(rows, total);
    static const char *const dims[] = {"pemilihan", "provinsi", "kabkota", "kategori", "jabatan"};
    for (size_t d = 0; d < NT_ARRAY_LEN(dims); d++) {
        size_t i;
        json_array_foreach(json_object_get(stats, dims[d]), i, x)
        {
            json_t *row = json_deep_copy(x);
            json_object_set_new(row, "dimensi", json_string(dims[d]));
            json_array_append_new(rows, row);
        }
    }
    send_csv(r, "statistik", public_cols, rows);
    json_decref(rows);
}
