/* input.c - read an input in blocks, decoding through iconv when asked */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "hz/detect.h"
#include "input.h"

_Static_assert(HZ_INPUT_BLOCK >= HZ_DETECT_SAMPLE, "the sample fits in a block");

static bool is_utf8_name(const char *e)
{
	return strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0;
}

/* -E auto: read the sample into buf (where a UTF-8 input's first block goes
 * anyway), decide, and when it is not UTF-8 move it to raw for iconv. */
static void detect(hz_input *in)
{
	size_t n = 0;

	while (n < HZ_DETECT_SAMPLE) {
		ssize_t k = hz_input_read(in, in->buf + n, HZ_DETECT_SAMPLE - n);
		if (k <= 0) {
			in->eof = true;
			break;
		}
		n += (size_t)k;
	}
	/* a workbook's bytes are not text: the reader tells it by its signature
	 * and reads it as it is (spreadsheets carry their own encoding) */
	if ((n >= 4 && memcmp(in->buf, "PK\3\4", 4) == 0) ||
	    (n >= 8 && memcmp(in->buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)) {
		in->len = n;
		return;
	}
	in->encoding = hz_detect_encoding((const unsigned char *)in->buf, n);
	in->utf16_nobom = strcmp(in->encoding, HZ_ENC_UTF16_NOBOM) == 0;
	if (is_utf8_name(in->encoding) || in->utf16_nobom) {
		in->len = n;
		return;
	}
	in->cd = iconv_open("UTF-8", in->encoding);
	if (in->cd == (iconv_t)-1) {
		in->encoding = "UTF-8"; /* no such converter here: bytes as they are */
		in->len = n;
		return;
	}
	memcpy(in->raw, in->buf, n);
	in->raw_len = n;
}

static bool is_auto(const char *e)
{
	return !e || strcasecmp(e, "auto") == 0;
}

/* Encodings whose every ASCII character, line ends and delimiters
 * included, holds a NUL byte. */
static bool is_wide_name(const char *e)
{
	static const char *const wide[] = { "UTF-16", "UTF16", "UTF-32", "UTF32",  "UCS-2",
		                            "UCS2",   "UCS-4", "UCS4",   "UNICODE" };

	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (strncasecmp(e, wide[i], strlen(wide[i])) == 0)
			return true;
	return false;
}

int hz_input_open(hz_input *in, const char *path, const char *encoding)
{
	in->eof = false;
	in->error = 0;
	in->start = -1;
	in->raw_len = in->len = in->pos = 0;
	in->cd = (iconv_t)-1;
	in->encoding = is_auto(encoding) ? "UTF-8" : encoding;
	in->utf16_nobom = false;
	in->wide = !is_auto(encoding) && is_wide_name(encoding);
	in->not_wide = NULL;
	if (!is_auto(encoding) && !is_utf8_name(encoding)) {
		in->cd = iconv_open("UTF-8", encoding);
		if (in->cd == (iconv_t)-1)
			return EINVAL;
	}
	if (!path) {
		in->fd = STDIN_FILENO;
	} else if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		int e = errno;
		if (in->cd != (iconv_t)-1)
			iconv_close(in->cd);
		in->cd = (iconv_t)-1;
		return e;
	}
	/* stdin may be a file already partly read: offsets count from here */
	in->start = lseek(in->fd, 0, SEEK_CUR);
	if (is_auto(encoding))
		detect(in);
	return 0;
}

ssize_t hz_input_read(hz_input *in, char *dst, size_t cap)
{
	ssize_t n;

	if (in->limit && in->total > in->limit) {
		in->error = EFBIG; /* --schedule /dev/zero */
		return -1;
	}
	do
		n = read(in->fd, dst, cap);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		in->error = errno;
	else
		in->total += n;
	return n;
}

/* Convert what is in raw into buf; keeps an incomplete tail in raw. */
static void decode(hz_input *in, bool at_end)
{
	char *src = in->raw, *dst = in->buf;
	size_t left = in->raw_len, room = sizeof in->buf - 16;

	while (left > 0 && room > 8) {
		if (iconv(in->cd, &src, &left, &dst, &room) != (size_t)-1)
			break;
		if (errno == EINVAL && !at_end)
			break; /* a sequence cut by the block end */
		if (errno == E2BIG)
			break;
		*dst++ = (char)0xFF; /* EILSEQ, or EINVAL at the end */
		room--;
		src++;
		left--;
	}
	memmove(in->raw, src, left);
	in->raw_len = left;
	in->len = (size_t)(dst - in->buf);
	in->pos = 0;
}

bool hz_input_fill(hz_input *in)
{
	if (in->pos < in->len)
		return true;
	in->len = in->pos = 0;
	if (in->cd == (iconv_t)-1) {
		if (in->eof)
			return false;
		ssize_t n = hz_input_read(in, in->buf, HZ_INPUT_BLOCK);
		if (n <= 0) {
			in->eof = true;
			return false;
		}
		in->len = (size_t)n;
		return true;
	}
	while (in->len == 0) {
		if (!in->eof && in->raw_len < sizeof in->raw) {
			ssize_t n = hz_input_read(in, in->raw + in->raw_len,
			                          sizeof in->raw - in->raw_len);
			if (n <= 0)
				in->eof = true;
			else
				in->raw_len += (size_t)n;
		}
		/* a UTF-8 or GB18030 file read as UTF-16 decodes without
		 * one error into a single line of CJK: refuse it, once */
		if (in->wide && in->total == (long long)in->raw_len) {
			in->wide = false;
			if (in->raw_len >= 2 && !memchr(in->raw, 0, in->raw_len))
				in->not_wide = hz_detect_encoding((const unsigned char *)in->raw,
				                                  in->raw_len);
		}
		if (in->raw_len == 0)
			return false;
		decode(in, in->eof);
		if (in->len == 0 && in->eof && in->raw_len == 0)
			return false;
	}
	return true;
}

void hz_input_close(hz_input *in)
{
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	in->fd = -1;
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	in->cd = (iconv_t)-1;
}
