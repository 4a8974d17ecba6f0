/* fuzz_common.h - one in-memory store shared by the harnesses that need the database. */
#ifndef NT_FUZZ_COMMON_H
#define NT_FUZZ_COMMON_H

#include "base/date.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nt_store *fuzz_store(nt_actor *admin)
{
    static nt_store *st;
    static nt_rules rules;
    nt_actor_system(admin, "fuzz");
    if (st) return st;
    nt_err e = {0};
    if (nt_rules_load_dir(&rules, NT_TEST_DATADIR, &e)) {
        fprintf(stderr, "rules: %s\n", e.msg);
        abort();
    }
    static const unsigned char key[NT_KEY_BYTES] = {1};
    nt_store_config cfg = {":memory:", "/tmp/netral-fuzz-evidence", &rules, key};
    if (nt_store_open(&cfg, &st, &e)) abort();
    static const char regions[] =
        "kode,nama,tingkat,induk\n35,Jawa Timur,provinsi,\n"
        "35.05,Kabupaten Blitar,kabkota,35\n35.05.10,Kanigoro,kecamatan,35.05\n";
    int n;
    if (nt_regions_import_csv(st, admin, regions, sizeof regions - 1, &n, &e)) abort();
    static const char roster[] = "nip,nama,jenis_jabatan,instansi,kode_wilayah\n"
                                 "198703122010011004,Budi,fungsional,Pemkab,35.05\n";
    json_t *rep = NULL;
    if (nt_roster_import_csv(st, admin, roster, sizeof roster - 1, 0, &rep, &e)) abort();
    json_decref(rep);
    nt_clock_set((int64_t)nt_date_from_ymd(2020, 10, 5) * 86400);
    return st;
}

#endif
