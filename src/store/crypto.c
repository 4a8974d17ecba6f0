/*
 * crypto.c - libsodium for everything secret: the reporter-identity key,
 * sealing (XSalsa20-Poly1305 secretbox, nonce stored in front of the
 * ciphertext), session and API tokens (random, stored only as SHA-256), and
 * evidence hashes.
 */
#include "store/store_int.h"

#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int nt_key_load_or_create(const char *path, unsigned char key[NT_KEY_BYTES], nt_err *err)
{
    if (sodium_init() < 0) return nt_err_set(err, NT_EIO, "key", "libsodium gagal dimulai");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, key, NT_KEY_BYTES);
        close(fd);
        if (n != NT_KEY_BYTES)
            return nt_err_set(err, NT_EIO, "key", "berkas kunci %s rusak (harus %d byte)", path,
                              NT_KEY_BYTES);
        return 0;
    }
    if (errno != ENOENT)
        return nt_err_set(err, NT_EIO, "key", "tidak dapat membaca kunci %s: %s", path,
                          strerror(errno));
    crypto_secretbox_keygen(key);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, key, NT_KEY_BYTES) != NT_KEY_BYTES) {
        int e = errno;
        if (fd >= 0) close(fd);
        return nt_err_set(err, NT_EIO, "key", "tidak dapat menulis kunci %s: %s", path,
                          strerror(e));
    }
    fsync(fd);
    close(fd);
    return 0;
}

void nt_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

void nt_random_token(char *out, size_t bytes)
{
    unsigned char buf[64];
    if (bytes > sizeof buf) bytes = sizeof buf;
    randombytes_buf(buf, bytes);
    sodium_bin2hex(out, bytes * 2 + 1, buf, bytes);
}

void nt_token_hash(const char *token, unsigned char out[32])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

int nt_seal(const nt_store *st, const char *plain, size_t len, unsigned char **out, size_t *outlen)
{
    size_t n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    unsigned char *buf = nt_xmalloc(n);
    randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, len, buf,
                          st->key);
    *out = buf;
    *outlen = n;
    return 0;
}

int nt_unseal(const nt_store *st, const unsigned char *in, size_t len, char **plain)
{
    if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return NT_EIO;
    size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    char *p = nt_xmalloc(n + 1);
    if (crypto_secretbox_open_easy((unsigned char *)p, in + crypto_secretbox_NONCEBYTES,
                                   len - crypto_secretbox_NONCEBYTES, in, st->key) != 0) {
        free(p);
        return NT_EIO;
    }
    p[n] = '\0';
    *plain = p;
    return 0;
}

int nt_audit_key_load_or_create(const char *path, unsigned char sk[NT_AUDIT_SK_BYTES],
                                char pk_hex[65], nt_err *err)
{
    if (sodium_init() < 0) return nt_err_set(err, NT_EIO, "key", "libsodium gagal dimulai");
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, sk, NT_AUDIT_SK_BYTES);
        close(fd);
        if (n != NT_AUDIT_SK_BYTES)
            return nt_err_set(err, NT_EIO, "key", "berkas kunci audit %s rusak (harus %d byte)",
                              path, NT_AUDIT_SK_BYTES);
    } else if (errno != ENOENT) {
        return nt_err_set(err, NT_EIO, "key", "tidak dapat membaca kunci audit %s: %s", path,
                          strerror(errno));
    } else {
        crypto_sign_keypair(pk, sk);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 || write(fd, sk, NT_AUDIT_SK_BYTES) != NT_AUDIT_SK_BYTES) {
            int e = errno;
            if (fd >= 0) close(fd);
            return nt_err_set(err, NT_EIO, "key", "tidak dapat menulis kunci audit %s: %s", path,
                              strerror(e));
        }
        fsync(fd);
        close(fd);
    }
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_bin2hex(pk_hex, 65, pk, sizeof pk);
    return 0;
}
