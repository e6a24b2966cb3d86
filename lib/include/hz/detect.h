/* detect.h - decide an input's encoding from its first bytes (-E auto) */
#ifndef HZ_DETECT_H
#define HZ_DETECT_H
#include <stddef.h>
#include "hz/api.h"
HZ_API_BEGIN

/* How much of an input the decision looks at: its first 64 KiB. */
#define HZ_DETECT_SAMPLE 65536

/* Returned for UTF-16 without a BOM. It is no iconv name: the caller
 * reports it as one `encoding` error and skips the input (without a BOM
 * the byte order is a guess, and a wrong guess reads as garbage). */
#define HZ_ENC_UTF16_NOBOM "UTF-16-NOBOM"

/* Decide the encoding of an input from its first bytes (at most
 * HZ_DETECT_SAMPLE of them), as hz-formats(5) describes -E auto:
 *   - a BOM: "UTF-8", "UTF-16LE" or "UTF-16BE" (the BOM stays in the
 *     input; decoded, a UTF-16 BOM becomes the UTF-8 one, which the reader
 *     skips);
 *   - NUL bytes in at least 1 in 8 of the even or of the odd positions,
 *     that side holding 90 % of all NULs: HZ_ENC_UTF16_NOBOM;
 *   - valid UTF-8: "UTF-8";
 *   - fewer non-ASCII bytes in valid UTF-8 sequences than in invalid
 *     ones, and the sample decodes as GB18030 without error: "GB18030";
 *   - else "UTF-8" (its invalid bytes are the reader's encoding errors).
 * Bytes are counted left to right as a decoder reads them; a sequence cut
 * by the end of the sample counts on neither side (at the end of a short
 * input the reader reports it). Returns a static string. */
const char *hz_detect_encoding(const unsigned char *sample, size_t len);

HZ_API_END

#endif
