/* items.h - the 34 items of 附件1 进展情况调度表, as a table (hz-tally(1)) */
#ifndef HZ_ITEMS_H
#define HZ_ITEMS_H
#include <stdbool.h>
#include "hz/fields.h"
#include "hz/api.h"
HZ_API_BEGIN

/* How an item's value is made from the records in the window. */
typedef enum hz_agg {
	HZ_AGG_HAZARD_FOUND,     /* hazards found, by source (or all listed) */
	HZ_AGG_HAZARD_RECTIFIED, /* those of the item above rectified by A */
	HZ_AGG_DISTINCT_CHECKED, /* distinct enterprises checked */
	HZ_AGG_DISTINCT_FLAG,    /* distinct enterprises with a flag set */
	HZ_AGG_SUM_COUNT,        /* sum of count (empty = 1) */
	HZ_AGG_SUM_AMOUNT,       /* exact sum of amount */
	HZ_AGG_DISTINCT_SUBJECT, /* distinct subjects */
	HZ_AGG_LATEST_FLAG,      /* 4.6: latest record's count 1 -> 是 */
	HZ_AGG_LATEST_COUNT,     /* 4.7: latest record's count */
} hz_agg;

/* Which hazards items 1.x count. */
typedef enum hz_hazard_filter {
	HZ_HF_NONE,
	HZ_HF_SELF,   /* source 企业自查 */
	HZ_HF_DEPT,   /* source 部门检查 */
	HZ_HF_LISTED, /* listed by A */
} hz_hazard_filter;

/* How value2 is made (3.3, 3.8, 4.5 only). */
typedef enum hz_agg2 {
	HZ_AGG2_NONE,
	HZ_AGG2_SUM_AMOUNT,
	HZ_AGG2_SUM_SUB_COUNT,
	HZ_AGG2_SUM_SUB_AMOUNT,
} hz_agg2;

typedef struct hz_item {
	const char *code;  /* "1.1" ... "4.10" */
	int section;       /* 1..4 */
	const char *label; /* as printed on the form */
	const char *label_en;
	const char *measure; /* unit(s) as printed: "个", "次, 万元" */
	hz_type source_type; /* the record type it reads */
	hz_agg agg;
	hz_hazard_filter hazard_filter;
	hz_key flag; /* for HZ_AGG_DISTINCT_FLAG */
	hz_agg2 agg2;
} hz_item;

typedef struct hz_section {
	int number;
	const char *title; /* 总体情况, ... */
	const char *title_en;
} hz_section;

const hz_item *hz_items(size_t *count); /* in form order */
const hz_section *hz_sections(size_t *count);
/* Item of sections 3-4 by code or printed label (trimmed); NULL if none. */
const hz_item *hz_activity_item(hz_str cell);
/* Index of an item in hz_items(), or -1. */
int hz_item_index(const hz_item *it);
/* The item records of type t add to besides their own source type (tips:
 * the rewards paid, 4.5 举报奖励), or NULL. */
const hz_item *hz_item_also_from(hz_type t);

HZ_API_END

#endif
