/*
 * patrol_job.c - a patrol run started from the browser: the uploaded export is scanned on a
 * thread of its own (one run at a time per process, so the pages stay quick on a small
 * server), against the roster already in the database (the officer's own region), its
 * findings written as the command line's `netral patrol --db` writes them. The run commits
 * its findings and its counts after each batch of items, so the progress page of any
 * instance sees how far it is, and an interrupted run keeps what it had found (a run again
 * over the same export adds nothing twice: the same item is one finding).
 */
#include "web/pages_int.h"

#include "base/log.h"
#include "patrol/patrol.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The problems a run keeps for its page: the first lines of bad-line reports. */
#define PROBLEMS_MAX 8192

typedef struct job {
    const nt_web_config *cfg;
    nt_actor actor;
    int64_t id;
    char election[64], filename[256];
    bool csv;
    char *data;
    size_t len;
} job;

typedef struct run_ctx {
    nt_store *st;
    job *j;
    size_t roster;
    nt_err err;
} run_ctx;

static pthread_mutex_t one_at_a_time = PTHREAD_MUTEX_INITIALIZER;

/* Runs waiting or running in this process: each holds its upload in memory until it ends, so
 * a few at most (the rest are asked to come back). */
#define JOBS_MAX 3
static atomic_int jobs_held;

static json_t *counts_of(const nt_patrol_stats *s, size_t roster)
{
    return json_pack("{sI sI sI sI sI sI sI}", "items_read", (json_int_t)s->read, "flagged",
                     (json_int_t)s->flagged, "partisan", (json_int_t)s->partisan, "review",
                     (json_int_t)s->review, "malformed", (json_int_t)s->malformed, "linked",
                     (json_int_t)s->linked, "roster_size", (json_int_t)roster);
}

static int sink(void *ctx, json_t *finding)
{
    run_ctx *c = ctx;
    return nt_finding_upsert(c->st, &c->j->actor, c->j->election, finding, &c->err) != 0;
}

/* After each batch: the findings so far and the counts committed together, then the next
 * batch in a transaction of its own (other writers get their turn in between). */
static int on_batch(void *ctx, const nt_patrol_stats *so_far)
{
    run_ctx *c = ctx;
    json_t *counts = counts_of(so_far, c->roster);
    int rc = nt_patrol_run_update(c->st, &c->j->actor, c->j->id, "berjalan", counts, NULL, NULL);
    json_decref(counts);
    if (rc || nt_store_batch_end(c->st, true, &c->err) || nt_store_batch_begin(c->st, &c->err)) {
        if (!c->err.code) nt_err_set(&c->err, NT_EDB, NULL, "kemajuan patroli tidak dapat dicatat");
        return 1;
    }
    return 0;
}

static void fail(nt_store *st, job *j, const nt_patrol_stats *so_far, size_t roster,
                 const char *why)
{
    nt_patrol_stats none = {0};
    json_t *counts = counts_of(so_far ? so_far : &none, roster);
    if (nt_patrol_run_update(st, &j->actor, j->id, "gagal", counts, NULL, why))
        nt_error("patroli %lld: status gagal tidak dapat dicatat: %s", (long long)j->id, why);
    json_decref(counts);
}

