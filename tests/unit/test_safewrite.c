/* test_safewrite.c - locked appends and atomic rewrites, with injected faults
 * (write and fsync are wrapped: see test_safewrite.wrap) */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hz/safewrite.h"

/* the reason of a failed call (libhz(3), ERRORS) */
static char err[512];

/* Fault injection. Only descriptors above stderr are touched, so cmocka's
 * own output is never affected. */
enum fault {
	FAULT_NONE,
	FAULT_SHORT_THEN_ENOSPC, /* half of the bytes reach the file, then ENOSPC */
	FAULT_ENOSPC,            /* every write fails */
	FAULT_ZERO,              /* write returns 0 */
};
static enum fault write_fault;
static int fsync_fault; /* errno to fail fsync with, 0 = none */
static int writes_seen;

ssize_t __real_write(int fd, const void *p, size_t n);
int __real_fsync(int fd);
ssize_t __wrap_write(int fd, const void *p, size_t n);
int __wrap_fsync(int fd);

ssize_t __wrap_write(int fd, const void *p, size_t n)
{
	if (fd <= 2)
		return __real_write(fd, p, n);
	writes_seen++;
	switch (write_fault) {
	case FAULT_SHORT_THEN_ENOSPC:
		write_fault = FAULT_ENOSPC;
		return __real_write(fd, p, n / 2);
	case FAULT_ENOSPC:
		errno = ENOSPC;
		return -1;
	case FAULT_ZERO:
		return 0;
	case FAULT_NONE:
		break;
	}
	return __real_write(fd, p, n);
}

int __wrap_fsync(int fd)
{
	if (fsync_fault != 0) {
		errno = fsync_fault;
		return -1;
	}
	return __real_fsync(fd);
}

static char dir[256];
static char reg[300];

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/hz-safewrite-XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(reg, sizeof(reg), "%s/register.csv", dir);
	write_fault = FAULT_NONE;
	fsync_fault = 0;
	writes_seen = 0;
	return 0;
}

