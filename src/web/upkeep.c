/*
 * upkeep.c - a server thread for the work no page should wait for: the risk index is
 * recomputed here when its inputs moved (at national size that takes seconds), so the risk
 * pages always read the stored index with the time it was computed. Several instances each run
 * one; the first to take the write lock does the work and the others find it done.
 */
#include "web/upkeep.h"

#include "base/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static nt_store_config store_cfg;
static pthread_t thread;
static atomic_bool running;

static void *loop(void *arg)
{
    (void)arg;
    nt_store *st = NULL;
    nt_err err = {0};
    if (nt_store_open(&store_cfg, &st, &err)) {
        nt_error("pemelihara latar tidak dapat membuka basis data: %s", err.msg);
        return NULL;
    }
    while (atomic_load(&running)) {
        nt_err e = {0};
        if (nt_risk_keep_current(st, &e)) nt_warn("indeks risiko belum dapat dihitung: %s", e.msg);
        for (int t = 0; t < 10 && atomic_load(&running); t++)
            usleep(100000);
    }
    nt_store_close(st);
    return NULL;
}

int nt_upkeep_start(const nt_store_config *cfg)
{
    store_cfg = *cfg;
    atomic_store(&running, true);
    if (pthread_create(&thread, NULL, loop, NULL)) {
        atomic_store(&running, false);
        return -1;
    }
    return 0;
}

void nt_upkeep_stop(void)
{
    if (!atomic_load(&running)) return;
    atomic_store(&running, false);
    pthread_join(thread, NULL);
}
