/*
 * options.c - each subcommand's own option table (git's parse-options is the
 * model): the table says which options exist, whether they take a value and
 * of what kind, and the help text; parsing and --help both come from it, so a
 * documented option always parses and an undeclared one is always refused.
 */
#include "cli/cli.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nt_option *find(const nt_option *opts, const char *name, size_t n)
{
    for (const nt_option *o = opts; o->kind != NT_OPTK_END; o++)
        if (strlen(o->name) == n && !strncmp(o->name, name, n)) return o;
    return NULL;
}

static int fail(const char *synopsis, const char *fmt, const char *a, const char *b)
{
    fputs("netral: ", stderr);
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\nPenggunaan: %s\n(lihat --help)\n", synopsis);
    return 2;
}

static int set_value(const nt_option *o, const char *v, const char *synopsis)
{
    switch (o->kind) {
    case NT_OPTK_STR:
    case NT_OPTK_OPTARG:
        *(const char **)o->value = v;
        return 0;
    case NT_OPTK_INT: {
        char *end;
        errno = 0;
        long long x = strtoll(v, &end, 10);
        if (!*v || *end || errno || x < o->min || x > o->max) {
            char range[64];
            if (o->max == INT64_MAX)
                snprintf(range, sizeof range, "mulai %lld", o->min);
            else
                snprintf(range, sizeof range, "%lld..%lld", o->min, o->max);
            fprintf(stderr, "netral: --%s harus bilangan bulat %s, bukan '%s'\n", o->name, range,
                    v);
            fprintf(stderr, "Penggunaan: %s\n", synopsis);
            return 2;
        }
        *(long long *)o->value = x;
        return 0;
    }
    case NT_OPTK_NUM: {
        char *end;
        errno = 0;
        double x = strtod(v, &end);
        if (!*v || *end || errno || x < (double)o->min || x > (double)o->max) {
            fprintf(stderr, "netral: --%s harus angka %lld..%lld, bukan '%s'\n", o->name, o->min,
                    o->max, v);
            return 2;
        }
        *(double *)o->value = x;
        return 0;
    }
    default:
        return 0;
    }
}

/* NETRAL_ARGS_ONLY: print what was parsed and stop, so tests can check that every documented
 * command line means what its documentation says without running it. */
static void print_parsed(const nt_option *opts, const bool *seen, const char **pos, int npos)
{
    json_t *j = json_object(), *o = json_object(), *a = json_array();
    for (const nt_option *p = opts; p->kind != NT_OPTK_END; p++) {
        if (!seen[p - opts]) continue;
        json_t *v;
        switch (p->kind) {
        case NT_OPTK_STR:
        case NT_OPTK_OPTARG:
            v = *(const char **)p->value ? json_string(*(const char **)p->value) : json_true();
            break;
        case NT_OPTK_INT:
            v = json_integer(*(long long *)p->value);
            break;
        case NT_OPTK_NUM:
            v = json_real(*(double *)p->value);
            break;
        default:
            v = json_true();
            break;
        }
        json_object_set_new(o, p->name, v);
    }
    for (int i = 0; i < npos; i++)
        json_array_append_new(a, json_string(pos[i]));
    json_object_set_new(j, "options", o);
    json_object_set_new(j, "args", a);
    nt_cli_print(j);
}

void nt_options_help(FILE *f, const nt_option *opts, const nt_subcommand *s)
{
    fprintf(f, "Penggunaan: %s\n", s->synopsis);
    if (s->about) fprintf(f, "\n%s", s->about);
    if (s->more) s->more(f);
    fputs("\nOpsi:\n", f);
    for (const nt_option *o = opts; o->kind != NT_OPTK_END; o++) {
        char left[64];
        if (o->kind == NT_OPTK_FLAG)
            snprintf(left, sizeof left, "--%s", o->name);
        else if (o->kind == NT_OPTK_OPTARG)
            snprintf(left, sizeof left, "--%s[=%s]", o->name, o->arg);
        else
            snprintf(left, sizeof left, "--%s %s", o->name, o->arg ? o->arg : "NILAI");
        if (strlen(left) < 24)
            fprintf(f, "  %-24s %s\n", left, o->help);
        else
            fprintf(f, "  %s\n  %-24s %s\n", left, "", o->help);
    }
}

