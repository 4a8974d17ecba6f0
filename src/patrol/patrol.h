/*
 * patrol.h - the cyber-patrol engine: social-media exports in, findings out.
 *
 * For each item (post, comment, share, like, follow) the engine normalizes
 * the text (and the target's text and author, for interactions), matches the
 * election's lexicon (candidate names, nicknames, numbers, slogans, hashtags,
 * accounts) and the partisan-cue lexicon, weighs negations and neutral
 * contexts, links the author to the ASN roster, and writes one JSON line per
 * flagged item listing every rule that fired with its span in the original
 * text. Runs from files alone; the store is only needed for --db.
 */
#ifndef NT_PATROL_H
#define NT_PATROL_H

#include "base/nt.h"

#include <jansson.h>
#include <stdio.h>

typedef struct nt_patrol nt_patrol;

typedef struct nt_patrol_options {
    const char *data_dir;
    json_t *election;        /* the election document (DESIGN.md §4) */
    const char *roster_path; /* roster CSV, or NULL */
    const char *roster_csv;  /* or the roster CSV in memory (the store's: nt_roster_csv) */
    size_t roster_csv_len;
    double link_threshold; /* default 0.85 */
} nt_patrol_options;

int nt_patrol_new(const nt_patrol_options *opt, nt_patrol **out, nt_err *err);
void nt_patrol_free(nt_patrol *p);
/* Writes every lexicon phrase as matched (normalized), one per line. */
void nt_patrol_print_lexicon(const nt_patrol *p, FILE *out);

typedef struct nt_patrol_worker nt_patrol_worker;
nt_patrol_worker *nt_patrol_worker_new(const nt_patrol *p);
void nt_patrol_worker_free(nt_patrol_worker *w);

/* With want_clear false (the default), an item judged clear yields *out = NULL and costs no
 * link, hash or JSON. */
void nt_patrol_worker_want_clear(nt_patrol_worker *w, bool want);

/* Analyzes one item. *out: the finding (verdict clear/review/partisan), with the raw
 * item, its SHA-256, capture time and source; NULL for a clear item unless wanted. */
int nt_patrol_item(nt_patrol_worker *w, json_t *item, const char *raw, size_t rawlen,
                   const char *source, json_t **out, nt_err *err);

/* The same for an item still as raw JSON (one line): the fast path of the patrol run. */
int nt_patrol_item_raw(nt_patrol_worker *w, const char *raw, size_t rawlen, const char *source,
                       json_t **out, nt_err *err);

typedef struct nt_patrol_stats {
    size_t read, flagged, partisan, review, malformed, linked;
    double seconds;
} nt_patrol_stats;

/* Callback for each finding (flagged, or all with --all); runs on the calling thread in
 * input order. Return non-zero to stop. */
typedef int (*nt_patrol_sink)(void *ctx, json_t *finding);

typedef struct nt_patrol_run {
    FILE *in;
    const char *source; /* file name for evidence */
    bool csv;
    int jobs;
    bool all;
    FILE *out; /* JSON lines, or NULL */
    nt_patrol_sink sink;
    void *sink_ctx;
    FILE *progress; /* stderr when it is a terminal, or NULL */
    /* after each batch of items (a few thousand), with the counts so far: non-zero stops */
    int (*on_batch)(void *ctx, const struct nt_patrol_stats *so_far);
    FILE *errors; /* malformed-line reports, or NULL */
} nt_patrol_run;

int nt_patrol_run_input(const nt_patrol *p, const nt_patrol_run *run, nt_patrol_stats *st,
                        nt_err *err);

#endif
