/*
 * audit.c - the append-only, hash-chained audit log.
 *
 * Entry n stores hash_n = SHA-256(hash_{n-1} | seq | at | actor | action |
 * object | detail), with the fields length-prefixed so no two entries can
 * serialize alike. The head (last seq and hash) is also kept in meta, updated
 * in the same transaction, so deleting entries from the end is detected too.
 * Verification recomputes every hash: an edited entry breaks its own hash, a
 * reordered or deleted one breaks the link to its neighbour.
 *
 * That alone does not hold against someone who can write the database: they can
 * delete the last entries and move the head, or edit an entry and recompute the
 * chain after it. So after every commit that moved the head, the head (seq,
 * hash, time) is signed with an Ed25519 key kept in a file outside the database
 * and appended to a checkpoint file (and, when configured, sent to syslog, which
 * can forward it to another machine). Verification checks each checkpoint's
 * signature and that the chain still has that hash at that seq: a rewritten
 * chain no longer matches the checkpoints, deleted entries leave checkpoints
 * beyond the end. What it cannot see is an attacker who also holds the signing
 * key, or who also rewrites the checkpoint file and every copy of it; see
 * SECURITY.md.
 */
#include "store/store_int.h"

#include "base/log.h"
#include "base/strmap.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void field(crypto_hash_sha256_state *h, const char *s)
{
    char len[24];
    size_t n = strlen(s);
    snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
    crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void entry_hash(const char *prev, int64_t seq, int64_t at, const char *actor,
                       const char *action, const char *object, const char *detail, char hex[65])
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    char num[48];
    field(&h, prev);
    snprintf(num, sizeof num, "%lld", (long long)seq);
    field(&h, num);
    snprintf(num, sizeof num, "%lld", (long long)at);
    field(&h, num);
    field(&h, actor);
    field(&h, action);
    field(&h, object);
    field(&h, detail);
    unsigned char out[32];
    crypto_hash_sha256_final(&h, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
}

static int append(nt_store *st, const nt_actor *a, const char *action, const char *object,
                  json_t *detail)
{
    char prev[65] = GENESIS;
    int64_t seq = 1;
    nt_stmt *s = nt_query(st->db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", "");
    if (!s) return NT_EDB;
    if (nt_step(s) == 1) {
        seq = nt_col_int(s, 0) + 1;
        nt_strlcpy(prev, nt_col_text(s, 1), sizeof prev);
    }
    nt_done(s);
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : nt_xstrdup("{}");
    int64_t at = nt_now();
    st->audit_dirty = true;
    char hex[65];
    entry_hash(prev, seq, at, a->username, action, object ? object : "", d, hex);
    int rc = nt_exec(st->db,
                     "INSERT INTO audit(seq,at,actor_id,actor,action,object,detail,prev_hash,hash)"
                     " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                     "iiIttttt"
                     "t",
                     seq, at, a->user_id, a->username, action, object ? object : "", d, prev, hex);
    free(d);
    if (rc) return rc;
    char seqs[24];
    snprintf(seqs, sizeof seqs, "%lld", (long long)seq);
    rc = nt_exec(st->db,
                 "INSERT INTO meta(key,value) VALUES('audit_head',$1) "
                 "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                 "t", seqs);
    if (!rc)
        rc = nt_exec(st->db,
                     "INSERT INTO meta(key,value) VALUES('audit_head_hash',$1) "
                     "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                     "t", hex);
    return rc;
}

int nt_audit_append(nt_store *st, const nt_actor *a, const char *action, const char *object,
                    json_t *detail)
{
    if (nt_db_in_tx(st->db)) return append(st, a, action, object, detail);
    if (nt_db_begin(st->db)) return NT_EDB;
    int rc = append(st, a, action, object, detail);
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit(st->db);
}

/* ---- signed checkpoints ---- */

/* "NTCP1 <seq> <hash> <unix time> <signature>": what is signed is the line without the
 * signature, so nothing in it can be changed without the key. */
static void checkpoint_body(int64_t seq, const char *hash, int64_t at, char *out, size_t n)
{
    snprintf(out, n, "NTCP1 %lld %s %lld", (long long)seq, hash, (long long)at);
}

void nt_audit_after_commit(void *ctx)
{
    nt_store *st = ctx;
    if (!st->checkpoints || !st->audit_dirty) return;
    st->audit_dirty = false;
    nt_stmt *s = nt_query(st->db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", "");
    int64_t seq = 0;
    char hash[65] = "";
    if (s && nt_step(s) == 1) {
        seq = nt_col_int(s, 0);
        nt_strlcpy(hash, nt_col_text(s, 1), sizeof hash);
    }
    nt_done(s);
    if (seq <= st->checkpointed) return;
    char line[400];
    checkpoint_body(seq, hash, (int64_t)time(NULL), line, sizeof line);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)line, strlen(line), st->audit_sk);
    size_t n = strlen(line);
    line[n++] = ' ';
    sodium_bin2hex(line + n, sizeof line - n, sig, sizeof sig);
    n = strlen(line);
    line[n++] = '\n';
    line[n] = '\0';
    if (st->checkpoint_fd < 0)
        st->checkpoint_fd =
            open(st->checkpoint_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    /* one write(2) with O_APPEND: lines from several processes never interleave */
    if (st->checkpoint_fd < 0 || write(st->checkpoint_fd, line, n) != (ssize_t)n)
        nt_error("checkpoint audit tidak dapat ditulis ke %s: %s", st->checkpoint_path,
                 strerror(errno));
    else
        st->checkpointed = seq;
    if (st->checkpoint_syslog) {
        line[n - 1] = '\0';
        syslog(LOG_AUTHPRIV | LOG_NOTICE, "netral-audit %s", line);
    }
}

typedef struct {
    nt_strmap seq;    /* "seq" -> index into hash */
    char (*hash)[65]; /* the signed hash of each checkpointed seq */
    size_t n, cap;
    int64_t max_seq, lines;
    char bad[200];
} checkpoints;

static void checkpoints_free(checkpoints *cp)
{
    nt_strmap_free(&cp->seq);
    free(cp->hash);
}

/* The signed hash for seq, or NULL. */
static const char *checkpoint_at(const checkpoints *cp, int64_t seq)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)seq);
    const int64_t *i = nt_strmap_get(&cp->seq, key);
    return i ? cp->hash[*i] : NULL;
}

/* Reads and checks every signed checkpoint; cp->bad says what was wrong with the file. */
static int read_checkpoints(nt_store *st, checkpoints *cp)
{
    memset(cp, 0, sizeof *cp);
    FILE *f = fopen(st->checkpoint_path, "r");
    if (!f) return errno == ENOENT ? 0 : -1;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, st->audit_sk);
    char line[512];
    int64_t lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (!*line) continue;
        long long seq, at;
        char hash[65], sighex[129], body[400];
        unsigned char sig[crypto_sign_BYTES];
        if (sscanf(line, "NTCP1 %lld %64s %lld %128s", &seq, hash, &at, sighex) != 4 ||
            strlen(hash) != 64 || strlen(sighex) != 128 ||
            sodium_hex2bin(sig, sizeof sig, sighex, 128, NULL, NULL, NULL) != 0) {
            snprintf(cp->bad, sizeof cp->bad, "baris %lld berkas checkpoint tidak terbaca",
                     (long long)lineno);
            break;
        }
        checkpoint_body(seq, hash, at, body, sizeof body);
        if (crypto_sign_verify_detached(sig, (const unsigned char *)body, strlen(body), pk)) {
            snprintf(cp->bad, sizeof cp->bad,
                     "tanda tangan checkpoint baris %lld tidak sah (diubah atau kunci lain)",
                     (long long)lineno);
            break;
        }
        char key[24];
        snprintf(key, sizeof key, "%lld", seq);
        bool had;
        int64_t *slot = nt_strmap_slot(&cp->seq, key, &had);
        if (had && strcmp(cp->hash[*slot], hash) != 0) {
            snprintf(cp->bad, sizeof cp->bad,
                     "dua checkpoint bertanda tangan untuk entri %lld berbeda", seq);
            break;
        }
        if (!had) {
            if (cp->n == cp->cap) {
                cp->cap = cp->cap ? 2 * cp->cap : 256;
                cp->hash = nt_xrealloc(cp->hash, cp->cap * sizeof *cp->hash);
            }
            memcpy(cp->hash[cp->n], hash, 65);
            *slot = (int64_t)cp->n++;
        }
        if (seq > cp->max_seq) cp->max_seq = seq;
        cp->lines++;
    }
    fclose(f);
    return 0;
}

