/*
 * pdf.c - a composed document (compose.c) drawn as A4 PDF: Pango lays the text out, Cairo
 * draws it, libqrencode makes the verification code.
 *
 * The first page carries the letterhead (logo, office, address, a double rule), the model
 * number, the title and the letter's number; every page carries a footer with the QR code,
 * the verification address, the document's hash and "Halaman i dari n". Paragraphs break
 * between lines, tables and label/value lists between rows (a table's heading is repeated
 * on the next page); a cell that would not fit on one page is cut with an ellipsis, so no
 * input can push text past the margins. The page count is known by laying the document out
 * twice: once to count, once to draw.
 *
 * Fonts: DejaVu Serif and DejaVu Sans Mono (Debian fonts-dejavu-core), embedded as subsets
 * by Cairo. The PDF's dates are the issue time, so one document always gives the same bytes.
 */
#include "docs/docs.h"

#include "base/date.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define MARGIN_X 62.0
#define MARGIN_TOP 48.0
#define FOOTER_H 92.0
#define BOTTOM (PAGE_H - FOOTER_H)
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define CELL_PAD 3.5

typedef struct pdf {
    cairo_t *cr;
    PangoContext *pc; /* at 72 dpi: a font's size is its size in points on the page */
    PangoFontDescription *body, *bold, *mono, *small, *head1, *head2;
    double y;
    int page, total;
    const json_t *doc;
    const nt_pdf_meta *m;
    cairo_surface_t *logo;
} pdf;

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static PangoLayout *layout(pdf *p, const char *text, const PangoFontDescription *font, double width,
                           PangoAlignment align)
{
    PangoLayout *l = pango_layout_new(p->pc);
    pango_layout_set_font_description(l, font);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text, -1); /* plain text: no markup from the case reaches Pango */
    return l;
}

