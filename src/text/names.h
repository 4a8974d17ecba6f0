/*
 * names.h - Indonesian person names reduced to comparable tokens.
 *
 * "Drs. H. Moch. Soedjono, S.Pd., M.Si" -> "muhammad sujono": degrees after a
 * comma and titles before the name are dropped, old spellings folded (oe->u,
 * dj->j, tj->c, ch->kh, sj->sy, nj->ny) and the Muhammad family (Moh., Moch.,
 * Muhamad, M.) becomes one name. The rules come from data/lexicon/cues.json.
 */
#ifndef NT_NAMES_H
#define NT_NAMES_H

#include "base/nt.h"
#include "base/strmap.h"

#include <jansson.h>

typedef struct nt_namerules {
    nt_strmap titles, muhammad;
    char folds[16][2][8];
    int nfolds;
} nt_namerules;

int nt_namerules_load(nt_namerules *nr, json_t *cues, nt_err *err);
void nt_namerules_free(nt_namerules *nr);

#define NT_NAME_MAX_TOKENS 8
typedef struct nt_name_tokens {
    char tok[NT_NAME_MAX_TOKENS][32];
    int n;
} nt_name_tokens;

/* Splits and normalizes a name; tokens of one letter are initials. */
void nt_name_tokens_of(const nt_namerules *nr, const char *name, size_t len, nt_name_tokens *out);

/* An account handle as people type it, reduced to the handle itself: "@Dede.Kurnia",
 * " dede.kurnia ", "https://www.instagram.com/dede.kurnia/?hl=id" and "instagram.com/dede.kurnia"
 * all become "dede.kurnia" (ASCII lowercased; a profile address gives its first path part, or
 * its id= for a Facebook profile.php address). out holds at least n bytes; "" when nothing is
 * left. */
void nt_handle_normalize(const char *in, size_t len, char *out, size_t n);
/* A platform's name as the rest of Netral writes it: "Instagram", "IG" -> "instagram", "FB" ->
 * "facebook", "Twitter" -> "x", "TT" -> "tiktok"; otherwise lowercased. */
void nt_platform_normalize(const char *in, size_t len, char *out, size_t n);

#endif
