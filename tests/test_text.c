/* text: UTF-8 cleaning, HTML to text, joined lists. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kerr.h"
#include "log.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static void expect_html(const char *html, int one_line, const char *want)
{
    char *got = text_html(html, strlen(html), 4096, one_line);

    assert_non_null(got);
    assert_string_equal(got, want);
    assert_true(text_utf8_valid(got, strlen(got)));
    free(got);
}

static void test_html(void **state)
{
    expect_html("<p>Caf&eacute; &amp; cr&#232;me</p>", 1,
                "Caf\xc3\xa9 & cr\xc3\xa8me");
    expect_html("Caf&amp;eacute; &amp;amp; th&amp;#233;", 1,
                "Caf\xc3\xa9 & th\xc3\xa9");
    expect_html("&lt;p&gt;Double &lt;b&gt;escaped&lt;/b&gt;&lt;/p&gt;", 1,
                "Double escaped");
    expect_html("<p>One</p>\n\n<p>Two<br/>Three</p>", 0,
                "One\nTwo\nThree");
    expect_html("<p>One</p><p>Two</p>", 1, "One Two");
    expect_html("a<script>alert('<p>x</p>')</script>b<style>p{}</style>c"
                "<!-- <p>hidden</p> -->d",
                1, "abcd");
    expect_html("  lots \t of\xc2\xa0 space&nbsp;&nbsp;here  ", 1,
                "lots of space here");
    expect_html("size < 50 & > 40, &unknown; &#0; &#x1F60A; &#150;", 1,
                "size < 50 & > 40, &unknown; \xef\xbf\xbd "
                "\xf0\x9f\x98\x8a \xe2\x80\x93");
    expect_html("<a href=\"x>y\">link</a> text", 1, "link text");
    expect_html("bad \xff\xfe bytes \xc3", 1,
                "bad \xef\xbf\xbd\xef\xbf\xbd bytes \xef\xbf\xbd");
    expect_html("<p>truncated <b", 1, "truncated");
    expect_html("", 1, "");
}

static void test_html_cap(void **state)
{
    char *big = malloc(1 << 20), *got;

    for (size_t i = 0; i < (1 << 20); i += 2)
        memcpy(big + i, "\xc3\xa9", 2);
    got = text_html(big, 1 << 20, 511, 1);
    assert_non_null(got);
    assert_int_equal(strlen(got), 510); /* never half an "é" */
    assert_true(text_utf8_valid(got, strlen(got)));
    free(got);
    free(big);
}

static void test_utf8(void **state)
{
    char *s;

    assert_true(text_utf8_valid("ok \xc3\xa9 \xe2\x96\xa1", 9));
    assert_false(text_utf8_valid("\xc0\xaf", 2));         /* overlong */
    assert_false(text_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(text_utf8_valid("\xf4\x90\x80\x80", 4)); /* > 10FFFF */
    assert_false(text_utf8_valid("\xe2\x96", 2));         /* cut */

    s = text_utf8_clean("a\0b\x01\tc\xff", 7, 100);
    assert_string_equal(s, "a b \tc\xef\xbf\xbd");
    free(s);
    s = text_utf8_clean("ab\xc3\xa9", 4, 3);
    assert_string_equal(s, "ab");
    free(s);
    assert_int_equal(text_utf8_cut("a\xe2\x96\xa1", 4, 2), 1);
}

static void test_join(void **state)
{
    char *list = NULL;

    assert_int_equal(text_join(&list, "Black", 100), 0);
    assert_int_equal(text_join(&list, "black", 100), 0);
    assert_int_equal(text_join(&list, "", 100), 0);
    assert_int_equal(text_join(&list, "Havana", 100), 0);
    assert_int_equal(text_join(&list, "Much too long to fit", 16), 0);
    assert_string_equal(list, "Black, Havana");
    free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_cap),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_join),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
