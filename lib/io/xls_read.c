/* xls_read.c - an .xls workbook (BIFF8, as WPS and older Excel save it) as
 * a source of rows: the one file that includes <freexl.h>
 *
 * FreeXL 1.0.6 is not safe on hostile input: a crafted file of a few KB
 * makes it write out of bounds (SIGSEGV in parse_SST), over-read a stack
 * buffer, or allocate the 263 MB grid a DIMENSIONS record claims once per
 * record. So it runs only in a child process, under limits on address
 * space, CPU time and files written, with no core dump, and hands the
 * cells back through a pipe; the tool waits for it at most IDLE_SECONDS
 * at a time. A signal, a limit, a timeout or any other death of the child
 * is one io finding naming the file: the tool and its other inputs go on.
 * The child also walks the sheets in order, so the reader can pass over
 * one without a header. FreeXL gives FREEXL_CELL_NULL for formula and
 * boolean cells, whose results it does not decode (hz-formats(5)). */
#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "hz/sheet.h"
#include "reader_int.h"
#include "xalloc.h"
#include "xls_check.h"
#include "hz/i18n.h"
#include "record_int.h"

/* The child's limits: address space beyond what it inherits (one sheet's
 * full 65,536 x 256 grid is 268 MB), CPU seconds, and how long the tool
 * waits for its next bytes. */
#define MEMORY_MB 512
#define CPU_SECONDS 5
#define IDLE_SECONDS 30

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HZ_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
        __has_feature(memory_sanitizer)
#define HZ_SANITIZED 1
#endif
#endif

/* What the child sends, each a tag byte then 32-bit fields and texts as a
 * length and its bytes:
 *   'S' name              a sheet begins
 *   'R' row n {text}*n    a row that has a cell (row is 1-based)
 *   'F' line text         the workbook cannot be read: why (translated)
 *   'Z'                   the end */
typedef struct xls {
	pid_t pid; /* the child, 0 once reaped */
	int fd;    /* the pipe's read end */
	char buf[65536];
	size_t pos, len;
	char *sheet;      /* the sheet being read */
	char *next_sheet; /* the sheet whose 'S' ended the rows */
	bool sheet_end, done;
	char *cell; /* a cell's text being received */
	size_t cell_cap;
} xls;

/* FreeXL's failures as a clerk can act on them. */
static const struct {
	int code;
	const char *why;
} xls_errors[] = {
	{ FREEXL_FILE_NOT_FOUND, HZ_N_("the file cannot be opened") },
	{ FREEXL_INSUFFICIENT_MEMORY, HZ_N_("out of memory") },
	{ FREEXL_INVALID_CFBF_HEADER,
	  HZ_N_("not an .xls workbook (no OLE2 compound-file header)") },
	{ FREEXL_CFBF_READ_ERROR, HZ_N_("a damaged or truncated file (read error)") },
	{ FREEXL_CFBF_SEEK_ERROR, HZ_N_("a damaged or truncated file (seek error)") },
	{ FREEXL_CFBF_INVALID_SIGNATURE,
	  HZ_N_("not an .xls workbook (wrong compound-file signature)") },
	{ FREEXL_CFBF_INVALID_SECTOR_SIZE, HZ_N_("a damaged file (wrong sector size)") },
	{ FREEXL_CFBF_EMPTY_FAT_CHAIN, HZ_N_("a damaged file (empty sector chain)") },
	{ FREEXL_CFBF_ILLEGAL_FAT_ENTRY, HZ_N_("a damaged file (bad sector chain)") },
	{ FREEXL_BIFF_INVALID_BOF, HZ_N_("a damaged workbook (bad BIFF record)") },
	{ FREEXL_BIFF_INVALID_SST, HZ_N_("a damaged workbook (bad shared-string table)") },
	{ FREEXL_BIFF_ILLEGAL_SST_INDEX, HZ_N_("a damaged workbook (bad shared-string index)") },
	{ FREEXL_BIFF_WORKBOOK_NOT_FOUND,
	  HZ_N_("no workbook stream in the file (not an Excel file?)") },
	{ FREEXL_BIFF_ILLEGAL_SHEET_INDEX, HZ_N_("no such sheet") },
	{ FREEXL_INVALID_CHARACTER, HZ_N_("text not valid in its code page") },
	{ FREEXL_UNSUPPORTED_CHARSET, HZ_N_("text in a code page iconv does not know") },
	{ FREEXL_ILLEGAL_RK_VALUE, HZ_N_("a damaged workbook (bad number record)") },
	{ FREEXL_INVALID_MINI_STREAM, HZ_N_("a damaged file (bad mini stream)") },
	{ FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY, HZ_N_("a damaged file (bad mini sector chain)") },
	{ FREEXL_CRAFTED_FILE, HZ_N_("a damaged or crafted file") },
};

