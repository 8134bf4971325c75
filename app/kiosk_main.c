/*
 * kiosk: the fullscreen touchscreen app customers use on the shop floor.
 *
 *   kiosk [--config PATH] [--dev] [--size WxH] [--rotate DEG]
 *         [--headless SCRIPT --out DIR]
 *
 * --dev gives a plain window and keyboard shortcuts (Escape quits);
 * without it there is no way out but the staff corner and PIN.
 * --headless runs the real app on SDL's offscreen driver with the
 * software renderer and replays SCRIPT (see app/ui/script.h).
 */
#include "app.h"
#include "config.h"
#include "i18n.h"
#include "kerr.h"
#include "log.h"
#include "script.h"

#include <SDL2/SDL_image.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kiosk_args {
    const char *config;
    const char *script;
    const char *out;
    struct display_opts display;
    int dev;
};

static int kiosk_parse(int argc, char **argv, struct kiosk_args *k)
{
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'},
        {"dev", no_argument, NULL, 'd'},
        {"size", required_argument, NULL, 's'},
        {"rotate", required_argument, NULL, 'r'},
        {"headless", required_argument, NULL, 'H'},
        {"out", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    int opt;

    while ((opt = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (opt) {
        case 'c': k->config = optarg; break;
        case 'd': k->dev = 1; break;
        case 'H': k->script = optarg; break;
        case 'o': k->out = optarg; break;
        case 'r': k->display.rotate = atoi(optarg); break;
        case 's':
            if (sscanf(optarg, "%dx%d", &k->display.width,
                       &k->display.height) != 2)
                return -1;
            break;
        default: return -1;
        }
    }
    return optind == argc ? 0 : -1;
}

/* SDL's own messages go through the one logger. */
static void kiosk_sdl_log(void *ctx, int category, SDL_LogPriority p,
                          const char *msg)
{
    (void)ctx;
    (void)category;
    if (p >= SDL_LOG_PRIORITY_ERROR)
        log_error("sdl", "%s", msg);
    else if (p >= SDL_LOG_PRIORITY_WARN)
        log_warn("sdl", "%s", msg);
    else
        log_debug("sdl", "%s", msg);
}

static const char *kiosk_dir(const char *env, const char *built_in)
{
    const char *v = getenv(env);

    return v && *v ? v : built_in;
}

static int kiosk_init_sdl(const struct kiosk_args *k)
{
    SDL_LogSetOutputFunction(kiosk_sdl_log, NULL);
    /* One tap must arrive once: no touch-to-mouse or mouse-to-touch. */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (k->script) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        /* Offscreen windows would otherwise be copied through a software
           GL: twice the frame time and ~100 MB more. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return kerr_set(KERR_IO, "SDL: %s", SDL_GetError());
    IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG);
    return 0;
}

/* Touch and mouse become one finger for the gesture recogniser. */
static void kiosk_event(struct app *a, const SDL_Event *e, int dev)
{
    float x, y;

    switch (e->type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        display_from_finger(a->display, e->tfinger.x, e->tfinger.y, &x, &y);
        if (e->type == SDL_FINGERDOWN)
            gesture_down(a->gesture, a->now, e->tfinger.fingerId, x, y);
        else if (e->type == SDL_FINGERMOTION)
            gesture_move(a->gesture, a->now, e->tfinger.fingerId, x, y);
        else
            gesture_up(a->gesture, a->now, e->tfinger.fingerId, x, y);
        app_activity(a);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID)
            break; /* already seen as a finger */
        display_from_window(a->display, e->button.x, e->button.y, &x, &y);
        if (e->type == SDL_MOUSEBUTTONDOWN)
            gesture_down(a->gesture, a->now, -1, x, y);
        else
            gesture_up(a->gesture, a->now, -1, x, y);
        app_activity(a);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !e->motion.state)
            break;
        display_from_window(a->display, e->motion.x, e->motion.y, &x, &y);
        gesture_move(a->gesture, a->now, -1, x, y);
        break;
    case SDL_KEYDOWN:
        if (dev && e->key.keysym.sym == SDLK_ESCAPE)
            a->quit = 1;
        break;
    case SDL_QUIT:
        /* SIGTERM from systemd, or the session ending: never a customer,
           who has no window controls and no keyboard. */
        a->quit = 1;
        break;
    }
}

static volatile sig_atomic_t kiosk_dump_wanted;

static void kiosk_on_usr1(int sig)
{
    (void)sig;
    kiosk_dump_wanted = 1;
}

/* SIGUSR1 writes what is on screen to $KIOSK_DUMP: how the real-window
   test sees the app's state. */
static void kiosk_dump(struct app *a)
{
    const char *path = getenv("KIOSK_DUMP");
    FILE *f;

    kiosk_dump_wanted = 0;
    if (!path || !*path)
        return;
    f = fopen(path, "w");
    if (!f)
        return;
    ui_dump(a->ui, f);
    fclose(f);
}

/*
 * Frames come at most every 16 ms while something moves, and every
 * 500 ms when nothing does (the countdown shows whole seconds), so an
 * idle kiosk uses little CPU.
 */
static int kiosk_wait_ms(struct app *a, int64_t last_frame)
{
    int64_t since = (int64_t)SDL_GetTicks64() - last_frame;

    if (!app_animating(a))
        return 500;
    return since >= 16 ? 0 : (int)(16 - since);
}

static void kiosk_loop(struct app *a, int dev)
{
    int64_t last_frame = 0;
    SDL_Event e;

    signal(SIGUSR1, kiosk_on_usr1);

    while (!a->quit) {
        struct gesture_event g;
        int timeout = kiosk_wait_ms(a, last_frame);

        if (SDL_WaitEventTimeout(&e, timeout)) {
            a->now = (int64_t)SDL_GetTicks64();
            kiosk_event(a, &e, dev);
            while (SDL_PollEvent(&e))
                kiosk_event(a, &e, dev);
        }
        a->now = (int64_t)SDL_GetTicks64();
        gesture_tick(a->gesture, a->now);
        while (gesture_poll(a->gesture, &g))
            ui_pointer(a->ui, &g);
        last_frame = a->now;
        app_frame(a);
        display_present(a->display);
        if (kiosk_dump_wanted)
            kiosk_dump(a);
    }
}

int main(int argc, char **argv)
{
    struct kiosk_args k = {0};
    struct config cfg;
    struct app *a;
    int rc = 0;

    if (kiosk_parse(argc, argv, &k) < 0 || (k.script && !k.out)) {
        fprintf(stderr, "usage: kiosk [--config PATH] [--dev] [--size WxH] "
                        "[--rotate DEG] [--headless SCRIPT --out DIR]\n");
        return 2;
    }
    if (config_load(&cfg, k.config) < 0) {
        fprintf(stderr, "kiosk: %s\n", kerr_msg());
        return 2;
    }
    log_set_level(cfg.log_level);
    if (!cfg.pin_hash[0])
        log_warn("kiosk", "no [staff] pin_hash set: the staff PIN is the "
                          "default; set one with 'kioskctl pin'");
    i18n_init(kiosk_dir("KIOSK_LOCALEDIR", KIOSK_LOCALE_DIR));

    k.display.diagonal_in = cfg.diagonal_in;
    if (!k.display.rotate)
        k.display.rotate = cfg.rotate;
    k.display.windowed = k.dev;
    k.display.software = k.script != NULL;
    if (k.script && !k.display.width) {
        k.display.width = 1080;
        k.display.height = 1920;
    }
    if (kiosk_init_sdl(&k) < 0) {
        fprintf(stderr, "kiosk: %s\n", kerr_msg());
        return 1;
    }

    a = app_new(&cfg, &k.display, kiosk_dir("KIOSK_ASSETS", KIOSK_ASSET_DIR));
    if (!a) {
        fprintf(stderr, "kiosk: %s\n", kerr_msg());
        SDL_Quit();
        return 1;
    }
    a->dev = k.dev;
    if (k.script) {
        rc = script_run(a, k.script, k.out);
    } else {
        app_start_sync(a);
        kiosk_loop(a, k.dev);
    }
    if (rc < 0)
        fprintf(stderr, "kiosk: %s\n", kerr_msg());

    app_free(a);
    IMG_Quit();
    SDL_Quit();
    return rc < 0 ? 1 : 0;
}
