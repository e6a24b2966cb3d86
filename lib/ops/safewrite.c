/* safewrite.c - locked appends and atomic rewrites of a register */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hz/safewrite.h"
#include "hz/i18n.h"

#define REWRITE_BUF (64 * 1024)

struct hz_reglock {
	char *name; /* as given: for messages */
	char *path; /* symlinks resolved: what we stat and rename over */
	int fd;
	bool created;
	bool dir_synced; /* the folder was fsynced after creating */
	/* what was seen when the lock was taken (or after our last write) */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	bool lacks_newline;
	char eol[3];
	/* a rewrite in progress */
	int tmpfd;
	char *tmppath;
	char *buf;
	size_t buflen;
	char err[512];
};

static void fail(hz_reglock *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(hz_reglock *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->err, sizeof(l->err), HZ_(fmt), ap);
	va_end(ap);
}

static void fail_errno(hz_reglock *l, int e)
{
	fail(l, "%s: %s", l->name, strerror(e));
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

/* The folder part of a path ("." when it has none). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;
	size_t n;

	if (slash == NULL)
		return dup_str(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	if ((d = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(d, path, n);
	d[n] = '\0';
	return d;
}

static int sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd, rc = 0, e = 0;

	if (dir == NULL)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1) {
		e = errno;
		rc = -1;
	} else {
		/* Some file systems cannot sync a folder: nothing more to do. */
		if (fsync(fd) == -1 && errno != EINVAL && errno != ENOTSUP) {
			e = errno;
			rc = -1;
		}
		close(fd);
	}
	free(dir);
	errno = e;
	return rc;
}

/* Remember what the register looks like now: size, mtime, inode, last
 * byte, line end of the first line. */
static int snapshot(hz_reglock *l)
{
	struct stat st;
	char head[4096], last;
	ssize_t got;
	ssize_t i;

	if (fstat(l->fd, &st) == -1) {
		fail_errno(l, errno);
		return -1;
	}
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	l->size = st.st_size;
	l->mtime = st.st_mtim;
	l->lacks_newline = false;
	if (st.st_size > 0) {
		if (pread(l->fd, &last, 1, st.st_size - 1) != 1) {
			fail_errno(l, errno ? errno : EIO);
			return -1;
		}
		l->lacks_newline = last != '\n' && last != '\r';
	}
	strcpy(l->eol, "\n");
	if ((got = pread(l->fd, head, sizeof(head), 0)) == -1) {
		fail_errno(l, errno);
		return -1;
	}
	for (i = 0; i < got; i++) {
		if (head[i] == '\n')
			break;
		if (head[i] == '\r') {
			/* A CR at the end of what was read: a lone CR when
			 * that was the whole file, else take it for CRLF. */
			if (i + 1 < got)
				strcpy(l->eol, head[i + 1] == '\n' ? "\r\n" : "\r");
			else
				strcpy(l->eol, got < (ssize_t)sizeof(head) ? "\r" : "\r\n");
			break;
		}
	}
	return 0;
}

/* A new file in path's folder failed with e: is the folder to blame (it
 * cannot be written), rather than the file? Its name into dir. */
static bool folder_refused(const char *path, int e, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');

	if (e != EACCES && e != EPERM && e != EROFS)
		return false;
	if (!slash)
		snprintf(dir, cap, ".");
	else if (slash == path)
		snprintf(dir, cap, "/");
	else
		snprintf(dir, cap, "%.*s", (int)(slash - path), path);
	return true;
}

static void lock_error(char *err, size_t cap, const char *name, const char *what, int e)
{
	if (cap > 0)
		snprintf(err, cap, "%s: %s%s", name, what, strerror(e));
}

/* Open and lock; reopen when the file we locked was replaced meanwhile
 * (another writer renamed a rewrite over it while we waited). */
