/* vocab.h - the closed vocabularies: domains, stages, levels, sources, flags */
#ifndef HZ_VOCAB_H
#define HZ_VOCAB_H
#include <stdbool.h>
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

/* A word and the canonical word it stands for. */
typedef struct hz_word {
	const char *word;
	const char *canonical;
} hz_word;

typedef enum hz_stage {
	HZ_STAGE_NONE = -1,
	HZ_STAGE_OPEN,       /* 未整改 */
	HZ_STAGE_WORKING,    /* 整改中 */
	HZ_STAGE_RECTIFIED,  /* 已整改 */
	HZ_STAGE_SIGNED_OFF, /* 已销号 */
} hz_stage;

typedef enum hz_source {
	HZ_SOURCE_NONE = -1,
	HZ_SOURCE_SELF, /* 企业自查 */
	HZ_SOURCE_DEPT, /* 部门检查 */
} hz_source;

/* Each returns the canonical word (after trimming and aliases) or NULL. */
const char *hz_domain_canonical(hz_str cell);
const char *hz_level_canonical(hz_str cell);
const char *hz_stage_canonical(hz_str cell);
const char *hz_source_canonical(hz_str cell);
/* The office's words (hz-formats(5): sign-off, 挂牌督办, notices, 举报). */
const char *hz_review_canonical(hz_str cell);        /* 通过, 不通过 */
const char *hz_listing_level_canonical(hz_str cell); /* 省级 ... 街道 */
const char *hz_notice_kind_canonical(hz_str cell);   /* 督促函 ... */
const char *hz_channel_canonical(hz_str cell);       /* 12345 ... 其他 */
const char *hz_finding_canonical(hz_str cell);       /* 属实 ... */
bool hz_review_passed(hz_str cell);                  /* 复查结论 通过 (or an alias) */
bool hz_finding_true(hz_str cell);                   /* 属实 or 部分属实 */

hz_stage hz_stage_of(hz_str cell);
hz_source hz_source_of(hz_str cell);
bool hz_stage_rectified(hz_stage s); /* 已整改 or 已销号 */

/* Flag words: 是 1 Y y true √ -> yes; 否 0 N n false and empty -> no.
 * Returns false when the cell is not a flag word. */
bool hz_flag_parse(hz_str cell, bool *yes);

/* Extra domains from --domains FILE (one name a line); NULL clears. */
typedef struct hz_domains hz_domains;
hz_domains *hz_domains_load(const char *path, char *err, size_t errcap);
bool hz_domains_has(const hz_domains *d, hz_str cell);
void hz_domains_free(hz_domains *d);

/* The whole vocabularies, for man pages and tests. */
const hz_word *hz_domain_words(void); /* NULL-terminated by .word */
const hz_word *hz_stage_words(void);
const hz_word *hz_level_words(void);

HZ_API_END

#endif
