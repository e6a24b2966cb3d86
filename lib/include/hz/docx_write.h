/* docx_write.h - documents the office sends (督促函, 通报): paragraphs and tables,
 * written as .docx (WordprocessingML) or as text for mail */
#ifndef HZ_DOCX_WRITE_H
#define HZ_DOCX_WRITE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "hz/api.h"
HZ_API_BEGIN

/*
 * A document is a list of blocks, built in order:
 *
 *	d = hz_doc_new(false);
 *	hz_doc_para(d, HZ_DOC_TITLE, "关于…的督促函");
 *	hz_doc_table(d, 3, header); hz_doc_row(d, cells) ...
 *	hz_doc_write_docx(d, path, stdout, NULL, err, sizeof err);
 *
 * As .docx: A4 (landscape when asked), 仿宋 body at 16 pt and 宋体 tables
 * at 12 pt (FangSong, SimSun and the system's fallback named in the font
 * table), tables with their header row repeated on every page, page
 * numbers 第 N 页 共 M 页 in the footer. As text: the paragraphs, and each
 * table as aligned columns.
 *
 * With a template (the office's letterhead .docx), the document's blocks
 * go where the template's text says {{清单}}, the fields' values replace
 * their {{NAME}}, and every other part of the template is copied byte for
 * byte.
 */

typedef enum hz_doc_style {
	HZ_DOC_TITLE,   /* centred, 宋体 22 pt bold */
	HZ_DOC_HEADING, /* 黑体 16 pt: 一、… */
	HZ_DOC_BODY,    /* 仿宋 16 pt, first line indented two characters */
	HZ_DOC_PLAIN,   /* 仿宋 16 pt, not indented (the addressee line) */
	HZ_DOC_RIGHT,   /* 仿宋 16 pt, right-aligned (落款, date) */
	HZ_DOC_CENTER,  /* 仿宋 16 pt, centred (文号) */
	HZ_DOC_NOTE,    /* 仿宋 12 pt, not indented */
} hz_doc_style;

typedef struct hz_doc hz_doc;

hz_doc *hz_doc_new(bool landscape);
void hz_doc_free(hz_doc *d);
/* A paragraph; fmt as printf. Line breaks in it stay line breaks. */
void hz_doc_para(hz_doc *d, hz_doc_style style, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* A table of ncols columns with its header row; rows follow. */
void hz_doc_table(hz_doc *d, size_t ncols, const char *const *header);
void hz_doc_row(hz_doc *d, const char *const *cells);
size_t hz_doc_blocks(const hz_doc *d);
/* Block i: a paragraph (*ncols 0, *nrows 1, its text the one cell) or a
 * table (the header row first). */
void hz_doc_block(const hz_doc *d, size_t i, size_t *ncols, size_t *nrows,
                  const char *const **cells);

typedef struct hz_doc_field {
	const char *name; /* 文号: replaces {{文号}} */
	const char *value;
} hz_doc_field;

typedef struct hz_doc_template {
	const char *path; /* the letterhead .docx */
	const hz_doc_field *fields;
	size_t nfields;
} hz_doc_template;

/* The document as .docx, renamed into path when given (a temporary file
 * beside it first: never half a file), else copied to out. With tpl, the
 * document's blocks replace the template's {{清单}} paragraph. 0, or -1
 * with a message in err. */
int hz_doc_write_docx(const hz_doc *d, const char *path, FILE *out, const hz_doc_template *tpl,
                      char *err, size_t errcap);
/* The document as text: the paragraphs, a blank line between blocks, each
 * table's columns aligned on display width. 0, or -1 on a write error. */
int hz_doc_write_text(const hz_doc *d, FILE *out);

HZ_API_END

#endif
