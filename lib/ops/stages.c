/* stages.c - per unit, the hazards in each 整改阶段 and overdue (hz-tally --stages) */
#include <stdlib.h>
#include <string.h>
#include "hz/overdue.h"
#include "hz/stages.h"
#include "hz/table.h"
#include "hz/text.h"
#include "hz/vocab.h"
#include "hz/writer.h"
#include "xalloc.h"
#include "record_int.h"

/* The columns after the unit: one a stage (hz_stage order), then these. */
enum { COL_NO_STAGE = HZ_STAGE_SIGNED_OFF + 1, COL_OVERDUE, COL_TOTAL, NCOUNTS };

static const struct {
	const char *zh, *en;
} columns[NCOUNTS] = {
	{ "未整改", "open" },       { "整改中", "working" },    { "已整改", "rectified" },
	{ "已销号", "signed_off" }, { "阶段未填", "no_stage" }, { "超期", "overdue" },
	{ "合计", "total" },
};

struct unit {
	char *name;
	long n[NCOUNTS];
};

struct hz_stages {
	hz_overdue_opts od;
	struct unit *units;
	size_t nunits, cap;
	size_t last; /* the unit of the previous record */
};

hz_stages *hz_stages_new(hz_date as_of)
{
	hz_stages *s = hz_xcalloc(1, sizeof *s);

	hz_overdue_opts_init(&s->od, as_of);
	return s;
}

void hz_stages_free(hz_stages *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nunits; i++)
		free(s->units[i].name);
	free(s->units);
	free(s);
}

/* The unit named n (trimmed), made at the end when new. A register is one
 * unit's, so the previous record's is tried first. */
static struct unit *unit_of(hz_stages *s, hz_str n)
{
	if (s->nunits && strlen(s->units[s->last].name) == n.n &&
	    memcmp(s->units[s->last].name, n.s, n.n) == 0)
		return &s->units[s->last];
	for (size_t i = 0; i < s->nunits; i++)
		if (strlen(s->units[i].name) == n.n && memcmp(s->units[i].name, n.s, n.n) == 0)
			return &s->units[s->last = i];
	if (s->nunits == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->units = hz_xrealloc(s->units, s->cap * sizeof *s->units);
	}
	memset(&s->units[s->nunits], 0, sizeof s->units[0]);
	s->units[s->nunits].name = hz_xstrndup(n.s, n.n);
	s->last = s->nunits;
	return &s->units[s->nunits++];
}

void hz_stages_add(hz_stages *s, const hz_record *r)
{
	hz_overdue_hit hit;

	if (hz_record_type(r) != HZ_HAZARD)
		return;
	hz_str name = hz_trim(hz_get(r, HZ_K_REPORTER));
	struct unit *u = unit_of(s, name.s ? name : (hz_str){ "", 0 });
	hz_str stage = hz_get(r, HZ_K_STAGE);
	hz_stage st = stage.s ? hz_stage_of(stage) : HZ_STAGE_NONE;
	u->n[st == HZ_STAGE_NONE ? COL_NO_STAGE : (int)st]++;
	/* no diag: hz-overdue and hz-validate say which dates are bad */
	if (hz_overdue_check(&s->od, r, NULL, &hit) && hit.status == HZ_OD_OVERDUE)
		u->n[COL_OVERDUE]++;
	u->n[COL_TOTAL]++;
}

/* The rows to write: the units, then 合计 over them when there are several. */
static size_t rows(const hz_stages *s, struct unit *total)
{
	memset(total, 0, sizeof *total);
	total->name = (char *)"合计";
	for (size_t i = 0; i < s->nunits; i++)
		for (int c = 0; c < NCOUNTS; c++)
			total->n[c] += s->units[i].n[c];
	return s->nunits > 1 ? s->nunits + 1 : s->nunits;
}

static const struct unit *row(const hz_stages *s, const struct unit *total, size_t i)
{
	return i < s->nunits ? &s->units[i] : total;
}

int hz_stages_write(const hz_stages *s, FILE *out, hz_format f, bool english, int table_width)
{
	struct unit total;
	size_t n = rows(s, &total);
	char day[11], num[NCOUNTS][24];

	hz_date_format(s->od.as_of, day);
	if (f == HZ_FMT_JSON || f == HZ_FMT_JSONL) {
		for (size_t i = 0; i < n; i++) {
			const struct unit *u = row(s, &total, i);
			fputs("{\"unit\":", out);
			hz_json_put_string(out, u->name, strlen(u->name));
			fprintf(out, ",\"as_of\":\"%s\"", day);
			for (int c = 0; c < NCOUNTS; c++)
				fprintf(out, ",\"%s\":%ld", columns[c].en, u->n[c]);
			fputs("}\n", out);
		}
		return ferror(out) ? -1 : 0;
	}
	hz_str cells[NCOUNTS + 1];
	hz_table *t = f == HZ_FMT_TABLE ? hz_table_new(NCOUNTS + 1) : NULL;
	for (size_t i = 0; i <= n; i++) {
		const struct unit *u = i ? row(s, &total, i - 1) : NULL;
		cells[0] = hz_str_c(u ? u->name : english ? "unit" : "填报单位");
		for (int c = 0; c < NCOUNTS; c++) {
			if (u)
				snprintf(num[c], sizeof num[c], "%ld", u->n[c]);
			cells[c + 1] = hz_str_c(u         ? num[c]
			                        : english ? columns[c].en
			                                  : columns[c].zh);
		}
		if (t) {
			hz_table_add(t, cells);
			continue;
		}
		for (int c = 0; c <= NCOUNTS; c++) {
			if (c)
				putc(',', out);
			hz_csv_put_cell(out, cells[c].s, cells[c].n, ',');
		}
		putc('\n', out);
	}
	int rc = 0;
	if (t) {
		rc = hz_table_print(t, out, table_width);
		hz_table_free(t);
	}
	return rc || ferror(out) ? -1 : 0;
}
