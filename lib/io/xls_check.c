/* xls_check.c - an .xls file's compound-file structure and the BIFF records
 * of its workbook stream checked where FreeXL 1.0.6 trusts them: what it
 * would mis-size is refused before it sees the file (xls_read.c's child
 * calls this first). FreeXL reads directory names into a stack buffer of
 * one sector by the length an entry claims, follows sector chains without
 * noticing a loop, copies a record of up to 65,535 bytes into a buffer of
 * 8,224, allocates the grid each DIMENSIONS record claims and trusts every
 * length inside the shared-string table. A well-formed workbook passes
 * every check; the layout is Microsoft's [MS-CFB] and [MS-XLS]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "hz/i18n.h"
#include "xls_check.h"

#define END_OF_CHAIN 0xFFFFFFFEu
#define NAME_BYTES 64   /* a directory entry's name: 32 UTF-16 units */
#define RECORD_MAX 8224 /* BIFF8's longest record data */
#define ROWS_MAX 65536u /* BIFF8's grid */
#define COLUMNS_MAX 256u
#define DEPTH_MAX 16 /* nested BOF ... EOF substreams */
#define MINI_SECTOR 64

typedef struct cfb {
	const unsigned char *b;
	size_t size;
	uint32_t ssize; /* sector size */
	uint32_t nsect; /* sectors in the file after the header */
	uint32_t *fat;  /* the FAT, nfat entries */
	uint32_t nfat;
	char *why;
	size_t cap;
} cfb;

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static const unsigned char *sector(const cfb *c, uint32_t s)
{
	return c->b + ((size_t)s + 1) * c->ssize;
}

/* The FAT, from the header's DIFAT and the DIFAT sectors after it. */
static bool load_fat(cfb *c)
{
	uint32_t nfatsect = u32(c->b + 0x2C), difat = u32(c->b + 0x44);
	uint32_t per = c->ssize / 4;

	if (nfatsect > c->nsect) {
		snprintf(c->why, c->cap,
		         HZ_("a damaged or crafted file (it claims %u FAT sectors, the file "
		             "holds %u sectors)"),
		         nfatsect, c->nsect);
		return false;
	}
	c->nfat = nfatsect * per;
	c->fat = calloc(c->nfat ? c->nfat : 1, sizeof *c->fat);
	if (!c->fat)
		return false;
	uint32_t k = 0, hops = 0;
	for (uint32_t i = 0; i < 109 && k < nfatsect; i++)
		if (u32(c->b + 0x4C + 4 * i) < c->nsect)
			memcpy(c->fat + (size_t)k++ * per, sector(c, u32(c->b + 0x4C + 4 * i)),
			       c->ssize);
		else
			break;
	while (k < nfatsect && difat < c->nsect && hops++ <= c->nsect) {
		const unsigned char *d = sector(c, difat);
		for (uint32_t i = 0; i + 1 < per && k < nfatsect; i++) {
			uint32_t s = u32(d + 4 * i);
			if (s >= c->nsect)
				break;
			memcpy(c->fat + (size_t)k++ * per, sector(c, s), c->ssize);
		}
		difat = u32(d + 4 * (per - 1));
	}
	for (uint32_t i = 0; i < k * per; i++)
		c->fat[i] = u32((const unsigned char *)&c->fat[i]);
	c->nfat = k * per; /* the rest: FreeXL's own "bad sector chain" */
	return true;
}

/* Follow a chain from start through table (n entries, ends below limit),
 * for at most want bytes of units of unit bytes: each unit's index into
 * out (NULL: only check). False, with why, on a loop or a link outside. */
/* The streams whose chains are followed, each with its two messages. */
typedef enum { CH_WORKBOOK, CH_MINI, CH_MINIFAT } chain_of;
static const struct {
	const char *outside, *loops;
} chain_says[] = {
	[CH_WORKBOOK] = { HZ_N_("a damaged or crafted file (the workbook stream's sector chain "
	                        "runs outside the file)"),
	                  HZ_N_("a damaged or crafted file (the workbook stream's sector chain "
	                        "loops)") },
	[CH_MINI] = { HZ_N_("a damaged or crafted file (the mini stream's sector chain runs "
	                    "outside the file)"),
	              HZ_N_("a damaged or crafted file (the mini stream's sector chain loops)") },
	[CH_MINIFAT] = { HZ_N_("a damaged or crafted file (the mini FAT's sector chain runs "
	                       "outside the file)"),
	                 HZ_N_("a damaged or crafted file (the mini FAT's sector chain loops)") },
};

