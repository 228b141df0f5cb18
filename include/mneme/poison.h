/*
 * poison.h - the byte patterns slub_debug writes into slab memory, so that
 * a hex dump tells at a glance what a byte was last used as.  Linux's
 * values (include/linux/poison.h), so reports read the same here and there:
 *
 *	0x6b 'k'  free object (POISON_FREE), last byte 0xa5 (POISON_END)
 *	0x5a 'Z'  padding and slab tail, never handed out (POISON_INUSE)
 *	0xbb      red zone of a free object (SLUB_RED_INACTIVE)
 *	0xcc      red zone of an allocated object (SLUB_RED_ACTIVE)
 */
#ifndef MNEME_POISON_H
#define MNEME_POISON_H

#define POISON_INUSE		0x5a	/* padding: no one's bytes */
#define POISON_FREE		0x6b	/* a free object's bytes */
#define POISON_END		0xa5	/* a free object's last byte */

#define SLUB_RED_INACTIVE	0xbb	/* red zone while the object is free */
#define SLUB_RED_ACTIVE		0xcc	/* red zone while it is allocated */

#endif
