/* log.c - see log.h. A single fprintf per line, so lines from threads do not interleave. */
#include "base/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int min_level = NT_LOG_INFO;
static bool as_json;

void nt_log_json(bool on)
{
    as_json = on;
}

void nt_log(int level, const char *fmt, ...)
{
    if (level < min_level) return;
    static const char *names[] = {"debug", "info", "warn", "error"};
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (as_json) {
        json_t *o = json_pack("{ss ss ss}", "t", when, "level", names[level & 3], "msg", msg);
        char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(o);
        if (line) {
            fprintf(stderr, "%s\n", line);
            free(line);
            return;
        }
    }
    fprintf(stderr, "%s %s %s\n", when, names[level & 3], msg);
}
