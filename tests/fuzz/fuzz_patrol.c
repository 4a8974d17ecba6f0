/* fuzz_patrol.c - the normalizer on raw bytes, and the same bytes as a patrol item line, through
 * both item parsers (simdjson fields and jansson). */
#include "patrol/patrol.h"
#include "text/normalize.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static nt_patrol *engine;
static nt_patrol_worker *worker;
static nt_textnorm *tn;

static void init(void)
{
    static const char election[] =
        "{\"id\":\"fuzz\",\"name\":\"F\",\"kind\":\"bupati\",\"region\":\"35.05\",\"voting_date\":"
        "\"2020-12-09\",\"campaign_start\":\"2020-09-26\",\"candidates\":[{\"number\":1,\"names\":"
        "[\"Hartono Wicaksono\"],\"nicknames\":[\"Mas Har\"],\"hashtags\":[\"#HarMenang\"],"
        "\"accounts\":[\"facebook:har\"]},{\"number\":2,\"names\":[\"Bambang\"]}]}";
    nt_err e = {0};
    json_t *el = json_loads(election, 0, NULL);
    nt_patrol_options o = {.data_dir = NT_TEST_DATADIR, .election = el};
    if (nt_patrol_new(&o, &engine, &e) || nt_textnorm_new(NT_TEST_DATADIR, &tn, &e)) abort();
    json_decref(el);
    worker = nt_patrol_worker_new(engine);
    nt_patrol_worker_want_clear(worker, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) init();
    nt_normed n = {0};
    nt_normalize(tn, (const char *)data, size, &n);
    /* every output byte maps inside the input */
    for (size_t i = 0; i < n.text.len; i++)
        if (n.start[i] > size || n.end[i] > size || n.start[i] > n.end[i]) __builtin_trap();
    nt_normed_free(&n);
    json_t *raw_out = NULL;
    nt_err re = {0};
    nt_patrol_item_raw(worker, (const char *)data, size, "fuzz", &raw_out, &re);
    json_decref(raw_out);
    json_t *item = json_loadb((const char *)data, size, 0, NULL);
    if (item) {
        json_t *out = NULL;
        nt_err e = {0};
        nt_patrol_item(worker, item, (const char *)data, size, "fuzz", &out, &e);
        json_decref(out);
        json_decref(item);
    }
    return 0;
}