static json_t *problem(json_t *out, int64_t seq, const char *what)
{
    json_object_set_new(out, "ok", json_false());
    json_object_set_new(out, "first_bad_seq", json_integer(seq));
    json_object_set_new(out, "problem", json_string(what));
    return out;
}

/* The chains of the databases merged into this one (audit_archive), each whole from its first
 * entry, each ending where the national entry that took it in says ("migrasi.impor": so an
 * archive cut short or rewritten is seen). 0 and the count of chains, or the problem in r. */
static bool archives_hold(nt_store *st, json_t *r, int64_t *chains)
{
    *chains = 0;
    nt_stmt *s = nt_query(st->db,
                          "SELECT source,seq,at,actor,action,object,detail,prev_hash,hash FROM "
                          "audit_archive ORDER BY source, seq",
                          "");
    if (!s) return problem(r, 0, "arsip audit tidak dapat dibaca"), false;
    char source[80] = "", prev[65] = GENESIS, msg[200];
    int64_t expect = 1;
    bool ok = true;
    int rc;
    for (;;) {
        rc = nt_step(s);
        bool next_source = rc != 1 || strcmp(nt_col_text(s, 0), source) != 0;
        if (next_source && source[0]) { /* the chain just read ends where its import says */
            nt_stmt *h = nt_query(st->db,
                                  "SELECT detail FROM audit WHERE action='migrasi.impor' AND "
                                  "object=$1 ORDER BY seq DESC LIMIT 1",
                                  "t", source);
            json_t *d = h && nt_step(h) == 1 ? json_loads(nt_col_text(h, 0), 0, NULL) : NULL;
            nt_done(h);
            const char *head = json_string_value(json_object_get(d, "kepala_arsip"));
            if (!head || strcmp(head, prev) != 0 ||
                json_integer_value(json_object_get(d, "entri_arsip")) != expect - 1) {
                snprintf(msg, sizeof msg,
                         "arsip audit %s dipotong atau ditulis ulang: tidak sama dengan catatan "
                         "impornya",
                         source);
                ok = false;
            }
            json_decref(d);
            (*chains)++;
        }
        if (!ok || rc != 1) break;
        if (next_source) {
            nt_strlcpy(source, nt_col_text(s, 0), sizeof source);
            nt_strlcpy(prev, GENESIS, sizeof prev);
            expect = 1;
        }
        char hex[65];
        entry_hash(prev, nt_col_int(s, 1), nt_col_int(s, 2), nt_col_text(s, 3), nt_col_text(s, 4),
                   nt_col_text(s, 5), nt_col_text(s, 6), hex);
        if (nt_col_int(s, 1) != expect || strcmp(nt_col_text(s, 7), prev) != 0 ||
            strcmp(hex, nt_col_text(s, 8)) != 0) {
            snprintf(msg, sizeof msg, "arsip audit %s rusak pada entri %lld", source,
                     (long long)nt_col_int(s, 1));
            ok = false;
            break;
        }
        memcpy(prev, hex, sizeof prev);
        expect++;
    }
    nt_done(s);
    if (rc < 0 && ok) snprintf(msg, sizeof msg, "arsip audit tidak dapat dibaca"), ok = false;
    if (!ok) problem(r, 0, msg);
    return ok;
}

