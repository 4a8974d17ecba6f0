/*
 * risk.h - the risk index of a region (data/rules/risk.json): indicators, their weights and
 * how each raw figure becomes a value from 0 to 1, the levels a score falls into, and the
 * official vulnerability index's (IKP) own thresholds. Pure: the store gathers the figures
 * (src/store/risk.c) and keeps the history; this computes and explains.
 */
#ifndef NT_RISK_H
#define NT_RISK_H

#include "base/nt.h"

#include <jansson.h>

typedef enum nt_risk_ind {
    NT_RISK_INCUMBENT,  /* "petahana": the incumbent or kin running */
    NT_RISK_PAST,       /* "pelanggaran_lalu": ASN reported and sanctioned before */
    NT_RISK_PATROL,     /* "patroli": patrol findings per 1,000 ASN */
    NT_RISK_PREVENTION, /* "pencegahan": pledges, socialization, an agreement in force */
    NT_RISK_IKP,        /* "ikp": Bawaslu's published vulnerability index */
    NT_RISK__COUNT
} nt_risk_ind;

typedef struct nt_risk_ind_rule {
    bool used;
    char label[160], basis[300], explains[600];
    double weight, full, per, kin_share, sanctioned_extra;
    int period_days;
} nt_risk_ind_rule;

typedef struct nt_risk_level_rule {
    char id[16], label[48], color[8];
    double from;
} nt_risk_level_rule;

typedef struct nt_risk_rules {
    char version[32], basis[600];
    double weights_total;
    nt_risk_ind_rule ind[NT_RISK__COUNT];
    /* the prevention indicator's parts (they add up to 1) and how far back events count */
    double part_pledge, part_reach, part_agreement;
    int reach_days;
    nt_risk_level_rule levels[6];
    int nlevels;
    /* IKP's levels: "rawan sedang" and "rawan tinggi" from these scores */
    double ikp_sedang[2], ikp_tinggi[2]; /* [0] regencies and cities, [1] provinces */
    char ikp_source[400];
    int recompute_after_s;
} nt_risk_rules;

/* The raw figures of one region. */
typedef struct nt_risk_input {
    int incumbent;  /* -1 no election on file, 0 neither, 1 kin of the incumbent, 2 incumbent */
    int64_t roster; /* ASN on the roster (0: the rates cannot be computed) */
    int64_t past_reported, past_sanctioned, findings, pledged, reached;
    bool agreement; /* an agreement in force */
    bool has_ikp;
    double ikp;
} nt_risk_input;

typedef struct nt_risk_value {
    bool available;
    double raw;    /* the figure the value came from (a rate, a share, a score) */
    double value;  /* 0..1 */
    double share;  /* of the weights in use, 0..1 */
    double points; /* its part of the score (points add up to it) */
} nt_risk_value;

typedef struct nt_risk_result {
    bool scored; /* at least one indicator had data */
    double score;
    int level;
    nt_risk_value ind[NT_RISK__COUNT];
    double pledge_share, reach_share; /* the prevention indicator's parts, 0..1 */
} nt_risk_result;

int nt_risk_parse(nt_risk_rules *r, json_t *doc, nt_err *err);
/* An indicator's id in the data ("petahana", ...), and the id back. */
const char *nt_risk_ind_id(nt_risk_ind i);
void nt_risk_compute(const nt_risk_rules *r, const nt_risk_input *in, nt_risk_result *out);
/* The weighted mean of several regions' values (a province from its regencies and cities):
 * weights by roster size, an indicator available where any region has it; then scored. */
void nt_risk_combine(const nt_risk_rules *r, const nt_risk_result *parts, const double *weights,
                     size_t n, nt_risk_result *out);
/* The level (index into levels) a score falls in. */
int nt_risk_level(const nt_risk_rules *r, double score);
/* IKP's own level of a published score: "Rawan tinggi", "Rawan sedang" or "Rawan rendah". */
const char *nt_risk_ikp_level(const nt_risk_rules *r, bool province, double score);
/* An indicator's explanation with its parameters filled in ({full}, {period_days}, ...). */
void nt_risk_explain(const nt_risk_rules *r, nt_risk_ind i, char *out, size_t n);

#endif
