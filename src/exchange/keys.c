/*
 * keys.c - each office's Ed25519 signing key for the exchange: a file per office under
 * var/kunci (the directory 0700, the key 0600, as the identity key), its public half on
 * record in the store as this Netral's own. Other offices' public keys are trusted by an
 * administrator from the document nt_exchange_public_key writes.
 */
#include "exchange/exchange.h"

#include "base/file.h"
#include "rules/workflow.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void key_path(nt_store *st, const char *office, char *out, size_t n)
{
    char dir[700];
    nt_store_var_path(st, "kunci", dir, sizeof dir);
    snprintf(out, n, "%s/%s.ed25519", dir, office);
}

static int write_new_key(const char *path, unsigned char sk[64], nt_err *err)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(pk, sk);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, sk, 64) != 64 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        return nt_err_set(err, NT_EIO, "kunci", "kunci %s tidak dapat ditulis: %s", path,
                          strerror(e));
    }
    close(fd);
    return 0;
}

int nt_exchange_signing_key(nt_store *st, const nt_actor *a, const char *office,
                            unsigned char sk[64], char pk_hex[65], char key_id[17], nt_err *err)
{
    int rc = nt_exchange_office_check(office, err);
    if (rc) return rc;
    if (sodium_init() < 0) return nt_err_set(err, NT_EIO, "kunci", "libsodium gagal dimulai");
    char dir[700], path[800];
    nt_store_var_path(st, "kunci", dir, sizeof dir);
    if ((rc = nt_mkdirs(dir, err))) return rc;
    chmod(dir, 0700);
    key_path(st, office, path, sizeof path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, sk, 64);
        close(fd);
        if (n != 64)
            return nt_err_set(err, NT_EIO, "kunci", "berkas kunci %s rusak (harus 64 byte)", path);
    } else if (errno != ENOENT) {
        return nt_err_set(err, NT_EIO, "kunci", "kunci %s tidak dapat dibaca: %s", path,
                          strerror(errno));
    } else if ((rc = write_new_key(path, sk, err))) {
        return rc;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_bin2hex(pk_hex, 65, pk, sizeof pk);
    char label[64];
    snprintf(label, sizeof label, "kunci penandatangan %s", office);
    nt_exchange_key_id_of(pk_hex, key_id);
    return nt_exchange_key_put(st, a, office, pk_hex, true, label, err);
}

/* The office's public key and its id (the key made if missing), its secret half wiped. */
static int public_half(nt_store *st, const nt_actor *a, const char *office, char pk[65],
                       char id[17], nt_err *err)
{
    unsigned char sk[64];
    int rc = nt_exchange_signing_key(st, a, office, sk, pk, id, err);
    sodium_memzero(sk, sizeof sk);
    return rc;
}

int nt_exchange_public_key(nt_store *st, const nt_actor *a, const char *office, json_t **out,
                           nt_err *err)
{
    char pk[65], id[17];
    int rc = public_half(st, a, office, pk, id, err);
    if (rc) return rc;
    *out = json_pack("{ss ss ss ss}", "skema", "netral.kunci/1", "kantor", office, "kunci_id", id,
                     "kunci_publik", pk);
    return 0;
}

int nt_exchange_trust(nt_store *st, const nt_actor *a, const json_t *doc, nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "hanya administrator yang dapat menambah kunci tepercaya");
    const char *schema = json_string_value(json_object_get(doc, "skema"));
    if (!schema || strcmp(schema, "netral.kunci/1") != 0)
        return nt_err_set(err, NT_EINVAL, "skema",
                          "berkas kunci harus berskema netral.kunci/1 (dari netral exchange key "
                          "export)");
    const char *office = json_string_value(json_object_get(doc, "kantor"));
    const char *pk = json_string_value(json_object_get(doc, "kunci_publik"));
    int rc = nt_exchange_office_check(office, err);
    if (rc) return rc;
    return nt_exchange_key_put(st, a, office, pk, false, "dipercaya", err);
}

int nt_exchange_rotate(nt_store *st, const nt_actor *a, const char *office, json_t **out,
                       nt_err *err)
{
    char pk[65], id[17];
    int rc = public_half(st, a, office, pk, id, err);
    if (rc) return rc;
    char path[800], old[900];
    key_path(st, office, path, sizeof path);
    snprintf(old, sizeof old, "%s.%s.diganti", path, id);
    if (rename(path, old) != 0)
        return nt_err_set(err, NT_EIO, "kunci", "kunci lama tidak dapat disimpan: %s",
                          strerror(errno));
    if ((rc = nt_exchange_key_retire(st, a, id, err))) {
        rename(old, path);
        return rc;
    }
    rc = nt_exchange_public_key(st, a, office, out, err);
    if (!rc) json_object_set_new(*out, "kunci_lama", json_string(id));
    return rc;
}
