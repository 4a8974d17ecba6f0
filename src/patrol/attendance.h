/*
 * attendance.h - the names on an event's attendance list matched to the roster with the same
 * care as the patrol's account linking: the roster of the reader's scope in a roster index,
 * names normalized by the lexicon's person-name rules (titles, old spellings, Muhammad), the
 * list's agency or work-unit words as clues. Feeds nt_attendance_import's resolver.
 */
#ifndef NT_ATTENDANCE_H
#define NT_ATTENDANCE_H

#include "store/store.h"

typedef struct nt_attendance_matcher nt_attendance_matcher;

/* The roster the actor may list attendees from (a Bawaslu office's region, a PPK's agency),
 * indexed; data_dir holds the lexicon. */
int nt_attendance_matcher_new(nt_store *st, const nt_actor *a, const char *data_dir,
                              nt_attendance_matcher **out, nt_err *err);
void nt_attendance_matcher_free(nt_attendance_matcher *m);
/* The nt_name_resolver: ctx is the matcher. */
int nt_attendance_match(void *ctx, const char *name, const char *clue_words, nt_name_match *out,
                        int max);

#endif