void nt_audit_entry_hash(const char *prev, int64_t seq, int64_t at, const char *actor,
                         const char *action, const char *object, const char *detail, char hex[65])
{
    entry_hash(prev, seq, at, actor, action, object, detail, hex);
}

int nt_audit_verify(nt_store *st, json_t **out)
{
    json_t *r = json_object();
    checkpoints cp;
    memset(&cp, 0, sizeof cp);
    if (st->checkpoints && read_checkpoints(st, &cp) < 0)
        snprintf(cp.bad, sizeof cp.bad, "berkas checkpoint %s tidak dapat dibaca",
                 st->checkpoint_path);
    nt_stmt *s = nt_query(st->db,
                          "SELECT seq,at,actor,action,object,detail,prev_hash,hash FROM audit "
                          "ORDER BY seq",
                          "");
    if (!s) {
        json_decref(r);
        checkpoints_free(&cp);
        return NT_EDB;
    }
    char prev[65] = GENESIS;
    int64_t expect = 1, n = 0;
    bool bad = false;
    if (cp.bad[0]) {
        problem(r, 0, cp.bad);
        bad = true;
    }
    while (!bad && nt_step(s) == 1) {
        int64_t seq = nt_col_int(s, 0);
        char hex[65];
        if (seq != expect) {
            problem(r, expect, "entri hilang atau urutan diubah");
            bad = true;
            break;
        }
        if (strcmp(nt_col_text(s, 6), prev) != 0) {
            problem(r, seq,
                    "rantai hash terputus (entri sebelumnya diubah, dihapus atau disisipkan)");
            bad = true;
            break;
        }
        entry_hash(prev, seq, nt_col_int(s, 1), nt_col_text(s, 2), nt_col_text(s, 3),
                   nt_col_text(s, 4), nt_col_text(s, 5), hex);
        if (strcmp(hex, nt_col_text(s, 7)) != 0) {
            problem(r, seq, "isi entri diubah (hash tidak cocok)");
            bad = true;
            break;
        }
        /* the chain may be whole and still rewritten: the signed checkpoint says what it was */
        const char *signed_hash = checkpoint_at(&cp, seq);
        if (signed_hash && strcmp(signed_hash, hex) != 0) {
            problem(r, seq,
                    "rantai ditulis ulang: entri ini tidak sama dengan checkpoint bertanda tangan");
            bad = true;
            break;
        }
        memcpy(prev, hex, sizeof prev);
        expect++;
        n++;
    }
    nt_done(s);
    if (!bad && cp.max_seq > n) {
        problem(r, n + 1,
                "entri terakhir dihapus: checkpoint bertanda tangan menyebut entri yang "
                "tidak ada lagi");
        bad = true;
    }
    if (!bad) {
        nt_stmt *h = nt_query(st->db,
                              "SELECT (SELECT value FROM meta WHERE key='audit_head'),"
                              "(SELECT value FROM meta WHERE key='audit_head_hash')",
                              "");
        if (h && nt_step(h) == 1) {
            int64_t head = nt_col_null(h, 0) ? 0 : atoll(nt_col_text(h, 0));
            if (head != n || (n > 0 && strcmp(nt_col_text(h, 1), prev) != 0)) {
                problem(r, n + 1, "entri terakhir dihapus atau kepala rantai tidak cocok");
                bad = true;
            }
        }
        nt_done(h);
    }
    int64_t chains = 0;
    if (!bad && !archives_hold(st, r, &chains)) bad = true;
    if (!bad) json_object_set_new(r, "ok", json_true());
    json_object_set_new(r, "entries", json_integer(n));
    json_object_set_new(r, "archived_chains", json_integer(chains));
    json_object_set_new(r, "head", json_string(prev));
    if (st->checkpoints) {
        json_object_set_new(r, "checkpoints",
                            json_pack("{ss sI sI sI}", "berkas", st->checkpoint_path, "jumlah",
                                      (json_int_t)cp.lines, "entri_terakhir",
                                      (json_int_t)cp.max_seq, "belum_berjangkar",
                                      (json_int_t)(n > cp.max_seq ? n - cp.max_seq : 0)));
    } else {
        json_object_set_new(r, "checkpoints", json_null());
        json_object_set_new(r, "peringatan",
                            json_string("tanpa checkpoint bertanda tangan: penghapusan entri "
                                        "terakhir atau penulisan ulang rantai tidak terdeteksi"));
    }
    checkpoints_free(&cp);
    *out = r;
    return 0;
}

