/* xls_check.h - (private) an .xls file checked before FreeXL reads it */
#ifndef HZ_XLS_CHECK_H
#define HZ_XLS_CHECK_H
#include <stdbool.h>
#include <stddef.h>

/* Check the compound file open on fd and its workbook stream's records
 * where FreeXL 1.0.6 trusts them (directory names, sector chains, record
 * lengths, sheet sizes, the shared-string table). true: FreeXL may have
 * it (or will say itself what it is not); false: why, translated. */
bool hz_xls_check(int fd, char *why, size_t cap);

#endif
