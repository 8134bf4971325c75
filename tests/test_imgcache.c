/*
 * imgcache against the fake shop: images are made by the test with
 * stb_image_write, served from a temporary directory, and the cache is
 * checked on disk (files, thumbnail sizes, alpha) and through its index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fakeshop.h"
#include "http.h"
#include "imgcache.h"
#include "kerr.h"
#include "log.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct env {
    char shop_dir[64];  /* images served by the fake shop */
    char cache_dir[64]; /* the cache under test */
    struct fakeshop *fs;
    struct http_opts http;
};

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    return remove(path);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *dir, const char *name, const void *data,
                       size_t len)
{
    char path[PATH_MAX];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* w x h image with `ch` channels; `seed` makes noise, 0 a gradient. When
   ch is 4 the left half is see-through. */
static unsigned char *make_pixels(int w, int h, int ch, unsigned seed)
{
    unsigned char *px = malloc((size_t)w * h * ch);

    assert_non_null(px);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            unsigned char *p = px + ((size_t)y * w + x) * ch;

            for (int c = 0; c < ch && c < 3; c++) {
                seed = seed * 1103515245u + 12345u;
                p[c] = seed ? (unsigned char)(seed >> 16)
                            : (unsigned char)((x + y * c) & 255);
            }
            if (ch == 4)
                p[3] = x < w / 2 ? 0 : 255;
        }
    }
    return px;
}

static void write_png(const char *dir, const char *name, int w, int h,
                      int ch, unsigned seed)
{
    char path[PATH_MAX];
    unsigned char *px = make_pixels(w, h, ch, seed);

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    assert_true(stbi_write_png(path, w, h, ch, px, w * ch));
    free(px);
}

static void write_jpg(const char *dir, const char *name, int w, int h)
{
    char path[PATH_MAX];
    unsigned char *px = make_pixels(w, h, 3, 0);

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    assert_true(stbi_write_jpg(path, w, h, 3, px, 90));
    free(px);
}

/* A PNG whose header claims 60000 x 60000 pixels, and no image data. */
static void write_absurd_png(const char *dir, const char *name)
{
    static const unsigned char png[] = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
        0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60, 8, 2, 0, 0, 0,
        0, 0, 0, 0,
    };

    write_file(dir, name, png, sizeof(png));
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    static const char broken[] = "\x89PNG\r\n\x1a\nthis is not a png";
    char copy[PATH_MAX];

    snprintf(e->shop_dir, sizeof(e->shop_dir), "/tmp/ic-shop-XXXXXX");
    snprintf(e->cache_dir, sizeof(e->cache_dir), "/tmp/ic-cache-XXXXXX");
    if (!mkdtemp(e->shop_dir) || !mkdtemp(e->cache_dir))
        return -1;
    rm_tree(e->cache_dir); /* the cache must create its own directory */

    write_png(e->shop_dir, "wide.png", 400, 200, 3, 0);
    write_png(e->shop_dir, "tryon.png", 300, 150, 4, 0);
    write_jpg(e->shop_dir, "photo.jpg", 200, 300);
    write_png(e->shop_dir, "small.png", 50, 40, 3, 7);
    write_file(e->shop_dir, "broken.png", broken, sizeof(broken) - 1);
    write_absurd_png(e->shop_dir, "absurd.png");
    write_png(e->shop_dir, "slow.png", 20, 20, 3, 9);
    for (int i = 0; i < 4; i++) {
        char name[32];

        snprintf(name, sizeof(name), "noise%d.png", i);
        write_png(e->shop_dir, name, 48, 48, 3, 100u + (unsigned)i);
    }
    /* The same bytes under another name. */
    snprintf(copy, sizeof(copy), "cp %s/wide.png %s/wide-again.png",
             e->shop_dir, e->shop_dir);
    if (system(copy) != 0)
        return -1;

    e->fs = fakeshop_start(e->shop_dir);
    if (!e->fs)
        return -1;
    http_opts_default(&e->http);
    e->http.timeout_ms = 500;
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;

    fakeshop_stop(e->fs);
    rm_tree(e->shop_dir);
    rm_tree(e->cache_dir);
    free(e);
    return 0;
}

