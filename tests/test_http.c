/*
 * http against the fake shop: each case is a server behaviour in and the
 * client's verdict out. Backoffs are tiny so the file runs in seconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fakeshop.h"
#include "http.h"
#include "kerr.h"
#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NET_FIXTURES FIXTURES "/net"
#define HELLO "{\"hello\": \"world\", \"items\": [1, 2, 3]}\n"
#define BIG_LEN 100000

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void fast_opts(struct http_opts *o)
{
    http_opts_default(o);
    o->connect_timeout_ms = 2000;
    o->timeout_ms = 5000;
    o->retries = 2;
    o->backoff_ms = 10;
    o->backoff_max_ms = 50;
}

/* /big: BIG_LEN bytes of 'x'; /paged: a page with X-WP-TotalPages 7. */
static char *handler(void *ctx, const char *path, int page, int limit,
                     size_t *len, int *status, const char **content_type,
                     int *total_pages)
{
    char *body;

    if (strcmp(path, "/big") == 0) {
        body = malloc(BIG_LEN);
        if (body)
            memset(body, 'x', BIG_LEN);
        *len = BIG_LEN;
        return body;
    }
    if (strcmp(path, "/paged") == 0) {
        *total_pages = 7;
        *len = 2;
        return strdup("[]");
    }
    if (strcmp(path, "/hello.json") == 0) {
        *len = strlen(HELLO);
        return strdup(HELLO);
    }
    return NULL;
}

static int setup(void **state)
{
    struct fakeshop *fs = fakeshop_start(NET_FIXTURES);

    if (!fs)
        return -1;
    *state = fs;
    return 0;
}

static int teardown(void **state)
{
    fakeshop_stop(*state);
    return 0;
}

struct get_case {
    const char *name;
    const char *path;
    struct fakeshop_fault fault; /* .status etc.; .path filled in */
    int rc;                      /* expected return */
    long status;                 /* expected out.status */
    int hits;                    /* requests the server saw */
};

static const struct get_case get_cases[] = {
    {"200 with body", "/hello.json", {0}, 0, 200, 1},
    {"404 not retried", "/missing.json", {0}, KERR_HTTP, 404, 1},
    {"500 once then ok", "/hello.json", {.times = 1, .status = 500}, 0, 200,
     2},
    {"503 forever", "/hello.json", {.status = 503}, KERR_HTTP, 503, 3},
    {"403 not retried", "/hello.json", {.status = 403}, KERR_HTTP, 403, 1},
    {"truncated body", "/hello.json", {.truncate = 1}, KERR_NET, 200, 3},
    {"truncated once", "/big", {.times = 1, .truncate = 1}, 0, 200, 2},
    {"dropped connection", "/hello.json", {.drop = 1}, KERR_NET, 0, 3},
    {"dropped once", "/hello.json", {.times = 1, .drop = 1}, 0, 200, 2},
};

static void run_get_case(const struct get_case *t)
{
    struct fakeshop *fs = fakeshop_start(NET_FIXTURES);
    struct fakeshop_fault f = t->fault;
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];
    int rc;

    assert_non_null(fs);
    fakeshop_set_handler(fs, handler, NULL);
    if (f.status || f.truncate || f.drop) {
        f.path = t->path;
        fakeshop_add_fault(fs, &f);
    }
    fast_opts(&o);
    c = http_client_new(&o);
    assert_non_null(c);

    snprintf(url, sizeof(url), "%s%s", fakeshop_url(fs), t->path);
    rc = http_get(c, url, NULL, NULL, NULL, &r);
    if (rc != t->rc || fakeshop_hits(fs, t->path) != t->hits)
        print_message("case '%s': rc %d, hits %d, msg '%s'\n", t->name, rc,
                      fakeshop_hits(fs, t->path), kerr_msg());
    assert_int_equal(rc, t->rc);
    assert_int_equal(fakeshop_hits(fs, t->path), t->hits);
    assert_int_equal(r.attempts, t->hits);
    if (rc == 0) {
        assert_int_equal(r.status, t->status);
        assert_non_null(r.body);
        assert_int_equal(r.body[r.len], '\0');
    } else {
        assert_null(r.body);
        assert_non_null(strstr(kerr_msg(), "GET http://127.0.0.1:"));
        if (t->status)
            assert_int_equal(r.status, t->status);
    }
    if (rc == 0 && strcmp(t->path, "/hello.json") == 0)
        assert_string_equal(r.body, HELLO);
    if (rc == 0 && strcmp(t->path, "/big") == 0)
        assert_int_equal(r.len, BIG_LEN);

    http_response_clear(&r);
    http_client_free(c);
    fakeshop_stop(fs);
}

static void test_get_cases(void **state)
{
    for (size_t i = 0; i < sizeof(get_cases) / sizeof(get_cases[0]); i++)
        run_get_case(&get_cases[i]);
}