static double height_of(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void show_at(pdf *p, PangoLayout *l, double x, double y)
{
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

static void text_line(pdf *p, const char *text, const PangoFontDescription *f, double x, double y,
                      double w, PangoAlignment a)
{
    PangoLayout *l = layout(p, text, f, w, a);
    show_at(p, l, x, y);
    g_object_unref(l);
}

static void draw_qr(pdf *p, const char *text, double x, double y, double size)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return;
    double cell = size / (q->width + 2);
    cairo_save(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            if (q->data[r * q->width + c] & 1)
                cairo_rectangle(p->cr, x + (c + 1) * cell, y + (r + 1) * cell, cell, cell);
    cairo_fill(p->cr);
    cairo_restore(p->cr);
    QRcode_free(q);
}

static void footer(pdf *p)
{
    double top = BOTTOM + 14;
    cairo_set_source_rgb(p->cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, MARGIN_X, top - 6);
    cairo_line_to(p->cr, PAGE_W - MARGIN_X, top - 6);
    cairo_stroke(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    draw_qr(p, p->m->verify_url, MARGIN_X - 4, top - 2, 66);
    char pg[64];
    snprintf(pg, sizeof pg, "Halaman %d dari %d", p->page, p->total ? p->total : p->page);
    text_line(p, pg, p->small, PAGE_W - MARGIN_X - 100, top + 2, 100, PANGO_ALIGN_RIGHT);
    char line[1024];
    snprintf(line, sizeof line,
             "Dokumen ini diterbitkan oleh Netral. Periksa keasliannya dengan memindai kode QR "
             "atau membuka alamat di bawah dengan kode verifikasi %s.",
             p->m->code);
    PangoLayout *l = layout(p, line, p->small, TEXT_W - 180, PANGO_ALIGN_LEFT);
    show_at(p, l, MARGIN_X + 70, top + 2);
    double y = top + 4 + height_of(l);
    g_object_unref(l);
    l = layout(p, p->m->verify_url, p->mono, TEXT_W - 70, PANGO_ALIGN_LEFT);
    show_at(p, l, MARGIN_X + 70, y);
    y += height_of(l) + 1;
    g_object_unref(l);
    snprintf(line, sizeof line, "SHA-256 isi: %s", p->m->hash);
    text_line(p, line, p->mono, MARGIN_X + 70, y, TEXT_W - 70, PANGO_ALIGN_LEFT);
}

static void letterhead(pdf *p)
{
    const json_t *kop = json_object_get(p->doc, "kop");
    double y = MARGIN_TOP;
    if (p->logo) {
        double w = cairo_image_surface_get_width(p->logo), s = 58.0 / (w > 0 ? w : 1);
        cairo_save(p->cr);
        cairo_translate(p->cr, MARGIN_X, y);
        cairo_scale(p->cr, s, s);
        cairo_set_source_surface(p->cr, p->logo, 0, 0);
        cairo_paint(p->cr);
        cairo_restore(p->cr);
    }
    double x = MARGIN_X + 62, w = TEXT_W - 124;
    PangoLayout *l = layout(p, jstr(kop, "instansi"), p->head2, w, PANGO_ALIGN_CENTER);
    show_at(p, l, x, y);
    y += height_of(l);
    g_object_unref(l);
    l = layout(p, jstr(kop, "nama"), p->head1, w, PANGO_ALIGN_CENTER);
    show_at(p, l, x, y);
    y += height_of(l) + 2;
    g_object_unref(l);
    char addr[1024];
    snprintf(addr, sizeof addr, "%s%s%s", jstr(kop, "alamat"),
             *jstr(kop, "alamat") && *jstr(kop, "kontak") ? "\n" : "", jstr(kop, "kontak"));
    if (*addr) {
        l = layout(p, addr, p->small, w, PANGO_ALIGN_CENTER);
        show_at(p, l, x, y);
        y += height_of(l);
        g_object_unref(l);
    }
    if (y < MARGIN_TOP + 60) y = MARGIN_TOP + 60;
    cairo_set_line_width(p->cr, 1.6);
    cairo_move_to(p->cr, MARGIN_X, y + 4);
    cairo_line_to(p->cr, PAGE_W - MARGIN_X, y + 4);
    cairo_stroke(p->cr);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, MARGIN_X, y + 6.5);
    cairo_line_to(p->cr, PAGE_W - MARGIN_X, y + 6.5);
    cairo_stroke(p->cr);
    y += 16;
    if (*jstr(p->doc, "model")) {
        text_line(p, jstr(p->doc, "model"), p->bold, PAGE_W - MARGIN_X - 120, y, 120,
                  PANGO_ALIGN_RIGHT);
        y += 14;
    }
    l = layout(p, jstr(p->doc, "judul"), p->bold, TEXT_W, PANGO_ALIGN_CENTER);
    show_at(p, l, MARGIN_X, y);
    y += height_of(l);
    g_object_unref(l);
    char no[300];
    snprintf(no, sizeof no, "Nomor: %s", jstr(p->doc, "nomor"));
    l = layout(p, no, p->body, TEXT_W, PANGO_ALIGN_CENTER);
    show_at(p, l, MARGIN_X, y);
    y += height_of(l) + 12;
    g_object_unref(l);
    p->y = y;
}

static void new_page(pdf *p)
{
    if (p->page) {
        footer(p);
        cairo_show_page(p->cr);
    }
    p->page++;
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    if (p->page == 1) {
        letterhead(p);
        return;
    }
    char head[400];
    snprintf(head, sizeof head, "%s · Nomor %s", jstr(p->doc, "judul"), jstr(p->doc, "nomor"));
    text_line(p, head, p->small, MARGIN_X, MARGIN_TOP - 18, TEXT_W, PANGO_ALIGN_LEFT);
    p->y = MARGIN_TOP;
}

static void room(pdf *p, double h)
{
    if (p->y + h > BOTTOM) new_page(p);
}

/* A paragraph that breaks between its lines. */
static void paragraph(pdf *p, const char *text, const PangoFontDescription *f, double x, double w,
                      double after)
{
    PangoLayout *l = layout(p, *text ? text : "-", f, w, PANGO_ALIGN_LEFT);
    pango_layout_set_justify(l, f == p->body);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double lh = (double)logical.height / PANGO_SCALE;
        room(p, lh);
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        double baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE -
                          (double)logical.y / PANGO_SCALE;
        cairo_move_to(p->cr, x, p->y + baseline);
        pango_cairo_show_layout_line(p->cr, line);
        p->y += lh;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
    p->y += after;
}

/* A cell laid out at most a page high (longer text ends in an ellipsis). */
static PangoLayout *cell(pdf *p, const char *text, const PangoFontDescription *f, double w)
{
    PangoLayout *l = layout(p, *text ? text : "-", f, w, PANGO_ALIGN_LEFT);
    pango_layout_set_height(l, (int)((BOTTOM - MARGIN_TOP - 60) * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    return l;
}

/* A row of laid-out cells at the current height, each boxed; the layouts are released. */
static void draw_row(pdf *p, PangoLayout **ls, const double *xs, const double *ws, size_t n,
                     double h)
{
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_set_line_width(p->cr, 0.5);
    for (size_t i = 0; i < n; i++) {
        show_at(p, ls[i], xs[i] + CELL_PAD, p->y + CELL_PAD);
        cairo_rectangle(p->cr, xs[i], p->y, ws[i], h);
        cairo_stroke(p->cr);
        g_object_unref(ls[i]);
    }
    p->y += h;
}

static void table_head(pdf *p, const json_t *b, const double *xs, const double *ws, size_t n)
{
    PangoLayout *ls[16];
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        ls[i] = cell(p, json_string_value(json_array_get(json_object_get(b, "heads"), i)), p->bold,
                     ws[i] - 2 * CELL_PAD);
        h = fmax(h, height_of(ls[i]));
    }
    h += 2 * CELL_PAD;
    room(p, h + 20);
    cairo_set_source_rgb(p->cr, 0.9, 0.92, 0.95);
    cairo_rectangle(p->cr, xs[0], p->y, TEXT_W, h);
    cairo_fill(p->cr);
    draw_row(p, ls, xs, ws, n, h);
}

static void table(pdf *p, const json_t *b)
{
    const json_t *widths = json_object_get(b, "widths"), *rows = json_object_get(b, "rows");
    size_t n = json_array_size(widths);
    if (n == 0 || n > 16) return;
    if (!json_array_size(rows)) {
        paragraph(p, jstr(b, "empty"), p->body, MARGIN_X, TEXT_W, 8);
        return;
    }
    double xs[16], ws[16], sum = 0, x = MARGIN_X;
    for (size_t i = 0; i < n; i++)
        sum += json_number_value(json_array_get(widths, i));
    for (size_t i = 0; i < n; i++) {
        ws[i] = TEXT_W * json_number_value(json_array_get(widths, i)) / (sum > 0 ? sum : 1);
        xs[i] = x;
        x += ws[i];
    }
    table_head(p, b, xs, ws, n);
    size_t r;
    json_t *row;
    json_array_foreach(rows, r, row)
    {
        PangoLayout *ls[16];
        double h = 0;
        for (size_t i = 0; i < n; i++) {
            bool mono = json_is_true(json_array_get(json_object_get(b, "mono"), i));
            ls[i] = cell(p, json_string_value(json_array_get(row, i)) ?: "",
                         mono ? p->mono : p->body, ws[i] - 2 * CELL_PAD);
            h = fmax(h, height_of(ls[i]));
        }
        h += 2 * CELL_PAD;
        if (p->y + h > BOTTOM) {
            new_page(p);
            table_head(p, b, xs, ws, n);
        }
        draw_row(p, ls, xs, ws, n, h);
    }
    p->y += 8;
}

static void pairs(pdf *p, const json_t *b)
{
    double lw = TEXT_W * 0.32;
    size_t r;
    json_t *row;
    json_array_foreach(json_object_get(b, "rows"), r, row)
    {
        PangoLayout *k = cell(p, json_string_value(json_array_get(row, 0)) ?: "", p->body, lw - 8);
        PangoLayout *v =
            cell(p, json_string_value(json_array_get(row, 1)) ?: "", p->body, TEXT_W - lw - 12);
        double h = fmax(height_of(k), height_of(v)) + 2;
        room(p, h);
        show_at(p, k, MARGIN_X, p->y);
        text_line(p, ":", p->body, MARGIN_X + lw, p->y, 8, PANGO_ALIGN_LEFT);
        show_at(p, v, MARGIN_X + lw + 10, p->y);
        p->y += h;
        g_object_unref(k);
        g_object_unref(v);
    }
    p->y += 8;
}

static void items(pdf *p, const json_t *b)
{
    size_t r, j;
    json_t *row, *line;
    json_array_foreach(json_object_get(b, "rows"), r, row)
    {
        char no[24];
        snprintf(no, sizeof no, "%zu.", r + 1);
        room(p, 30);
        text_line(p, no, p->body, MARGIN_X, p->y, 24, PANGO_ALIGN_LEFT);
        json_array_foreach(row, j, line)
            paragraph(p, json_string_value(line) ?: "", p->body, MARGIN_X + 24, TEXT_W - 24, 2);
        p->y += 6;
    }
    p->y += 4;
}

static void signatures(pdf *p, const json_t *b)
{
    const json_t *signers = json_object_get(b, "signers");
    size_t n = json_array_size(signers);
    room(p, 130);
    p->y += 8;
    if (*jstr(b, "place")) {
        text_line(p, jstr(b, "place"), p->body, PAGE_W - MARGIN_X - 220, p->y, 220,
                  PANGO_ALIGN_CENTER);
        p->y += 18;
    }
    double colw = TEXT_W / 2;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(signers, i);
        /* one signer sits on the right, as a letter's head signs; two share the width */
        double x = (n == 1 || i % 2) ? MARGIN_X + colw : MARGIN_X;
        if (i && i % 2 == 0) p->y += 100;
        if (i % 2 == 0) room(p, 100);
        text_line(p, jstr(s, "role"), p->body, x, p->y, colw, PANGO_ALIGN_CENTER);
        const char *name =
            *jstr(s, "name") ? jstr(s, "name") : "(....................................)";
        text_line(p, name, p->bold, x, p->y + 64, colw, PANGO_ALIGN_CENTER);
    }
    p->y += 100;
}

static void draw(pdf *p)
{
    new_page(p);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(p->doc, "blok"), i, b)
    {
        const char *t = jstr(b, "t");
        if (!strcmp(t, "judul")) {
            room(p, 40);
            PangoLayout *l = layout(p, jstr(b, "text"), p->bold, TEXT_W, PANGO_ALIGN_CENTER);
            show_at(p, l, MARGIN_X, p->y);
            p->y += height_of(l) + 8;
            g_object_unref(l);
        } else if (!strcmp(t, "sub")) {
            room(p, 44); /* a heading is not left alone at the foot of a page */
            paragraph(p, jstr(b, "text"), p->bold, MARGIN_X, TEXT_W, 4);
        } else if (!strcmp(t, "p")) {
            paragraph(p, jstr(b, "text"), p->body, MARGIN_X, TEXT_W, 8);
        } else if (!strcmp(t, "kv")) {
            pairs(p, b);
        } else if (!strcmp(t, "tabel")) {
            table(p, b);
        } else if (!strcmp(t, "daftar")) {
            items(p, b);
        } else if (!strcmp(t, "ttd")) {
            signatures(p, b);
        }
    }
    footer(p);
    cairo_show_page(p->cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    if (closure) nt_buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static int pass(pdf *p, nt_buf *out, nt_err *err)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
    char when[32];
    time_t t = (time_t)p->m->issued_at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, jstr(p->doc, "judul"));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, p->m->author ? p->m->author : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Netral");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, when);
    p->cr = cairo_create(s);
    p->pc = pango_cairo_create_context(p->cr);
    pango_cairo_context_set_resolution(p->pc, 72);
    p->page = 0;
    draw(p);
    g_object_unref(p->pc);
    p->pc = NULL;
    cairo_destroy(p->cr);
    p->cr = NULL;
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS)
        return nt_err_set(err, NT_EIO, "pdf", "PDF gagal dibuat: %s", cairo_status_to_string(st));
    return 0;
}

