/*
 * sha256: SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104).
 *
 * Used to name cached images by their content and to sign webhook bodies.
 * Plain, portable C with no global state: every function is safe from any
 * thread as long as each context is used by one thread at a time.
 */
#ifndef KIOSK_SHA256_H
#define KIOSK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32      /* digest bytes */
#define SHA256_HEX_LEN 65  /* 64 lowercase hex digits and a NUL */
#define SHA256_BLOCK 64    /* input block bytes */

struct sha256_ctx {
    uint32_t h[8];                /* chaining state */
    uint64_t nbytes;              /* message bytes so far */
    uint8_t buf[SHA256_BLOCK];    /* partial block waiting for more */
    size_t nbuf;
};

/* Start a new digest in `c` (caller-owned storage). */
void sha256_init(struct sha256_ctx *c);

/* Add `len` bytes at `data` (may be NULL when len is 0). */
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);

/* Finish: write the 32-byte digest to `out`. `c` must be re-initialised
   before another use. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN]);

/* Write `digest` as 64 lowercase hex digits plus NUL into `hex`. */
void sha256_to_hex(const uint8_t digest[SHA256_LEN],
                   char hex[SHA256_HEX_LEN]);

/* One shot: the lowercase hex SHA-256 of `len` bytes at `data`. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN]);

/*
 * HMAC-SHA256 of `msg` under `key` (any lengths; either pointer may be NULL
 * when its length is 0) into the 32 bytes at `out`. Named after what it
 * computes rather than with the module prefix, as callers expect.
 */
void hmac_sha256(const void *key, size_t key_len, const void *msg,
                 size_t msg_len, uint8_t out[SHA256_LEN]);

#endif
