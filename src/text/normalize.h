/*
 * normalize.h - turns social-media text into plain lowercase Indonesian words
 * that lexicons can match, keeping a map back to the original bytes.
 *
 * Undone, in order: invalid UTF-8 (as separators), invisible characters and
 * combining marks, compatibility forms (fancy-font, fullwidth, circled
 * letters: NFKC with case folding, via utf8proc), look-alikes from other
 * scripts (ICU's confusable skeleton, per character), camel case and
 * hashtags, letters spaced out with blanks or punctuation, leetspeak (4 3 1 0
 * 5 7 @ $ !) inside words while pair numbers (01, nomor 2) survive,
 * elongation, slang (data/lexicon/slang.tsv), and the affixes of campaign
 * verbs (nyoblos, dicoblos, menangin -> coblos, menang). Gesture emoji become
 * word tokens (data/lexicon/cues.json).
 *
 * Output: words separated by single spaces; for every output byte the
 * [start, end) byte range of the original word it came from.
 */
#ifndef NT_NORMALIZE_H
#define NT_NORMALIZE_H

#include "base/nt.h"
#include "base/strmap.h"

#include <jansson.h>

typedef struct nt_textnorm nt_textnorm;

/* Loads slang.tsv and cues.json from <data>/lexicon/. */
int nt_textnorm_new(const char *data_dir, nt_textnorm **out, nt_err *err);
void nt_textnorm_free(nt_textnorm *tn);
/* Known words (lexicon and candidate words) steer elongation and number splitting. */
void nt_textnorm_add_vocab(nt_textnorm *tn, const char *phrase);
/* The cue lexicon document (owned by tn). */
json_t *nt_textnorm_cues(const nt_textnorm *tn);
const char *nt_textnorm_version(const nt_textnorm *tn);

typedef struct nt_normed {
    nt_buf text;
    uint32_t *start, *end; /* per output byte: original word range */
    size_t cap;
    /* scratch reused from call to call (no allocation per item in steady state) */
    void *chars, *words;
    size_t chars_cap, words_cap;
} nt_normed;

void nt_normalize(const nt_textnorm *tn, const char *in, size_t len, nt_normed *out);
void nt_normed_free(nt_normed *n);

#endif
