/* fuzz.h - what the harnesses share: the libFuzzer entry point, a scratch
 * file for the readers that take a path, and a check that stops the run */
#ifndef HZ_FUZZ_H
#define HZ_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant broken is a finding: abort, so that libFuzzer keeps the input
 * and the plain driver fails its test. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The scratch folder of this process (made on first use, removed at exit). */
const char *fuzz_dir(void);
/* Write data to the file `name` of the scratch folder; its path (static
 * storage, valid until the next call). */
const char *fuzz_scratch(const char *name, const uint8_t *data, size_t size);

#endif
