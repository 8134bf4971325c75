/* SHA-256 and HMAC-SHA256 against FIPS 180 and RFC 4231 test vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sha256.h"

#include <stdlib.h>
#include <string.h>

struct digest_case {
    const char *msg;
    const char *hex;
};

static const struct digest_case fips_cases[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
     "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

static void test_fips_vectors(void **state)
{
    char hex[SHA256_HEX_LEN];

    for (size_t i = 0; i < sizeof(fips_cases) / sizeof(fips_cases[0]);
         i++) {
        sha256_hex(fips_cases[i].msg, strlen(fips_cases[i].msg), hex);
        assert_string_equal(hex, fips_cases[i].hex);
    }
}

static void test_million_a_in_odd_chunks(void **state)
{
    struct sha256_ctx c;
    uint8_t d[SHA256_LEN];
    char hex[SHA256_HEX_LEN];
    char chunk[997];
    size_t left = 1000000;

    memset(chunk, 'a', sizeof(chunk));
    sha256_init(&c);
    while (left > 0) {
        size_t n = left < sizeof(chunk) ? left : sizeof(chunk);

        sha256_update(&c, chunk, n);
        left -= n;
    }
    sha256_final(&c, d);
    sha256_to_hex(d, hex);
    assert_string_equal(
        hex,
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every split point of a two-block message gives the one-shot digest. */
static void test_split_updates_match_one_shot(void **state)
{
    char msg[130];
    char want[SHA256_HEX_LEN], got[SHA256_HEX_LEN];

    for (size_t i = 0; i < sizeof(msg); i++)
        msg[i] = (char)('A' + i % 26);
    sha256_hex(msg, sizeof(msg), want);

    for (size_t cut = 0; cut <= sizeof(msg); cut++) {
        struct sha256_ctx c;
        uint8_t d[SHA256_LEN];

        sha256_init(&c);
        sha256_update(&c, msg, cut);
        sha256_update(&c, NULL, 0);
        sha256_update(&c, msg + cut, sizeof(msg) - cut);
        sha256_final(&c, d);
        sha256_to_hex(d, got);
        assert_string_equal(got, want);
    }
}

struct hmac_case {
    uint8_t key_byte; /* key is this byte repeated, unless key_text */
    size_t key_len;
    const char *key_text;
    uint8_t data_byte; /* data is this byte repeated, unless data_text */
    size_t data_len;
    const char *data_text;
    const char *hex;   /* expected, possibly truncated */
};

static const struct hmac_case rfc4231_cases[] = {
    {0x0b, 20, NULL, 0, 0, "Hi There",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
    {0, 0, "Jefe", 0, 0, "what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
    {0xaa, 20, NULL, 0xdd, 50, NULL,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
    {0x0c, 20, NULL, 0, 0, "Test With Truncation",
     "a3b6167473100ee06e0c796c2955552b"},
    {0xaa, 131, NULL, 0, 0,
     "Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
    {0xaa, 131, NULL, 0, 0,
     "This is a test using a larger than block-size key and a larger "
     "than block-size data. The key needs to be hashed before being "
     "used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
};

static void test_rfc4231_vectors(void **state)
{
    for (size_t i = 0;
         i < sizeof(rfc4231_cases) / sizeof(rfc4231_cases[0]); i++) {
        const struct hmac_case *t = &rfc4231_cases[i];
        uint8_t key[200], data[200], mac[SHA256_LEN];
        char hex[SHA256_HEX_LEN];
        size_t klen, dlen;

        klen = t->key_text ? strlen(t->key_text) : t->key_len;
        if (t->key_text)
            memcpy(key, t->key_text, klen);
        else
            memset(key, t->key_byte, klen);
        dlen = t->data_text ? strlen(t->data_text) : t->data_len;
        if (t->data_text)
            memcpy(data, t->data_text, dlen);
        else
            memset(data, t->data_byte, dlen);

        hmac_sha256(key, klen, data, dlen, mac);
        sha256_to_hex(mac, hex);
        assert_memory_equal(hex, t->hex, strlen(t->hex));
    }
}

/* RFC 4231 test case 4: key 0x01..0x19, data 0xcd x 50. */
static void test_rfc4231_counting_key(void **state)
{
    uint8_t key[25], data[50], mac[SHA256_LEN];
    char hex[SHA256_HEX_LEN];

    for (int i = 0; i < 25; i++)
        key[i] = (uint8_t)(i + 1);
    memset(data, 0xcd, sizeof(data));
    hmac_sha256(key, sizeof(key), data, sizeof(data), mac);
    sha256_to_hex(mac, hex);
    assert_string_equal(
        hex,
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_million_a_in_odd_chunks),
        cmocka_unit_test(test_split_updates_match_one_shot),
        cmocka_unit_test(test_rfc4231_vectors),
        cmocka_unit_test(test_rfc4231_counting_key),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
