/*
 * kernel/random.c - random bytes: get_random_bytes(), get_random_u64().
 *
 * One xorshift64 state, seeded from the TSC the first time it is used
 * and stirred with the TSC on every call, so two boots (and two calls)
 * differ.  This is not cryptographic, and says so: it seeds libc's
 * stack protector and pointer guard (AT_RANDOM) and answers getrandom(2)
 * and /dev/urandom.  Linux mixes many entropy sources into a ChaCha20
 * generator (drivers/char/random.c).
 */
#include <asm/processor.h>
#include <mneme/random.h>
#include <mneme/string.h>

static u64 random_state;

u64 get_random_u64(void)
{
	u64 x = random_state ^ rdtsc();

	if (!x)
		x = 0x9e3779b97f4a7c15ULL;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	random_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

void get_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		u64 r = get_random_u64();
		size_t n = len < sizeof(r) ? len : sizeof(r);

		memcpy(p, &r, n);
		p += n;
		len -= n;
	}
}
