/* file.c - file helpers; errors are reported in Indonesian with the path. */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_fd(int fd, nt_buf *b)
{
    char tmp[65536];
    for (;;) {
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) return 0;
        nt_buf_add(b, tmp, (size_t)n);
    }
}

int nt_file_read(const char *path, char **out, size_t *len, nt_err *err)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nt_err_set(err, NT_EIO, "file", "tidak dapat membuka berkas %s: %s", path,
                          strerror(errno));
    nt_buf b = {0};
    nt_buf_grow(&b, 0);
    int rc = read_fd(fd, &b);
    int e = errno;
    if (fd != 0) close(fd);
    if (rc < 0) {
        nt_buf_free(&b);
        return nt_err_set(err, NT_EIO, "file", "gagal membaca berkas %s: %s", path, strerror(e));
    }
    *out = nt_buf_detach(&b, len);
    return 0;
}

int nt_map_open(nt_map *m, const char *path, nt_err *err)
{
    memset(m, 0, sizeof *m);
    if (strcmp(path, "-") == 0) {
        char *p;
        size_t n;
        int rc = nt_file_read(path, &p, &n, err);
        if (rc) return rc;
        m->p = p;
        m->len = n;
        return 0;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nt_err_set(err, NT_EIO, "file", "tidak dapat membuka berkas %s: %s", path,
                          strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        char *p;
        size_t n;
        int rc = nt_file_read(path, &p, &n, err);
        if (rc) return rc;
        m->p = p;
        m->len = n;
        return 0;
    }
    m->len = (size_t)st.st_size;
    if (m->len == 0) {
        close(fd);
        m->p = "";
        return 0;
    }
    void *p = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return nt_err_set(err, NT_EIO, "file", "gagal memetakan berkas %s: %s", path,
                          strerror(errno));
    madvise(p, m->len, MADV_SEQUENTIAL);
    m->base = p;
    m->p = p;
    return 0;
}

void nt_map_close(nt_map *m)
{
    if (m->base)
        munmap(m->base, m->len);
    else if (m->len)
        free((void *)m->p);
    memset(m, 0, sizeof *m);
}

int nt_mkdirs(const char *path, nt_err *err)
{
    char *p = nt_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0750) < 0 && errno != EEXIST) goto fail;
        *s = '/';
    }
    if (mkdir(p, 0750) < 0 && errno != EEXIST) goto fail;
    free(p);
    return 0;
fail:
    nt_err_set(err, NT_EIO, "path", "tidak dapat membuat direktori %s: %s", p, strerror(errno));
    free(p);
    return NT_EIO;
}

int nt_file_write_atomic(const char *path, const void *data, size_t len, nt_err *err)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return nt_err_set(err, NT_EIO, "berkas", "%s tidak dapat dibuat: %s", path,
                          strerror(errno));
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        p += n;
        left -= (size_t)n;
    }
    if (left || fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
        int e = errno;
        if (left) close(fd);
        unlink(tmp);
        return nt_err_set(err, NT_EIO, "berkas", "%s tidak dapat ditulis: %s", path, strerror(e));
    }
    return 0;
}

int nt_file_copy_atomic(const char *src, const char *dst, nt_err *err)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return nt_err_set(err, NT_EIO, "berkas", "%s tidak dapat dibaca: %s", src, strerror(errno));
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", dst);
    int out = mkstemp(tmp);
    if (out < 0) {
        int e = errno;
        close(in);
        return nt_err_set(err, NT_EIO, "berkas", "%s tidak dapat dibuat: %s", dst, strerror(e));
    }
    char buf[1 << 16];
    ssize_t n;
    int bad = 0;
    while (!bad && (n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            bad = errno;
            break;
        }
        for (ssize_t off = 0; off < n && !bad;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0)
                bad = errno;
            else
                off += w;
        }
    }
    close(in);
    if (bad || fsync(out) < 0 || close(out) < 0 || rename(tmp, dst) < 0) {
        int e = bad ? bad : errno;
        unlink(tmp);
        return nt_err_set(err, NT_EIO, "berkas", "%s tidak dapat ditulis: %s", dst, strerror(e));
    }
    return 0;
}
