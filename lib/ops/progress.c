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
	{ offsetof(hz_progress, listing_level), HZ_K_LISTING_LEVEL },
	{ offsetof(hz_progress, listing_authority), HZ_K_LISTING_AUTHORITY },
	{ offsetof(hz_progress, listing_doc), HZ_K_LISTING_DOC },
	{ offsetof(hz_progress, delist), HZ_K_DELISTED },
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
static int add_line(hz_reg *g, hz_record *r, hz_key k, const char *line, char *err, size_t cap)
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

/* 复查: the review's columns; 通过 signs off, 不通过 reopens. *text is
 * the progress entry to add (NULL: none), *stage the stage to set. */
static int review(hz_reg *g, hz_record *r, const hz_progress *p, const char **text, char **own,
                  const char **stage, char *err, size_t cap)
{
	bool passed = hz_review_passed(hz_str_c(p->result));

	if (passed && hz_blank(hz_get(r, HZ_K_DONE_DATE))) {
		snprintf(err, cap,
		         HZ_("a hazard is signed off (已销号) only once rectified: it has no "
		             "实际整改完成时间 (--done DATE); nothing written"));
		return -1;
	}
	if (set(g, HZ_K_REVIEW_DATE, p->review, err, cap) == -1 ||
	    set(g, HZ_K_REVIEW_RESULT, passed ? "通过" : "不通过", err, cap) == -1 ||
	    (p->reviewer != NULL && set(g, HZ_K_REVIEWER, p->reviewer, err, cap) == -1))
		return -1;
	for (size_t i = 0; i < p->nevidence; i++)
		if (add_line(g, r, HZ_K_EVIDENCE, p->evidence[i], err, cap) == -1)
			return -1;
	if (passed) {
		*stage = "已销号";
		return 0;
	}
	/* reopened: 整改中 again, so no done day; the entry says why */
	if (hz_has(r, HZ_K_DONE_DATE) && set(g, HZ_K_DONE_DATE, "", err, cap) == -1)
		return -1;
	*stage = "整改中";
	if (*text == NULL) {
		*text = "复查未通过";
		return 0;
	}
	*own = malloc(strlen("复查未通过：") + strlen(*text) + 1);
	if (*own == NULL)
		hz_out_of_memory();
	strcpy(*own, "复查未通过：");
	strcat(*own, *text);
	*text = *own;
	return 0;
}

int hz_progress_apply(hz_reg *g, const hz_progress *p, char *err, size_t errcap)
{
	const char *text = p->text, *date = p->date, *review_stage = NULL;
	char *own = NULL;
	int rc = -1;
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
	/* a new rectification after a failed 复查 awaits a new one */
	if (p->done != NULL && p->review == NULL && hz_has(r, HZ_K_REVIEW_RESULT) &&
	    !hz_blank(hz_get(r, HZ_K_REVIEW_RESULT)) &&
	    !hz_review_passed(hz_get(r, HZ_K_REVIEW_RESULT)) &&
	    (set(g, HZ_K_REVIEW_RESULT, "", err, errcap) == -1 ||
	     (hz_has(r, HZ_K_REVIEW_DATE) && set(g, HZ_K_REVIEW_DATE, "", err, errcap) == -1)))
		return -1;
	if (p->review != NULL) {
		if (review(g, r, p, &text, &own, &review_stage, err, errcap) == -1)
			return -1;
		if (date == NULL)
			date = p->review; /* the entry is the review's */
	}
	/* F26: a date column beside no text column (a header typo such as
	 * 整改进度) would pair the new text with the oldest date */
	if (text != NULL && hz_has(r, HZ_K_PROGRESS) != hz_has(r, HZ_K_PROGRESS_DATE) &&
	    !hz_blank(hz_get(r, hz_has(r, HZ_K_PROGRESS) ? HZ_K_PROGRESS : HZ_K_PROGRESS_DATE))) {
		snprintf(err, errcap,
		         HZ_("the register has a %s column but no %s column (a "
		             "misspelt header?); nothing written"),
		         hz_has(r, HZ_K_PROGRESS) ? "整改进展" : "整改进展时间",
		         hz_has(r, HZ_K_PROGRESS) ? "整改进展时间" : "整改进展");
		goto out;
	}
	if (text != NULL && (add_line(g, r, HZ_K_PROGRESS, text, err, errcap) == -1 ||
	                     add_line(g, r, HZ_K_PROGRESS_DATE, date, err, errcap) == -1))
		goto out;
	/* The stage: as asked; else 已整改 when done; else the first progress
	 * entry on an open hazard starts its 整改. */
	if (p->stage != NULL) {
		stage = hz_stage_canonical(hz_str_c(p->stage));
		if (stage == NULL)
			stage = p->stage; /* bad-stage says why */
	} else if (review_stage != NULL) {
		stage = review_stage;
	} else if (p->done != NULL) {
		stage = "已整改";
	} else if (p->text != NULL && (was == HZ_STAGE_OPEN || blank)) {
		stage = "整改中";
	}
	if (stage != NULL && set(g, HZ_K_STAGE, stage, err, errcap) == -1)
		goto out;
	rc = 0;
out:
	free(own);
	return rc;
}
