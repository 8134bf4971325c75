#include "kerr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define KERR_MSG_MAX 512

static _Thread_local char kerr_buf[KERR_MSG_MAX];

int kerr_set(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(kerr_buf, sizeof(kerr_buf), fmt, ap);
    va_end(ap);
    return code;
}

int kerr_wrap(int code, const char *fmt, ...)
{
    char prefix[KERR_MSG_MAX];
    char old[KERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);

    memcpy(old, kerr_buf, sizeof(old));
    if (snprintf(kerr_buf, sizeof(kerr_buf), "%s%s", prefix, old) < 0)
        kerr_buf[0] = '\0';
    return code;
}

const char *kerr_msg(void)
{
    return kerr_buf;
}

const char *kerr_name(int code)
{
    switch (code) {
    case KERR_OK: return "ok";
    case KERR_NOMEM: return "out of memory";
    case KERR_IO: return "i/o error";
    case KERR_INVAL: return "invalid input";
    case KERR_NET: return "network error";
    case KERR_HTTP: return "http error";
    case KERR_DB: return "database error";
    case KERR_PARSE: return "parse error";
    case KERR_CANCEL: return "cancelled";
    case KERR_NOTFOUND: return "not found";
    case KERR_REFUSED: return "refused";
    default: return "unknown error";
    }
}
