/* log.h - one-line logs on stderr: time, level, message (as text, or one JSON object per
 * line for a log collector). */
#ifndef NT_LOG_H
#define NT_LOG_H

#include <stdbool.h>

enum { NT_LOG_DEBUG, NT_LOG_INFO, NT_LOG_WARN, NT_LOG_ERROR };
void nt_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nt_log_json(bool on);
#define nt_info(...) nt_log(NT_LOG_INFO, __VA_ARGS__)
#define nt_warn(...) nt_log(NT_LOG_WARN, __VA_ARGS__)
#define nt_error(...) nt_log(NT_LOG_ERROR, __VA_ARGS__)

#endif