static int open_locked(hz_reglock *l, int flags, char *err, size_t cap)
{
	struct stat fst, pst;

	for (;;) {
		l->created = false;
		l->fd = open(l->path, O_RDWR | O_CLOEXEC);
		if (l->fd == -1 && errno == ENOENT && (flags & HZ_LOCK_CREATE)) {
			l->fd = open(l->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
			if (l->fd == -1 && errno == EEXIST) {
				struct stat lst;
				/* A link to a missing file: open says ENOENT, O_EXCL
				 * says EEXIST, and retrying would spin for ever. */
				if (lstat(l->path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
					if (cap > 0)
						snprintf(
						        err, cap,
						        HZ_("%s: a symbolic link to a missing "
						            "file; create the file it names first"),
						        l->name);
					return -1;
				}
				continue;
			}
			char dir[4096];
			if (l->fd == -1 && folder_refused(l->path, errno, dir, sizeof dir)) {
				if (cap > 0)
					snprintf(err, cap,
					         HZ_("%s: cannot create: the folder '%s' cannot be "
					             "written: %s"),
					         l->name, dir, strerror(errno));
				return -1;
			}
			if (l->fd == -1) {
				lock_error(err, cap, l->name, HZ_("cannot create: "), errno);
				return -1;
			}
			l->created = true;
		}
		if (l->fd == -1) {
			lock_error(err, cap, l->name,
			           errno == ENOENT ? "" : HZ_("cannot open for writing: "), errno);
			return -1;
		}
		while (flock(l->fd, LOCK_EX) == -1) {
			if (errno != EINTR) {
				lock_error(err, cap, l->name, HZ_("cannot lock: "), errno);
				goto fail;
			}
		}
		if (fstat(l->fd, &fst) == -1) {
			lock_error(err, cap, l->name, "", errno);
			goto fail;
		}
		if (!S_ISREG(fst.st_mode)) {
			if (cap > 0)
				snprintf(err, cap, HZ_("%s: not a regular file"), l->name);
			goto fail;
		}
		if (stat(l->path, &pst) == 0 && pst.st_dev == fst.st_dev &&
		    pst.st_ino == fst.st_ino)
			return 0;
		close(l->fd); /* replaced or removed while we waited: again */
	}
fail:
	close(l->fd);
	l->fd = -1;
	return -1;
}

/* Temporary files are named ".BASE" TEMP_MARK "XXXXXX": the mark keeps a
 * clerk's own ".BASE.backup" (or anything else) safe from the clean-up. */
#define TEMP_MARK ".hz-rewrite."

/* Is name a temporary file of ours for the register called base? */
static bool is_our_temp(const char *name, const char *base)
{
	size_t n = strlen(base), m = strlen(TEMP_MARK);

	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 ||
	    strncmp(name + n + 1, TEMP_MARK, m) != 0 || strlen(name + n + 1 + m) != 6)
		return false;
	for (const char *p = name + n + 1 + m; *p != '\0'; p++)
		if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') ||
		      ('0' <= *p && *p <= '9')))
			return false;
	return true;
}

/* Temporary files of rewrites that were killed before they could remove
 * them. Rewrites happen only under the lock, and we hold it: any there is
 * is left over. */
static void remove_stale_temps(hz_reglock *l)
{
	const char *slash = strrchr(l->path, '/');
	const char *base = slash != NULL ? slash + 1 : l->path;
	char *dir = dir_of(l->path), *p;
	DIR *d;
	struct dirent *e;
	size_t cap;

	if (dir == NULL || (d = opendir(dir)) == NULL) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_our_temp(e->d_name, base))
			continue;
		cap = strlen(dir) + strlen(e->d_name) + 2;
		if ((p = malloc(cap)) != NULL) {
			struct stat st;
			snprintf(p, cap, "%s/%s", dir, e->d_name);
			/* only a file we could have made: ours, regular */
			if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
				(void)unlink(p);
			free(p);
		}
	}
	closedir(d);
	free(dir);
}

hz_reglock *hz_reglock_open(const char *path, int flags, char *err, size_t errcap)
{
	hz_reglock *l;
	char *real;
	struct stat st;

	if ((l = calloc(1, sizeof(*l))) == NULL) {
		lock_error(err, errcap, path, "", ENOMEM);
		return NULL;
	}
	l->fd = l->tmpfd = -1;
	l->name = dup_str(path);
	/* Rename over what a symlink points to, not over the link. */
	real = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		real = realpath(path, NULL);
	l->path = real != NULL ? real : dup_str(path);
	if (l->name == NULL || l->path == NULL) {
		lock_error(err, errcap, path, "", ENOMEM);
		goto fail;
	}
	if (open_locked(l, flags, err, errcap) == -1)
		goto fail;
	if (snapshot(l) == -1) {
		if (errcap > 0)
			snprintf(err, errcap, "%s", l->err);
		goto fail;
	}
	remove_stale_temps(l);
	return l;
fail:
	hz_reglock_close(l);
	return NULL;
}

void hz_reglock_close(hz_reglock *l)
{
	if (l == NULL)
		return;
	hz_reglock_rewrite_abort(l);
	if (l->fd != -1)
		close(l->fd); /* releases the flock */
	free(l->name);
	free(l->path);
	free(l);
}

bool hz_reglock_created(const hz_reglock *l)
{
	return l->created;
}

off_t hz_reglock_size(const hz_reglock *l)
{
	return l->size;
}

