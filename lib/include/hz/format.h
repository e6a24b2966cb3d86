/* format.h - the file formats tools read and write */
#ifndef HZ_FORMAT_H
#define HZ_FORMAT_H
#include <stdbool.h>
#include "hz/api.h"
HZ_API_BEGIN

typedef enum hz_format {
	HZ_FMT_AUTO,
	HZ_FMT_CSV,
	HZ_FMT_TSV,
	HZ_FMT_JSONL,
	HZ_FMT_JSON,
	HZ_FMT_TABLE,
	HZ_FMT_TEXT,
	HZ_FMT_XLSX, /* written by xlsx.h (the printed forms), read by xlsx_read.c */
	HZ_FMT_XLS,  /* read only: BIFF8, as WPS and older Excel save it */
} hz_format;

bool hz_format_parse(const char *name, hz_format *out);
const char *hz_format_name(hz_format f);
/* By extension: .csv .tsv .jsonl .ndjson .json .xlsx .xls; HZ_FMT_AUTO otherwise. */
hz_format hz_format_of_path(const char *path);
bool hz_format_is_json(hz_format f);
/* .xlsx or .xls: read by the spreadsheet readers, never written in place. */
bool hz_format_is_sheet(hz_format f);

HZ_API_END

#endif
