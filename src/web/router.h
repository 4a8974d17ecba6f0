/*
 * router.h - matching a method and path against the route table.
 *
 * Patterns are literal segments and {name} placeholders ("/api/v1/cases/{id}").
 * A placeholder matches one non-empty segment; its value is returned as a
 * slice of the path (not decoded: paths in our API carry codes and numbers).
 * The router is pure, so it is fuzzed on its own (tests/fuzz/fuzz_router.c).
 */
#ifndef NT_ROUTER_H
#define NT_ROUTER_H

#include "base/nt.h"

#define NT_ROUTE_MAX_PARAMS 4

typedef struct nt_route_def {
    const char *method;
    const char *pattern;
    void *handler;
    unsigned flags;
} nt_route_def;

typedef struct nt_route_match {
    const nt_route_def *route;
    nt_str params[NT_ROUTE_MAX_PARAMS];
    int nparams;
    bool path_matched; /* some route had this path but another method (405) */
} nt_route_match;

/* Returns 0 and fills m on a match; NT_ENOTFOUND otherwise (m->path_matched tells 405). */
int nt_route_find(const nt_route_def *routes, size_t n, const char *method, const char *path,
                  size_t path_len, nt_route_match *m);

#endif
