/* test_record.c - schemas and records: columns, owned cells, the values
 * tools read (hz_get and the preamble's 填报单位), copies */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hz/record.h"
#include "../../lib/model/record_int.h"

static void test_schema_columns(void **state)
{
	hz_schema *s = hz_schema_new(HZ_HAZARD);

	(void)state;
	assert_int_equal(s->type, HZ_HAZARD);
	assert_int_equal(s->ncols, 0);
	for (int k = 0; k < HZ_KEY_COUNT; k++)
		assert_int_equal(s->col[k], -1);
	assert_int_equal(hz_schema_add(s, "序号", strlen("序号"), HZ_K_ID), 0);
	assert_int_equal(hz_schema_add(s, "说明xyz", 6, HZ_K_NONE), 1); /* n bytes only */
	assert_int_equal(hz_schema_add(s, "编号", strlen("编号"), HZ_K_ID), 2);
	assert_int_equal(s->ncols, 3);
	assert_string_equal(s->names[0], "序号");
	assert_string_equal(s->names[1], "说明");
	assert_int_equal(s->keys[1], HZ_K_NONE);
	/* the first column of a key is the one read */
	assert_int_equal(s->col[HZ_K_ID], 0);
	assert_int_equal(s->keys[2], HZ_K_ID);
	hz_schema_unref(s);
}

static void test_schema_full(void **state)
{
	size_t n;
	const hz_field *f = hz_fields(HZ_HAZARD, &n);
	hz_schema *zh = hz_schema_full(HZ_HAZARD, false);
	hz_schema *en = hz_schema_full(HZ_HAZARD, true);

	(void)state;
	/* the office's columns are not in a new register */
	while (n > 0 && (f[n - 1].flags & HZ_F_OFFICE))
		n--;
	assert_int_equal(n, 20);
	assert_int_equal(zh->ncols, n);
	assert_int_equal(en->ncols, n);
	assert_int_equal(zh->col[HZ_K_REVIEW_DATE], -1);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(zh->names[i], f[i].header);
		assert_string_equal(en->names[i], f[i].name);
		assert_int_equal(zh->keys[i], f[i].key);
		assert_int_equal(zh->col[f[i].key], (int)i);
	}
	assert_string_equal(zh->names[0], "序号");
	assert_string_equal(en->names[16], "funds");
	assert_true(hz_schema_same_fields(zh, en));
	hz_schema_unref(zh);
	hz_schema_unref(en);
}

static void test_schema_same_fields(void **state)
{
	hz_schema *a = hz_schema_new(HZ_ROSTER), *b = hz_schema_new(HZ_ROSTER);
	hz_schema *c = hz_schema_new(HZ_ROSTER), *d = hz_schema_new(HZ_CHECK);

	(void)state;
	hz_schema_add(a, "序号", 6, HZ_K_ID);
	hz_schema_add(a, "单位名字", 12, HZ_K_ENTERPRISE);
	hz_schema_add(a, "x", 1, HZ_K_NONE);
	/* same fields, another order, another spelling of a known header */
	hz_schema_add(b, "x", 1, HZ_K_NONE);
	hz_schema_add(b, "企业名称", 12, HZ_K_ENTERPRISE);
	hz_schema_add(b, "id", 2, HZ_K_ID);
	assert_true(hz_schema_same_fields(a, b));
	assert_true(hz_schema_same_fields(b, a));
	/* an unknown column of another name */
	hz_schema_add(c, "序号", 6, HZ_K_ID);
	hz_schema_add(c, "单位名字", 12, HZ_K_ENTERPRISE);
	hz_schema_add(c, "y", 1, HZ_K_NONE);
	assert_false(hz_schema_same_fields(a, c));
	/* another type */
	hz_schema_add(d, "序号", 6, HZ_K_ID);
	hz_schema_add(d, "单位名字", 12, HZ_K_ENTERPRISE);
	hz_schema_add(d, "x", 1, HZ_K_NONE);
	assert_false(hz_schema_same_fields(a, d));
	/* another count */
	hz_schema_add(c, "z", 1, HZ_K_NONE);
	assert_false(hz_schema_same_fields(a, c));
	hz_schema_unref(a);
	hz_schema_unref(b);
	hz_schema_unref(c);
	hz_schema_unref(d);
}

