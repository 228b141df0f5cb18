/*
 * kernel/random.c - random bytes: get_random_bytes(), get_random_u64().
 *
 * One xorshift64 state, seeded from the TSC the first time it is used
 * and stirred with the TSC on every call, so two boots (and two calls)
 * differ.  This is not cryptographic, and says so: it seeds libc's
 * stack protector and pointer guard (AT_RANDOM) and answers getrandom(2)
 * and /dev/urandom; sys_getrandom() is at the end.  Linux mixes many entropy sources into a ChaCha20
 * generator (drivers/char/random.c).
 */
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/random.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

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

/* ---- getrandom(2) --------------------------------------------------------- */

#define GRND_NONBLOCK	0x0001
#define GRND_RANDOM	0x0002
#define GRND_INSECURE	0x0004
#define GETRANDOM_CHUNK	256
#define GETRANDOM_MAX	0x7fffffffUL	/* Linux caps one call at INT_MAX */

/*
 * getrandom(buf, count, flags): count bytes, or fewer if part of buf is
 * bad (-EFAULT if none could be written).  Our generator never blocks,
 * so GRND_NONBLOCK and GRND_RANDOM change nothing; Linux's GRND_RANDOM
 * once drew on a separate, blocking pool.
 */
long sys_getrandom(struct pt_regs *regs)
{
	char __user *ubuf = (char __user *)regs->rdi;
	unsigned long count = min(regs->rsi, GETRANDOM_MAX), done = 0;
	unsigned int flags = (unsigned int)regs->rdx;
	u8 chunk[GETRANDOM_CHUNK];

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;		/* contradictory, as Linux says */
	if (count && !access_ok(ubuf, count))
		return -EFAULT;
	while (done < count) {
		unsigned long n = min(count - done, sizeof(chunk));
		unsigned long left;

		get_random_bytes(chunk, n);
		left = copy_to_user(ubuf + done, chunk, n);
		done += n - left;
		if (left)
			return done ? (long)done : -EFAULT;
		cond_resched();
	}
	memset(chunk, 0, sizeof(chunk));	/* leave no copy on the stack */
	return (long)done;
}
