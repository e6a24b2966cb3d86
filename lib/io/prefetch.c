/* prefetch.c - read a file's records ahead on a second thread.
 *
 * Reading (splitting rows, building records) and the tool's own work
 * overlap on two cores. Which side is heavier depends on the tool
 * (hz-validate's rules outweigh the reading, hz-tally's counting does
 * not), so the one piece of work either side can do, the UTF-8 check of
 * each row, goes to the side with time to spare: the reader sees how many
 * batches wait for the caller (backlog) and checks rows itself only while
 * the caller is behind.
 * Records go across in batches so that the threads meet once per batch,
 * not once per record, and the reader's findings travel in the batches
 * between the records, so every tool prints them in input order. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "prefetch.h"
#include "xalloc.h"
#include "record_int.h"

#define BATCH 64   /* records (or findings) a batch */
#define NBATCHES 4 /* batches in flight: bounds the memory */

struct item {
	hz_record *rec; /* a record, or NULL for a finding */
	hz_finding f;   /* its strings owned by the item */
};

struct batch {
	struct item items[BATCH];
	size_t n, pos;
	bool last; /* the reader ended after this batch */
};

struct hz_prefetch {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct batch batches[NBATCHES];
	size_t filled_head, nfilled; /* FIFO of filled batches */
	bool stop;
	hz_record *(*next)(void *arg);
	hz_record *(*swap)(void *arg, hz_record *fresh);
	void *arg;
	hz_diag **diag_slot, *out, collect;
	struct batch *filling, *reading; /* owned by the reader / the caller */
	hz_record *spare[BATCH * NBATCHES + 1];
	size_t nspare;
	bool ended;   /* the caller has seen the end */
	int *backlog; /* nfilled, mirrored for the reader */
};

/* Tell the reader how far ahead it is (under the lock, atomically: the
 * reader looks without it). */
static void mirror(hz_prefetch *p)
{
	if (p->backlog)
		__atomic_store_n(p->backlog, (int)p->nfilled, __ATOMIC_RELAXED);
}

static char *dup_or_null(const char *s)
{
	return s ? hz_xstrdup(s) : NULL;
}

static void item_clear(struct item *it)
{
	if (!it->rec) {
		free((char *)it->f.file);
		free((char *)it->f.id);
		free((char *)it->f.field);
		free((char *)it->f.rule);
		free((char *)it->f.message);
	}
	memset(it, 0, sizeof *it);
}

/* Hand the batch being filled over; wait for an empty one. Returns false
 * when the caller asked the thread to stop. */
static bool hand_over(hz_prefetch *p, bool last)
{
	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->nfilled == NBATCHES - 1)
		pthread_cond_wait(&p->changed, &p->mu); /* one batch is the caller's */
	if (p->stop) {
		pthread_mutex_unlock(&p->mu);
		return false;
	}
	p->filling->last = last;
	p->nfilled++;
	mirror(p);
	size_t next = (p->filled_head + p->nfilled) % NBATCHES;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->mu);
	p->filling = &p->batches[next];
	return true;
}

static struct item *slot(hz_prefetch *p)
{
	if (p->filling->n == BATCH && !hand_over(p, false))
		return NULL;
	struct batch *b = p->filling;
	if (b->n == 0) {
		/* recycle what the caller has finished with */
		for (size_t i = 0; i < BATCH; i++) {
			if (b->items[i].rec && p->nspare < sizeof p->spare / sizeof p->spare[0])
				p->spare[p->nspare++] = b->items[i].rec;
			else if (b->items[i].rec)
				hz_record_free(b->items[i].rec);
			b->items[i].rec = NULL;
			item_clear(&b->items[i]);
		}
		b->pos = 0;
	}
	return &b->items[b->n++];
}

static void collect(const hz_finding *f, void *arg)
{
	hz_prefetch *p = arg;
	struct item *it = slot(p);

	if (!it)
		return;
	it->rec = NULL;
	it->f = *f;
	it->f.file = dup_or_null(f->file);
	it->f.id = dup_or_null(f->id);
	it->f.field = dup_or_null(f->field);
	it->f.rule = dup_or_null(f->rule);
	it->f.message = dup_or_null(f->message);
}

static void *run(void *arg)
{
	hz_prefetch *p = arg;
	hz_record *r;

	while ((r = p->next(p->arg))) {
		struct item *it = slot(p);
		if (!it)
			return NULL;
		/* take the reader's record, and give it a spare to read into */
		hz_record *fresh = p->nspare ? p->spare[--p->nspare] : hz_record_new(NULL);
		it->rec = p->swap(p->arg, fresh);
	}
	hand_over(p, true);
	return NULL;
}

bool hz_prefetch_useful(void)
{
	static int cpus; /* 0: not asked yet */
	cpu_set_t set;

	if (!cpus)
		cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 2;
	return cpus >= 2;
}

hz_prefetch *hz_prefetch_start(hz_record *(*next)(void *arg), void *arg, hz_diag **diag_slot,
                               hz_record *(*swap)(void *arg, hz_record *fresh), int *backlog)
{
	hz_prefetch *p = hz_xcalloc(1, sizeof *p);

	p->backlog = backlog;
	p->next = next;
	p->swap = swap;
	p->arg = arg;
	p->diag_slot = diag_slot;
	p->out = *diag_slot;
	hz_diag_init(&p->collect, NULL);
	p->collect.out = NULL;
	p->collect.hook = collect;
	p->collect.hook_arg = p;
	p->filling = &p->batches[0];
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->changed, NULL);
	*diag_slot = &p->collect;
	if (pthread_create(&p->thread, NULL, run, p) != 0) {
		*diag_slot = p->out;
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->changed);
		free(p);
		return NULL;
	}
	return p;
}

/* The next filled batch, once the previous one is given back; NULL at the end. */
static struct batch *take_batch(hz_prefetch *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->reading) {
		bool last = p->reading->last;
		p->reading->n = 0;
		p->filled_head = (p->filled_head + 1) % NBATCHES;
		p->nfilled--;
		mirror(p);
		p->reading = NULL;
		pthread_cond_broadcast(&p->changed);
		if (last) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
	}
	while (p->nfilled == 0)
		pthread_cond_wait(&p->changed, &p->mu);
	p->reading = &p->batches[p->filled_head];
	pthread_mutex_unlock(&p->mu);
	return p->reading;
}

hz_record *hz_prefetch_next(hz_prefetch *p)
{
	struct batch *b = p->reading;

	if (p->ended)
		return NULL;
	for (;;) {
		if (!b || b->pos == b->n) {
			if ((b && b->last) || !(b = take_batch(p))) {
				if (p->reading)
					take_batch(p); /* give the last one back */
				p->ended = true;
				return NULL;
			}
			continue;
		}
		struct item *it = &b->items[b->pos++];
		if (it->rec)
			return it->rec;
		hz_diag_emit(p->out, &it->f);
	}
}

void hz_prefetch_stop(hz_prefetch *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	*p->diag_slot = p->out;
	for (size_t b = 0; b < NBATCHES; b++)
		for (size_t i = 0; i < BATCH; i++) {
			if (p->batches[b].items[i].rec)
				hz_record_free(p->batches[b].items[i].rec);
			p->batches[b].items[i].rec = NULL;
			item_clear(&p->batches[b].items[i]);
		}
	for (size_t i = 0; i < p->nspare; i++)
		hz_record_free(p->spare[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->changed);
	free(p);
}
