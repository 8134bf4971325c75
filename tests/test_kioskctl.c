/* kioskctl as a person runs it: output and exit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo.h"
#include "product.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], ini[128];
static char out[65536];

/* Run kioskctl with `args`; capture stdout+stderr; return exit code. */
static int ctl(const char *args)
{
    char cmd[1024];
    size_t n;
    FILE *p;
    int st;

    snprintf(cmd, sizeof(cmd), "'%s' --config '%s' %s 2>&1",
             getenv("KIOSKCTL"), ini, args);
    p = popen(cmd, "r");
    assert_non_null(p);
    n = fread(out, 1, sizeof(out) - 1, p);
    out[n] = '\0';
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int setup(void **state)
{
    FILE *f;

    (void)state;
    if (!getenv("KIOSKCTL"))
        return -1;
    snprintf(dir, sizeof(dir), "/tmp/kiosk-ctl-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(ini, sizeof(ini), "%s/kiosk.ini", dir);
    f = fopen(ini, "w");
    assert_non_null(f);
    fprintf(f, "[kiosk]\ndata_dir = %s/data\nlog_level = warn\n"
               "[demo]\nproducts = 120\nseed = 3\n", dir);
    fclose(f);
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_search_before_sync(void **state)
{
    (void)state;
    assert_int_equal(ctl("search round"), 1);
    assert_non_null(strstr(out, "run 'kioskctl sync' first"));
}

static void test_sync_search_show_status(void **state)
{
    struct demo_opts o = {120, 3, 0, "x"};
    struct product p = {0};
    char args[256];

    (void)state;
    assert_int_equal(ctl("sync"), 0);
    assert_non_null(strstr(out, "synced 120 products"));

    assert_int_equal(ctl("search --limit 5"), 0);
    assert_non_null(strstr(out, "frames match (showing 1-5)"));
    assert_non_null(strstr(out, "BRAND"));

    assert_int_equal(ctl("search qqqzzzxxx"), 4);
    assert_non_null(strstr(out, "0 frames match"));

    assert_int_equal(ctl("search --facets --limit 1"), 0);
    assert_non_null(strstr(out, "shape"));

    assert_int_equal(demo_product(&o, 0, &p), 0);
    snprintf(args, sizeof(args), "show '%s'", p.variants[0].sku);
    assert_int_equal(ctl(args), 0);
    assert_non_null(strstr(out, p.brand));
    assert_non_null(strstr(out, p.variants[0].sku));
    product_clear(&p);

    assert_int_equal(ctl("show NO-SUCH-SKU"), 4);
    assert_non_null(strstr(out, "no product has SKU 'NO-SUCH-SKU'"));

    assert_int_equal(ctl("status"), 0);
    assert_non_null(strstr(out, "last sync"));
    assert_non_null(strstr(out, "just now"));
    assert_non_null(strstr(out, "built-in demo store"));
}

/* The PIN line: a salted hash that checks, never the PIN. */
static void test_pin_hash(void **state)
{
    char salt[17], hex[65], salted[64], want[SHA256_HEX_LEN];

    (void)state;
    assert_int_equal(ctl("pin 4821"), 0);
    assert_int_equal(sscanf(out, "[staff]\npin_hash = %16[0-9a-f]$%64[0-9a-f]",
                            salt, hex),
                     2);
    assert_null(strstr(out, "4821"));
    snprintf(salted, sizeof(salted), "%s4821", salt);
    sha256_hex(salted, strlen(salted), want);
    assert_string_equal(hex, want);
    assert_int_equal(ctl("pin 12"), 2);
    assert_int_equal(ctl("pin 12ab"), 2);
}

static void test_usage_and_bad_config(void **state)
{
    FILE *f;

    (void)state;
    assert_int_equal(ctl("frobnicate"), 2);
    assert_non_null(strstr(out, "usage: kioskctl"));
    assert_int_equal(ctl("search --sort sideways"), 2);

    f = fopen(ini, "a");
    fputs("[shop]\nlead_days = soon\n", f);
    fclose(f);
    assert_int_equal(ctl("status"), 2);
    assert_non_null(strstr(out, "kiosk.ini:8: lead_days: 'soon'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_before_sync),
        cmocka_unit_test(test_sync_search_show_status),
        cmocka_unit_test(test_pin_hash),
        cmocka_unit_test(test_usage_and_bad_config),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