int hz_reglock_fd(const hz_reglock *l)
{
	return l->fd;
}

const char *hz_reglock_eol(const hz_reglock *l)
{
	return l->eol;
}

bool hz_reglock_lacks_newline(const hz_reglock *l)
{
	return l->lacks_newline;
}

static int reglock_check_unchanged(hz_reglock *l)
{
	struct stat fst, pst;

	if (fstat(l->fd, &fst) == -1) {
		fail_errno(l, errno);
		return -1;
	}
	if (stat(l->path, &pst) == -1 || pst.st_dev != l->dev || pst.st_ino != l->ino ||
	    fst.st_size != l->size || fst.st_mtim.tv_sec != l->mtime.tv_sec ||
	    fst.st_mtim.tv_nsec != l->mtime.tv_nsec) {
		fail(l,
		     "%s: changed by another program since it was read; "
		     "not written",
		     l->name);
		return -1;
	}
	return 0;
}

/* write(2) all of it; a write that makes no progress is an error. */
static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int reglock_append(hz_reglock *l, const char *bytes, size_t n)
{
	const char *pre = l->lacks_newline ? l->eol : "";
	size_t plen = strlen(pre);
	off_t old = l->size;
	char *buf;
	int e;

	if (n == 0)
		return 0;
	if (reglock_check_unchanged(l) == -1)
		return -1;
	if ((buf = malloc(plen + n)) == NULL) {
		fail_errno(l, ENOMEM);
		return -1;
	}
	memcpy(buf, pre, plen);
	memcpy(buf + plen, bytes, n);
	if (lseek(l->fd, old, SEEK_SET) == -1 || write_all(l->fd, buf, plen + n) == -1 ||
	    fsync(l->fd) == -1) {
		e = errno;
		/* Take back whatever part of it reached the file. */
		if (ftruncate(l->fd, old) == 0)
			(void)fsync(l->fd);
		free(buf);
		fail_errno(l, e);
		(void)snapshot(l);
		return -1;
	}
	free(buf);
	if (l->created && !l->dir_synced) {
		if (sync_dir(l->path) == -1) {
			fail_errno(l, errno);
			return -1;
		}
		l->dir_synced = true;
	}
	return snapshot(l);
}

static int rewrite_failed(hz_reglock *l, int e)
{
	fail_errno(l, e);
	hz_reglock_rewrite_abort(l);
	return -1;
}

static int reglock_rewrite_begin(hz_reglock *l)
{
	const char *slash = strrchr(l->path, '/');
	const char *base = slash != NULL ? slash + 1 : l->path;
	size_t dlen = slash != NULL ? (size_t)(slash - l->path) + 1 : 0;
	size_t cap;

	hz_reglock_rewrite_abort(l);
	cap = dlen + strlen(base) + sizeof("." TEMP_MARK "XXXXXX");
	if ((l->tmppath = malloc(cap)) == NULL || (l->buf = malloc(REWRITE_BUF)) == NULL)
		return rewrite_failed(l, ENOMEM);
	snprintf(l->tmppath, cap, "%.*s.%s" TEMP_MARK "XXXXXX", (int)dlen, l->path, base);
	if ((l->tmpfd = mkstemp(l->tmppath)) == -1) {
		int e = errno;
		char dir[4096];
		free(l->tmppath);
		l->tmppath = NULL; /* nothing to remove */
		if (!folder_refused(l->path, e, dir, sizeof dir))
			return rewrite_failed(l, e);
		/* the change is written as a new file beside the register */
		fail(l,
		     "%s: the folder '%s' cannot be written (a change writes the register anew "
		     "beside it): %s",
		     l->name, dir, strerror(e));
		hz_reglock_rewrite_abort(l);
		return -1;
	}
	(void)fcntl(l->tmpfd, F_SETFD, FD_CLOEXEC);
	/* Lock the new file before anyone can see it: when it replaces the
	 * register, waiting writers find it locked. */
	if (flock(l->tmpfd, LOCK_EX | LOCK_NB) == -1)
		return rewrite_failed(l, errno);
	l->buflen = 0;
	return 0;
}

static int flush_buf(hz_reglock *l)
{
	if (l->buflen > 0 && write_all(l->tmpfd, l->buf, l->buflen) == -1)
		return rewrite_failed(l, errno);
	l->buflen = 0;
	return 0;
}

static int reglock_rewrite_put(hz_reglock *l, const char *bytes, size_t n)
{
	size_t k;

	if (l->tmpfd == -1) {
		fail(l, "%s: no rewrite in progress", l->name);
		return -1;
	}
	while (n > 0) {
		if (l->buflen == REWRITE_BUF && flush_buf(l) == -1)
			return -1;
		k = REWRITE_BUF - l->buflen;
		if (k > n)
			k = n;
		memcpy(l->buf + l->buflen, bytes, k);
		l->buflen += k;
		bytes += k;
		n -= k;
	}
	return 0;
}

