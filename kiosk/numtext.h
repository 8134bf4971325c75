/*
 * numtext: numbers as shops write them: prices and dates.
 *
 * Prices arrive as "289,90", "1 289,90" or "1,289.90", in currencies
 * with 0, 2 or 3 decimals; dates as ISO 8601 with or without a zone.
 * Everything is read with integers, never through floating point. Pure
 * functions; any thread.
 */
#ifndef KIOSK_NUMTEXT_H
#define KIOSK_NUMTEXT_H

#include <stdint.h>

/* Digits after the decimal point of ISO 4217 `code`: 0, 2 or 3. */
int numtext_decimals(const char *code);

/*
 * A decimal price string in major units ("289", "289.00", "289,5",
 * "1,289.90", "1 289,90") as an integer in minor units with `decimals`
 * digits (0..3), rounded half away from zero, never through floating
 * point. Empty or blank text gives -1 ("no price"). Returns 0,
 * KERR_PARSE when the text is not a number, KERR_REFUSED when it is
 * negative ("-0" is zero).
 */
int numtext_price(const char *text, int decimals, int64_t *out);

/*
 * Unix seconds from ISO 8601 ("2024-05-01", "2024-05-01T10:00:00Z",
 * "...+02:00", fractions ignored; no zone means UTC). Returns 0 or
 * KERR_PARSE.
 */
int numtext_time(const char *iso, int64_t *out);

#endif
