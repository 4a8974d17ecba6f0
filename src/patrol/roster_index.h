/*
 * roster_index.h - the ASN roster in memory, for linking social-media
 * accounts to civil servants without a database.
 *
 * Built from the roster CSV of DESIGN.md §4. Three ways in: the registered
 * handles (exact), token pairs of normalized names (every pair of name words,
 * keyed by their token ids, sorted for binary search) and single tokens for
 * one-word names. Token document frequencies weight the similarity, so a
 * shared rare family name counts for more than a shared "Budi".
 */
#ifndef NT_ROSTER_INDEX_H
#define NT_ROSTER_INDEX_H

#include "base/nt.h"
#include "base/strmap.h"
#include "text/names.h"

typedef struct nt_roster_index nt_roster_index;

typedef struct nt_link {
    char nip[19];       /* "" when nothing found */
    double confidence;  /* 0..1 */
    const char *method; /* "handle", "name", "name+profil" */
    bool linked;        /* confidence at or above the link threshold and unambiguous */
    int clues;          /* profile clues that supported the name match */
} nt_link;

/* Loads a roster CSV; *bad counts rows skipped (bad NIP, missing name). */
int nt_roster_index_load(const char *path, const nt_namerules *nr, json_t *clue_words,
                         nt_roster_index **out, size_t *bad, nt_err *err);
/* The same from a roster CSV in memory (the store's own roster); path names it in messages. */
int nt_roster_index_parse(const char *data, size_t len, const char *path, const nt_namerules *nr,
                          json_t *clue_words, nt_roster_index **out, size_t *bad, nt_err *err);
void nt_roster_index_free(nt_roster_index *ri);
size_t nt_roster_index_size(const nt_roster_index *ri);

/* Links an author. bio_words: the normalized profile text (may be NULL). */
void nt_roster_link(const nt_roster_index *ri, const nt_namerules *nr, const char *platform,
                    const char *handle, const char *name, const char *bio_words, double threshold,
                    nt_link *out);

/* The civil servants whose names fit best (a name on an attendance list), best first, with the
 * same similarity as nt_roster_link; clue_words: normalized agency or work-unit words. Returns
 * how many (at most max, at most 16). */
typedef struct nt_roster_candidate {
    char nip[19];
    double confidence;
} nt_roster_candidate;
int nt_roster_candidates(const nt_roster_index *ri, const nt_namerules *nr, const char *name,
                         const char *clue_words, nt_roster_candidate *out, int max);

#endif