static void test_fixture_file_served(void **state)
{
    struct fakeshop *fs = *state;
    struct http_response r = {0};
    struct http_client *c = http_client_new(NULL);
    char url[256];

    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, strlen(HELLO));
    assert_string_equal(r.body, HELLO);
    assert_int_equal(r.total_pages, -1);
    assert_string_equal(r.etag, "");

    http_response_clear(&r);
    http_client_free(c);
}

static void test_failure_message_counts_attempts(void **state)
{
    struct fakeshop *fs = *state;
    struct fakeshop_fault f = {.path = "/hello.json", .status = 502};
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];

    fast_opts(&o);
    c = http_client_new(&o);
    fakeshop_add_fault(fs, &f);
    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), KERR_HTTP);
    assert_non_null(strstr(kerr_msg(), "/hello.json: HTTP 502"));
    assert_non_null(strstr(kerr_msg(), "(after 3 attempts)"));

    http_response_clear(&r);
    http_client_free(c);
}

static void test_retry_after_honoured(void **state)
{
    struct fakeshop *fs = *state;
    struct fakeshop_fault f = {.path = "/hello.json", .times = 1,
                               .status = 429, .retry_after = 1};
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];
    long t0;

    fast_opts(&o);
    o.backoff_max_ms = 3000;
    c = http_client_new(&o);
    fakeshop_add_fault(fs, &f);
    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));

    t0 = now_ms();
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), 0);
    assert_true(now_ms() - t0 >= 950);
    assert_true(now_ms() - t0 < 2500);
    assert_int_equal(r.attempts, 2);
    assert_int_equal(r.status, 200);

    http_response_clear(&r);
    http_client_free(c);
}

static void test_retry_after_capped(void **state)
{
    struct fakeshop *fs = *state;
    struct fakeshop_fault f = {.path = "/hello.json", .times = 1,
                               .status = 503, .retry_after = 3600};
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];
    long t0;

    fast_opts(&o);
    c = http_client_new(&o);
    fakeshop_add_fault(fs, &f);
    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));

    t0 = now_ms();
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), 0);
    assert_true(now_ms() - t0 < 1000);
    assert_int_equal(r.attempts, 2);

    http_response_clear(&r);
    http_client_free(c);
}

static void test_total_timeout(void **state)
{
    struct fakeshop *fs = *state;
    struct fakeshop_fault f = {.path = "/hello.json", .delay_ms = 3000};
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];
    long t0;

    fast_opts(&o);
    o.timeout_ms = 300;
    o.retries = 1;
    c = http_client_new(&o);
    fakeshop_add_fault(fs, &f);
    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));

    t0 = now_ms();
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), KERR_NET);
    assert_true(now_ms() - t0 < 1500);
    assert_int_equal(r.attempts, 2);
    assert_null(r.body);

    http_response_clear(&r);
    http_client_free(c);
}

struct canceller {
    volatile int *flag;
    int after_ms;
};

static void *cancel_later(void *arg)
{
    struct canceller *k = arg;
    struct timespec ts = {0, (long)k->after_ms * 1000000L};

    nanosleep(&ts, NULL);
    *k->flag = 1;
    return NULL;
}

static void test_cancel_stops_backoff(void **state)
{
    struct fakeshop *fs = *state;
    struct fakeshop_fault f = {.path = "/hello.json", .status = 500};
    volatile int cancel = 0;
    struct canceller k = {&cancel, 200};
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    pthread_t th;
    char url[256];
    long t0;

    fast_opts(&o);
    o.retries = 5;
    o.backoff_ms = 10000;
    o.backoff_max_ms = 10000;
    o.cancel = &cancel;
    c = http_client_new(&o);
    fakeshop_add_fault(fs, &f);
    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));

    t0 = now_ms();
    assert_int_equal(pthread_create(&th, NULL, cancel_later, &k), 0);
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), KERR_CANCEL);
    assert_true(now_ms() - t0 < 1000);
    pthread_join(th, NULL);
    assert_int_equal(fakeshop_hits(fs, "/hello.json"), 1);

    http_response_clear(&r);
    http_client_free(c);
}

static void test_cancel_stops_slow_transfer(void **state)
{
    struct fakeshop *fs = *state;
    struct fakeshop_fault f = {.path = "/hello.json", .delay_ms = 3000};
    volatile int cancel = 0;
    struct canceller k = {&cancel, 200};
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    pthread_t th;
    char url[256];
    long t0;

    fast_opts(&o);
    o.cancel = &cancel;
    c = http_client_new(&o);
    fakeshop_add_fault(fs, &f);
    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));

    t0 = now_ms();
    assert_int_equal(pthread_create(&th, NULL, cancel_later, &k), 0);
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), KERR_CANCEL);
    assert_true(now_ms() - t0 < 1500);
    pthread_join(th, NULL);

    http_response_clear(&r);
    http_client_free(c);
}

