/*
 * patrol_run.c - reading a collection export (JSON Lines or CSV) and the parallel run over it.
 */
#include "patrol/patrol_int.h"

#include "base/csv.h"
#include "base/utf8.h"
#include "patrol/item_json.h"
#include "patrol/roster_index.h"
#include "rules/ruleset.h"
#include "text/lexicon.h"
#include "text/names.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- reading and running ---- */

typedef struct {
    char *raw; /* the line (JSONL) or the row re-encoded as JSON (CSV) */
    size_t len;
    size_t line;
    json_t *finding; /* result */
    char *out;       /* the finding as a JSON line, serialized by the worker */
    char err[200];
    bool malformed;
} slot_t;

typedef struct {
    const nt_patrol *p;
    const nt_patrol_run *run;
    slot_t *slots;
    size_t from, to;
    nt_patrol_worker *w;
} job_t;

static void *work(void *arg)
{
    job_t *j = arg;
    for (size_t i = j->from; i < j->to; i++) {
        slot_t *s = &j->slots[i];
        if (s->malformed) continue;
        nt_err e = {0};
        if (nt_patrol_item_raw(j->w, s->raw, s->len, j->run->source, &s->finding, &e)) {
            snprintf(s->err, sizeof s->err, "%s", e.msg);
            s->malformed = true;
        } else if (s->finding && j->run->out) {
            s->out = json_dumps(s->finding, JSON_COMPACT | JSON_PRESERVE_ORDER);
        }
    }
    return NULL;
}

/* CSV columns with dotted names (author.handle) become nested objects. */
static json_t *csv_row_json(nt_str *hdr, size_t nh, nt_str *f, size_t nf, char *err, size_t en)
{
    json_t *o = json_object();
    for (size_t i = 0; i < nh && i < nf; i++) {
        if (!f[i].len) continue;
        if (!nt_utf8_valid(f[i].p, f[i].len)) {
            snprintf(err, en, "kolom %.*s bukan UTF-8 yang sah", (int)hdr[i].len, hdr[i].p);
            json_decref(o);
            return NULL;
        }
        json_t *cur = o;
        char key[128];
        size_t kl = hdr[i].len < sizeof key - 1 ? hdr[i].len : sizeof key - 1;
        memcpy(key, hdr[i].p, kl);
        key[kl] = '\0';
        char *save = NULL, *part = strtok_r(key, ".", &save);
        while (part) {
            char *next = strtok_r(NULL, ".", &save);
            if (!next) {
                json_object_set_new(cur, part, json_stringn(f[i].p, f[i].len));
                break;
            }
            json_t *child = json_object_get(cur, part);
            if (!json_is_object(child)) {
                child = json_object();
                json_object_set_new(cur, part, child);
            }
            cur = child;
            part = next;
        }
    }
    return o;
}

typedef struct {
    FILE *in;
    bool csv;
    /* CSV: the whole input in memory */
    char *data;
    size_t len;
    nt_csv c;
    nt_str hdr[64];
    char *hdrbuf;
    size_t nh;
    /* JSONL */
    char *line;
    size_t cap;
    size_t lineno;
} reader_t;

/* Fills one slot; false at the end of input. */
static bool next_item(reader_t *r, slot_t *s)
{
    memset(s, 0, sizeof *s);
    if (!r->csv) {
        for (;;) {
            ssize_t n = getline(&r->line, &r->cap, r->in);
            if (n < 0) return false;
            r->lineno++;
            while (n && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
                n--;
            bool blank = true;
            for (ssize_t i = 0; i < n && blank; i++)
                blank = isspace((unsigned char)r->line[i]);
            if (blank) continue;
            s->line = r->lineno;
            if ((size_t)n > MAX_LINE) {
                snprintf(s->err, sizeof s->err, "baris terlalu panjang (%zd byte, batas %u)", n,
                         MAX_LINE);
                s->malformed = true;
                return true;
            }
            s->raw = nt_xstrndup(r->line, (size_t)n);
            s->len = (size_t)n;
            return true;
        }
    }
    nt_str f[64];
    size_t nf;
    nt_err e = {0};
    int got = nt_csv_next(&r->c, f, 64, &nf, &e);
    if (got == 0) return false;
    s->line = r->c.record_line;
    if (got < 0) {
        snprintf(s->err, sizeof s->err, "%s", e.msg);
        s->malformed = true;
        r->c.p = r->c.end; /* a broken quote: nothing after it can be trusted */
        return true;
    }
    json_t *o = csv_row_json(r->hdr, r->nh, f, nf, s->err, sizeof s->err);
    if (!o) {
        s->malformed = true;
        return true;
    }
    s->raw = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    s->len = strlen(s->raw);
    json_decref(o);
    return true;
}

static int reader_open(reader_t *r, const nt_patrol_run *run, nt_err *err)
{
    memset(r, 0, sizeof *r);
    r->in = run->in;
    r->csv = run->csv;
    if (!r->csv) return 0;
    nt_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, run->in)) > 0)
        nt_buf_add(&b, tmp, n);
    r->data = nt_buf_detach(&b, &r->len);
    nt_csv_init(&r->c, r->data, r->len);
    int got = nt_csv_next(&r->c, r->hdr, 64, &r->nh, err);
    if (got != 1) return got == 0 ? nt_err_set(err, NT_EINVAL, "csv", "berkas CSV kosong") : got;
    /* keep the header names: the CSV reader reuses its storage */
    nt_buf hb = {0};
    size_t offs[64];
    for (size_t i = 0; i < r->nh; i++) {
        offs[i] = hb.len;
        nt_buf_add(&hb, r->hdr[i].p, r->hdr[i].len);
    }
    r->hdrbuf = nt_buf_detach(&hb, NULL);
    for (size_t i = 0; i < r->nh; i++)
        r->hdr[i].p = r->hdrbuf + offs[i];
    return 0;
}