/* What an entry is about, in words, and a link to it where there is a page: "case:12" is
 * "Kasus 12" (/kasus/12); an account, an election, a finding, an agency, an export by their
 * own words. */
static void object_label(json_t *row)
{
    const char *obj = json_string_value(json_object_get(row, "object"));
    const char *action = json_string_value(json_object_get(row, "action"));
    if (!obj || !action) return;
    static const struct {
        const char *prefix, *label, *href;
    } kinds[] = {
        {"case:", "Kasus %s", "/kasus/%s"},
        {"finding:", "Temuan patroli %s", "/patroli?temuan=%s"},
        {"patrol_run:", "Patroli %s", "/patroli/jalankan/%s"},
        {"agreement:", "Kesepakatan kerja sama %s", "/pencegahan#kesepakatan-%s"},
        {"asn:", "ASN %s", "/asn/%s"},
        {"appeal:", "Imbauan %s", "/pencegahan#imbauan-%s"},
        {"agency:", "Instansi nomor %s", NULL},
    };
    static const struct {
        const char *action_prefix, *label;
    } by_action[] = {
        {"pengguna.", "Akun %s"},           {"login", "Akun %s"},    {"token.", "Akun %s"},
        {"pemilihan.", "Pemilihan %s"},     {"ekspor", "Berkas %s"}, {"bukti.rusak", "Berkas %s"},
        {"migrasi.", "Basis data asal %s"},
    };
    static const struct {
        const char *object, *label;
    } fixed[] = {{"regions", "Data wilayah"},
                 {"roster", "Registri ASN"},
                 {"pledges", "Daftar ikrar netralitas"},
                 {"statistik", "Angka dasbor"}};
    char *label = NULL, *href = NULL;
    for (size_t k = 0; !label && k < NT_ARRAY_LEN(kinds); k++) {
        size_t n = strlen(kinds[k].prefix);
        if (strncmp(obj, kinds[k].prefix, n)) continue;
        label = nt_xasprintf(kinds[k].label, obj + n);
        if (kinds[k].href) href = nt_xasprintf(kinds[k].href, obj + n);
    }
    for (size_t k = 0; !label && k < NT_ARRAY_LEN(fixed); k++)
        if (!strcmp(obj, fixed[k].object)) label = nt_xstrdup(fixed[k].label);
    for (size_t k = 0; !label && k < NT_ARRAY_LEN(by_action); k++)
        if (!strncmp(action, by_action[k].action_prefix, strlen(by_action[k].action_prefix)))
            label = nt_xasprintf(by_action[k].label, obj);
    json_object_set_new(row, "object_label", json_string(label ? label : obj));
    if (href) json_object_set_new(row, "object_href", json_string(href));
    free(label), free(href);
}