static const char *why(int code)
{
	for (size_t i = 0; i < sizeof xls_errors / sizeof xls_errors[0]; i++)
		if (xls_errors[i].code == code)
			return HZ_(xls_errors[i].why);
	return HZ_("an unreadable workbook");
}

static bool row_blank(const hz_record *row)
{
	for (size_t c = 0; c < row->ncells; c++)
		if (!hz_blank(row->cells[c]))
			return false;
	return true;
}

/* ---- the child ---- */

typedef struct out {
	int fd;
	char buf[65536];
	size_t n;
} out;

static void out_flush(out *o)
{
	const char *p = o->buf;

	while (o->n > 0) {
		ssize_t w = write(o->fd, p, o->n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3); /* the tool is gone */
		p += w;
		o->n -= (size_t)w;
	}
}

static void out_bytes(out *o, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		if (o->n == sizeof o->buf)
			out_flush(o);
		size_t k = sizeof o->buf - o->n < n ? sizeof o->buf - o->n : n;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
	}
}

static void out_u32(out *o, uint32_t v)
{
	out_bytes(o, &v, sizeof v);
}

static void out_text(out *o, const char *s, size_t n)
{
	out_u32(o, (uint32_t)n);
	out_bytes(o, s, n);
}

static void out_tag(out *o, char tag)
{
	out_bytes(o, &tag, 1);
}

/* Fatal: why, at line; then the child ends. */
static void child_fail(out *o, long line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4), noreturn));

static void child_fail(out *o, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, HZ_(fmt), ap);
	va_end(ap);
	out_tag(o, 'F');
	out_u32(o, (uint32_t)(line > 0 ? line : 0));
	out_text(o, msg, strlen(msg));
	out_flush(o);
	_exit(0);
}

static const char *child_why(int code)
{
	static char msg[160];

	if (code == FREEXL_INSUFFICIENT_MEMORY) {
		snprintf(msg, sizeof msg,
		         HZ_("it needs more than %d MB to read (a damaged or crafted file?)"),
		         MEMORY_MB);
		return msg;
	}
	return why(code);
}

/* One cell as text into num or v's own text: its length. */
static const char *cell_text(const FreeXL_CellValue *v, char num[HZ_SHEET_TEXT_MAX], size_t *n)
{
	switch (v->type) {
	case FREEXL_CELL_INT:
		*n = (size_t)snprintf(num, HZ_SHEET_TEXT_MAX, "%d", v->value.int_value);
		return num;
	case FREEXL_CELL_DOUBLE:
		*n = hz_sheet_number(v->value.double_value, num);
		return num;
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME: /* YYYY-MM-DD[ HH:MM:SS]: the day */
		*n = strnlen(v->value.text_value, 10);
		return v->value.text_value;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_TIME:
		*n = strlen(v->value.text_value);
		return v->value.text_value;
	default:
		*n = 0;
		return "";
	}
}

