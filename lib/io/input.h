/* input.h - (private) bytes of one input, decoded to UTF-8 */
#ifndef HZ_INPUT_H
#define HZ_INPUT_H
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define HZ_INPUT_BLOCK 65536

/* An input file read in blocks. With an encoding, bytes pass through iconv;
 * a sequence iconv cannot convert becomes the byte 0xFF, which is never
 * valid UTF-8, so the reader reports it on the line where it stands. */
typedef struct hz_input {
	int fd;
	bool eof;
	int error;              /* errno of a failed read, or 0 */
	off_t start;            /* file offset of the first byte, -1 if not seekable */
	iconv_t cd;             /* (iconv_t)-1 when reading UTF-8 */
	const char *encoding;   /* as read: -E NAME, or what -E auto decided */
	bool utf16_nobom;       /* -E auto saw UTF-16 without a BOM: the bytes
				  * are passed on undecoded for the caller to refuse */
	bool wide;              /* -E names UTF-16, UTF-32 or UCS-2/4 */
	const char *not_wide;   /* ... and the first block has no NUL byte: it
				  * is not that encoding; what -E auto takes it for */
	long long limit, total; /* bytes it may have (0: any), bytes read */
	char raw[HZ_INPUT_BLOCK];
	size_t raw_len;
	char buf[HZ_INPUT_BLOCK * 4 + 16];
	size_t len, pos; /* decoded bytes in buf, and the next unread */
} hz_input;

/* Returns 0, or an errno value (file cannot be opened, unknown encoding:
 * EINVAL). path NULL means stdin. encoding NULL or "auto" decides it from
 * the first HZ_DETECT_SAMPLE bytes (hz_detect_encoding), read here and then
 * handed out as the input's first; a UTF-8 input then reads as fast as
 * with -E UTF-8. */
int hz_input_open(hz_input *in, const char *path, const char *encoding);
/* read(2) into dst, counted against in->limit (past it: -1, error EFBIG). */
ssize_t hz_input_read(hz_input *in, char *dst, size_t cap);
/* Refill buf when it is used up; false at the end (or on error). */
bool hz_input_fill(hz_input *in);
void hz_input_close(hz_input *in);

#endif
