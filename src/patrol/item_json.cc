// item_json.cc - see item_json.h. The one C++ file: simdjson's API is C++.
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

extern "C" {
#include "patrol/item_json.h"
}

using namespace simdjson;

struct nt_item_parser {
    ondemand::parser parser;
    std::string padded; // the input, with simdjson's padding
    std::string store;  // the unescaped strings, NUL-terminated
};

extern "C" nt_item_parser *nt_item_parser_new(void)
{
    return new (std::nothrow) nt_item_parser();
}

extern "C" void nt_item_parser_free(nt_item_parser *p)
{
    delete p;
}

namespace {

struct pending {
    const char **dst;
    size_t off;
};

struct ctx {
    nt_item_parser *p;
    pending pend[16];
    int n = 0;
};

// Keeps a string value (only strings: a number where text belongs counts as absent).
error_code take(ctx &c, ondemand::value v, const char **dst)
{
    ondemand::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t != ondemand::json_type::string) return SUCCESS;
    std::string_view s;
    if (auto e = v.get_string().get(s)) return e;
    if (c.n >= 16) return SUCCESS;
    c.pend[c.n++] = {dst, c.p->store.size()};
    c.p->store.append(s.data(), s.size());
    c.p->store.push_back('\0');
    return SUCCESS;
}

error_code author(ctx &c, ondemand::value v, const char **handle, const char **name,
                  const char **bio, bool *is_object)
{
    ondemand::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t != ondemand::json_type::object) return SUCCESS;
    *is_object = true;
    ondemand::object o;
    if (auto e = v.get_object().get(o)) return e;
    for (auto field : o) {
        std::string_view k;
        if (auto e = field.unescaped_key().get(k)) return e;
        error_code e = SUCCESS;
        if (k == "handle") e = take(c, field.value(), handle);
        else if (k == "name") e = take(c, field.value(), name);
        else if (bio && k == "bio") e = take(c, field.value(), bio);
        if (e) return e;
    }
    return SUCCESS;
}

error_code parse(ctx &c, ondemand::document &doc, nt_item_fields *f)
{
    ondemand::object obj;
    if (auto e = doc.get_object().get(obj)) return e;
    for (auto field : obj) {
        std::string_view k;
        if (auto e = field.unescaped_key().get(k)) return e;
        error_code e = SUCCESS;
        if (k == "id") e = take(c, field.value(), &f->id);
        else if (k == "platform") e = take(c, field.value(), &f->platform);
        else if (k == "kind") e = take(c, field.value(), &f->kind);
        else if (k == "created_at") e = take(c, field.value(), &f->created_at);
        else if (k == "url") e = take(c, field.value(), &f->url);
        else if (k == "text") e = take(c, field.value(), &f->text);
        else if (k == "author")
            e = author(c, field.value(), &f->author_handle, &f->author_name, &f->author_bio,
                       &f->has_author);
        else if (k == "target") {
            ondemand::value v = field.value();
            ondemand::json_type t;
            if ((e = v.type().get(t))) return e;
            if (t != ondemand::json_type::object) continue;
            f->has_target = true;
            ondemand::object to;
            if ((e = v.get_object().get(to))) return e;
            for (auto tf : to) {
                std::string_view tk;
                if ((e = tf.unescaped_key().get(tk))) return e;
                bool dummy = false;
                if (tk == "text") e = take(c, tf.value(), &f->target_text);
                else if (tk == "author")
                    e = author(c, tf.value(), &f->target_author_handle, &f->target_author_name,
                               nullptr, &dummy);
                if (e) return e;
            }
        }
        if (e) return e;
    }
    /* nothing may follow the object: past the end, current_location() is an error */
    const char *rest = nullptr;
    if (!doc.current_location().get(rest)) return TRAILING_CONTENT;
    return SUCCESS;
}

} // namespace

extern "C" int nt_item_parse(nt_item_parser *p, const char *json, size_t len, nt_item_fields *f,
                             char *err, size_t errlen)
{
    std::memset(f, 0, sizeof *f);
    p->padded.assign(json, len);
    p->padded.append(SIMDJSON_PADDING, '\0');
    p->store.clear();
    p->store.reserve(len + 16);
    ctx c;
    c.p = p;
    ondemand::document doc;
    error_code e = p->parser.iterate(p->padded.data(), len, p->padded.size()).get(doc);
    if (!e) e = parse(c, doc, f);
    if (e) {
        std::snprintf(err, errlen, "JSON tidak sah: %s", error_message(e));
        return -1;
    }
    for (int i = 0; i < c.n; i++) *c.pend[i].dst = p->store.data() + c.pend[i].off;
    return 0;
}
