/*
 * patrol_int.h - what the patrol's files share: the engine (patrol.c builds it from the
 * election, the lexicons and the roster), the per-thread worker, and the item kinds.
 *
 *   patrol.c        building the engine and its workers
 *   patrol_score.c  one item: normalize, match, link the author, score, explain
 *   patrol_run.c    reading an export (JSON Lines or CSV) and the parallel run
 */
#ifndef NT_PATROL_INT_H
#define NT_PATROL_INT_H

#include "patrol/patrol.h"

#include "base/date.h"
#include "base/strmap.h"
#include "patrol/item_json.h"
#include "patrol/roster_index.h"
#include "rules/ruleset.h"
#include "text/lexicon.h"
#include "text/names.h"

/* Item kinds; the ones before K_COMMENT carry no text of their own. */
enum { K_LIKE, K_SHARE, K_FOLLOW, K_COMMENT, K_POST, K__COUNT };

#define MAX_CAND 100
#define MAX_HITS 512
#define MAX_REASONS 40
#define MAX_LINE (16u << 20)

struct nt_patrol {
    nt_textnorm *tn;
    nt_lexicon lx;
    nt_namerules nr;
    nt_roster_index *ri;
    char election_id[80];
    nt_date confirmed;  /* candidates confirmed: ethics codes before, discipline after */
    nt_rules rules;     /* the catalogue says which code a finding proposes */
    nt_strmap accounts; /* lowercase handle (with and without platform) -> pair number */
    int ncand;
    double w_interaction[K_POST]; /* by item kind: like, share, follow, comment */
    double thr_partisan, thr_review, link_threshold;
    char version[160];
};

#define LINK_CACHE_MAX 1000000

struct nt_patrol_worker {
    const nt_patrol *p;
    hs_scratch_t *scratch;
    nt_normed norm;
    nt_hit hits[MAX_HITS];
    bool want_clear;
    /* authors post again and again: their link is computed once per worker */
    nt_item_parser *parser;
    nt_strmap link_cache; /* "platform|handle|name|bio" -> index into links */
    nt_link *links;
    size_t nlinks, links_cap;
};

#endif
