/* test_roster.c - the enterprise names of a roster file */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hz/roster.h"

static int findings;
static const char *last_rule;

static void hook(const hz_finding *f, void *arg)
{
	(void)arg;
	findings++;
	last_rule = f->rule;
}

static void test_roster_load(void **state)
{
	char path[] = "/tmp/test_rosterXXXXXX.csv";
	const char csv[] = "序号,单位名字,类型\n1, 某某酒店 ,住宿业\n2,某某超市,零售业\n3,,\n";
	hz_read_opts ro;
	hz_strset *names;
	hz_diag diag;
	int fd;

	(void)state;
	hz_diag_init(&diag, "t");
	diag.out = NULL;
	diag.hook = hook;
	fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, sizeof csv - 1), (ssize_t)(sizeof csv - 1));
	close(fd);
	hz_read_opts_init(&ro);
	names = hz_roster_load(path, &ro, &diag);
	unlink(path);
	assert_non_null(names);
	assert_int_equal(hz_strset_size(names), 2);
	assert_true(hz_strset_has(names, "某某酒店", strlen("某某酒店")));
	assert_true(hz_strset_has(names, "某某超市", strlen("某某超市")));
	hz_strset_free(names);
	assert_int_equal(findings, 0);

	names = hz_roster_load("/nonexistent/roster.csv", NULL, &diag);
	assert_null(names);
	assert_int_equal(findings, 1);
	assert_string_equal(last_rule, "io");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roster_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
