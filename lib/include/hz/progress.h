/* progress.h - what hz-progress does to a hazard: the closed loop of 整改 */
#ifndef HZ_PROGRESS_H
#define HZ_PROGRESS_H
#include <stddef.h>
#include "hz/register.h"
#include "hz/api.h"
HZ_API_BEGIN

/* One hz-progress run. Each member is NULL when not asked for; dates are
 * already checked and written YYYY-MM-DD by the tool. */
typedef struct hz_progress {
	const char *text;   /* --text: add a progress entry (整改进展) */
	const char *date;   /* its date (--date, else today) */
	const char *stage;  /* --stage STAGE (aliases become the canonical word) */
	const char *done;   /* --done DATE: done_date, and stage 已整改 */
	const char *extend; /* --extend DATE: an approved extension (延期至) */
	const char *listed; /* --listed DATE|是|否 (挂牌督办) */
	/* 挂牌督办 in full: --level, --authority, --doc, and --delist DATE */
	const char *listing_level, *listing_authority, *listing_doc, *delist;
	/* 复查 (--review DATE --result 通过|不通过): 通过 signs the hazard off
	 * (已销号, it needs a done_date); 不通过 reopens it (整改中, done_date
	 * emptied) with a progress entry 复查未通过 (text appended) */
	const char *review, *result, *reviewer;
	const char *const *evidence; /* --evidence, each a line of 佐证材料 */
	size_t nevidence;
} hz_progress;

/* Apply p to the register's target record: a progress entry moves 未整改
 * to 整改中; --done sets 已整改 unless --stage says otherwise, and forgets a
 * failed 复查 (the new rectification awaits a new one). Columns the
 * register lacks are added. Returns 0, or -1 with a message in err. */
int hz_progress_apply(hz_reg *g, const hz_progress *p, char *err, size_t errcap);

HZ_API_END

#endif
