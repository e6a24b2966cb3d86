/* test_xalloc.c - out of memory ends a tool with a message and exit status
 * 2, not an abort (SIGABRT, a core, no word of why) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "hz/oom.h"
#include "../../lib/core/xalloc.h"

/* Under AddressSanitizer a request past its limit would be a report and an
 * abort of its own; here it must be NULL, as from malloc itself. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* Run fn in a child with stderr into a pipe: its exit status and message. */
static int run_child(void (*fn)(void), char *msg, size_t cap)
{
	int fds[2], status;
	ssize_t got, len = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		fn();
		_exit(0); /* not reached: fn runs out of memory */
	}
	close(fds[1]);
	while ((got = read(fds[0], msg + len, cap - 1 - (size_t)len)) > 0)
		len += got;
	msg[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status)); /* not killed by SIGABRT */
	return WEXITSTATUS(status);
}

static volatile size_t huge = SIZE_MAX - 4096; /* no allocator grants it */

/* The results go to a volatile: an optimiser (clang -O2) may otherwise drop
 * an allocation nobody uses, and with it the failure under test. */
static void *volatile kept;

static void realloc_too_much(void)
{
	kept = hz_xrealloc(NULL, huge);
}

static void calloc_too_much(void)
{
	kept = hz_xcalloc(huge / 8, 16);
}

static void grow_too_much(void)
{
	size_t cap = 4096;
	char *p = hz_xgrow(NULL, &cap, 1);

	kept = hz_xgrow(p, &cap, huge);
}

static void test_out_of_memory(void **state)
{
	void (*const fns[])(void) = { realloc_too_much, calloc_too_much, grow_too_much };
	char msg[256];

	(void)state;
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		assert_int_equal(run_child(fns[i], msg, sizeof msg), 2);
		/* the last line (AddressSanitizer may warn before it) */
		size_t n = strlen(msg), want = strlen("test_xalloc: out of memory\n");
		assert_true(n >= want);
		assert_string_equal(msg + n - want, "test_xalloc: out of memory\n");
		assert_true(n == want || msg[n - want - 1] == '\n');
	}
}

/* A host's handler runs first and may end the process its own way; one that
 * returns leaves the default to follow. */
static void own_end(void)
{
	static const char msg[] = "host: no memory\n";
	ssize_t unused = write(STDERR_FILENO, msg, sizeof msg - 1);

	(void)unused;
	_exit(7);
}

static void say_and_return(void)
{
	static const char msg[] = "handler ran\n";
	ssize_t unused = write(STDERR_FILENO, msg, sizeof msg - 1);

	(void)unused;
}

static void realloc_with_own_end(void)
{
	hz_set_out_of_memory(own_end);
	realloc_too_much();
}

static void realloc_with_returning_handler(void)
{
	hz_set_out_of_memory(say_and_return);
	kept = hz_xrealloc(NULL, huge);
}

static void test_host_handler(void **state)
{
	char msg[256];

	(void)state;
	assert_int_equal(run_child(realloc_with_own_end, msg, sizeof msg), 7);
	assert_non_null(strstr(msg, "host: no memory\n"));
	assert_null(strstr(msg, "out of memory"));
	assert_int_equal(run_child(realloc_with_returning_handler, msg, sizeof msg), 2);
	assert_non_null(strstr(msg, "handler ran\ntest_xalloc: out of memory\n"));
}

static void test_allocates(void **state)
{
	size_t cap = 0;
	char *p = hz_xgrow(NULL, &cap, 5000);
	char *s = hz_xstrndup("abc", 2);

	(void)state;
	assert_true(cap >= 5000);
	memset(p, 'x', 5000);
	assert_string_equal(s, "ab");
	free(p);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_host_handler),
		cmocka_unit_test(test_allocates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
