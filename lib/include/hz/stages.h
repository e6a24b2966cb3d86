/* stages.h - hz-tally --stages: per unit, the hazards in each 整改阶段 and overdue */
#ifndef HZ_STAGES_H
#define HZ_STAGES_H
#include <stdbool.h>
#include <stdio.h>
#include "hz/date.h"
#include "hz/format.h"
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

/*
 * One row a 填报单位 (in order of first appearance; hazards without one
 * under the empty name), then 合计 when there are several: the hazard
 * records in each stage (未整改, 整改中, 已整改, 已销号, and 阶段未填 for an
 * empty or unknown stage), how many of them are overdue as of a day
 * (hz-overdue's selection: found by then, not rectified, past the
 * effective deadline), and their number. Records of other types are
 * passed over.
 */
typedef struct hz_stages hz_stages;

hz_stages *hz_stages_new(hz_date as_of);
void hz_stages_add(hz_stages *s, const hz_record *r);
/* -o table, csv or json (one object a line); english: --lang en headers.
 * 0, or -1 when the stream is in error. */
int hz_stages_write(const hz_stages *s, FILE *out, hz_format f, bool english, int table_width);
void hz_stages_free(hz_stages *s);

HZ_API_END

#endif