static void run_job(job *j)
{
    nt_store *st = NULL;
    nt_err err = {0};
    if (nt_store_open(&j->cfg->store, &st, &err)) {
        nt_error("patroli %lld: %s", (long long)j->id, err.msg);
        return;
    }
    run_ctx c = {st, j, 0, {0}};
    nt_patrol_stats none = {0};
    json_t *zero = counts_of(&none, 0), *el = NULL;
    nt_patrol_run_update(st, &j->actor, j->id, "berjalan", zero, NULL, NULL);
    json_decref(zero);
    nt_buf roster = {0};
    nt_patrol *p = NULL;
    int rc = nt_election_get(st, j->election, &el, &err);
    if (!rc) rc = nt_roster_csv(st, &j->actor, &roster, &c.roster, &err);
    nt_patrol_options po = {.data_dir = j->cfg->data_dir,
                            .election = el,
                            .roster_csv = roster.p ? roster.p : "",
                            .roster_csv_len = roster.len};
    if (!rc) rc = nt_patrol_new(&po, &p, &err);
    nt_buf_free(&roster);
    if (rc) {
        fail(st, j, NULL, c.roster, err.msg);
        json_decref(el);
        nt_store_close(st);
        return;
    }
    FILE *in = fmemopen(j->data, j->len, "rb");
    char *problems = NULL;
    size_t plen = 0;
    FILE *errs = open_memstream(&problems, &plen);
    nt_patrol_run run = {.in = in,
                         .source = j->filename,
                         .csv = j->csv,
                         .jobs = 1,
                         .sink = sink,
                         .sink_ctx = &c,
                         .on_batch = on_batch,
                         .errors = errs};
    nt_patrol_stats so_far = {0};
    rc = !in || !errs ? nt_err_set(&err, NT_EIO, NULL, "berkas unggahan tidak dapat dibaca") : 0;
    if (!rc) rc = nt_store_batch_begin(st, &err);
    if (!rc) {
        rc = nt_patrol_run_input(p, &run, &so_far, &err);
        if (!rc && c.err.code) rc = c.err.code, err = c.err;
        if (errs) fflush(errs);
        if (problems && plen > PROBLEMS_MAX) {
            char *cut = memrchr(problems, '\n', PROBLEMS_MAX);
            plen = cut ? (size_t)(cut - problems) + 1 : PROBLEMS_MAX;
            problems[plen] = '\0';
        }
        json_t *counts = counts_of(&so_far, c.roster);
        if (!rc)
            rc = nt_patrol_run_update(st, &j->actor, j->id, "selesai", counts,
                                      problems ? problems : "", NULL);
        json_decref(counts);
        nt_err end = {0};
        if (nt_store_batch_end(st, rc == 0, &end) && !rc)
            rc = end.code ? end.code : NT_EDB, err = end;
    }
    if (rc) fail(st, j, &so_far, c.roster, err.msg[0] ? err.msg : "patroli gagal");
    if (in) fclose(in);
    if (errs) fclose(errs);
    free(problems);
    nt_patrol_free(p);
    json_decref(el);
    nt_store_close(st);
}

static void *job_thread(void *arg)
{
    job *j = arg;
    pthread_mutex_lock(&one_at_a_time);
    run_job(j);
    pthread_mutex_unlock(&one_at_a_time);
    free(j->data);
    free(j);
    atomic_fetch_sub(&jobs_held, 1);
    return NULL;
}

int nt_patrol_job_start(nt_req *r, const char *election, const char *filename, bool csv,
                        int64_t *id, nt_err *err)
{
    if (atomic_fetch_add(&jobs_held, 1) >= JOBS_MAX) {
        atomic_fetch_sub(&jobs_held, 1);
        return nt_err_set(err, NT_ELIMIT, "berkas",
                          "%d patroli sedang menunggu atau berjalan di server ini; mulai lagi "
                          "setelah salah satunya selesai",
                          JOBS_MAX);
    }
    /* the upload's fingerprint goes with the run's record, as evidence of what was scanned */
    unsigned char dig[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(dig, (const unsigned char *)r->body.p, r->body.len);
    sodium_bin2hex(hex, sizeof hex, dig, sizeof dig);
    json_t *in =
        json_pack("{ss ss sI ss ss}", "pemilihan", election, "nama_berkas", filename, "ukuran",
                  (json_int_t)r->body.len, "sha256", hex, "format", csv ? "csv" : "jsonl");
    int rc = nt_patrol_run_create(r->st, &r->actor, in, id, err);
    json_decref(in);
    if (rc) {
        atomic_fetch_sub(&jobs_held, 1);
        return rc;
    }
    job *j = nt_xcalloc(1, sizeof *j);
    j->cfg = r->cfg;
    j->actor = r->actor;
    j->id = *id;
    j->csv = csv;
    nt_strlcpy(j->election, election, sizeof j->election);
    nt_strlcpy(j->filename, filename, sizeof j->filename);
    j->data = nt_buf_detach(&r->body, &j->len); /* the thread owns the upload now */
    pthread_attr_t at;
    pthread_t th;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&th, &at, job_thread, j);
    pthread_attr_destroy(&at);
    if (rc) {
        nt_patrol_run_update(r->st, &r->actor, *id, "gagal", NULL, NULL,
                             "server tidak dapat memulai patroli sekarang; coba lagi");
        free(j->data);
        free(j);
        atomic_fetch_sub(&jobs_held, 1);
        return nt_err_set(err, NT_EIO, NULL, "server tidak dapat memulai patroli sekarang");
    }
    return 0;
}