static void reader_close(reader_t *r)
{
    free(r->line);
    free(r->data);
    free(r->hdrbuf);
    if (r->csv) nt_csv_free(&r->c);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int nt_patrol_run_input(const nt_patrol *p, const nt_patrol_run *run, nt_patrol_stats *st,
                        nt_err *err)
{
    memset(st, 0, sizeof *st);
    int jobs = run->jobs < 1 ? 1 : run->jobs > 64 ? 64 : run->jobs;
    reader_t r;
    int rc = reader_open(&r, run, err);
    if (rc) {
        reader_close(&r);
        return rc;
    }
    const size_t batch = 2048 * (size_t)jobs;
    slot_t *slots = nt_xcalloc(batch, sizeof *slots);
    nt_patrol_worker **ws = nt_xcalloc((size_t)jobs, sizeof *ws);
    for (int j = 0; j < jobs; j++) {
        if (!(ws[j] = nt_patrol_worker_new(p))) {
            for (int k = 0; k < j; k++)
                nt_patrol_worker_free(ws[k]);
            free(ws);
            free(slots);
            reader_close(&r);
            return nt_err_set(
                err, NT_EIO, NULL,
                "memori tidak cukup untuk %d thread patroli (coba --jobs lebih kecil)", jobs);
        }
        nt_patrol_worker_want_clear(ws[j], run->all);
    }
    double t0 = now_s(), last = t0;
    bool done = false, stop = false;
    while (!done && !stop) {
        size_t n = 0;
        while (n < batch && next_item(&r, &slots[n]))
            n++;
        if (n < batch) done = true;
        if (!n) break;
        pthread_t th[64];
        job_t jb[64];
        size_t per = (n + (size_t)jobs - 1) / (size_t)jobs;
        int started = 0;
        for (int j = 0; j < jobs; j++) {
            jb[j] = (job_t){p, run, slots, (size_t)j * per, (size_t)(j + 1) * per, ws[j]};
            if (jb[j].from >= n) break;
            if (jb[j].to > n) jb[j].to = n;
            /* One job, or a thread that cannot be started: this thread does the share. */
            if (jobs == 1 || pthread_create(&th[started], NULL, work, &jb[j]) != 0)
                work(&jb[j]);
            else
                started++;
        }
        for (int j = 0; j < started; j++)
            pthread_join(th[j], NULL);
        for (size_t i = 0; i < n; i++) {
            slot_t *s = &slots[i];
            st->read++;
            if (s->malformed) {
                st->malformed++;
                if (run->errors) fprintf(run->errors, "%s:%zu: %s\n", run->source, s->line, s->err);
            } else if (!s->finding) {
                /* judged clear and not wanted */
            } else if (!stop) {
                const char *v = json_string_value(json_object_get(s->finding, "verdict"));
                bool flagged = strcmp(v, "clear") != 0;
                st->flagged += flagged;
                st->partisan += !strcmp(v, "partisan");
                st->review += !strcmp(v, "review");
                st->linked += !json_is_null(json_object_get(s->finding, "nip"));
                if (flagged || run->all) {
                    if (run->out && s->out) {
                        fputs(s->out, run->out);
                        fputc('\n', run->out);
                    }
                    if (run->sink && run->sink(run->sink_ctx, s->finding)) stop = true;
                }
            }
            json_decref(s->finding);
            free(s->out);
            free(s->raw);
        }
        if (!stop && run->on_batch) {
            st->seconds = now_s() - t0;
            if (run->on_batch(run->sink_ctx, st)) stop = true;
        }
        double t = now_s();
        if (run->progress && t - last >= 1.0) {
            fprintf(run->progress, "\rpatroli: %zu item, %zu ditandai, %zu rusak, %.0f item/s ",
                    st->read, st->flagged, st->malformed, (double)st->read / (t - t0));
            fflush(run->progress);
            last = t;
        }
    }
    if (run->progress && last > t0) fputc('\n', run->progress);
    st->seconds = now_s() - t0;
    for (int j = 0; j < jobs; j++)
        nt_patrol_worker_free(ws[j]);
    free(ws);
    free(slots);
    reader_close(&r);
    if (run->out) fflush(run->out);
    return 0;
}