static char *url_of(struct env *e, const char *name)
{
    char buf[PATH_MAX + 64];

    snprintf(buf, sizeof(buf), "%s/%s", fakeshop_url(e->fs), name);
    return strdup(buf);
}

static void free_urls(char **urls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(urls[i]);
}

/* Size and channels of the image file at `path`. */
static void image_info(const char *path, int *w, int *h, int *comp)
{
    assert_true(stbi_info(path, w, h, comp));
}

static const char *ext_of(const char *path)
{
    return strrchr(path, '.');
}

static const char *const mixed_names[] = {
    "wide.png", "tryon.png", "photo.jpg", "small.png", "wide-again.png",
    "broken.png", "absurd.png", "missing.png", "slow.png",
};
#define N_MIXED (sizeof(mixed_names) / sizeof(mixed_names[0]))

struct progress_log {
    int calls, last_done, last_total;
};

static void on_progress(void *ctx, int done, int total)
{
    struct progress_log *p = ctx;

    p->calls++;
    p->last_done = done;
    p->last_total = total;
}

static void fetch_mixed(struct env *e, struct imgcache *ic,
                        struct imgcache_stats *st)
{
    char *urls[N_MIXED];
    struct progress_log prog = {0};

    for (size_t i = 0; i < N_MIXED; i++)
        urls[i] = url_of(e, mixed_names[i]);
    assert_int_equal(imgcache_fetch(ic, urls, N_MIXED, &e->http, 3,
                                    on_progress, &prog, st), 0);
    assert_true(prog.calls >= 1);
    assert_int_equal(prog.last_done, N_MIXED);
    assert_int_equal(prog.last_total, N_MIXED);
    free_urls(urls, N_MIXED);
}

static int path_of(struct env *e, struct imgcache *ic, const char *name,
                   int px, char *buf)
{
    char *url = url_of(e, name);
    int rc = imgcache_path(ic, url, px, buf, PATH_MAX);

    free(url);
    return rc;
}

struct thumb_case {
    const char *name;
    int px;
    int w, h, comp;   /* expected thumbnail */
    const char *ext;
};

static const struct thumb_case thumb_cases[] = {
    {"wide.png", 128, 128, 64, 3, ".jpg"},
    {"wide.png", 32, 32, 16, 3, ".jpg"},
    {"tryon.png", 128, 128, 64, 4, ".png"},
    {"photo.jpg", 128, 85, 128, 3, ".jpg"},
    {"small.png", 128, 50, 40, 3, ".jpg"}, /* never enlarged */
};

static void test_fetch_mixed_batch(void **state)
{
    static const int sizes[] = {128, 32, 0};
    struct env *e = *state;
    struct fakeshop_fault slow = {.path = "/slow.png", .delay_ms = 1500};
    struct imgcache_stats st;
    struct imgcache *ic;
    char a[PATH_MAX], b[PATH_MAX];
    int w, h, comp;

    fakeshop_add_fault(e->fs, &slow);
    ic = imgcache_open(e->cache_dir, 0, sizes);
    assert_non_null(ic);
    fetch_mixed(e, ic, &st);

    assert_int_equal(st.requested, 9);
    assert_int_equal(st.fetched, 5);
    assert_int_equal(st.failed, 4); /* broken, absurd, missing, slow */
    assert_int_equal(st.cached, 0);
    assert_int_equal(st.bytes, imgcache_bytes(ic));

    /* Originals keep their bytes; one copy for two URLs. */
    assert_int_equal(path_of(e, ic, "wide.png", 0, a), 0);
    assert_int_equal(path_of(e, ic, "wide-again.png", 0, b), 0);
    assert_string_equal(a, b);
    image_info(a, &w, &h, &comp);
    assert_int_equal(w, 400);
    assert_string_equal(ext_of(a), ".png");
    assert_int_equal(path_of(e, ic, "photo.jpg", 0, a), 0);
    assert_string_equal(ext_of(a), ".jpg");

    for (size_t i = 0; i < sizeof(thumb_cases) / sizeof(thumb_cases[0]);
         i++) {
        const struct thumb_case *t = &thumb_cases[i];

        assert_int_equal(path_of(e, ic, t->name, t->px, a), 0);
        image_info(a, &w, &h, &comp);
        assert_int_equal(w, t->w);
        assert_int_equal(h, t->h);
        assert_int_equal(comp, t->comp);
        assert_string_equal(ext_of(a), t->ext);
    }

    assert_int_equal(path_of(e, ic, "wide.png", 64, a), KERR_NOTFOUND);
    assert_int_equal(path_of(e, ic, "broken.png", 0, a), KERR_NOTFOUND);
    assert_int_equal(path_of(e, ic, "absurd.png", 0, a), KERR_NOTFOUND);
    assert_int_equal(path_of(e, ic, "missing.png", 0, a), KERR_NOTFOUND);
    assert_int_equal(path_of(e, ic, "slow.png", 0, a), KERR_NOTFOUND);
    imgcache_close(ic);
}