static void test_refs(void **state)
{
	hz_schema *s = hz_schema_full(HZ_ROSTER, false);
	hz_record *r = hz_record_new(s);

	(void)state;
	assert_int_equal(s->refs, 2);
	hz_record *c = hz_record_copy(r);
	assert_ptr_equal(c->schema, s);
	assert_int_equal(s->refs, 3);
	hz_record_free(r);
	hz_record_free(c);
	assert_int_equal(s->refs, 1);
	r = hz_record_new(NULL);
	hz_record_set_schema(r, s);
	assert_int_equal(s->refs, 2);
	hz_record_set_schema(r, s); /* the same: no change */
	assert_int_equal(s->refs, 2);
	hz_record_set_schema(r, NULL);
	assert_int_equal(s->refs, 1);
	hz_record_free(r);
	hz_schema_unref(s);
	hz_schema_unref(NULL);
	hz_record_free(NULL);
}

/* Cells stay valid, and exact, while the record's storage grows. */
static void test_cells_grow(void **state)
{
	hz_schema *s = hz_schema_new(HZ_TYPE_UNKNOWN);
	hz_record *r;
	char big[5000], name[16];

	(void)state;
	for (int c = 0; c < 40; c++) {
		int n = snprintf(name, sizeof name, "c%d", c);
		hz_schema_add(s, name, (size_t)n, HZ_K_NONE);
	}
	r = hz_record_new(s);
	for (int c = 0; c < 40; c++) {
		memset(big, 'a' + c % 26, sizeof big);
		hz_record_push(r, big, (size_t)(c * 100));
	}
	assert_int_equal(r->ncells, 40);
	for (int c = 0; c < 40; c++) {
		assert_int_equal(r->cells[c].n, (size_t)(c * 100));
		assert_int_equal(r->cells[c].s[c * 100], '\0'); /* NUL-terminated */
		for (int i = 0; i < c * 100; i++)
			if (r->cells[c].s[i] != 'a' + c % 26)
				fail_msg("cell %d byte %d changed", c, i);
	}
	/* embedded NUL bytes are kept by length */
	hz_record_set_cell(r, 3, "a\0b", 3);
	assert_int_equal(r->cells[3].n, 3);
	assert_memory_equal(r->cells[3].s, "a\0b", 3);
	hz_record_clear(r);
	assert_int_equal(r->ncells, 0);
	assert_ptr_equal(r->schema, s);
	hz_record_push(r, "x", 1);
	assert_string_equal(r->cells[0].s, "x");
	hz_record_free(r);
	hz_schema_unref(s);
}

static void test_set_and_get(void **state)
{
	hz_schema *s = hz_schema_new(HZ_HAZARD);
	hz_record *r;

	(void)state;
	hz_schema_add(s, "序号", 6, HZ_K_ID);
	hz_schema_add(s, "重大隐患", 12, HZ_K_HAZARD);
	hz_schema_add(s, "责任人", 9, HZ_K_OWNER);
	hz_schema_add(s, "其他", 6, HZ_K_NONE);
	r = hz_record_new(s);
	hz_record_push(r, " 7 ", 3);
	/* a short row: the cells it lacks read as empty, present */
	assert_true(hz_str_eq(hz_get(r, HZ_K_ID), " 7 "));
	hz_str v = hz_get(r, HZ_K_OWNER);
	assert_non_null(v.s);
	assert_int_equal(v.n, 0);
	assert_true(hz_has(r, HZ_K_OWNER));
	assert_false(hz_filled(r, HZ_K_OWNER));
	/* an absent column */
	v = hz_get(r, HZ_K_FUNDS);
	assert_null(v.s);
	assert_false(hz_has(r, HZ_K_FUNDS));
	assert_false(hz_filled(r, HZ_K_FUNDS));
	assert_false(hz_record_set(r, HZ_K_FUNDS, "1", 1));
	/* set by key pads the cells before it */
	assert_true(hz_record_set(r, HZ_K_OWNER, "张三", 6));
	assert_int_equal(r->ncells, 3);
	assert_true(hz_str_eq(hz_get(r, HZ_K_HAZARD), ""));
	assert_true(hz_str_eq(hz_get(r, HZ_K_OWNER), "张三"));
	assert_true(hz_filled(r, HZ_K_OWNER));
	/* spaces only, ASCII or ideographic, count as empty */
	assert_true(hz_record_set(r, HZ_K_HAZARD, " \t\xE3\x80\x80 ", 6));
	assert_false(hz_filled(r, HZ_K_HAZARD));
	assert_true(hz_str_eq(hz_get(r, HZ_K_HAZARD), " \t\xE3\x80\x80 "));
	assert_true(hz_filled(r, HZ_K_ID));
	/* replace a cell */
	hz_record_set_cell(r, 0, "8", 1);
	assert_true(hz_str_eq(hz_get(r, HZ_K_ID), "8"));
	hz_record_set_cell(r, 3, "u", 1);
	assert_int_equal(r->ncells, 4);
	assert_string_equal(r->cells[3].s, "u");
	hz_record_free(r);
	hz_schema_unref(s);

	/* no schema: nothing is there */
	r = hz_record_new(NULL);
	assert_null(hz_get(r, HZ_K_ID).s);
	assert_false(hz_has(r, HZ_K_ID));
	assert_false(hz_record_set(r, HZ_K_ID, "1", 1));
	hz_record_free(r);
}

