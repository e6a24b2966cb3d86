/* hazard.c - rectified, listed and effective deadline of a hazard (hz-tally(1)) */
#include "hz/hazard.h"
#include "hz/vocab.h"
#include "record_int.h"

bool hz_hazard_rectified_by(const hz_record *r, hz_date as_of)
{
	hz_str done = hz_get(r, HZ_K_DONE_DATE);
	hz_date d;

	if (!hz_blank(done))
		return hz_date_parse(done, 0, &d) && d <= as_of;
	return hz_stage_rectified(hz_stage_of(hz_get(r, HZ_K_STAGE)));
}

bool hz_hazard_listed_by(const hz_record *r, hz_date as_of)
{
	hz_str listed = hz_get(r, HZ_K_LISTED);
	bool yes;
	hz_date d;

	if (hz_blank(listed))
		return false;
	if (hz_flag_parse(listed, &yes))
		return yes;
	return hz_date_parse(listed, 0, &d) && d <= as_of;
}

bool hz_hazard_effective_deadline(const hz_record *r, hz_date *out)
{
	hz_str ext = hz_get(r, HZ_K_EXTENSION);

	if (!hz_blank(ext))
		return hz_date_parse(ext, 0, out);
	return hz_date_parse(hz_get(r, HZ_K_DEADLINE), HZ_DATE_ALLOW_BEFORE, out);
}