int nt_audit_list(nt_store *st, const nt_actor *a, int64_t after, int limit, json_t **out,
                  nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "hanya admin yang dapat melihat log audit");
    if (limit <= 0 || limit > 1000) limit = 100;
    nt_stmt *s = nt_query(st->db,
                          "SELECT seq,at,actor,action,object,detail AS detail,hash FROM audit"
                          " WHERE seq > $1 ORDER BY seq LIMIT $2",
                          "ii", after, (int64_t)limit);
    json_t *rows = nt_rows_json(s);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *d = json_loads(json_string_value(json_object_get(row, "detail")), 0, NULL);
        if (d) json_object_set_new(row, "detail", d);
        char ts[32];
        nt_time_format(json_integer_value(json_object_get(row, "at")), ts);
        json_object_set_new(row, "waktu", json_string(ts));
        json_object_set_new(
            row, "tindakan_label",
            json_string(nt_audit_action_label(json_string_value(json_object_get(row, "action")))));
    }
    *out = rows;
    return 0;
}

/* What each action is called on the audit page and in its exports. */
static const struct {
    const char *action, *label;
} action_labels[] = {
    {"kasus.buat", "Kasus dibuat"},
    {"kasus.status", "Status kasus diubah"},
    {"kasus.ubah", "Data kasus dilengkapi"},
    {"kasus.perpanjang", "Tenggat diperpanjang"},
    {"terlapor.status", "Status terlapor diubah"},
    {"pelapor.lihat", "Identitas pelapor dilihat"},
    {"pelapor.pesan", "Pesan dari pelapor (melalui kode tanda terima)"},
    {"kasus.pesan", "Pesan kepada pelapor"},
    {"surel.ulang", "Pesan keluar yang gagal dikirim ulang"},
    {"akun.pemberitahuan", "Alamat surel dan pilihan pemberitahuan diubah"},
    {"bukti.unggah", "Bukti diunggah"},
    {"bukti.rusak", "Bukti tidak cocok dengan sidiknya"},
    {"ekspor", "Data diekspor"},
    {"login", "Masuk"},
    {"login.gagal", "Gagal masuk"},
    {"pengguna.tambah", "Pengguna ditambahkan"},
    {"pengguna.sandi", "Kata sandi diganti"},
    {"pengguna.aktifkan", "Pengguna diaktifkan"},
    {"pengguna.nonaktifkan", "Pengguna dinonaktifkan"},
    {"token.buat", "Token API dibuat"},
    {"asn.impor", "Data ASN diimpor"},
    {"pemilihan.impor", "Pemilihan diimpor"},
    {"instansi.tambah", "Instansi ditambahkan"},
    {"wilayah.impor", "Wilayah diimpor"},
    {"patroli.tinjau", "Temuan patroli ditinjau"},
    {"patroli.jalankan", "Patroli dijalankan"},
    {"patroli.selesai", "Patroli selesai"},
    {"kesepakatan.tambah", "Kesepakatan kerja sama dicatat"},
    {"ikrar.catat", "Ikrar netralitas dicatat"},
    {"imbauan.tambah", "Imbauan dicatat"},
    {"ikrar.impor", "Daftar ikrar netralitas diimpor"},
    {"ikp.impor", "Skor Indeks Kerawanan Pemilu (IKP) diimpor"},
    {"statistik.hitung_ulang", "Angka dasbor dihitung ulang dari semua kasus"},
    {"acara.tambah", "Kegiatan sosialisasi atau koordinasi dicatat"},
    {"acara.hadir", "Daftar hadir kegiatan dicatat"},
    {"pencegahan.berkas", "Berkas kesepakatan atau kegiatan diunggah"},
    {"migrasi.impor", "Data kantor lain digabungkan"},
    {"dokumen.terbit", "Dokumen resmi diterbitkan"},
    {"pertukaran.ekspor", "Paket pertukaran dibuat"},
    {"pertukaran.impor", "Paket pertukaran diimpor"},
    {"pertukaran.unduh", "Paket pertukaran diunduh"},
    {"pertukaran.kunci_dibuat", "Kunci tanda tangan kantor dibuat"},
    {"pertukaran.kunci_dipercaya", "Kunci kantor lain dipercaya"},
    {"pertukaran.kunci_diganti", "Kunci tanda tangan kantor diganti"},
};

