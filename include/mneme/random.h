/*
 * random.h - random bytes for the kernel and for user space.
 *
 * Not cryptographic: a xorshift generator seeded from the TSC (and
 * RDRAND where the CPU has it).  It feeds AT_RANDOM at exec,
 * getrandom(2), /dev/random and /dev/urandom.  Linux: drivers/char/random.c.
 */
#ifndef MNEME_RANDOM_H
#define MNEME_RANDOM_H

#include <mneme/types.h>

void get_random_bytes(void *buf, size_t len);
u64 get_random_u64(void);

#endif
