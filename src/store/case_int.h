/*
 * case_int.h - what the case files of the store share: the case row the steps
 * and reads load, its deadlines, and the history and audit writers.
 *
 *   case_intake.c  creating and completing a case, the reporter, receipts
 *   case_read.c    one case, the inbox list with full-text search, tracking
 *   case_steps.c   the two state machines applied with their data, extension,
 *                  the reporter-identity view
 *   case_due.c     the due list
 *   case_common.c  this header's functions
 */
#ifndef NT_CASE_INT_H
#define NT_CASE_INT_H

#include "store/store_int.h"

#include "rules/deadline.h"

#define MAX_PARTIES 500
#define MAX_NARRATIVE 20000

typedef struct case_row {
    int64_t id;
    nt_case_state state;
    nt_route route;
    char regime[24];
    char office[16];
    nt_date known, event, registered, since, received;
    bool extended, has_reporter, has_place, has_narrative, late_filing;
} case_row;

/* Checks visibility and loads the case (inside the caller's transaction for steps). */
int nt_case_load(nt_store *st, const nt_actor *a, int64_t id, case_row *c, nt_err *err);
/* The deadline of the case's current step / of a party's, 0 or NT_ENOTFOUND. */
int nt_case_row_due(nt_store *st, const case_row *c, nt_due *out);
/* Whether a may open case c's reporter identity (privacy.json "reporter_identity"). */
bool nt_case_reporter_allowed(nt_store *st, const nt_actor *a, const case_row *c);
int nt_case_due_of(nt_store *st, const char *regime, nt_case_state state, nt_date known,
                   nt_date registered, nt_date since, nt_date received, bool extended, nt_due *out);
int nt_party_due_of(nt_store *st, const char *regime, nt_party_state state, nt_date since,
                    nt_due *out);
/* A due date as the API gives it (clock, label, date, days left, warning). */
json_t *nt_due_json(nt_store *st, const nt_due *d);
/* Rewrites the case's stored deadlines (cases.due_on, the deadlines rows) from its rows; done
 * by nt_case_event, which every change of a case writes. */
int nt_case_deadlines_refresh(nt_store *st, int64_t id);
/* Appends to the case history (and refreshes the stored deadlines); takes ownership of data. */
int nt_case_event(nt_store *st, const nt_actor *a, int64_t case_id, const char *nip,
                  const char *from, const char *to, const char *reason, json_t *data);
/* Moves case c (loaded in the caller's transaction) to state to_s as actor a, if the rules let
 * a's roles take that step: the history, the audit entry and the stored deadlines with it. */
int nt_case_step(nt_store *st, const nt_actor *a, const case_row *c, const char *to_s,
                 const char *reason, json_t *data, json_t *result, nt_err *err);
/* Appends to the audit chain; takes ownership of detail. */
int nt_case_audit(nt_store *st, const nt_actor *a, const char *action, int64_t id, json_t *detail);
/* The sanctions a recommendation for one reported ASN may name (case_sanction.c). */
typedef struct nt_sanction_frame {
    const nt_ladder *ladders[2]; /* by nt_ladder_kind; NULL when none applies */
    bool has[2];                 /* the case carries violations of this kind */
    int rank[2];                 /* the heaviest catalogue level per kind (nt_level_rank) */
    char level[2][24];
    int expected; /* the ladder kind whose level the catalogue sets, or -1 */
    nt_date act;  /* the date of the act (or of discovery) */
    bool pppk;
} nt_sanction_frame;
int nt_sanction_frame_of(nt_store *st, int64_t case_id, const char *nip, nt_sanction_frame *f);
/* The options of the sanction list ("LADDER|code" values), pre-selecting `chosen` or the
 * catalogue's level. */
json_t *nt_sanction_options(nt_store *st, const nt_sanction_frame *f, const char *chosen);
/* The sanction named by value ("LADDER|code", or a code with ladder_hint) among the frame's
 * ladders; with need_reason_check, a level other than the catalogue's needs a reason. */
int nt_sanction_pick(nt_store *st, const nt_sanction_frame *f, const char *value,
                     const char *ladder_hint, bool need_reason_check, const char *reason,
                     const nt_sanction **out, nt_err *err);

/* Receipt codes: a new code, and the hash it is looked up by. */
void nt_receipt_code(char out[20]);
void nt_receipt_hash(const char *code, unsigned char out[32]);

#endif
