/*
 * fuzz_package.c - the exchange importer on any bytes. The first byte picks how they are used:
 * 0, as a whole package (tar, gzip, manifest, signature, paths: everything before the
 * signature is checked); otherwise as the case data (kasus.json) of a package this harness
 * signs with a key the store trusts, so the import of a forwarded case behind a valid
 * signature is reached with hostile data too.
 */
#include "fuzz_common.h"

#include "exchange/exchange.h"

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char sk[64];
static char key_id[17];

static void sha(const void *p, size_t n, char hex[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static void entry(struct archive *ar, const char *name, const void *p, size_t n)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)n);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(ar, e);
    archive_write_data(ar, p, n);
    archive_entry_free(e);
}

static size_t signed_package(const uint8_t *kasus, size_t n, unsigned char *out, size_t cap)
{
    static const char evidence[] = "\x89PNG bukti";
    char hk[65], he[65], pid[33];
    sha(kasus, n, hk);
    sha(evidence, sizeof evidence - 1, he);
    sha(hk, 64, pid);
    pid[32] = '\0';
    char *m = nt_xasprintf(
        "{\"berkas\":[{\"path\":\"kasus.json\",\"sha256\":\"%s\",\"ukuran\":%zu},{\"path\":"
        "\"bukti/001-a.png\",\"sha256\":\"%s\",\"ukuran\":%zu}],\"dibuat_unix\":1,\"jenis\":"
        "\"penerusan\",\"kasus_asal\":{\"id\":7,\"kantor\":\"35.05\"},\"paket_id\":\"%s\","
        "\"penerima\":\"BKN\",\"pengirim\":{\"kantor\":\"35.05\",\"kunci_id\":\"%s\",\"nama\":"
        "\"Blitar\"},\"skema\":\"netral.paket/1\",\"urutan\":1}",
        hk, n, he, sizeof evidence - 1, pid, key_id);
    unsigned char sig[64];
    crypto_sign_detached(sig, NULL, (const unsigned char *)m, strlen(m), sk);
    char sig_hex[130];
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    struct archive *ar = archive_write_new();
    archive_write_set_format_pax_restricted(ar);
    size_t used = 0;
    archive_write_open_memory(ar, out, cap, &used);
    entry(ar, "manifest.json", m, strlen(m));
    entry(ar, "manifest.sig", sig_hex, 128);
    entry(ar, "kasus.json", kasus, n);
    entry(ar, "bukti/001-a.png", evidence, sizeof evidence - 1);
    archive_write_close(ar);
    archive_write_free(ar);
    free(m);
    return used;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nt_actor admin;
    nt_store *st = fuzz_store(&admin);
    static bool keys;
    if (!keys) {
        unsigned char seed[32] = {7}, pk[32], pk2[32], sk2[64];
        char hex[65], hex2[65];
        crypto_sign_seed_keypair(pk, sk, seed);
        sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
        nt_exchange_key_id_of(hex, key_id);
        seed[0] = 8;
        crypto_sign_seed_keypair(pk2, sk2, seed);
        sodium_bin2hex(hex2, sizeof hex2, pk2, sizeof pk2);
        nt_err e = {0};
        if (nt_exchange_key_put(st, &admin, "35.05", hex, false, "fuzz", &e) ||
            nt_exchange_key_put(st, &admin, "BKN", hex2, true, "fuzz", &e))
            abort();
        keys = true;
    }
    json_t *out = NULL;
    nt_err e = {0};
    if (size && data[0] == 0) {
        nt_exchange_import_mem(st, &admin, data + 1, size - 1, &out, &e);
    } else if (size) {
        size_t cap = size + 16384;
        unsigned char *pkg = malloc(cap);
        size_t n = signed_package(data + 1, size - 1, pkg, cap);
        nt_exchange_import_mem(st, &admin, pkg, n, &out, &e);
        free(pkg);
    }
    json_decref(out);
    return 0;
}
