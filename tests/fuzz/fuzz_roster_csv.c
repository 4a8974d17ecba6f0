/* fuzz_roster_csv.c - the roster importer (CSV reader, NIP parser, validation) on any bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nt_actor admin;
    nt_store *st = fuzz_store(&admin);
    json_t *rep = NULL;
    nt_err e = {0};
    /* Dry run: everything is validated and written, then rolled back. */
    nt_roster_import_csv(st, &admin, (const char *)data, size,
                         NT_IMPORT_DRY_RUN | NT_IMPORT_SKIP_INVALID, &rep, &e);
    json_decref(rep);
    return 0;
}