int nt_options_parse(int argc, char **argv, const nt_option *opts, const nt_subcommand *s,
                     int min_pos, int max_pos, const char **pos)
{
    const char *synopsis = s->synopsis;
    for (int i = 0; i < max_pos; i++)
        pos[i] = NULL;
    bool seen[NT_OPTIONS_MAX] = {false};
    size_t count = 0;
    while (opts[count].kind != NT_OPTK_END)
        count++;
    assert(count <= NT_OPTIONS_MAX); /* a table larger than the parser's bookkeeping */
    int npos = 0;
    bool only_pos = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
            nt_options_help(stdout, opts, s);
            return NT_CLI_HELP;
        }
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = true;
            continue;
        }
        if (only_pos || a[0] != '-' || !strcmp(a, "-")) {
            if (npos >= max_pos) return fail(synopsis, "argumen berlebih: %s%s", a, "");
            pos[npos++] = a;
            continue;
        }
        if (a[1] != '-') return fail(synopsis, "opsi tidak dikenal: %s%s", a, "");
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        const nt_option *o = find(opts, name, n);
        if (!o) {
            char shown[80];
            snprintf(shown, sizeof shown, "--%.*s", (int)(n > 60 ? 60 : n), name);
            return fail(synopsis, "opsi tidak dikenal untuk perintah ini: %s%s", shown, "");
        }
        seen[o - opts] = true;
        if (o->seen) *o->seen = true;
        if (o->kind == NT_OPTK_FLAG) {
            if (eq) return fail(synopsis, "--%s tidak menerima nilai%s", o->name, "");
            *(bool *)o->value = true;
            continue;
        }
        const char *v;
        if (eq)
            v = eq + 1;
        else if (o->kind == NT_OPTK_OPTARG)
            continue; /* bare form: the flag meaning */
        else if (i + 1 < argc)
            v = argv[++i];
        else
            return fail(synopsis, "--%s memerlukan nilai (%s)", o->name, o->arg ? o->arg : "");
        int rc = set_value(o, v, synopsis);
        if (rc) return rc;
    }
    if (npos < min_pos) return fail(synopsis, "argumen kurang%s%s", "", "");
    if (getenv("NETRAL_ARGS_ONLY")) {
        print_parsed(opts, seen, pos, npos);
        return NT_CLI_HELP;
    }
    return 0;
}

int nt_subcommands_run(const char *cmd, int argc, char **argv, const nt_subcommand *subs, size_t n,
                       const char *about)
{
    bool help = argc > 0 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"));
    const nt_subcommand *s = NULL;
    if (argc > 0 && !help)
        for (size_t i = 0; i < n && !s; i++)
            if (!strcmp(argv[0], subs[i].name)) s = &subs[i];
    if (s) return s->fn(s, argc - 1, argv + 1);
    FILE *f = help ? stdout : stderr;
    if (argc > 0 && !help) {
        if (argv[0][0] == '-')
            fprintf(stderr,
                    "netral: sebutkan subperintah lebih dulu: netral %s <subperintah> "
                    "[opsi]\n\n",
                    cmd);
        else
            fprintf(stderr, "netral: subperintah %s tidak dikenal: %s\n\n", cmd, argv[0]);
    }
    fputs("Penggunaan:\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %s\n", subs[i].synopsis);
    if (about) fprintf(f, "\n%s", about);
    fprintf(f, "\nOpsi tiap subperintah: netral %s <subperintah> --help\n", cmd);
    return help ? 0 : 2;
}