/* 填报单位：X in the preamble is the reporter of every record that has none. */
static void test_reporter_fallback(void **state)
{
	hz_schema *s = hz_schema_new(HZ_HAZARD), *t = hz_schema_new(HZ_HAZARD);
	hz_record *r, *q;

	(void)state;
	hz_schema_add(s, "序号", 6, HZ_K_ID);
	hz_schema_add(s, "填报单位", 12, HZ_K_REPORTER);
	s->reporter = strdup("公园社区");
	r = hz_record_new(s);
	hz_record_push(r, "1", 1);
	hz_record_push(r, "  ", 2);
	assert_true(hz_str_eq(hz_get(r, HZ_K_REPORTER), "公园社区"));
	assert_true(hz_filled(r, HZ_K_REPORTER));
	hz_record_set(r, HZ_K_REPORTER, "东湖社区", strlen("东湖社区"));
	assert_true(hz_str_eq(hz_get(r, HZ_K_REPORTER), "东湖社区"));
	/* only the reporter falls back */
	hz_record_set(r, HZ_K_ID, "", 0);
	assert_true(hz_str_eq(hz_get(r, HZ_K_ID), ""));

	/* no column at all */
	hz_schema_add(t, "序号", 6, HZ_K_ID);
	t->reporter = strdup("西湖社区");
	q = hz_record_new(t);
	hz_record_push(q, "1", 1);
	assert_false(hz_has(q, HZ_K_REPORTER));
	assert_true(hz_str_eq(hz_get(q, HZ_K_REPORTER), "西湖社区"));
	hz_record_free(q);
	hz_schema_unref(t);
	hz_record_free(r);
	hz_schema_unref(s);
}

static void test_copy(void **state)
{
	hz_schema *s = hz_schema_full(HZ_ROSTER, false);
	hz_record *r = hz_record_new(s), *c;

	(void)state;
	hz_record_push(r, "1", 1);
	hz_record_push(r, "某酒店", strlen("某酒店"));
	r->place = (hz_place){
		.file = "reg.csv", .line = 14, .record = 11, .row = 12, .begin = 100, .end = 140
	};
	r->flags = HZ_R_BAD_BYTES;
	c = hz_record_copy(r);
	hz_record_set_cell(r, 1, "改了", strlen("改了"));
	hz_record_clear(r);
	assert_int_equal(c->ncells, 2);
	assert_true(hz_str_eq(hz_get(c, HZ_K_ENTERPRISE), "某酒店"));
	assert_string_equal(c->place.file, "reg.csv");
	assert_int_equal(c->place.line, 14);
	assert_int_equal(c->place.record, 11);
	assert_int_equal(c->place.row, 12);
	assert_int_equal(c->place.begin, 100);
	assert_int_equal(c->place.end, 140);
	assert_int_equal(c->flags, HZ_R_BAD_BYTES);
	hz_record_free(c);
	hz_record_free(r);
	hz_schema_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_columns),     cmocka_unit_test(test_schema_full),
		cmocka_unit_test(test_schema_same_fields), cmocka_unit_test(test_refs),
		cmocka_unit_test(test_cells_grow),         cmocka_unit_test(test_set_and_get),
		cmocka_unit_test(test_reporter_fallback),  cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
