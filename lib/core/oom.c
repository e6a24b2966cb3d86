/* oom.c - the host's out-of-memory handler (oom.h), called by xalloc.h */
#include "hz/oom.h"
#include "xalloc.h"

static hz_out_of_memory_fn handler;

void hz_set_out_of_memory(hz_out_of_memory_fn h)
{
	handler = h;
}

void hz_out_of_memory_handler(void)
{
	if (handler)
		handler();
}