static bool chain(cfb *c, const uint32_t *table, uint32_t n, uint32_t limit, uint32_t start,
                  uint64_t want, uint32_t unit, uint32_t *out, uint32_t *count, chain_of what)
{
	unsigned char *seen = calloc(n / 8 + 1, 1);
	uint32_t s = start, k = 0;
	bool ok = true;

	if (!seen)
		return false;
	while (s != END_OF_CHAIN && (uint64_t)k * unit < want) {
		if (s >= n || s >= limit) {
			snprintf(c->why, c->cap, "%s", HZ_(chain_says[what].outside));
			ok = false;
			break;
		}
		if (seen[s / 8] & (1u << (s % 8))) {
			snprintf(c->why, c->cap, "%s", HZ_(chain_says[what].loops));
			ok = false;
			break;
		}
		seen[s / 8] |= (unsigned char)(1u << (s % 8));
		if (out)
			out[k] = s;
		k++;
		s = table[s];
	}
	free(seen);
	*count = k;
	return ok;
}

/* The stream of a directory entry, copied whole (malloc'd), or NULL. */
static unsigned char *regular_stream(cfb *c, uint32_t start, uint32_t size, size_t *len,
                                     chain_of what)
{
	uint32_t n = 0, *secs = malloc(((size_t)c->nsect + 1) * sizeof *secs);
	unsigned char *s = secs ? malloc((size_t)size + 1) : NULL;

	if (!s || !chain(c, c->fat, c->nfat, c->nsect, start, size, c->ssize, secs, &n, what)) {
		free(secs);
		free(s);
		return NULL;
	}
	size_t got = 0;
	for (uint32_t i = 0; i < n && got < size; i++) {
		size_t k = size - got < c->ssize ? size - got : c->ssize;
		memcpy(s + got, sector(c, secs[i]), k);
		got += k;
	}
	free(secs);
	*len = got;
	return s;
}

/* The workbook stream when it lies in the mini stream. */
static unsigned char *mini_stream(cfb *c, const unsigned char *root, uint32_t start, uint32_t size,
                                  size_t *len)
{
	size_t mlen = 0, tlen = 0;
	uint32_t rsize = u32(root + 120);

	if ((uint64_t)rsize > (uint64_t)c->nsect * c->ssize) {
		snprintf(c->why, c->cap,
		         HZ_("a damaged or crafted file (its mini stream claims %u bytes, "
		             "more than the file holds)"),
		         rsize);
		return NULL;
	}
	unsigned char *mini = regular_stream(c, u32(root + 116), rsize, &mlen, CH_MINI);
	uint32_t mfstart = u32(c->b + 0x3C), mfcount = u32(c->b + 0x40);
	unsigned char *table = NULL, *s = NULL;
	uint32_t *tab = NULL, *secs = NULL, n = 0;

	if (!mini)
		goto done;
	if (mfcount > c->nsect) {
		snprintf(c->why, c->cap,
		         HZ_("a damaged or crafted file (it claims %u mini FAT sectors, the "
		             "file holds %u sectors)"),
		         mfcount, c->nsect);
		goto done;
	}
	table = regular_stream(c, mfstart, mfcount * c->ssize, &tlen, CH_MINIFAT);
	if (!table)
		goto done;
	uint32_t ntab = (uint32_t)(tlen / 4);
	tab = malloc(((size_t)ntab + 1) * sizeof *tab);
	secs = malloc(((size_t)ntab + 1) * sizeof *secs);
	s = malloc((size_t)size + 1);
	if (!tab || !secs || !s)
		goto done;
	for (uint32_t i = 0; i < ntab; i++)
		tab[i] = u32(table + 4 * i);
	if (!chain(c, tab, ntab, (uint32_t)(mlen / MINI_SECTOR), start, size, MINI_SECTOR, secs, &n,
	           CH_WORKBOOK)) {
		free(s);
		s = NULL;
		goto done;
	}
	size_t got = 0;
	for (uint32_t i = 0; i < n && got < size; i++) {
		size_t k = size - got < MINI_SECTOR ? size - got : MINI_SECTOR;
		memcpy(s + got, mini + (size_t)secs[i] * MINI_SECTOR, k);
		got += k;
	}
	*len = got;
done:
	free(mini);
	free(table);
	free(tab);
	free(secs);
	return s;
}

/* The shared-string table: segs[0] the SST's data, the rest its CONTINUE
 * records'. Every string's lengths must lie inside them. */
typedef struct sst_cursor {
	const unsigned char *const *seg;
	const size_t *len;
	size_t nseg, i, pos;
} sst_cursor;