static void child_sheet(out *o, const void *h, const char *name)
{
	unsigned int rows = 0;
	unsigned short cols = 0;
	char num[HZ_SHEET_TEXT_MAX];

	if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
		child_fail(o, 0, "sheet '%s': cannot read its size", name);
	out_tag(o, 'S');
	out_text(o, name, strlen(name));
	for (unsigned int row = 0; row < rows; row++) {
		bool any = false;
		for (unsigned short c = 0; c < cols && !any; c++) {
			FreeXL_CellValue v;
			int e = freexl_get_cell_value(h, row, c, &v);
			if (e != FREEXL_OK)
				child_fail(o, (long)row + 1, "column %d: %s", c + 1, child_why(e));
			size_t n;
			cell_text(&v, num, &n);
			any = n > 0;
		}
		if (!any)
			continue; /* as CSV's blank lines: not rows */
		out_tag(o, 'R');
		out_u32(o, row + 1);
		out_u32(o, cols);
		for (unsigned short c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			if (freexl_get_cell_value(h, row, c, &v) != FREEXL_OK)
				child_fail(o, (long)row + 1, "column %d: %s", c + 1,
				           why(FREEXL_CRAFTED_FILE));
			size_t n;
			const char *s = cell_text(&v, num, &n);
			out_text(o, s, n);
		}
	}
}

/* Address space: what the child has now, and MEMORY_MB more. */
static void limit_memory(void)
{
#ifndef HZ_SANITIZED
	/* a sanitizer reserves terabytes of shadow: its own allocator's limits hold there */
	unsigned long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%lu", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	rlim_t lim = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)MEMORY_MB << 20);
	struct rlimit rl = { lim, lim };
	setrlimit(RLIMIT_AS, &rl);
#endif
}

/* A sanitizer's (libFuzzer's) callback on a fatal finding: in the child,
 * a FreeXL finding must only end the child. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void child(const char *file, int keep, const char *want, int wfd) __attribute__((noreturn));

static void child(const char *file, int keep, const char *want, int wfd)
{
	static out o;
	struct rlimit cpu = { CPU_SECONDS, CPU_SECONDS + 1 }, none = { 0, 0 };
	int null = open("/dev/null", O_RDWR);

	/* nothing FreeXL or a sanitizer says reaches the tool's streams */
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	/* nor does it hold what the tool has open: locks, other readers' pipes */
	for (int fd = 3; fd < 4096; fd++)
		if (fd != wfd && fd != keep)
			close(fd);
	/* a crash ends the child by its signal, not in a handler of the tool's
	 * (a fuzzer's would record the tool as crashed) */
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGXCPU };
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		signal(fatal[i], SIG_DFL);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(NULL);
	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_CORE, &none);
	setrlimit(RLIMIT_FSIZE, &none);
	limit_memory();
	o.fd = wfd;

	/* what FreeXL would mis-size is refused before it sees the file */
	char bad[256];
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && !hz_xls_check(fd, bad, sizeof bad))
		child_fail(&o, 0, "%s", bad);
	if (fd >= 0)
		close(fd);
	const void *h = NULL;
	int e = freexl_open(file, &h);
	if (e != FREEXL_OK)
		child_fail(&o, 0, "%s", child_why(e));
	unsigned int pw = 0;
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK &&
	    pw == FREEXL_BIFF_OBFUSCATED)
		child_fail(&o, 0, "the workbook is encrypted; save it without a password");
	unsigned int n = 0;
	char names[256] = "";
	bool found = false;
	freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n);
	for (unsigned int i = 0; i < n && i < 65535; i++) {
		const char *name = NULL;
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) != FREEXL_OK || !name)
			continue;
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "%s'%s'", used ? ", " : "", name);
		if (want && strcmp(want, name) != 0)
			continue;
		e = freexl_select_active_worksheet(h, (unsigned short)i);
		if (e != FREEXL_OK)
			child_fail(&o, 0, "sheet '%s': %s", name, child_why(e));
		found = true;
		child_sheet(&o, h, name);
		if (want)
			break;
	}
	if (!found && want)
		child_fail(&o, 0, "no sheet '%s' in the workbook (its sheets: %s)", want, names);
	if (!found)
		child_fail(&o, 0, "the workbook has no sheet");
	out_tag(&o, 'Z');
	out_flush(&o);
	_exit(0); /* no atexit handler, no stdio buffer of the tool's flushed twice */
}

