/*
 * exchange.h - signed packages between a Bawaslu office's Netral and the civil-service
 * authority's (docs/pertukaran.md documents the format).
 *
 * A package is a tar file: manifest.json first (schema netral.paket/1: kind, id, sender and
 * its key id, recipient, sequence number, the cases it refers to, and every file with its
 * SHA-256 and size), then manifest.sig (the sender's Ed25519 signature of manifest.json's
 * bytes, hex), then the files: kasus.json (a forwarding, schema netral.kasus/1) or hasil.json
 * (results, netral.hasil/1), the generated letter, the evidence.
 *
 * Each office signs with its own key (keys.c): created on first use under the var directory
 * (kunci/, mode 0600), its public half exported for the other side and trusted there by an
 * administrator. A rotated key stays on record, so packages it signed before its rotation
 * still verify.
 */
#ifndef NT_EXCHANGE_H
#define NT_EXCHANGE_H

#include "base/nt.h"
#include "store/store.h"

#include <jansson.h>

#define NT_PACKAGE_SCHEMA "netral.paket/1"
#define NT_PACKAGE_MAX_FILES 1000
#define NT_PACKAGE_MAX_BYTES ((int64_t)16 << 30) /* everything a package may unpack to */

/* The office's signing key, created (and registered as this Netral's own) when it has none.
 * sk: 64 bytes (libsodium's Ed25519 secret key). */
int nt_exchange_signing_key(nt_store *st, const nt_actor *a, const char *office,
                            unsigned char sk[64], char pk_hex[65], char key_id[17], nt_err *err);
/* The office's public key as the other side imports it: {skema: netral.kunci/1, kantor,
 * kunci_id, kunci_publik}. Creates the key if the office has none. */
int nt_exchange_public_key(nt_store *st, const nt_actor *a, const char *office, json_t **out,
                           nt_err *err);
/* Trusts another office's public key (that document), as an administrator. */
int nt_exchange_trust(nt_store *st, const nt_actor *a, const json_t *doc, nt_err *err);
/* Replaces the office's key: the old one is kept (retired) for the packages it signed. */
int nt_exchange_rotate(nt_store *st, const nt_actor *a, const char *office, json_t **out,
                       nt_err *err);

/* Writes the package of a case: a forwarding from the office that forwarded it, or the
 * results of a case that came in as a forwarding (its recipient's steps since). office: the
 * signing office for results (NULL: the authority in office today). A copy is kept under
 * var/pertukaran for the API. *meta (owned): {paket, jenis, kepada, urutan, berkas, ukuran,
 * sha256_manifes, jalur}. */
int nt_exchange_export(nt_store *st, const nt_actor *a, int64_t case_id, const char *office,
                       const char *out_path, json_t **meta, nt_err *err);
/* The path of the latest package kept for the case (for the API), or NT_ENOTFOUND. */
int nt_exchange_latest(nt_store *st, const nt_actor *a, int64_t case_id, char *path, size_t n,
                       nt_err *err);
/* Verifies and imports a package from a file or from memory: the signature of a known sender,
 * every file's hash and size, the schema, the recipient; then nt_exchange_receive. A refused
 * package writes nothing. *out (owned): {kasus, baru, langkah, paket, jenis, dari}. */
int nt_exchange_import_file(nt_store *st, const nt_actor *a, const char *path, json_t **out,
                            nt_err *err);
int nt_exchange_import_mem(nt_store *st, const nt_actor *a, const void *data, size_t len,
                           json_t **out, nt_err *err);

#endif