static bool take(sst_cursor *k, uint64_t n)
{
	while (n > 0) {
		if (k->i >= k->nseg)
			return false;
		size_t left = k->len[k->i] - k->pos;
		if (n < left) {
			k->pos += (size_t)n;
			return true;
		}
		n -= left;
		k->i++;
		k->pos = 0;
	}
	return true;
}

static bool take_bytes(sst_cursor *k, unsigned char *dst, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		while (k->i < k->nseg && k->pos == k->len[k->i]) {
			k->i++;
			k->pos = 0;
		}
		if (k->i >= k->nseg)
			return false;
		dst[j] = k->seg[k->i][k->pos++];
	}
	return true;
}

static bool check_sst(cfb *c, const unsigned char *const *seg, const size_t *len, size_t nseg)
{
	sst_cursor k = { seg, len, nseg, 0, 0 };
	unsigned char h[8];
	uint32_t i = 0, unique;

	if (!take_bytes(&k, h, 8))
		goto short_table;
	unique = u32(h + 4);
	for (i = 0; i < unique; i++) {
		unsigned char sh[4];
		if (!take_bytes(&k, sh, 3))
			goto short_table;
		uint32_t chars = u16(sh), runs = 0, ext = 0;
		bool wide = sh[2] & 1;
		if ((sh[2] & 8) && take_bytes(&k, sh, 2))
			runs = u16(sh);
		else if (sh[2] & 8)
			goto short_table;
		if ((sh[2] & 4) && take_bytes(&k, sh, 4))
			ext = u32(sh);
		else if (sh[2] & 4)
			goto short_table;
		while (chars > 0) {
			if (k.i < k.nseg && k.pos == k.len[k.i]) {
				/* characters go on in the next CONTINUE, after a new
				 * flags byte */
				k.i++;
				k.pos = 0;
				if (!take_bytes(&k, sh, 1))
					goto short_table;
				wide = sh[0] & 1;
				continue;
			}
			if (k.i >= k.nseg)
				goto short_table;
			size_t avail = (k.len[k.i] - k.pos) / (wide ? 2 : 1);
			if (avail == 0)
				goto short_table;
			uint32_t n = avail < chars ? (uint32_t)avail : chars;
			k.pos += (size_t)n * (wide ? 2 : 1);
			chars -= n;
		}
		if (!take(&k, (uint64_t)runs * 4 + ext)) {
			snprintf(c->why, c->cap,
			         HZ_("a damaged or crafted workbook (shared string %u claims %llu "
			             "bytes beyond the end of the shared-string table)"),
			         i + 1, (unsigned long long)runs * 4 + ext);
			return false;
		}
	}
	return true;
short_table:
	snprintf(c->why, c->cap,
	         HZ_("a damaged or crafted workbook (the shared-string table claims more "
	             "strings than its %zu records hold; it ends in string %u)"),
	         nseg, i + 1);
	return false;
}

/* The records of the workbook stream. */
static bool check_biff(cfb *c, const unsigned char *s, size_t n)
{
	int depth = 0, dims[DEPTH_MAX + 1] = { 0 };
	size_t pos = 0;

	while (pos + 4 <= n) {
		uint16_t type = u16(s + pos), len = u16(s + pos + 2);
		const unsigned char *d = s + pos + 4;
		if (type == 0 && len == 0)
			break; /* FreeXL's end */
		if (len > RECORD_MAX) {
			snprintf(
			        c->why, c->cap,
			        HZ_("a damaged or crafted workbook (a record of %u bytes at offset "
			            "%zu; BIFF8 allows %d)"),
			        len, pos, RECORD_MAX);
			return false;
		}
		if (pos + 4 + len > n)
			break; /* cut short: FreeXL stops there */
		if (type == 0x0809 && depth < DEPTH_MAX) {
			dims[++depth] = 0;
		} else if (type == 0x000A && depth > 0) {
			depth--;
		} else if (type == 0x0200) {
			uint32_t r0, r1, c0, c1;
			if (len >= 14) {
				r0 = u32(d), r1 = u32(d + 4), c0 = u16(d + 8), c1 = u16(d + 10);
			} else if (len >= 8) {
				r0 = u16(d), r1 = u16(d + 2), c0 = u16(d + 4), c1 = u16(d + 6);
			} else {
				r0 = r1 = c0 = c1 = 0;
			}
			if (r1 > ROWS_MAX || c1 > COLUMNS_MAX || r0 > r1 || c0 > c1) {
				snprintf(
				        c->why, c->cap,
				        HZ_("a damaged or crafted workbook (a sheet's size claims "
				            "rows %u-%u and columns %u-%u, beyond Excel's %u x %u)"),
				        r0, r1, c0, c1, ROWS_MAX, COLUMNS_MAX);
				return false;
			}
			if (++dims[depth] > 1) {
				snprintf(
				        c->why, c->cap,
				        HZ_("a damaged or crafted workbook (a sheet states its size "
				            "%d times; once is the format)"),
				        dims[depth]);
				return false;
			}
		} else if (type == 0x00FC) {
			/* the SST and every CONTINUE after it: a table of many MB
			 * has hundreds of them */
			size_t cap = n / 4 + 1, nseg = 0, p = pos;
			const unsigned char **seg = malloc(cap * sizeof *seg);
			size_t *seglen = malloc(cap * sizeof *seglen);
			uint16_t t = type, l = len;
			if (!seg || !seglen) {
				free(seg);
				free(seglen);
				return true; /* no room to check: FreeXL's own limits hold */
			}
			do {
				seg[nseg] = s + p + 4;
				seglen[nseg++] = l;
				p += 4 + (size_t)l;
				if (p + 4 > n)
					break;
				t = u16(s + p), l = u16(s + p + 2);
				if (l > RECORD_MAX || p + 4 + l > n)
					break;
			} while (t == 0x003C && nseg < cap);
			bool ok = check_sst(c, (const unsigned char *const *)seg, seglen, nseg);
			free(seg);
			free(seglen);
			if (!ok)
				return false;
		}
		pos += 4 + (size_t)len;
	}
	return true;
}

