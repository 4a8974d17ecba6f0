/* router.c - see router.h. Linear over a table of a few dozen routes: fast enough and obvious. */
#include "web/router.h"

#include <string.h>

static bool match(const char *pat, const char *path, size_t len, nt_route_match *m)
{
    size_t i = 0;
    m->nparams = 0;
    while (*pat) {
        if (*pat == '{') {
            const char *close = strchr(pat, '}');
            if (!close) return false;
            size_t start = i;
            while (i < len && path[i] != '/')
                i++;
            if (i == start || m->nparams >= NT_ROUTE_MAX_PARAMS) return false;
            m->params[m->nparams++] = (nt_str){path + start, i - start};
            pat = close + 1;
            continue;
        }
        if (i >= len || path[i] != *pat) return false;
        pat++;
        i++;
    }
    return i == len;
}

int nt_route_find(const nt_route_def *routes, size_t n, const char *method, const char *path,
                  size_t path_len, nt_route_match *m)
{
    memset(m, 0, sizeof *m);
    /* A trailing slash is the same resource. */
    if (path_len > 1 && path[path_len - 1] == '/') path_len--;
    for (size_t k = 0; k < n; k++) {
        nt_route_match tmp;
        memset(&tmp, 0, sizeof tmp);
        if (!match(routes[k].pattern, path, path_len, &tmp)) continue;
        if (strcmp(routes[k].method, method) != 0) {
            m->path_matched = true;
            continue;
        }
        bool pm = m->path_matched;
        *m = tmp;
        m->route = &routes[k];
        m->path_matched = pm;
        return 0;
    }
    return NT_ENOTFOUND;
}
