/* office.c - the inputs of the office's documents, read the one way
 * hz-notice and hz-bulletin read them */
#include "hz/office.h"
#include "hz/roster.h"

/* One file, every record of it to add; false when it was not read whole. */
static bool read_file(const char *path, const hz_read_opts *o, hz_diag *d,
                      void (*add)(void *arg, const hz_record *r), void *arg)
{
	hz_reader *in = hz_reader_open(path, o, d);
	hz_record *rec;

	while ((rec = hz_reader_next(in)) != NULL)
		add(arg, rec);
	bool ok = hz_reader_status(in) == HZ_READ_OK;
	hz_reader_close(in);
	return ok;
}

bool hz_office_read(const hz_office_inputs *in, hz_diag *d,
                    void (*add)(void *arg, const hz_record *r), void *arg)
{
	bool ok = true;

	if (in->units) {
		/* read as units whatever its header says, as hz-due's --units */
		hz_read_opts o = *in->read;
		o.type = HZ_UNIT;
		o.header_rules = true;
		o.max_bytes = HZ_ROSTER_MAX;
		ok &= read_file(in->units, &o, d, add, arg);
	}
	for (int i = 0; i < in->npaths; i++)
		ok &= read_file(in->paths[i], in->read, d, add, arg);
	return ok;
}