bool hz_xls_check(int fd, char *why, size_t cap)
{
	struct stat st;
	cfb c = { .why = why, .cap = cap };
	bool ok = true;

	why[0] = '\0';
	if (fstat(fd, &st) != 0 || st.st_size < 512)
		return true; /* FreeXL says what it is not */
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return true;
	c.b = map;
	c.size = (size_t)st.st_size;
	uint16_t shift = u16(c.b + 0x1E);
	if (memcmp(c.b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0 || (shift != 9 && shift != 12))
		goto out; /* not a compound file FreeXL reads: it says so */
	c.ssize = 1u << shift;
	if (c.size < 2 * (size_t)c.ssize)
		goto out;
	c.nsect = (uint32_t)((c.size - c.ssize) / c.ssize);
	if (!(ok = load_fat(&c)))
		goto out;

	/* FreeXL reads the first directory sector: every name there */
	uint32_t dir = u32(c.b + 0x30), wb_start = END_OF_CHAIN, wb_size = 0;
	const unsigned char *root = NULL;
	if (dir >= c.nsect)
		goto out;
	const unsigned char *ds = sector(&c, dir);
	for (uint32_t e = 0; e < c.ssize / 128; e++) {
		const unsigned char *ent = ds + 128 * e;
		uint16_t nlen = u16(ent + 64);
		if (nlen > NAME_BYTES || nlen % 2) {
			snprintf(
			        why, cap,
			        HZ_("a damaged or crafted file (directory entry %u claims a name of "
			            "%u bytes; a compound file allows %d)"),
			        e + 1, nlen, NAME_BYTES);
			ok = false;
			goto out;
		}
		if (ent[66] == 5 && !root)
			root = ent;
		if (wb_start == END_OF_CHAIN &&
		    ((nlen == 18 && memcmp(ent, "W\0o\0r\0k\0b\0o\0o\0k\0\0", 18) == 0) ||
		     (nlen == 10 && memcmp(ent, "B\0o\0o\0k\0\0", 10) == 0))) {
			wb_start = u32(ent + 116);
			wb_size = u32(ent + 120);
		}
	}
	if (wb_start == END_OF_CHAIN)
		goto out; /* FreeXL: no workbook stream */
	size_t n = 0;
	unsigned char *s = NULL;
	/* a small stream lies in the mini stream, when the file has one
	 * (hz's own test files, and FreeXL, read it from sectors otherwise) */
	if (wb_size < u32(c.b + 0x38) && root && u32(root + 120) > 0 && u32(c.b + 0x40) > 0)
		s = mini_stream(&c, root, wb_start, wb_size, &n);
	else if ((uint64_t)wb_size > (uint64_t)c.nsect * c.ssize)
		snprintf(why, cap,
		         HZ_("a damaged or crafted file (its workbook stream claims %u bytes, "
		             "more than the file holds)"),
		         wb_size);
	else
		s = regular_stream(&c, wb_start, wb_size, &n, CH_WORKBOOK);
	if (!s)
		ok = why[0] == '\0';
	else
		ok = check_biff(&c, s, n);
	free(s);
out:
	free(c.fat);
	munmap(map, (size_t)st.st_size);
	return ok;
}
