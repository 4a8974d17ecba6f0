/* fuzz_router.c - the request router: "METHOD path" lines against the real route table. */
#include "web/http.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *sp = memchr(data, ' ', size);
    if (!sp) return 0;
    size_t mlen = (size_t)(sp - (const char *)data);
    char method[16];
    if (mlen >= sizeof method) return 0;
    memcpy(method, data, mlen);
    method[mlen] = '\0';
    const char *path = sp + 1;
    size_t plen = size - mlen - 1;
    nt_route_match m;
    if (nt_route_find(nt_api_routes, nt_api_routes_len, method, path, plen, &m) == 0) {
        for (int i = 0; i < m.nparams; i++) {
            /* every captured parameter lies inside the path and has no '/' */
            if (m.params[i].p < path || m.params[i].p + m.params[i].len > path + plen)
                __builtin_trap();
            if (memchr(m.params[i].p, '/', m.params[i].len)) __builtin_trap();
        }
    }
    return 0;
}
