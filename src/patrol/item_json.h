/*
 * item_json.h - the fields of a social-media item the patrol reads, and a
 * fast parser for them (simdjson On-Demand, in item_json.cc).
 *
 * Building a jansson tree for each of millions of items cost more than all
 * the matching; the patrol extracts only these fields and parses an item with
 * jansson only when it is flagged and its evidence must be kept.
 */
#ifndef NT_ITEM_JSON_H
#define NT_ITEM_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef struct nt_item_fields {
    const char *platform, *id, *kind, *created_at, *url,
        *text;                   /* NULL when absent or not a string */
    bool has_author, has_target; /* present as objects */
    const char *author_handle, *author_name, *author_bio;
    const char *target_author_handle, *target_author_name, *target_text;
} nt_item_fields;

typedef struct nt_item_parser nt_item_parser;

nt_item_parser *nt_item_parser_new(void);
void nt_item_parser_free(nt_item_parser *p);
/* Parses one JSON object; the strings live in the parser until the next call.
 * 0, or -1 with a message in err (malformed JSON, invalid UTF-8, not an object). */
int nt_item_parse(nt_item_parser *p, const char *json, size_t len, nt_item_fields *f, char *err,
                  size_t errlen);

#endif
