/*
 * log: one line per event on stderr, for journald and for people.
 *
 *   2026-12-03T17:20:01.123Z INFO  sync: 1,284 products, 3 changed
 *
 * Safe from any thread: each line goes out in a single write(2), so lines
 * from different threads never interleave. Never pass secrets (tokens,
 * PIN hashes, shop keys) or camera data to these functions.
 */
#ifndef KIOSK_LOG_H
#define KIOSK_LOG_H

enum log_level {
    LOG_DEBUG = 0,
    LOG_INFO = 1,
    LOG_WARN = 2,
    LOG_ERROR = 3,
    LOG_QUIET = 4, /* nothing at all; for tests that expect errors */
};

/* Lines below `level` are dropped. Default LOG_INFO. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

/*
 * Parse "debug", "info", "warn"/"warning", "error" or "quiet".
 * Returns 0 and stores the level, or KERR_INVAL.
 */
int log_parse_level(const char *name, enum log_level *out);

void log_write(enum log_level level, const char *module, const char *fmt,
               ...) __attribute__((format(printf, 3, 4)));

#define log_debug(mod, ...) log_write(LOG_DEBUG, mod, __VA_ARGS__)
#define log_info(mod, ...) log_write(LOG_INFO, mod, __VA_ARGS__)
#define log_warn(mod, ...) log_write(LOG_WARN, mod, __VA_ARGS__)
#define log_error(mod, ...) log_write(LOG_ERROR, mod, __VA_ARGS__)

#endif
