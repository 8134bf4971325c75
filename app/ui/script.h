/*
 * script: the headless mode's driver. Replays a file of touch events on
 * the real app with a virtual clock, and writes PNG screenshots and
 * dumps of what is on screen at named points, for tests and for people
 * to look at.
 *
 *   # comment
 *   wait 500                  advance 500 ms, drawing frames
 *   tap 540 900               finger down and up at canvas pixels
 *   tap "Search"              at the centre of a button with that text
 *   tap #card-12              ... or with that widget id
 *   longpress 10 10 800       hold 800 ms
 *   drag 540 1400 540 600 300 move over 300 ms and lift
 *   type ecaille              press on-screen keys, one per character
 *   shot browse               write OUT/browse.png (images loaded first)
 *   dump browse               write OUT/browse.json
 *   expect "Still there?"     fail unless that text is on screen
 */
#ifndef KIOSK_SCRIPT_H
#define KIOSK_SCRIPT_H

#include "app.h"

/*
 * Run the script at `path` against `a`, writing into `out_dir`.
 * Returns 0, or a negative error naming the script line.
 */
int script_run(struct app *a, const char *path, const char *out_dir);

/* Advance the app by one frame of 16 ms (shared with the main loop). */
void script_frame(struct app *a);

enum script_touch { SCRIPT_DOWN, SCRIPT_MOVE, SCRIPT_UP };

/* One finger event at canvas (x, y), at the app's current time. */
void script_finger(struct app *a, enum script_touch kind, float x,
                   float y);

#endif
