/*
 * lexicon.h - many phrases matched at once over normalized text, with
 * vectorscan (block mode, one database compiled per rule set).
 *
 * Each phrase is normalized by the same pipeline as the text it is matched
 * against, so one entry catches all the disguises the normalizer undoes.
 * Phrases match whole words only.
 */
#ifndef NT_LEXICON_H
#define NT_LEXICON_H

#include "text/normalize.h"

#include <hs/hs.h>

typedef enum {
    NT_LEX_SUPPORT,   /* a call to vote, support, victory, campaign word, gesture */
    NT_LEX_NEUTRAL,   /* news, supervision, neutrality, sport, idiom */
    NT_LEX_NEGATION,  /* tidak, jangan ... */
    NT_LEX_EXCEPTION, /* words that undo a negation: "jangan lupa" */
    NT_LEX_CANDIDATE, /* a name, nickname, slogan, hashtag, account or number of a candidate */
} nt_lex_kind;

typedef struct nt_lexeme {
    char *phrase;     /* as written in the data */
    char *normalized; /* as matched */
    size_t len;       /* of normalized */
    nt_lex_kind kind;
    char rule[64];
    double weight;
    int candidate; /* pair number, 0 if none */
    int needs_cue; /* a weak reference: counts only with a support cue within needs_cue-1 words */
} nt_lexeme;

typedef struct nt_lexicon {
    nt_lexeme *v;
    size_t n, cap;
    hs_database_t *db;
} nt_lexicon;

/* Adds a phrase (normalized with tn); empty or duplicate phrases are ignored. */
void nt_lexicon_add(nt_lexicon *lx, const nt_textnorm *tn, const char *phrase, nt_lex_kind kind,
                    const char *rule, double weight, int candidate);
int nt_lexicon_compile(nt_lexicon *lx, nt_err *err);
void nt_lexicon_free(nt_lexicon *lx);

typedef struct nt_hit {
    uint32_t lexeme;
    uint32_t from, to; /* in the normalized text */
} nt_hit;

/* Scans text; hits in order of their end. Returns the number of hits (at most max). */
size_t nt_lexicon_scan(const nt_lexicon *lx, hs_scratch_t *scratch, const char *text, size_t len,
                       nt_hit *hits, size_t max);

#endif
