/*
 * lib/vsprintf.c - printf-style formatting into a buffer.
 *
 * Pure C with no kernel dependencies, so tests/host compiles it for the
 * host and checks it against the C library's snprintf.  The output cursor
 * keeps counting past the end of the buffer so vsnprintf() can return the
 * length the whole output would need (C99), which callers use to detect
 * truncation.  Corresponds to Linux lib/vsprintf.c (much reduced).
 */
#include <mneme/sprintf.h>
#include <mneme/string.h>

#define FLAG_LEFT	0x01	/* '-' */
#define FLAG_ZERO	0x02	/* '0' */
#define FLAG_PLUS	0x04	/* '+' */
#define FLAG_SPACE	0x08	/* ' ' */
#define FLAG_ALT	0x10	/* '#' */
#define FLAG_UPPER	0x20	/* %X */

struct out {
	char *buf;
	size_t size;
	size_t pos;	/* may run past size: counts the full length */
};

struct spec {
	unsigned flags;
	int width;	/* -1: none */
	int precision;	/* -1: none */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* len bytes of s (NULs too), space-padded to the field width. */
static void put_field(struct out *o, const char *s, int len,
		      const struct spec *sp)
{
	if (!(sp->flags & FLAG_LEFT))
		put_repeat(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->flags & FLAG_LEFT)
		put_repeat(o, ' ', sp->width - len);
}

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
	size_t max = sp->precision >= 0 ? (size_t)sp->precision : (size_t)-1;

	if (!s)
		s = "(null)";
	put_field(o, s, (int)strnlen(s, max), sp);
}

/* Digits of v in base, least significant first; returns how many. */
static int to_digits(char *tmp, unsigned long long v, unsigned base,
		     bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	return n;
}

static void put_number(struct out *o, unsigned long long v, bool negative,
		       unsigned base, const struct spec *sp)
{
	char tmp[24], sign = 0;
	const char *prefix = "";
	int ndigits, zeros, pad;

	ndigits = to_digits(tmp, v, base, sp->flags & FLAG_UPPER);
	if (sp->precision == 0 && v == 0)
		ndigits = 0;		/* C: "%.0d" of 0 prints nothing */
	if (negative)
		sign = '-';
	else if (sp->flags & FLAG_PLUS)
		sign = '+';
	else if (sp->flags & FLAG_SPACE)
		sign = ' ';
	if ((sp->flags & FLAG_ALT) && v && base == 16)
		prefix = (sp->flags & FLAG_UPPER) ? "0X" : "0x";

	zeros = sp->precision > ndigits ? sp->precision - ndigits : 0;
	/*
	 * C: '#' with %o raises the precision just enough to lead with a 0,
	 * so "%#o" of 8 is "010" and "%#.0o" of 0 is "0".
	 */
	if ((sp->flags & FLAG_ALT) && base == 8 && !zeros && (v || !ndigits))
		zeros = 1;
	pad = sp->width - ndigits - zeros - (int)strlen(prefix) - (sign != 0);
	if ((sp->flags & FLAG_ZERO) && !(sp->flags & FLAG_LEFT) &&
	    sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}

	if (!(sp->flags & FLAG_LEFT))
		put_repeat(o, ' ', pad);
	if (sign)
		put(o, sign);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	put_repeat(o, '0', zeros);
	while (ndigits)
		put(o, tmp[--ndigits]);
	if (sp->flags & FLAG_LEFT)
		put_repeat(o, ' ', pad);
}

static const char *parse_flags(const char *fmt, struct spec *sp)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-': sp->flags |= FLAG_LEFT; break;
		case '0': sp->flags |= FLAG_ZERO; break;
		case '+': sp->flags |= FLAG_PLUS; break;
		case ' ': sp->flags |= FLAG_SPACE; break;
		case '#': sp->flags |= FLAG_ALT; break;
		default: return fmt;
		}
	}
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + (*(*fmt)++ - '0');
	return v;
}

/* Length modifiers, counted as a size class: 'H' hh, 'h', 0 int, 'l', 'L' ll. */
static const char *parse_length(const char *fmt, char *len)
{
	*len = 0;
	if (fmt[0] == 'h' && fmt[1] == 'h')
		return *len = 'H', fmt + 2;
	if (fmt[0] == 'l' && fmt[1] == 'l')
		return *len = 'L', fmt + 2;
	if (*fmt == 'h' || *fmt == 'l')
		return *len = *fmt, fmt + 1;
	if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
		return *len = 'l', fmt + 1;	/* all 64-bit on x86_64 */
	return fmt;
}

static long long get_signed(va_list *ap, char len)
{
	switch (len) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	default: return va_arg(*ap, int);
	}
}

static unsigned long long get_unsigned(va_list *ap, char len)
{
	switch (len) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned);
	case 'h': return (unsigned short)va_arg(*ap, unsigned);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	default: return va_arg(*ap, unsigned);
	}
}

/* Format one conversion (fmt points at the conversion letter). */
static void format_one(struct out *o, char conv, char len, struct spec *sp,
		       va_list *ap)
{
	long long sv;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		sv = get_signed(ap, len);
		put_number(o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
			   sv < 0, 10, sp);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		/* '+' and ' ' are for signed conversions (C11 7.21.6.1) */
		sp->flags &= ~(FLAG_PLUS | FLAG_SPACE);
		if (conv == 'X')
			sp->flags |= FLAG_UPPER;
		put_number(o, get_unsigned(ap, len), false,
			   conv == 'u' ? 10 : conv == 'o' ? 8 : 16, sp);
		break;
	case 'p':		/* always "0x" and 16 digits, even for NULL */
		put(o, '0');
		put(o, 'x');
		sp->flags = FLAG_ZERO;
		sp->width = 16;
		sp->precision = -1;
		put_number(o, (unsigned long)va_arg(*ap, void *), false, 16, sp);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_field(o, &c, 1, sp);	/* "%c" of 0 writes a NUL */
		break;
	case 's':
		put_string(o, va_arg(*ap, const char *), sp);
		break;
	case '%':
		put(o, '%');
		break;
	default:		/* unknown: print it literally so it is noticed */
		put(o, '%');
		put(o, conv);
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		struct spec sp = { .flags = 0, .width = -1, .precision = -1 };
		char len;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_flags(fmt + 1, &sp);
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.flags |= FLAG_LEFT;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			sp.width = (*fmt >= '1' && *fmt <= '9') ? parse_int(&fmt) : -1;
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.precision = va_arg(ap, int);
				fmt++;
			} else {
				sp.precision = parse_int(&fmt);
			}
		}
		fmt = parse_length(fmt, &len);
		if (!*fmt)
			break;
		format_one(&o, *fmt++, len, &sp, &ap);
	}
	va_end(ap);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);

	if (size == 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
