/*
 * case_sanction.c - which sanctions a recommendation (and a decree) for one
 * reported ASN may name.
 *
 * The catalogue rates each violation (moral for ethics breaches, light to
 * dismissal for discipline breaches). The ladder that applies is the one in
 * force on the date of the act for that ASN: PNS or PPPK, ethics or
 * discipline. A recommendation offers only those ladders, pre-selects the
 * heaviest level the case's violations carry, and a different level needs a
 * written reason.
 */
#include "store/case_int.h"

#include <string.h>

int nt_sanction_frame_of(nt_store *st, int64_t case_id, const char *nip, nt_sanction_frame *f)
{
    memset(f, 0, sizeof *f);
    f->rank[NT_LADDER_ETHICS] = f->rank[NT_LADDER_DISCIPLINE] = -2;
    f->expected = -1;
    nt_stmt *s = nt_query(st->db,
                          "SELECT coalesce(c.event_date, c.known_date), x.position_kind FROM cases "
                          "c JOIN case_parties p ON p.case_id=c.id JOIN asn x ON x.nip=p.nip "
                          "WHERE c.id=$1 AND p.nip=$2",
                          "it", case_id, nip);
    int found = s ? nt_step(s) : NT_EDB;
    if (found == 1) {
        f->act = nt_col_date(s, 0);
        f->pppk = strcmp(nt_col_text(s, 1), "pppk") == 0;
    }
    nt_done(s);
    if (found != 1) return NT_ENOTFOUND;
    s = nt_query(st->db, "SELECT code FROM case_violations WHERE case_id=$1", "i", case_id);
    while (s && nt_step(s) == 1) {
        const nt_violation *v = nt_rules_violation(st->rules, nt_col_text(s, 0));
        if (!v) continue;
        int k = strcmp(v->kind, "etik") == 0 ? NT_LADDER_ETHICS : NT_LADDER_DISCIPLINE;
        f->has[k] = true;
        int r = nt_level_rank(v->level);
        if (r > f->rank[k]) {
            f->rank[k] = r;
            nt_strlcpy(f->level[k], v->level, sizeof f->level[k]);
        }
    }
    nt_done(s);
    for (int k = 0; k < 2; k++)
        if (f->has[k]) f->ladders[k] = nt_rules_ladder_for(st->rules, k, f->pppk, f->act);
    /* a discipline breach outweighs an ethics one; an unrated one (per the other law) sets no
     * expected level */
    if (f->has[NT_LADDER_DISCIPLINE] && f->ladders[NT_LADDER_DISCIPLINE])
        f->expected = f->rank[NT_LADDER_DISCIPLINE] >= 0 ? NT_LADDER_DISCIPLINE : -1;
    else if (f->has[NT_LADDER_ETHICS] && f->ladders[NT_LADDER_ETHICS])
        f->expected = NT_LADDER_ETHICS;
    return 0;
}

json_t *nt_sanction_options(nt_store *st, const nt_sanction_frame *f, const char *chosen)
{
    json_t *out = json_array();
    bool picked = false;
    for (int k = 1; k >= 0; k--) { /* discipline first */
        const nt_ladder *l = f->ladders[k];
        if (!l) continue;
        for (int i = 0; i < st->rules->nsanctions; i++) {
            const nt_sanction *x = &st->rules->sanctions[i];
            if (strcmp(x->ladder, l->id) != 0) continue;
            char value[80], label[300];
            snprintf(value, sizeof value, "%s|%s", x->ladder, x->code);
            snprintf(label, sizeof label, "%s — %s (%s)", x->label, l->name,
                     nt_level_label(x->level));
            bool sel = chosen ? strcmp(chosen, value) == 0
                              : !picked && k == f->expected && strcmp(x->level, f->level[k]) == 0;
            picked |= sel;
            json_array_append_new(
                out, json_pack("{ss ss sb}", "value", value, "label", label, "selected", sel));
        }
    }
    return out;
}

int nt_sanction_pick(nt_store *st, const nt_sanction_frame *f, const char *value,
                     const char *ladder_hint, bool need_reason_check, const char *reason,
                     const nt_sanction **out, nt_err *err)
{
    char ladder[16] = "";
    const char *code = value, *bar = strchr(value, '|');
    if (bar) {
        snprintf(ladder, sizeof ladder, "%.*s", (int)(bar - value), value);
        code = bar + 1;
    } else if (ladder_hint) {
        nt_strlcpy(ladder, ladder_hint, sizeof ladder);
    }
    const nt_sanction *s = NULL;
    int kind = -1;
    for (int k = 0; k < 2 && !s; k++) {
        const nt_ladder *l = f->ladders[k];
        if (!l || (*ladder && strcmp(ladder, l->id) != 0)) continue;
        s = nt_rules_sanction(st->rules, l->id, code);
        kind = k;
    }
    if (!s) {
        char names[300] = "";
        for (int k = 1; k >= 0; k--)
            if (f->ladders[k])
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                         *names ? ", " : "", f->ladders[k]->name);
        return nt_err_set(err, NT_EINVAL, "data.sanksi",
                          "sanksi '%s' tidak berlaku untuk ASN ini pada tanggal perbuatan; "
                          "pilih dari: %s",
                          value, *names ? names : "(tidak ada aturan sanksi yang berlaku)");
    }
    if (need_reason_check && f->expected == kind && strcmp(s->level, f->level[kind]) != 0 &&
        (!reason || !*reason))
        return nt_err_set(err, NT_EINVAL, "alasan",
                          "tingkat sanksi '%s' berbeda dari tingkat pelanggaran dalam katalog "
                          "('%s'): tuliskan alasannya",
                          s->level, f->level[kind]);
    if (need_reason_check && f->expected >= 0 && kind != f->expected && (!reason || !*reason))
        return nt_err_set(err, NT_EINVAL, "alasan",
                          "sanksi dari %s berbeda dari jenis pelanggaran terberat dalam kasus "
                          "('%s'): tuliskan alasannya",
                          f->ladders[kind]->name, f->level[f->expected]);
    *out = s;
    return 0;
}