static int reglock_rewrite_copy(hz_reglock *l, off_t begin, off_t end)
{
	ssize_t got;
	size_t want;

	if (l->tmpfd == -1) {
		fail(l, "%s: no rewrite in progress", l->name);
		return -1;
	}
	if (begin < 0 || begin > end || end > l->size) {
		fail(l, "%s: bytes %lld-%lld are not in the file", l->name, (long long)begin,
		     (long long)end);
		hz_reglock_rewrite_abort(l);
		return -1;
	}
	while (begin < end) {
		if (l->buflen == REWRITE_BUF && flush_buf(l) == -1)
			return -1;
		want = REWRITE_BUF - l->buflen;
		if ((off_t)want > end - begin)
			want = (size_t)(end - begin);
		got = pread(l->fd, l->buf + l->buflen, want, begin);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return rewrite_failed(l, got == 0 ? EIO : errno);
		l->buflen += (size_t)got;
		begin += got;
	}
	return 0;
}

static int reglock_rewrite_commit(hz_reglock *l)
{
	struct stat st;

	if (l->tmpfd == -1) {
		fail(l, "%s: no rewrite in progress", l->name);
		return -1;
	}
	if (flush_buf(l) == -1)
		return -1;
	if (fsync(l->tmpfd) == -1)
		return rewrite_failed(l, errno);
	if (fstat(l->fd, &st) == -1)
		return rewrite_failed(l, errno);
	/* mkstemp made it 0600: give it the register's mode (and owner,
	 * where we may). */
	if (fchmod(l->tmpfd, st.st_mode & 07777) == -1)
		return rewrite_failed(l, errno);
	if (st.st_uid != geteuid() || st.st_gid != getegid())
		(void)fchown(l->tmpfd, st.st_uid, st.st_gid);
	if (reglock_check_unchanged(l) == -1) {
		hz_reglock_rewrite_abort(l);
		return -1;
	}
	if (rename(l->tmppath, l->path) == -1)
		return rewrite_failed(l, errno);
	free(l->tmppath);
	l->tmppath = NULL;
	/* The lock moves to the new file; closing the old one wakes the
	 * writers that wait on it, and they reopen the new one. */
	close(l->fd);
	l->fd = l->tmpfd;
	l->tmpfd = -1;
	free(l->buf);
	l->buf = NULL;
	if (sync_dir(l->path) == -1) {
		fail_errno(l, errno);
		return -1;
	}
	return snapshot(l);
}

void hz_reglock_rewrite_abort(hz_reglock *l)
{
	if (l->tmpfd != -1) {
		close(l->tmpfd);
		l->tmpfd = -1;
	}
	if (l->tmppath != NULL) {
		(void)unlink(l->tmppath);
		free(l->tmppath);
		l->tmppath = NULL;
	}
	free(l->buf);
	l->buf = NULL;
	l->buflen = 0;
}

/* The public calls: the reason of a failure goes to the caller's err, as
 * everywhere in libhz (libhz(3), ERRORS). */
static int reported(const hz_reglock *l, int rc, char *err, size_t errcap)
{
	if (rc != 0 && err != NULL && errcap > 0)
		snprintf(err, errcap, "%s", l->err);
	return rc;
}

int hz_reglock_check_unchanged(hz_reglock *l, char *err, size_t errcap)
{
	return reported(l, reglock_check_unchanged(l), err, errcap);
}

int hz_reglock_append(hz_reglock *l, const char *bytes, size_t n, char *err, size_t errcap)
{
	return reported(l, reglock_append(l, bytes, n), err, errcap);
}

int hz_reglock_rewrite_begin(hz_reglock *l, char *err, size_t errcap)
{
	return reported(l, reglock_rewrite_begin(l), err, errcap);
}

int hz_reglock_rewrite_put(hz_reglock *l, const char *bytes, size_t n, char *err, size_t errcap)
{
	return reported(l, reglock_rewrite_put(l, bytes, n), err, errcap);
}

int hz_reglock_rewrite_copy(hz_reglock *l, off_t begin, off_t end, char *err, size_t errcap)
{
	return reported(l, reglock_rewrite_copy(l, begin, end), err, errcap);
}

int hz_reglock_rewrite_commit(hz_reglock *l, char *err, size_t errcap)
{
	return reported(l, reglock_rewrite_commit(l), err, errcap);
}