/* ---- the tool's side ---- */

/* Why the child ended without its 'Z' or 'F'. */
static void child_died(hz_reader *r, xls *x)
{
	int st = 0;

	if (x->pid > 0) {
		while (waitpid(x->pid, &st, 0) < 0 && errno == EINTR)
			;
		x->pid = 0;
	}
	x->done = true;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
		hz_reader_sheet_error(r, 0,
		                      "the .xls reader used more than %d s of CPU on it "
		                      "(a damaged or crafted workbook?)",
		                      CPU_SECONDS);
	else if (WIFSIGNALED(st))
		hz_reader_sheet_error(r, 0,
		                      "the .xls reader died on it with signal %d (%s): "
		                      "a damaged or crafted workbook",
		                      WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		hz_reader_sheet_error(r, 0,
		                      "the .xls reader failed on it (status %d): "
		                      "a damaged or crafted workbook",
		                      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void child_stop(xls *x)
{
	if (x->pid > 0) {
		kill(x->pid, SIGKILL);
		while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR)
			;
		x->pid = 0;
	}
}

/* n bytes from the child; false (after an io finding) when it ended. */
static bool get(hz_reader *r, xls *x, void *dst, size_t n)
{
	char *d = dst;

	while (n > 0) {
		if (x->pos == x->len) {
			struct pollfd pf = { x->fd, POLLIN, 0 };
			int k = poll(&pf, 1, IDLE_SECONDS * 1000);
			if (k < 0 && errno == EINTR)
				continue;
			if (k == 0) {
				child_stop(x);
				x->done = true;
				hz_reader_sheet_error(r, 0,
				                      "the .xls reader gave nothing for %d s "
				                      "(a damaged or crafted workbook?)",
				                      IDLE_SECONDS);
				return false;
			}
			ssize_t got = read(x->fd, x->buf, sizeof x->buf);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				child_died(r, x);
				return false;
			}
			x->pos = 0;
			x->len = (size_t)got;
		}
		size_t k = x->len - x->pos < n ? x->len - x->pos : n;
		memcpy(d, x->buf + x->pos, k);
		x->pos += k;
		d += k;
		n -= k;
	}
	return true;
}

static bool get_u32(hz_reader *r, xls *x, uint32_t *v)
{
	return get(r, x, v, sizeof *v);
}

/* A text into x->cell, NUL-ended. */
static bool get_text(hz_reader *r, xls *x, size_t *n)
{
	uint32_t len;

	if (!get_u32(r, x, &len))
		return false;
	if (len > (64u << 20)) {
		child_stop(x);
		x->done = true;
		hz_reader_sheet_error(r, 0, "the .xls reader sent a cell of %u bytes", len);
		return false;
	}
	if (len + 1 > x->cell_cap) {
		x->cell_cap = len + 1;
		x->cell = hz_xrealloc(x->cell, x->cell_cap);
	}
	if (!get(r, x, x->cell, len))
		return false;
	x->cell[len] = '\0';
	*n = len;
	return true;
}

/* The next message: rows go to r->row (true); a sheet's start, the end or
 * an error end the sheet (false). */
static bool receive(hz_reader *r, xls *x)
{
	char tag;
	uint32_t a, b;
	size_t n;

	if (x->done || x->sheet_end || !get(r, x, &tag, 1))
		return false;
	switch (tag) {
	case 'R':
		if (!get_u32(r, x, &a) || !get_u32(r, x, &b))
			return false;
		hz_record_clear(r->row);
		for (uint32_t c = 0; c < b; c++) {
			if (!get_text(r, x, &n))
				return false;
			hz_record_push(r->row, x->cell, n);
		}
		r->row_line = r->row_sheet = (long)a;
		r->row_begin = r->row_end = 0;
		return true;
	case 'S':
		if (!get_text(r, x, &n))
			return false;
		free(x->next_sheet);
		x->next_sheet = hz_xstrdup(x->cell);
		x->sheet_end = true;
		return false;
	case 'F':
		if (!get_u32(r, x, &a) || !get_text(r, x, &n))
			return false;
		x->done = true;
		hz_reader_sheet_error(r, (long)a, "%s", x->cell);
		return false;
	case 'Z':
		x->done = true;
		return false;
	default:
		child_stop(x);
		x->done = true;
		hz_reader_sheet_error(r, 0, "the .xls reader sent what it should not");
		return false;
	}
}

static bool xls_next(hz_reader *r)
{
	xls *x = r->rows.state;

	while (receive(r, x))
		if (!row_blank(r->row))
			return true;
	return false;
}

/* The sheet begun by the 'S' that ended the last one. */
static bool take_sheet(xls *x)
{
	if (!x->sheet_end || !x->next_sheet)
		return false;
	free(x->sheet);
	x->sheet = x->next_sheet;
	x->next_sheet = NULL;
	x->sheet_end = false;
	return true;
}

static bool xls_next_sheet(hz_reader *r)
{
	xls *x = r->rows.state;

	while (receive(r, x))
		; /* the rest of this sheet */
	return take_sheet(x);
}

static const char *xls_sheet_name(void *state)
{
	xls *x = state;

	return x->sheet ? x->sheet : "";
}

static void xls_close(void *state)
{
	xls *x = state;

	if (!x)
		return;
	child_stop(x);
	if (x->fd >= 0)
		close(x->fd);
	free(x->sheet);
	free(x->next_sheet);
	free(x->cell);
	free(x);
}

bool hz_xls_open(hz_reader *r, const char *path)
{
	char tmp[4096], proc[64];
	bool temp;
	const char *file = hz_reader_sheet_path(r, path, tmp, sizeof tmp, &temp);
	int keep = -1, p[2];

	if (!file)
		return false;
	if (temp) {
		/* the copy of stdin is gone before the child runs: nothing is
		 * left in TMPDIR whatever becomes of it */
		keep = open(file, O_RDONLY | O_CLOEXEC);
		unlink(file);
		if (keep < 0) {
			hz_reader_sheet_error(r, 0, "cannot open the copy of standard input: %s",
			                      strerror(errno));
			return false;
		}
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", keep);
		file = proc;
	}
	if (pipe(p) != 0) {
		hz_reader_sheet_error(r, 0, "cannot start the .xls reader: %s", strerror(errno));
		if (keep >= 0)
			close(keep);
		return false;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (keep >= 0)
			fcntl(keep, F_SETFD, 0);
		child(file, keep, r->opts.sheet, p[1]);
	}
	int e = errno;
	close(p[1]);
	if (keep >= 0)
		close(keep);
	if (pid < 0) {
		close(p[0]);
		hz_reader_sheet_error(r, 0, "cannot start the .xls reader: %s", strerror(e));
		return false;
	}
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	xls *x = hz_xcalloc(1, sizeof *x);
	x->pid = pid;
	x->fd = p[0];
	r->rows = (hz_rowsrc){ xls_next, xls_close, x, xls_next_sheet, xls_sheet_name };
	/* the first message: the first sheet, or why there is none */
	if (receive(r, x) || !take_sheet(x)) {
		if (r->status == HZ_READ_OK)
			hz_reader_sheet_error(r, 0, "the .xls reader sent what it should not");
		r->rows = (hz_rowsrc){ 0 };
		xls_close(x);
		return false;
	}
	return true;
}
