/*
 * kerr: the project's one error convention.
 *
 * Functions return 0 on success or a negative KERR_* code, and leave a
 * readable one-line message for the caller in a per-thread buffer, as
 * SDL_SetError does. Pointer-returning functions return NULL and set the
 * message the same way.
 */
#ifndef KIOSK_KERR_H
#define KIOSK_KERR_H

enum {
    KERR_OK = 0,
    KERR_NOMEM = -1,    /* allocation failed */
    KERR_IO = -2,       /* file or disk trouble */
    KERR_INVAL = -3,    /* bad argument or bad input data */
    KERR_NET = -4,      /* network unreachable, timeout, dropped */
    KERR_HTTP = -5,     /* server answered with an error status */
    KERR_DB = -6,       /* SQLite reported an error */
    KERR_PARSE = -7,    /* malformed JSON, CSV, INI, ... */
    KERR_CANCEL = -8,   /* stopped on request */
    KERR_NOTFOUND = -9, /* no such item */
    KERR_REFUSED = -10, /* input understood but rejected as nonsense */
};

/*
 * Record a message for this thread and return `code`, so callers can write
 * `return kerr_set(KERR_IO, "%s: %s", path, strerror(errno));`.
 */
int kerr_set(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefix the current message with more context ("sync: " + old). */
int kerr_wrap(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The last message set on this thread; never NULL, "" if none. */
const char *kerr_msg(void);

/* A short name for a code, such as "network error". */
const char *kerr_name(int code);

#endif