static void test_refetch_skipped_and_reopen(void **state)
{
    static const int sizes[] = {128, 0};
    struct env *e = *state;
    struct fakeshop_fault slow = {.path = "/slow.png", .times = 1,
                                  .delay_ms = 1500};
    struct imgcache_stats st;
    struct imgcache *ic;
    char a[PATH_MAX];

    fakeshop_add_fault(e->fs, &slow);
    ic = imgcache_open(e->cache_dir, 0, sizes);
    fetch_mixed(e, ic, &st);
    assert_int_equal(fakeshop_hits(e->fs, NULL), 9);
    imgcache_close(ic);

    /* Reopened: good images are cached, lasting failures remembered,
       only the one that timed out is asked for again. */
    ic = imgcache_open(e->cache_dir, 0, sizes);
    assert_non_null(ic);
    assert_int_equal(path_of(e, ic, "tryon.png", 128, a), 0);
    fetch_mixed(e, ic, &st);
    assert_int_equal(st.cached, 5);
    assert_int_equal(st.fetched, 1);
    assert_int_equal(st.failed, 3);
    assert_int_equal(fakeshop_hits(e->fs, NULL), 10);
    assert_int_equal(fakeshop_hits(e->fs, "/wide.png"), 1);
    assert_int_equal(fakeshop_hits(e->fs, "/broken.png"), 1);
    assert_int_equal(fakeshop_hits(e->fs, "/missing.png"), 1);
    assert_int_equal(fakeshop_hits(e->fs, "/slow.png"), 2);
    assert_int_equal(path_of(e, ic, "slow.png", 0, a), 0);

    /* A power cut left an original empty: it is fetched again. */
    assert_int_equal(path_of(e, ic, "tryon.png", 0, a), 0);
    assert_int_equal(truncate(a, 0), 0);
    fetch_mixed(e, ic, &st);
    assert_int_equal(fakeshop_hits(e->fs, "/tryon.png"), 2);
    assert_int_equal(path_of(e, ic, "tryon.png", 0, a), 0);
    imgcache_close(ic);
}

static void test_new_thumb_size_made_for_cached(void **state)
{
    static const int before[] = {128, 0};
    static const int after[] = {128, 64, 0};
    struct env *e = *state;
    struct imgcache_stats st;
    struct imgcache *ic;
    char *url = url_of(e, "tryon.png");
    char a[PATH_MAX];
    int w, h, comp;

    ic = imgcache_open(e->cache_dir, 0, before);
    assert_int_equal(imgcache_fetch(ic, &url, 1, &e->http, 1, NULL, NULL,
                                    &st), 0);
    imgcache_close(ic);

    ic = imgcache_open(e->cache_dir, 0, after);
    assert_int_equal(imgcache_fetch(ic, &url, 1, &e->http, 1, NULL, NULL,
                                    &st), 0);
    assert_int_equal(st.cached, 1);
    assert_int_equal(fakeshop_hits(e->fs, "/tryon.png"), 1);
    assert_int_equal(imgcache_path(ic, url, 64, a, sizeof(a)), 0);
    image_info(a, &w, &h, &comp);
    assert_int_equal(w, 64);
    assert_int_equal(comp, 4);
    imgcache_close(ic);
    free(url);
}

