/* notify.c - the messages Netral sends and the fields their templates may use (notify.h). */
#include "rules/notify.h"

#include <stdlib.h>
#include <string.h>

static const char *const receipt_fields[] = {"kode", "kantor", "tanggal", "batas", "tautan", NULL};
static const char *const stage_fields[] = {"tahap", "kantor", "tanggal", "tautan", NULL};
static const char *const complete_fields[] = {"apa", "batas", "kantor", "tautan", NULL};
static const char *const reply_fields[] = {"kantor", "tautan", NULL};
static const char *const staff_case_fields[] = {"kasus", "kantor", "tanggal", "tautan", NULL};
static const char *const digest_fields[] = {"nama",    "terlambat", "segera", "hari",
                                            "tanggal", "tautan",    NULL};

const nt_notify_kind nt_notify_kinds[] = {
    {"tanda_terima", NT_NOTIFY_REPORTER, "Tanda terima laporan", receipt_fields},
    {"tahap", NT_NOTIFY_REPORTER, "Laporan berpindah tahap", stage_fields},
    {"minta_lengkapi", NT_NOTIFY_REPORTER, "Permintaan melengkapi laporan", complete_fields},
    {"pesan_petugas", NT_NOTIFY_REPORTER, "Pesan petugas kepada pelapor", reply_fields},
    {"laporan_baru", NT_NOTIFY_STAFF, "Laporan masyarakat baru di wilayah saya", staff_case_fields},
    {"pesan_pelapor", NT_NOTIFY_STAFF, "Pesan atau kelengkapan dari pelapor di kasus wilayah saya",
     staff_case_fields},
    {"eskalasi_patroli", NT_NOTIFY_STAFF,
     "Temuan patroli siber yang dijadikan kasus di wilayah saya", staff_case_fields},
    {"tenggat_harian", NT_NOTIFY_STAFF,
     "Ringkasan pagi: kasus dan ASN terlapor yang terlambat atau segera jatuh tempo",
     digest_fields},
    {NULL, NT_NOTIFY_REPORTER, NULL, NULL},
};

const nt_notify_kind *nt_notify_kind_of(const char *id)
{
    for (const nt_notify_kind *k = nt_notify_kinds; id && k->id; k++)
        if (!strcmp(k->id, id)) return k;
    return NULL;
}

bool nt_notify_listed(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = strstr(list, id); p; p = strstr(p + 1, id))
        if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ',')) return true;
    return false;
}

static bool known_field(const nt_notify_kind *k, const char *name, size_t n)
{
    for (const char *const *f = k->fields; *f; f++)
        if (strlen(*f) == n && !strncmp(*f, name, n)) return true;
    return false;
}

int nt_notify_check(const nt_notify_kind *k, json_t *tmpl, nt_err *err)
{
    static const char *const parts[] = {"subject", "body"};
    for (size_t i = 0; i < NT_ARRAY_LEN(parts); i++) {
        const char *t = json_string_value(json_object_get(tmpl, parts[i]));
        if (!t || !*t)
            return nt_err_set(err, NT_EINVAL, "notifications",
                              "data aturan notifications tidak sah: %s pada %s wajib diisi",
                              parts[i], k->id);
        for (const char *p = strstr(t, "{{"); p; p = strstr(p + 2, "{{")) {
            const char *end = strstr(p + 2, "}}");
            size_t n = end ? (size_t)(end - p - 2) : 0;
            if (!end || !known_field(k, p + 2, n))
                return nt_err_set(err, NT_EINVAL, "notifications",
                                  "data aturan notifications tidak sah: %s pada %s memakai kolom "
                                  "'%.*s' yang tidak dikenal",
                                  parts[i], k->id, (int)(end ? n : 20), p + 2);
        }
    }
    return 0;
}

char *nt_notify_render(const char *text, json_t *vars)
{
    nt_buf b = {0};
    const char *p = text;
    for (const char *q = strstr(p, "{{"); q; q = strstr(p, "{{")) {
        const char *end = strstr(q + 2, "}}");
        if (!end) break;
        nt_buf_add(&b, p, (size_t)(q - p));
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(end - q - 2), q + 2);
        const char *v = json_string_value(json_object_get(vars, name));
        if (v) nt_buf_adds(&b, v);
        p = end + 2;
    }
    nt_buf_adds(&b, p);
    return nt_buf_detach(&b, NULL);
}
