/* format.c - names and detection of the file formats */
#include <string.h>
#include "hz/format.h"

static const struct {
	const char *name;
	hz_format format;
} format_names[] = {
	{ "csv", HZ_FMT_CSV },      { "tsv", HZ_FMT_TSV },   { "jsonl", HZ_FMT_JSONL },
	{ "ndjson", HZ_FMT_JSONL }, { "json", HZ_FMT_JSON }, { "table", HZ_FMT_TABLE },
	{ "text", HZ_FMT_TEXT },    { "xlsx", HZ_FMT_XLSX }, { "xls", HZ_FMT_XLS },
};

#define NFORMATS (sizeof format_names / sizeof format_names[0])

bool hz_format_parse(const char *name, hz_format *out)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(name, format_names[i].name) == 0) {
			*out = format_names[i].format;
			return true;
		}
	return false;
}

const char *hz_format_name(hz_format f)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (format_names[i].format == f)
			return format_names[i].name;
	return "auto";
}

hz_format hz_format_of_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	hz_format f;

	if (!dot || strchr(dot, '/'))
		return HZ_FMT_AUTO;
	if (hz_format_parse(dot + 1, &f) && f != HZ_FMT_TABLE && f != HZ_FMT_TEXT)
		return f;
	return HZ_FMT_AUTO;
}

bool hz_format_is_json(hz_format f)
{
	return f == HZ_FMT_JSON || f == HZ_FMT_JSONL;
}

bool hz_format_is_sheet(hz_format f)
{
	return f == HZ_FMT_XLSX || f == HZ_FMT_XLS;
}