static long file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void test_eviction_lru(void **state)
{
    struct env *e = *state;
    struct imgcache_stats st;
    struct imgcache *ic;
    char *urls[4];
    char a[PATH_MAX], b_path[PATH_MAX];
    long biggest = 0;

    for (int i = 0; i < 4; i++) {
        char name[PATH_MAX];

        snprintf(name, sizeof(name), "%.200s/noise%d.png", e->shop_dir, i);
        if (file_size(name) > biggest)
            biggest = file_size(name);
        snprintf(name, sizeof(name), "noise%d.png", i);
        urls[i] = url_of(e, name);
    }

    /* Room for three and a half; no thumbnails to keep sums simple. */
    ic = imgcache_open(e->cache_dir, biggest * 7 / 2, NULL);
    assert_int_equal(imgcache_fetch(ic, urls, 3, &e->http, 1, NULL, NULL,
                                    &st), 0);
    assert_int_equal(st.fetched, 3);
    assert_int_equal(imgcache_path(ic, urls[1], 0, b_path, PATH_MAX), 0);

    /* noise0 was used after noise1 and noise2 were stored... */
    assert_int_equal(imgcache_path(ic, urls[0], 0, a, sizeof(a)), 0);
    assert_int_equal(imgcache_path(ic, urls[2], 0, a, sizeof(a)), 0);
    assert_int_equal(imgcache_path(ic, urls[0], 0, a, sizeof(a)), 0);

    /* ...so the fourth pushes out noise1, the least recently used. */
    assert_int_equal(imgcache_fetch(ic, &urls[3], 1, &e->http, 1, NULL,
                                    NULL, &st), 0);
    assert_true(st.bytes <= biggest * 7 / 2);
    assert_int_equal(imgcache_path(ic, urls[1], 0, a, sizeof(a)),
                     KERR_NOTFOUND);
    assert_int_equal(file_size(b_path), -1);
    for (int i = 0; i < 4; i++) {
        if (i != 1)
            assert_int_equal(imgcache_path(ic, urls[i], 0, a, sizeof(a)),
                             0);
    }
    imgcache_close(ic);

    /* The count survives reopening. */
    ic = imgcache_open(e->cache_dir, biggest * 7 / 2, NULL);
    assert_int_equal(imgcache_bytes(ic), st.bytes);
    imgcache_close(ic);
    free_urls(urls, 4);
}

static void test_file_urls_and_cancel(void **state)
{
    struct env *e = *state;
    volatile int cancel = 1;
    struct imgcache_stats st;
    struct imgcache *ic;
    char url[PATH_MAX], a[PATH_MAX];
    char *urls[1] = {url};
    struct http_opts o = e->http;

    snprintf(url, sizeof(url), "file://%s/photo.jpg", e->shop_dir);
    ic = imgcache_open(e->cache_dir, 0, NULL);
    o.cancel = &cancel;
    assert_int_equal(imgcache_fetch(ic, urls, 1, &o, 2, NULL, NULL, &st),
                     KERR_CANCEL);

    cancel = 0;
    assert_int_equal(imgcache_fetch(ic, urls, 1, &o, 2, NULL, NULL, &st),
                     0);
    assert_int_equal(st.fetched, 1);
    assert_int_equal(imgcache_path(ic, url, 0, a, sizeof(a)), 0);
    imgcache_close(ic);
}

static void test_bad_urls_fail_softly(void **state)
{
    struct env *e = *state;
    char *urls[] = {"", "ftp://example.com/a.png", "not a url"};
    struct imgcache_stats st;
    struct imgcache *ic = imgcache_open(e->cache_dir, 0, NULL);

    assert_int_equal(imgcache_fetch(ic, urls, 3, NULL, 0, NULL, NULL, &st),
                     0);
    assert_int_equal(st.failed, 3);
    assert_int_equal(fakeshop_hits(e->fs, NULL), 0);
    imgcache_close(ic);
    imgcache_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fetch_mixed_batch, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_refetch_skipped_and_reopen,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_thumb_size_made_for_cached,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_eviction_lru, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_urls_and_cancel, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_urls_fail_softly, setup,
                                        teardown),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
