/* oom.h - what the library does when memory runs out (libhz(3)) */
#ifndef HZ_OOM_H
#define HZ_OOM_H
#include "hz/api.h"
HZ_API_BEGIN

/* Called, on whichever thread ran out, when an allocation of the library
 * fails. By default (NULL) the library writes "PROGRAM: out of memory" to
 * stderr and ends the process with _exit(2), as the tools do: no half
 * report is flushed and no register is replaced by its unfinished copy.
 * A host that would rather end otherwise (longjmp out of its own call,
 * abort for a core dump, its own message) sets a handler; if the handler
 * returns, the default follows, since the library cannot go on without
 * the memory. */
typedef void (*hz_out_of_memory_fn)(void);
void hz_set_out_of_memory(hz_out_of_memory_fn handler);

HZ_API_END

#endif
