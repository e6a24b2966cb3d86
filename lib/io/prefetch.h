/* prefetch.h - (private) read a file's records ahead on a second thread */
#ifndef HZ_PREFETCH_H
#define HZ_PREFETCH_H
#include "hz/diag.h"
#include "hz/record.h"
#include "record_int.h"

typedef struct hz_prefetch hz_prefetch;

/* Start a thread that calls next(arg) until it returns NULL, and hands the
 * records over in batches. *diag_slot is the diag that next() reports to:
 * it is pointed at a collector for the thread's life, so that findings
 * reach the caller's diag in input order, between the records. Returns
 * NULL (and changes nothing) when no thread can be started. */
hz_prefetch *hz_prefetch_start(hz_record *(*next)(void *arg), void *arg, hz_diag **diag_slot,
                               hz_record *(*swap)(void *arg, hz_record *fresh), int *backlog);
/* *backlog (when not NULL) is kept at the number of batches filled and not
 * yet given back, stored atomically: next() may load it (atomically) to
 * see whether the caller keeps up. */
/* next() returns a record the reader keeps; before reading on, the thread
 * takes it (no copy) and gives the reader `fresh` to read into instead. */

/* Can a second thread run beside this one: may the process use two or
 * more CPUs? On one (taskset -c 0, a container's single core) the two
 * threads would only take turns, and each turn costs a switch. */
bool hz_prefetch_useful(void);

/* The next record (valid until the next call), emitting the findings that
 * came before it to the caller's diag; NULL at the end. */
hz_record *hz_prefetch_next(hz_prefetch *p);
/* Stop the thread (it finishes the record it is reading), restore the
 * diag slot and free everything. */
void hz_prefetch_stop(hz_prefetch *p);

#endif