const char *nt_audit_action_at(size_t i)
{
    return i < NT_ARRAY_LEN(action_labels) ? action_labels[i].action : NULL;
}

const char *nt_audit_action_label(const char *action)
{
    for (size_t i = 0; action && i < NT_ARRAY_LEN(action_labels); i++)
        if (!strcmp(action, action_labels[i].action)) return action_labels[i].label;
    return action ? action : "";
}

int nt_audit_search(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "hanya admin yang dapat melihat log audit");
    const char *who = NULL, *action = NULL;
    int64_t before = 0, case_id = 0, limit = 100;
    nt_date from = NT_DATE_NONE, to = NT_DATE_NONE;
    int rc = nt_in_str(filter, "pelaku", false, 64, &who, err);
    if (!rc) rc = nt_in_str(filter, "tindakan", false, 40, &action, err);
    if (!rc) rc = nt_in_int(filter, "sebelum", false, 0, INT64_MAX, &before, err);
    if (!rc) rc = nt_in_int(filter, "kasus", false, 0, INT64_MAX, &case_id, err);
    if (!rc) rc = nt_in_int(filter, "limit", false, 1, 1000, &limit, err);
    if (!rc) rc = nt_in_date(filter, "dari", false, false, &from, err);
    if (!rc) rc = nt_in_date(filter, "sampai", false, false, &to, err);
    if (rc) return rc;
    if (who && !*who) who = NULL;
    if (action && !*action) action = NULL;
    char obj[32] = "";
    if (case_id) snprintf(obj, sizeof obj, "case:%lld", (long long)case_id);
    /* newest first; a day is 00.00-24.00 WIB */
    int64_t t0 = from == NT_DATE_NONE ? 0 : (int64_t)from * 86400 - 7 * 3600;
    int64_t t1 = to == NT_DATE_NONE ? INT64_MAX : (int64_t)(to + 1) * 86400 - 7 * 3600;
    nt_stmt *s = nt_query(st->db,
                          "SELECT seq,at,actor,action,object,detail AS detail,hash FROM audit"
                          " WHERE ($1=0 OR seq < $1) AND ($2 IS NULL OR actor=$2) AND ($3 IS NULL"
                          " OR action=$3) AND ($4='' OR object=$4) AND at >= $5 AND at < $6"
                          " ORDER BY seq DESC LIMIT $7",
                          "itttiii", before, who, action, obj, t0, t1, limit);
    json_t *rows = nt_rows_json(s);
    size_t i;
    json_t *row;
    int tz_offset;
    const char *tz_label;
    nt_rules_timezone(st->rules, a->region, &tz_offset, &tz_label);
    json_t *bylines = json_object(); /* who acted, by person and office */
    json_array_foreach(rows, i, row)
    {
        object_label(row);
        json_object_set_new(row, "actor_label",
                            json_string(nt_user_byline(
                                st, json_string_value(json_object_get(row, "actor")), bylines)));
        json_t *d = json_loads(json_string_value(json_object_get(row, "detail")), 0, NULL);
        if (d) json_object_set_new(row, "detail", d);
        int64_t at = json_integer_value(json_object_get(row, "at"));
        char ts[32], tl[40];
        nt_time_format(at, ts);
        nt_time_format_id_zone(at, tz_offset, tz_label, tl); /* in the reader's own zone */
        json_object_set_new(row, "waktu", json_string(ts));
        json_object_set_new(row, "waktu_label", json_string(tl));
        json_object_set_new(
            row, "tindakan_label",
            json_string(nt_audit_action_label(json_string_value(json_object_get(row, "action")))));
    }
    json_decref(bylines);
    *out = rows;
    return 0;
}
