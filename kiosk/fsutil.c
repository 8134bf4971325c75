#include "fsutil.h"

#include "kerr.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fsutil_mkdirs(const char *path)
{
    char buf[PATH_MAX];

    if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
        return kerr_set(KERR_INVAL, "%.64s...: path too long", path);

    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return kerr_set(KERR_IO, "%s: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST)
        return kerr_set(KERR_IO, "%s: %s", buf, strerror(errno));
    return 0;
}

int fsutil_read(const char *path, size_t max, char **body, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    size_t got;
    int rc = 0;

    *body = NULL;
    *len = 0;
    if (!f)
        return kerr_set(errno == ENOENT ? KERR_NOTFOUND : KERR_IO, "%s: %s",
                        path, strerror(errno));
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        rc = kerr_set(KERR_IO, "%s: not a regular file", path);
        goto out;
    }
    if ((size_t)st.st_size > max) {
        rc = kerr_set(KERR_INVAL, "%s: larger than %zu bytes", path, max);
        goto out;
    }

    *body = malloc((size_t)st.st_size + 1);
    if (!*body) {
        rc = kerr_set(KERR_NOMEM, "%s: out of memory", path);
        goto out;
    }
    got = fread(*body, 1, (size_t)st.st_size, f);
    (*body)[got] = '\0';
    *len = got;

out:
    fclose(f);
    return rc;
}

int fsutil_write(const char *path, const void *data, size_t len)
{
    char tmp[PATH_MAX];
    FILE *f;
    int ok;

    if (snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()) >=
        (int)sizeof(tmp))
        return kerr_set(KERR_INVAL, "%.64s...: path too long", path);

    f = fopen(tmp, "wb");
    if (!f)
        return kerr_set(KERR_IO, "%s: %s", tmp, strerror(errno));
    ok = fwrite(data, 1, len, f) == len;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) < 0) {
        int err = errno;

        unlink(tmp);
        return kerr_set(KERR_IO, "%s: could not write: %s", path,
                        strerror(err));
    }
    return 0;
}