int nt_pdf_render(const json_t *doc, const nt_pdf_meta *m, nt_buf *out, int *pages, nt_err *err)
{
    pdf p = {.doc = doc, .m = m};
    p.body = pango_font_description_from_string("DejaVu Serif 11");
    p.bold = pango_font_description_from_string("DejaVu Serif Bold 11.5");
    p.mono = pango_font_description_from_string("DejaVu Sans Mono 7");
    p.small = pango_font_description_from_string("DejaVu Sans 7.5");
    p.head1 = pango_font_description_from_string("DejaVu Serif Bold 16");
    p.head2 = pango_font_description_from_string("DejaVu Serif Bold 12.5");
    if (m->logo_path && *m->logo_path) {
        p.logo = cairo_image_surface_create_from_png(m->logo_path);
        if (cairo_surface_status(p.logo) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(p.logo);
            p.logo = NULL; /* a letter without its logo beats no letter */
        }
    }
    int rc = pass(&p, NULL, err); /* counts the pages */
    p.total = p.page;
    if (!rc) rc = pass(&p, out, err);
    *pages = p.page;
    if (p.logo) cairo_surface_destroy(p.logo);
    pango_font_description_free(p.body);
    pango_font_description_free(p.bold);
    pango_font_description_free(p.mono);
    pango_font_description_free(p.small);
    pango_font_description_free(p.head1);
    pango_font_description_free(p.head2);
    return rc;
}