static void test_etag_gives_304(void **state)
{
    struct fakeshop *fs = *state;
    struct http_response r = {0};
    struct http_client *c = http_client_new(NULL);
    char url[256];

    fakeshop_set_etag(fs, "\"v1\"");
    snprintf(url, sizeof(url), "%s/hello.json", fakeshop_url(fs));
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.etag, "\"v1\"");

    assert_int_equal(http_get(c, url, NULL, "\"v1\"", NULL, &r), 0);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.len, 0);
    assert_string_equal(r.body, "");

    assert_int_equal(http_get(c, url, NULL, "\"v0\"",
                              "Wed, 21 Oct 2015 07:28:00 GMT", &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, HELLO);

    http_response_clear(&r);
    http_client_free(c);
}

static void test_total_pages_captured(void **state)
{
    struct fakeshop *fs = *state;
    struct http_response r = {0};
    struct http_client *c = http_client_new(NULL);
    char url[256];

    fakeshop_set_handler(fs, handler, NULL);
    snprintf(url, sizeof(url), "%s/paged?page=1", fakeshop_url(fs));
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), 0);
    assert_int_equal(r.total_pages, 7);
    assert_string_equal(r.body, "[]");

    http_response_clear(&r);
    http_client_free(c);
}

static void test_max_body_refused(void **state)
{
    struct fakeshop *fs = *state;
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];

    fast_opts(&o);
    o.max_body = 1000;
    c = http_client_new(&o);
    fakeshop_set_handler(fs, handler, NULL);
    snprintf(url, sizeof(url), "%s/big", fakeshop_url(fs));
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), KERR_INVAL);
    assert_int_equal(fakeshop_hits(fs, "/big"), 1);
    assert_null(r.body);
    assert_non_null(strstr(kerr_msg(), "larger than 1000 bytes"));

    http_response_clear(&r);
    http_client_free(c);
}

static void test_file_url(void **state)
{
    struct http_response r = {0};
    struct http_client *c = http_client_new(NULL);

    assert_int_equal(http_get(c, "file://" NET_FIXTURES "/hello.json", NULL,
                              NULL, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.body, HELLO);

    assert_int_equal(http_get(c, "file://" NET_FIXTURES "/nothing.json",
                              NULL, NULL, NULL, &r), KERR_NOTFOUND);
    assert_non_null(strstr(kerr_msg(), NET_FIXTURES "/nothing.json"));
    assert_int_equal(r.attempts, 1);

    http_response_clear(&r);
    http_client_free(c);
}

static void test_credentials_never_in_message(void **state)
{
    struct fakeshop *fs = *state;
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];

    fast_opts(&o);
    c = http_client_new(&o);
    snprintf(url, sizeof(url), "%s/missing.json", fakeshop_url(fs));
    assert_int_equal(http_get(c, url, "kiosk:s3cret-key", NULL, NULL, &r),
                     KERR_HTTP);
    assert_null(strstr(kerr_msg(), "s3cret"));

    snprintf(url, sizeof(url), "http://kiosk:s3cret-key@%s/missing.json",
             fakeshop_url(fs) + strlen("http://"));
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), KERR_HTTP);
    assert_null(strstr(kerr_msg(), "s3cret"));
    assert_non_null(strstr(kerr_msg(), "/missing.json"));

    http_response_clear(&r);
    http_client_free(c);
}

static void test_refused_port_is_network_error(void **state)
{
    struct fakeshop *fs = fakeshop_start(NULL);
    struct http_response r = {0};
    struct http_opts o;
    struct http_client *c;
    char url[256];

    /* A port that was just free is very likely still closed. */
    snprintf(url, sizeof(url), "%s/x", fakeshop_url(fs));
    fakeshop_stop(fs);
    fast_opts(&o);
    o.retries = 1;
    c = http_client_new(&o);
    assert_int_equal(http_get(c, url, NULL, NULL, NULL, &r), KERR_NET);
    assert_int_equal(r.attempts, 2);

    http_response_clear(&r);
    http_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_cases),
        cmocka_unit_test_setup_teardown(test_fixture_file_served, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failure_message_counts_attempts,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_retry_after_honoured, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_retry_after_capped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_total_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel_stops_backoff, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cancel_stops_slow_transfer,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_etag_gives_304, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_total_pages_captured, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_max_body_refused, setup,
                                        teardown),
        cmocka_unit_test(test_file_url),
        cmocka_unit_test_setup_teardown(test_credentials_never_in_message,
                                        setup, teardown),
        cmocka_unit_test(test_refused_port_is_network_error),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