static int teardown(void **state)
{
	DIR *d;
	struct dirent *e;
	char p[600];

	(void)state;
	write_fault = FAULT_NONE;
	fsync_fault = 0;
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
	return 0;
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* The whole file as a NUL-terminated string (the tests' files are small). */
static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Entries of the test folder other than the register. */
static int stray_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    strcmp(e->d_name, "register.csv") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static hz_reglock *lock_ok(int flags)
{
	char err[256] = "";
	hz_reglock *l = hz_reglock_open(reg, flags, err, sizeof(err));

	if (l == NULL)
		fail_msg("lock: %s", err);
	return l;
}

static void append_str(hz_reglock *l, const char *s)
{
	if (hz_reglock_append(l, s, strlen(s), err, sizeof err) != 0)
		fail_msg("append: %s", err);
}

static void test_append_after_newline(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	l = lock_ok(0);
	assert_false(hz_reglock_created(l));
	assert_false(hz_reglock_lacks_newline(l));
	assert_string_equal(hz_reglock_eol(l), "\n");
	append_str(l, "3,4\n5,6\n");
	assert_int_equal(hz_reglock_size(l), 16);
	hz_reglock_close(l);
	assert_string_equal(slurp(reg), "a,b\n1,2\n3,4\n5,6\n");
}

static void test_append_without_final_newline(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\n1,2");
	l = lock_ok(0);
	assert_true(hz_reglock_lacks_newline(l));
	append_str(l, "3,4\n");
	assert_false(hz_reglock_lacks_newline(l));
	append_str(l, "5,6\n"); /* a second append under the same lock */
	hz_reglock_close(l);
	assert_string_equal(slurp(reg), "a,b\n1,2\n3,4\n5,6\n");
}

static void test_append_crlf(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\r\n1,2");
	l = lock_ok(0);
	assert_string_equal(hz_reglock_eol(l), "\r\n");
	append_str(l, "3,4\r\n");
	hz_reglock_close(l);
	assert_string_equal(slurp(reg), "a,b\r\n1,2\r\n3,4\r\n");
}

static void test_append_lone_cr(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\r1,2");
	l = lock_ok(0);
	assert_string_equal(hz_reglock_eol(l), "\r");
	append_str(l, "3,4\r");
	hz_reglock_close(l);
	assert_string_equal(slurp(reg), "a,b\r1,2\r3,4\r");
}

static void test_create(void **state)
{
	hz_reglock *l;
	struct stat st;

	(void)state;
	l = lock_ok(HZ_LOCK_CREATE);
	assert_true(hz_reglock_created(l));
	assert_int_equal(hz_reglock_size(l), 0);
	assert_false(hz_reglock_lacks_newline(l));
	append_str(l, "a,b\n1,2\n");
	hz_reglock_close(l);
	assert_string_equal(slurp(reg), "a,b\n1,2\n");
	assert_int_equal(stat(reg, &st), 0);
	/* A second lock finds it there. */
	l = lock_ok(HZ_LOCK_CREATE);
	assert_false(hz_reglock_created(l));
	hz_reglock_close(l);
}

static void test_missing_register_and_folder(void **state)
{
	char err[256] = "", path[400], want[500];

	(void)state;
	assert_null(hz_reglock_open(reg, 0, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: No such file or directory", reg);
	assert_string_equal(err, want);

	snprintf(path, sizeof(path), "%s/no-such-folder/register.csv", dir);
	assert_null(hz_reglock_open(path, HZ_LOCK_CREATE, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: cannot create: No such file or directory", path);
	assert_string_equal(err, want);
	assert_int_equal(stray_files(), 0);
}

/* F01: a link to a missing file is an error, not an endless retry. */
static void test_dangling_symlink(void **state)
{
	char err[256] = "", target[400];

	(void)state;
	snprintf(target, sizeof(target), "%s/gone.csv", dir);
	assert_int_equal(symlink(target, reg), 0);
	assert_null(hz_reglock_open(reg, HZ_LOCK_CREATE, err, sizeof(err)));
	assert_non_null(strstr(err, "register.csv: a symbolic link to a missing file"));
	assert_int_equal(access(target, F_OK), -1);
	unlink(reg);
}

static void test_not_regular(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(mkdir(reg, 0755), 0);
	assert_null(hz_reglock_open(reg, HZ_LOCK_CREATE, err, sizeof(err)));
	assert_non_null(strstr(err, "register.csv: cannot open for writing: "));
	rmdir(reg);
}

static void test_short_write_truncates(void **state)
{
	hz_reglock *l;
	struct stat st;
	char want[400];

	(void)state;
	put_file(reg, "a,b\n1,2");
	l = lock_ok(0);
	write_fault = FAULT_SHORT_THEN_ENOSPC;
	assert_int_equal(hz_reglock_append(l, "3,4\n5,6\n7,8\n", 12, err, sizeof err), -1);
	write_fault = FAULT_NONE;
	assert_true(writes_seen >= 2);
	snprintf(want, sizeof(want), "%s: No space left on device", reg);
	assert_string_equal(err, want);
	/* Exactly the old bytes: the half that reached the file is gone. */
	assert_string_equal(slurp(reg), "a,b\n1,2");
	assert_int_equal(stat(reg, &st), 0);
	assert_int_equal(st.st_size, 7);
	assert_int_equal(hz_reglock_size(l), 7);
	hz_reglock_close(l);
}

static void test_zero_write_is_an_error(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\n");
	l = lock_ok(0);
	write_fault = FAULT_ZERO;
	assert_int_equal(hz_reglock_append(l, "1,2\n", 4, err, sizeof err), -1);
	write_fault = FAULT_NONE;
	assert_string_equal(slurp(reg), "a,b\n");
	hz_reglock_close(l);
}

static void test_fsync_failure_truncates(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	l = lock_ok(0);
	fsync_fault = EIO;
	assert_int_equal(hz_reglock_append(l, "3,4\n", 4, err, sizeof err), -1);
	fsync_fault = 0;
	assert_non_null(strstr(err, "register.csv: Input/output error"));
	assert_string_equal(slurp(reg), "a,b\n1,2\n");
	hz_reglock_close(l);
}

static void test_changed_under_us(void **state)
{
	hz_reglock *l;
	FILE *f;

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	l = lock_ok(0);
	/* Another program (one that does not lock) appends meanwhile. */
	f = fopen(reg, "ab");
	assert_non_null(f);
	fputs("9,9\n", f);
	fclose(f);
	assert_int_equal(hz_reglock_append(l, "3,4\n", 4, err, sizeof err), -1);
	assert_non_null(strstr(err, "changed by another program"));
	assert_string_equal(slurp(reg), "a,b\n1,2\n9,9\n");
	/* A rewrite is refused as well, and leaves no temporary file. */
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_put(l, "x\n", 2, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_commit(l, err, sizeof err), -1);
	assert_non_null(strstr(err, "changed by another program"));
	assert_int_equal(stray_files(), 0);
	assert_string_equal(slurp(reg), "a,b\n1,2\n9,9\n");
	hz_reglock_close(l);
}

static void test_replaced_under_us(void **state)
{
	hz_reglock *l;
	char other[400];

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	l = lock_ok(0);
	/* Excel saves by writing a new file and renaming it over: same size. */
	snprintf(other, sizeof(other), "%s/other", dir);
	put_file(other, "a,b\n7,7\n");
	assert_int_equal(rename(other, reg), 0);
	assert_int_equal(hz_reglock_append(l, "3,4\n", 4, err, sizeof err), -1);
	assert_non_null(strstr(err, "changed by another program"));
	assert_string_equal(slurp(reg), "a,b\n7,7\n");
	hz_reglock_close(l);
}

static void test_rewrite_keeps_mode(void **state)
{
	hz_reglock *l;
	struct stat before, after;

	(void)state;
	put_file(reg, "a,b\r\n1,2\r\n3,4\r\n");
	assert_int_equal(chmod(reg, 0640), 0);
	assert_int_equal(stat(reg, &before), 0);
	l = lock_ok(0);
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_copy(l, 0, 10, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_put(l, "3,5\r\n", 5, err, sizeof err), 0);
	if (hz_reglock_rewrite_commit(l, err, sizeof err) != 0)
		fail_msg("commit: %s", err);
	assert_string_equal(slurp(reg), "a,b\r\n1,2\r\n3,5\r\n");
	assert_int_equal(stat(reg, &after), 0);
	assert_int_equal(after.st_mode & 07777, 0640);
	assert_true(after.st_ino != before.st_ino);
	assert_int_equal(stray_files(), 0);
	/* The lock moved to the new file: an append under it still works. */
	assert_int_equal(hz_reglock_size(l), 15);
	append_str(l, "5,6\r\n");
	hz_reglock_close(l);
	assert_string_equal(slurp(reg), "a,b\r\n1,2\r\n3,5\r\n5,6\r\n");
}

static void test_rewrite_large_copy(void **state)
{
	hz_reglock *l;
	static char big[200000], back[200001];
	size_t i;
	FILE *f;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	f = fopen(reg, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(big, 1, sizeof(big), f), sizeof(big));
	fclose(f);
	l = lock_ok(0);
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_copy(l, 0, 100000, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_put(l, "Z", 1, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_copy(l, 100001, 200000, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_commit(l, err, sizeof err), 0);
	hz_reglock_close(l);
	f = fopen(reg, "rb");
	assert_non_null(f);
	assert_int_equal(fread(back, 1, sizeof(back), f), sizeof(big));
	fclose(f);
	big[100000] = 'Z';
	assert_memory_equal(back, big, sizeof(big));
}

static void test_rewrite_write_failure(void **state)
{
	hz_reglock *l;
	struct stat before, after;

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	assert_int_equal(stat(reg, &before), 0);
	l = lock_ok(0);
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(stray_files(), 1); /* the temporary file */
	assert_int_equal(hz_reglock_rewrite_copy(l, 0, 8, err, sizeof err), 0);
	write_fault = FAULT_SHORT_THEN_ENOSPC;
	assert_int_equal(hz_reglock_rewrite_commit(l, err, sizeof err), -1);
	write_fault = FAULT_NONE;
	assert_non_null(strstr(err, "No space left on device"));
	assert_int_equal(stray_files(), 0);
	assert_string_equal(slurp(reg), "a,b\n1,2\n");
	assert_int_equal(stat(reg, &after), 0);
	assert_true(after.st_ino == before.st_ino);
	/* Later calls say there is nothing to commit. */
	assert_int_equal(hz_reglock_rewrite_put(l, "x", 1, err, sizeof err), -1);
	hz_reglock_close(l);
}

static void test_rewrite_fsync_failure(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	l = lock_ok(0);
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_put(l, "a,b\n", 4, err, sizeof err), 0);
	fsync_fault = EIO;
	assert_int_equal(hz_reglock_rewrite_commit(l, err, sizeof err), -1);
	fsync_fault = 0;
	assert_int_equal(stray_files(), 0);
	assert_string_equal(slurp(reg), "a,b\n1,2\n");
	hz_reglock_close(l);
}

static void test_rewrite_abort_and_bad_range(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	l = lock_ok(0);
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_copy(l, 4, 100, err, sizeof err), -1);
	assert_non_null(strstr(err, "not in the file"));
	assert_int_equal(stray_files(), 0);
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	hz_reglock_rewrite_abort(l);
	assert_int_equal(stray_files(), 0);
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	hz_reglock_close(l); /* unlock aborts too */
	assert_int_equal(stray_files(), 0);
	assert_string_equal(slurp(reg), "a,b\n1,2\n");
}

/* A rewrite killed before it could clean up leaves its temporary file;
 * the next lock removes it, and nothing that merely looks alike. */
static void test_stale_temp_removed(void **state)
{
	hz_reglock *l;
	char stale[400], other[400], alike[400];

	(void)state;
	put_file(reg, "a,b\n");
	snprintf(stale, sizeof(stale), "%s/.register.csv.hz-rewrite.Ab12Z9", dir);
	snprintf(other, sizeof(other), "%s/.register.csv.keep", dir);
	/* a clerk's own file of mkstemp's shape is not ours (F08) */
	snprintf(alike, sizeof(alike), "%s/.register.csv.Ab12Z9", dir);
	put_file(stale, "a,b\n1,");
	put_file(other, "mine");
	put_file(alike, "mine too");
	assert_int_equal(stray_files(), 3);
	l = lock_ok(0);
	hz_reglock_close(l);
	assert_int_equal(stray_files(), 2);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(access(alike, F_OK), 0);
}

/* Would another process get the lock right now? */
static bool lock_is_free(void)
{
	pid_t pid = fork();
	int st, fd;

	assert_true(pid != -1);
	if (pid == 0) {
		fd = open(reg, O_RDWR);
		_exit(fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void test_lock_is_exclusive(void **state)
{
	hz_reglock *l;

	(void)state;
	put_file(reg, "a,b\n");
	assert_true(lock_is_free());
	l = lock_ok(0);
	assert_false(lock_is_free());
	/* After a rewrite the new file is the locked one. */
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_copy(l, 0, 4, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_commit(l, err, sizeof err), 0);
	assert_false(lock_is_free());
	hz_reglock_close(l);
	assert_true(lock_is_free());
}

/* A writer waiting on a file that a rewrite replaces goes on with the new one. */
static void test_waiter_follows_rename(void **state)
{
	hz_reglock *l;
	pid_t pid;
	int st, p[2];
	char c;

	(void)state;
	put_file(reg, "a,b\n1,2\n");
	l = lock_ok(0);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		char err[256];
		hz_reglock *m;

		close(p[0]);
		/* The inherited descriptor shares our lock: not the child's. */
		close(hz_reglock_fd(l));
		(void)__real_write(p[1], "x", 1); /* about to wait */
		m = hz_reglock_open(reg, 0, err, sizeof(err));
		if (m == NULL || hz_reglock_append(m, "3,4\n", 4, err, sizeof err) != 0)
			_exit(1);
		hz_reglock_close(m);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	usleep(100000); /* let it block in flock */
	assert_int_equal(hz_reglock_rewrite_begin(l, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_put(l, "a,b\n1,5\n", 8, err, sizeof err), 0);
	assert_int_equal(hz_reglock_rewrite_commit(l, err, sizeof err), 0);
	hz_reglock_close(l);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_string_equal(slurp(reg), "a,b\n1,5\n3,4\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_append_after_newline),
		T(test_append_without_final_newline),
		T(test_append_crlf),
		T(test_append_lone_cr),
		T(test_create),
		T(test_missing_register_and_folder),
		T(test_not_regular),
		T(test_short_write_truncates),
		T(test_zero_write_is_an_error),
		T(test_fsync_failure_truncates),
		T(test_changed_under_us),
		T(test_replaced_under_us),
		T(test_rewrite_keeps_mode),
		T(test_rewrite_large_copy),
		T(test_rewrite_write_failure),
		T(test_rewrite_fsync_failure),
		T(test_rewrite_abort_and_bad_range),
		T(test_stale_temp_removed),
		T(test_dangling_symlink),
		T(test_lock_is_exclusive),
		T(test_waiter_follows_rename),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
