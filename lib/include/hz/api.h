/* api.h - what libhz exports: the library is built with -fvisibility=hidden,
 * and each public header wraps its declarations in HZ_API_BEGIN/HZ_API_END,
 * so only they are in libhz.so's dynamic symbol table; the private headers
 * (lib/reader_int.h, lib/input.h, ...) share functions between the library's files without exporting
 * them. */
#ifndef HZ_API_H
#define HZ_API_H

#if defined(__GNUC__) || defined(__clang__)
#define HZ_API_BEGIN _Pragma("GCC visibility push(default)")
#define HZ_API_END _Pragma("GCC visibility pop")
#else
#define HZ_API_BEGIN
#define HZ_API_END
#endif

#endif
