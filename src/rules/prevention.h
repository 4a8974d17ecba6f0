/*
 * prevention.h - the facts of the prevention work (DOMAIN.md §7): the kinds of cooperation
 * agreement and of the parties to one, with their Indonesian labels. Pure tables; the store
 * (src/store/prevention.c) checks records against them and the pages show their labels.
 */
#ifndef NT_PREVENTION_H
#define NT_PREVENTION_H

#include "base/nt.h"

/* A cooperation agreement: a memorandum of understanding or a cooperation agreement that
 * carries one out. */
typedef struct nt_kind {
    const char *name, *label;
} nt_kind;

extern const nt_kind nt_agreement_kinds[]; /* "mou", "pks"; ends with {NULL, NULL} */
/* Who signs one: the Bawaslu office, the regional government, the civil-service authority,
 * KORPRI, another body. */
extern const nt_kind nt_agreement_party_kinds[];
/* How a neutrality pledge was signed: a paper form (scanned), at an event, on a signature
 * list imported. */
extern const nt_kind nt_pledge_methods[];
/* An appeal (imbauan, surat edaran): to whom it is addressed, and how it was sent. */
extern const nt_kind nt_appeal_addressees[];
extern const nt_kind nt_appeal_channels[];
/* The audience of an event is described with the addressee kinds above. A socialization or
 * coordination event: its kind, and whether it was held in person, online or both. */
extern const nt_kind nt_event_kinds[];
extern const nt_kind nt_event_modes[];
/* The files of the prevention work: an agreement's signed document, an event's materials
 * and photos (and its attendance list as a document). */
extern const nt_kind nt_prevention_file_roles[];
/* How an attendee was matched to the roster: by NIP, by a sure name match, confirmed by the
 * officer. */
extern const nt_kind nt_attendance_methods[];
/* The label of a kind in one of those tables, or NULL if it is not one. */
const char *nt_kind_label(const nt_kind *table, const char *name);

#endif
