/*
 * fsutil: the few file-system chores several modules share.
 */
#ifndef KIOSK_FSUTIL_H
#define KIOSK_FSUTIL_H

#include <stddef.h>

/* mkdir -p: create `path` and its missing parents (mode 0755). */
int fsutil_mkdirs(const char *path);

/*
 * Read a whole file into a malloc'd, NUL-terminated buffer. Files over
 * `max` bytes are refused (KERR_INVAL); a missing file is KERR_NOTFOUND.
 */
int fsutil_read(const char *path, size_t max, char **body, size_t *len);

/*
 * Replace `path` with `len` bytes atomically: written beside it, flushed
 * and renamed over it, so a reader or a power cut never sees half a file.
 */
int fsutil_write(const char *path, const void *data, size_t len);

#endif
