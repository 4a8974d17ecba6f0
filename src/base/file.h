/* file.h - whole-file reads and read-only maps. */
#ifndef NT_FILE_H
#define NT_FILE_H

#include "base/nt.h"

/* Reads the whole file into a malloc'd, NUL-terminated buffer (caller frees). */
int nt_file_read(const char *path, char **out, size_t *len, nt_err *err);

typedef struct nt_map {
    const char *p;
    size_t len;
    void *base;
} nt_map;
/* Maps a file read-only ("-" reads stdin into memory instead). */
int nt_map_open(nt_map *m, const char *path, nt_err *err);
void nt_map_close(nt_map *m);

/* Writes a whole file through a temporary file and rename: never half-written. */
int nt_file_write_atomic(const char *path, const void *data, size_t len, nt_err *err);

/* Copies a file through a temporary file and rename, a buffer at a time. */
int nt_file_copy_atomic(const char *src, const char *dst, nt_err *err);

/* mkdir -p */
int nt_mkdirs(const char *path, nt_err *err);

#endif
