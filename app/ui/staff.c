/*
 * staff: the only way out of the kiosk. A long press in the top-left
 * corner of any screen opens a PIN pad; the PIN is checked against a
 * salted hash from config. Behind it: sync status, sync now, quit.
 */
#include "app.h"

#include "i18n.h"
#include "log.h"
#include "sha256.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define STAFF_DEFAULT_PIN "1234"

/* Compare without an early exit, so timing says nothing of the PIN. */
static int staff_same(const char *x, const char *y)
{
    size_t n = strlen(x);
    unsigned diff = (unsigned)(n ^ strlen(y));

    for (size_t i = 0; i < n && y[i]; i++)
        diff |= (unsigned)(x[i] ^ y[i]);
    return diff == 0;
}

/* "salt$hex" holds sha256(salt + pin) in hex. */
static int staff_pin_ok(const struct app *a, const char *pin)
{
    const char *hash = a->cfg.pin_hash, *dollar = strchr(hash, '$');
    char buf[160], hex[SHA256_HEX_LEN];

    if (!hash[0])
        return staff_same(pin, STAFF_DEFAULT_PIN);
    if (!dollar)
        return 0;
    snprintf(buf, sizeof(buf), "%.*s%s", (int)(dollar - hash), hash, pin);
    sha256_hex(buf, strlen(buf), hex);
    return staff_same(hex, dollar + 1);
}

static void staff_pad(struct app *a, int y)
{
    static const char *const keys = "123456789C0>";
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 10), gap = ui_mm(a->ui, 3);
    int kw = (a->w - 2 * pad - 2 * gap) / 3, kh = ui_mm(a->ui, 20);
    char dots[16] = "";

    for (size_t i = 0; i < strlen(a->pin); i++)
        strcat(dots, "*");
    ui_text(a->ui, (SDL_Rect){pad, y, a->w - 2 * pad, ui_mm(a->ui, 14)},
            a->pin_wrong ? _("Wrong PIN") : _("Enter PIN"), FONT_TITLE, 1,
            a->pin_wrong ? t->order : t->text, FONT_CENTER);
    ui_text(a->ui, (SDL_Rect){pad, y + ui_mm(a->ui, 14), a->w - 2 * pad,
                              ui_mm(a->ui, 14)},
            dots, FONT_DISPLAY, 1, t->text, FONT_CENTER);
    y += ui_mm(a->ui, 32);

    for (int i = 0; i < 12; i++) {
        char label[2] = {keys[i], 0}, id[16];
        SDL_Rect r = {pad + (i % 3) * (kw + gap), y + (i / 3) * (kh + gap),
                      kw, kh};
        size_t n = strlen(a->pin);

        snprintf(id, sizeof(id), "pin-%c", keys[i]);
        if (!ui_button(a->ui, id, r, keys[i] == 'C' ? _("Clear")
                                     : keys[i] == '>' ? "OK"
                                                      : label,
                       keys[i] == '>' ? UI_PRIMARY : UI_KEY))
            continue;
        a->pin_wrong = 0;
        if (keys[i] == 'C') {
            a->pin[0] = '\0';
        } else if (keys[i] == '>') {
            a->pin_wrong = !staff_pin_ok(a, a->pin);
            a->staff_unlocked = !a->pin_wrong;
            log_info("staff", "PIN %s", a->pin_wrong ? "refused" : "accepted");
            memset(a->pin, 0, sizeof(a->pin));
        } else if (n + 1 < sizeof(a->pin)) {
            a->pin[n] = keys[i];
            a->pin[n + 1] = '\0';
        }
    }
}

static void staff_panel(struct app *a, int y)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 10), h = ui_mm(a->ui, 20);
    struct catalog_stats st = {0};
    char line[200], when[64] = "-";
    time_t ts;

    if (a->cat && catalog_stats(a->cat, &st) == 0 && st.last_sync > 0) {
        ts = (time_t)st.last_sync;
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&ts));
    }
    snprintf(line, sizeof(line), _("Last sync: %s"), when);
    ui_text(a->ui, (SDL_Rect){pad, y, a->w - 2 * pad, h}, line, FONT_TITLE,
            1, t->text, FONT_LEFT);
    snprintf(line, sizeof(line), _("%d frames, %d on the shelf"),
             st.products, st.on_shelf);
    ui_text(a->ui, (SDL_Rect){pad, y + h, a->w - 2 * pad, h}, line,
            FONT_BODY, 0, t->muted, FONT_LEFT);
    y += 3 * h;
    if (a->sync.running)
        snprintf(line, sizeof(line), "%s", _("Syncing…"));
    else
        snprintf(line, sizeof(line), "%.199s", a->sync.last_error);
    ui_text(a->ui, (SDL_Rect){pad, y - h, a->w - 2 * pad, h}, line,
            FONT_CAPTION, 0, t->muted, FONT_LEFT);
    if (ui_button(a->ui, "staff-sync", (SDL_Rect){pad, y, a->w - 2 * pad, h},
                  _("Sync now"), UI_PRIMARY) &&
        a->syncer)
        syncer_request(a->syncer);
    y += h + pad;
    if (ui_button(a->ui, "staff-quit", (SDL_Rect){pad, y, a->w - 2 * pad, h},
                  _("Quit"), UI_SECONDARY))
        a->quit = 1;
}

void staff_draw(struct app *a)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 10), y = pad;

    ui_text(a->ui, (SDL_Rect){pad, y, a->w - 2 * pad, ui_mm(a->ui, 16)},
            _("Staff"), FONT_DISPLAY, 1, t->text, FONT_LEFT);
    if (ui_button(a->ui, "staff-close",
                  (SDL_Rect){a->w - pad - ui_mm(a->ui, 40), y,
                             ui_mm(a->ui, 40), ui_mm(a->ui, 16)},
                  _("Back"), UI_SECONDARY)) {
        a->staff_unlocked = 0;
        app_go(a, SCREEN_BROWSE);
        return;
    }
    y += ui_mm(a->ui, 26);
    if (a->staff_unlocked)
        staff_panel(a, y);
    else
        staff_pad(a, y);
}
