#include "script.h"

#include "kerr.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCRIPT_FRAME_MS 16

/* One frame: time moves, gestures reach the ui, the app draws. */
void script_frame(struct app *a)
{
    struct gesture_event e;

    a->now += SCRIPT_FRAME_MS;
    gesture_tick(a->gesture, a->now);
    while (gesture_poll(a->gesture, &e))
        ui_pointer(a->ui, &e);
    app_frame(a);
}

static void script_wait(struct app *a, int ms)
{
    for (int t = 0; t < ms; t += SCRIPT_FRAME_MS)
        script_frame(a);
}

void script_finger(struct app *a, enum script_touch kind, float x,
                   float y)
{
    if (kind == SCRIPT_DOWN)
        gesture_down(a->gesture, a->now, 1, x, y);
    else if (kind == SCRIPT_MOVE)
        gesture_move(a->gesture, a->now, 1, x, y);
    else
        gesture_up(a->gesture, a->now, 1, x, y);
    app_activity(a);
}

static void script_tap(struct app *a, float x, float y, int hold_ms)
{
    script_finger(a, SCRIPT_DOWN, x, y);
    script_wait(a, hold_ms);
    script_finger(a, SCRIPT_UP, x, y);
    script_wait(a, 3 * SCRIPT_FRAME_MS);
}

static void script_drag(struct app *a, float x0, float y0, float x1,
                        float y1, int ms)
{
    int steps = ms / SCRIPT_FRAME_MS;

    script_finger(a, SCRIPT_DOWN, x0, y0);
    script_frame(a);
    for (int i = 1; i <= steps; i++) {
        script_finger(a, SCRIPT_MOVE, x0 + (x1 - x0) * i / steps,
                      y0 + (y1 - y0) * i / steps);
        script_frame(a);
    }
    script_finger(a, SCRIPT_UP, x1, y1);
    script_wait(a, 3 * SCRIPT_FRAME_MS);
}

/* A quoted text or #id names a widget of the last frame. */
static int script_target(struct app *a, const char *arg, float *x, float *y)
{
    char name[160];
    SDL_Rect r;

    if (sscanf(arg, "%f %f", x, y) == 2)
        return 0;
    if (arg[0] == '#')
        snprintf(name, sizeof(name), "%.159s", arg + 1);
    else if (sscanf(arg, "\"%159[^\"]\"", name) != 1)
        return -1;
    if (!ui_find(a->ui, name, &r))
        return -1;
    *x = r.x + r.w / 2.0f;
    *y = r.y + r.h / 2.0f;
    return 0;
}

/* Press the on-screen key for each character of `text`. */
static int script_type(struct app *a, const char *text)
{
    for (const char *p = text; *p;) {
        size_t n = (unsigned char)*p < 0x80 ? 1
                   : (unsigned char)*p < 0xE0 ? 2 : 3;
        char key[8];
        SDL_Rect r;

        snprintf(key, sizeof(key), "%.*s", (int)n, p);
        if (!ui_find(a->ui, key, &r))
            return -1;
        script_tap(a, r.x + r.w / 2.0f, r.y + r.h / 2.0f, 50);
        p += n;
    }
    return 0;
}

/* Let pictures arrive (bounded) so a screenshot shows what people see. */
static void script_settle(struct app *a)
{
    for (int i = 0; i < 300 && images_busy(a->images); i++) {
        usleep(10 * 1000);
        script_frame(a);
    }
    script_frame(a);
    script_frame(a);
}

static int script_output(struct app *a, const char *cmd, const char *name,
                         const char *out_dir)
{
    char path[1200];
    FILE *f;
    int rc;

    if (strcmp(cmd, "shot") == 0) {
        script_settle(a);
        snprintf(path, sizeof(path), "%s/%s.png", out_dir, name);
        return display_screenshot(a->display, path);
    }
    snprintf(path, sizeof(path), "%s/%s.json", out_dir, name);
    f = fopen(path, "w");
    if (!f)
        return kerr_set(KERR_IO, "%s: cannot write", path);
    rc = ui_dump(a->ui, f);
    fclose(f);
    return rc < 0 ? kerr_set(KERR_IO, "%s: write error", path) : 0;
}

static int script_line(struct app *a, char *line, const char *out_dir)
{
    char cmd[16], arg[256] = "";
    float x, y, x1, y1;
    int ms = 0;
    SDL_Rect r;

    if (sscanf(line, "%15s %255[^\n]", cmd, arg) < 1 || cmd[0] == '#')
        return 0;
    if (strcmp(cmd, "wait") == 0 && sscanf(arg, "%d", &ms) == 1)
        return script_wait(a, ms), 0;
    if (strcmp(cmd, "tap") == 0 && script_target(a, arg, &x, &y) == 0)
        return script_tap(a, x, y, 60), 0;
    if (strcmp(cmd, "longpress") == 0 &&
        sscanf(arg, "%f %f %d", &x, &y, &ms) == 3)
        return script_tap(a, x, y, ms), 0;
    if (strcmp(cmd, "drag") == 0 &&
        sscanf(arg, "%f %f %f %f %d", &x, &y, &x1, &y1, &ms) == 5)
        return script_drag(a, x, y, x1, y1, ms), 0;
    if (strcmp(cmd, "type") == 0)
        return script_type(a, arg);
    if (strcmp(cmd, "shot") == 0 || strcmp(cmd, "dump") == 0)
        return script_output(a, cmd, arg, out_dir);
    if (strcmp(cmd, "expect") == 0 &&
        sscanf(arg, "\"%255[^\"]\"", arg) == 1)
        return ui_find(a->ui, arg, &r) ? 0 : -1;
    return -1;
}

int script_run(struct app *a, const char *path, const char *out_dir)
{
    char line[512];
    int lineno = 0, rc = 0;
    FILE *f = fopen(path, "r");

    if (!f)
        return kerr_set(KERR_IO, "%s: cannot open", path);
    script_frame(a);
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        lineno++;
        rc = script_line(a, line, out_dir);
        if (rc < 0)
            kerr_set(KERR_INVAL, "%s:%d: could not do: %s", path, lineno,
                     strtok(line, "\n") ? line : "");
    }
    fclose(f);
    return rc < 0 ? KERR_INVAL : 0;
}
