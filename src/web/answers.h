/*
 * answers.h - finished JSON answers kept until the audit chain's head moves (answers.c).
 */
#ifndef NT_ANSWERS_H
#define NT_ANSWERS_H

#include "web/http.h"

/* The key of an API answer: the address (path and query), the reader's roles and scope, the
 * day (deadlines in words). */
void nt_answer_key(nt_req *r, char key[128]);
/* Answers r (200, JSON) with the bytes kept under key if they were computed at the current
 * head, and returns true; otherwise fills head (for nt_answer_json) and returns false. */
bool nt_answer_cached(nt_req *r, const char *key, char head[72]);
/* Answers r with body (stolen) as JSON, 200, and keeps the bytes under key at head (an empty
 * head keeps nothing). */
void nt_answer_json(nt_req *r, const char *key, const char *head, json_t *body);

/* NT_R_KEEP pages: answers r with the page kept for this session, this address (path and
 * query), day and version (the audit head and the risk index's time) and returns true;
 * otherwise notes the key and version in r for nt_page_keep and returns false. */
bool nt_page_kept(nt_req *r);
/* Keeps a finished page (200) under the key nt_page_kept noted. */
void nt_page_keep(nt_req *r, const char *s, size_t len);

#endif
