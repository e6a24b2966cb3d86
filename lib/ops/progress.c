/* progress.c - a progress entry, a stage, a deadline extension on a hazard */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hz/progress.h"
#include "hz/vocab.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* The fields an option sets as they are given. */
static const struct {
	size_t member;
	hz_key key;
} direct[] = {
	{ offsetof(hz_progress, done), HZ_K_DONE_DATE },
	{ offsetof(hz_progress, extend), HZ_K_EXTENSION },
	{ offsetof(hz_progress, listed), HZ_K_LISTED },
};

static const char *member(const hz_progress *p, size_t off)
{
	return *(const char *const *)(const void *)((const char *)p + off);
}

static int set(hz_reg *g, hz_key k, const char *s, char *err, size_t cap)
{
	return hz_reg_target_set(g, k, s, strlen(s), err, cap);
}

/* Add a line to a multi-line cell (整改进展 "可以填写多条"). */
static int add_line(hz_reg *g, hz_record *r, hz_key k, const char *line,
		    char *err, size_t cap)
{
	hz_str old = hz_get(r, k);
	size_t keep = hz_blank(old) ? 0 : old.n, n = strlen(line);
	/* its own line breaks: still one entry, paired with one date */
	char *one = hz_entry_text(line, n, &n);
	char *cell = malloc(keep + 1 + n + 1);
	int rc;

	if (cell == NULL)
		hz_out_of_memory();
	if (one)
		line = one;
	if (keep > 0) {
		memcpy(cell, old.s, keep);
		cell[keep++] = '\n';
	}
	memcpy(cell + keep, line, n);
	cell[keep + n] = '\0';
	rc = set(g, k, cell, err, cap);
	free(cell);
	free(one);
	return rc;
}

int hz_progress_apply(hz_reg *g, const hz_progress *p, char *err, size_t errcap)
{
	long count;
	hz_record *r = hz_reg_target(g, &count);
	hz_stage was;
	bool blank;
	const char *stage = NULL, *v;

	if (r == NULL) {
		snprintf(err, errcap, HZ_("no record to update"));
		return -1;
	}
	was = hz_stage_of(hz_get(r, HZ_K_STAGE));
	blank = hz_blank(hz_get(r, HZ_K_STAGE));
	for (size_t i = 0; i < sizeof(direct) / sizeof(direct[0]); i++)
		if ((v = member(p, direct[i].member)) != NULL &&
		    set(g, direct[i].key, v, err, errcap) == -1)
			return -1;
	/* F26: a date column beside no text column (a header typo such as
	 * 整改进度) would pair the new text with the oldest date */
	if (p->text != NULL && hz_has(r, HZ_K_PROGRESS) != hz_has(r, HZ_K_PROGRESS_DATE) &&
	    !hz_blank(hz_get(r, hz_has(r, HZ_K_PROGRESS) ? HZ_K_PROGRESS : HZ_K_PROGRESS_DATE))) {
		snprintf(err, errcap, HZ_("the register has a %s column but no %s column (a "
			 "misspelt header?); nothing written"),
			 hz_has(r, HZ_K_PROGRESS) ? "整改进展" : "整改进展时间",
			 hz_has(r, HZ_K_PROGRESS) ? "整改进展时间" : "整改进展");
		return -1;
	}
	if (p->text != NULL &&
	    (add_line(g, r, HZ_K_PROGRESS, p->text, err, errcap) == -1 ||
	     add_line(g, r, HZ_K_PROGRESS_DATE, p->date, err, errcap) == -1))
		return -1;
	/* The stage: as asked; else 已整改 when done; else the first progress
	 * entry on an open hazard starts its 整改. */
	if (p->stage != NULL) {
		stage = hz_stage_canonical(hz_str_c(p->stage));
		if (stage == NULL)
			stage = p->stage;       /* bad-stage says why */
	} else if (p->done != NULL) {
		stage = "已整改";
	} else if (p->text != NULL && (was == HZ_STAGE_OPEN || blank)) {
		stage = "整改中";
	}
	if (stage != NULL && set(g, HZ_K_STAGE, stage, err, errcap) == -1)
		return -1;
	return 0;
}
