/*
 * upkeep.h - the server's background work that no page should wait for (upkeep.c).
 */
#ifndef NT_UPKEEP_H
#define NT_UPKEEP_H

#include "store/store.h"

/* Starts the thread (its own connection from cfg); 0 on success. */
int nt_upkeep_start(const nt_store_config *cfg);
/* Stops it, letting a pass in progress finish. */
void nt_upkeep_stop(void);

#endif
