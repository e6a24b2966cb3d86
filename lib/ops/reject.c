/* reject.c - a record's errors gathered as the columns of a rejected record */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/reject.h"
#include "xalloc.h"

struct hz_reject {
	bool strict;
	long count;
	/* rule ids, messages and the JSON array, each grown as needed; opened
	 * at a record's first error, since most records have none */
	char *rules, *messages, *json;
	size_t rules_len, messages_len, json_len;
	FILE *rules_out, *messages_out, *json_out;
};

hz_reject *hz_reject_new(bool strict)
{
	hz_reject *rj = hz_xcalloc(1, sizeof *rj);

	rj->strict = strict;
	return rj;
}

static void drop(hz_reject *rj)
{
	if (rj->rules_out) {
		fclose(rj->rules_out);
		fclose(rj->messages_out);
		fclose(rj->json_out);
	}
	free(rj->rules);
	free(rj->messages);
	free(rj->json);
	rj->rules_out = rj->messages_out = rj->json_out = NULL;
	rj->rules = rj->messages = rj->json = NULL;
}

static FILE *memstream(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		abort(); /* as xalloc.h does */
	return f;
}

void hz_reject_hook(const hz_finding *f, void *collector)
{
	hz_reject *rj = collector;
	const char *message = f->message ? f->message : "";

	if (f->severity == HZ_WARNING && !rj->strict)
		return; /* under --strict a warning rejects the record too */
	if (!rj->rules_out) {
		rj->rules_out = memstream(&rj->rules, &rj->rules_len);
		rj->messages_out = memstream(&rj->messages, &rj->messages_len);
		rj->json_out = memstream(&rj->json, &rj->json_len);
		fputc('[', rj->json_out);
	}
	if (rj->count++) {
		fputc(';', rj->rules_out);
		fputs("; ", rj->messages_out);
		fputc(',', rj->json_out);
	}
	fputs(f->rule, rj->rules_out);
	fputs(message, rj->messages_out);
	fputs("{\"rule\":", rj->json_out);
	hz_json_put_string(rj->json_out, f->rule, strlen(f->rule));
	fputs(",\"field\":", rj->json_out);
	if (f->field)
		hz_json_put_string(rj->json_out, f->field, strlen(f->field));
	else
		fputs("null", rj->json_out);
	fputs(",\"message\":", rj->json_out);
	hz_json_put_string(rj->json_out, message, strlen(message));
	fputc('}', rj->json_out);
}

void hz_reject_reset(hz_reject *rj)
{
	drop(rj);
	rj->count = 0;
}

size_t hz_reject_extras(hz_reject *rj, bool json, hz_extra out[2])
{
	if (rj->count == 0)
		return 0;
	fputc(']', rj->json_out);
	fflush(rj->rules_out);
	fflush(rj->messages_out);
	fflush(rj->json_out);
	if (json) {
		out[0] = (hz_extra){ "错误", "errors", NULL, rj->json };
		return 1;
	}
	out[0] = (hz_extra){ "错误规则", "error_rules", rj->rules, NULL };
	out[1] = (hz_extra){ "错误说明", "error_messages", rj->messages, NULL };
	return 2;
}

void hz_reject_free(hz_reject *rj)
{
	if (!rj)
		return;
	drop(rj);
	free(rj);
}
