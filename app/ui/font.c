#include "font.h"

#include "kerr.h"
#include "log.h"

#include <SDL2/SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT_KEEP_FRAMES 120 /* drawn within ~2 s: never evicted */

struct font_entry {
    uint64_t hash;
    char *text;
    SDL_Texture *tex;
    int w, h;
    unsigned last; /* frame last drawn */
};

struct font {
    SDL_Renderer *ren;
    TTF_Font *face[FONT_NSIZES][2]; /* [size][bold] */
    struct font_entry *cache;
    int n, cap;
    unsigned frame;
};

static uint64_t font_hash(const char *text, int size, int bold,
                          SDL_Color c, int w)
{
    uint64_t h = 1469598103934665603ULL;

    for (const char *p = text; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h ^= (uint64_t)size << 56 ^ (uint64_t)bold << 52 ^
         (uint64_t)c.r << 40 ^ (uint64_t)c.g << 32 ^ (uint64_t)c.b << 24 ^
         (uint64_t)c.a << 16;
    return (h ^ (uint64_t)w) * 1099511628211ULL;
}

struct font *font_open(SDL_Renderer *r, const char *dir,
                       const int px[FONT_NSIZES], int cap)
{
    static const char *const files[2] = {"Inter-Regular.otf",
                                         "Inter-SemiBold.otf"};
    struct font *f = calloc(1, sizeof(*f));
    char path[1024];

    if (!f || (!TTF_WasInit() && TTF_Init() != 0)) {
        kerr_set(KERR_NOMEM, "font: cannot start SDL_ttf");
        free(f);
        return NULL;
    }
    f->ren = r;
    f->cap = cap > 16 ? cap : 16;
    f->cache = calloc((size_t)f->cap, sizeof(*f->cache));
    for (int s = 0; f->cache && s < FONT_NSIZES; s++) {
        for (int b = 0; b < 2; b++) {
            snprintf(path, sizeof(path), "%s/%s", dir, files[b]);
            f->face[s][b] = TTF_OpenFont(path, px[s]);
            if (!f->face[s][b]) {
                kerr_set(KERR_IO, "font: %s: %s", path, TTF_GetError());
                font_close(f);
                return NULL;
            }
            TTF_SetFontHinting(f->face[s][b], TTF_HINTING_LIGHT);
        }
    }
    return f;
}

void font_close(struct font *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        SDL_DestroyTexture(f->cache[i].tex);
        free(f->cache[i].text);
    }
    for (int s = 0; s < FONT_NSIZES; s++) {
        for (int b = 0; b < 2; b++) {
            if (f->face[s][b])
                TTF_CloseFont(f->face[s][b]);
        }
    }
    free(f->cache);
    free(f);
}

static TTF_Font *font_face(struct font *f, enum font_size size, int bold)
{
    return f->face[size < FONT_NSIZES ? size : FONT_BODY][bold ? 1 : 0];
}

int font_width(struct font *f, enum font_size size, int bold,
               const char *text)
{
    int w = 0, h = 0;

    if (text && *text)
        TTF_SizeUTF8(font_face(f, size, bold), text, &w, &h);
    return w;
}

int font_height(struct font *f, enum font_size size)
{
    return TTF_FontLineSkip(font_face(f, size, 0));
}

/* The longest UTF-8 prefix of `text` that fits in `w` with an ellipsis. */
static char *font_ellipsize(TTF_Font *face, const char *text, int w)
{
    size_t len = strlen(text), lo = 0, hi = len;
    char *buf = malloc(len + 4);

    if (!buf)
        return NULL;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        int tw = 0, th = 0;

        while (mid > 0 && ((unsigned char)text[mid] & 0xC0) == 0x80)
            mid--;
        memcpy(buf, text, mid);
        memcpy(buf + mid, "\xE2\x80\xA6", 4);
        TTF_SizeUTF8(face, buf, &tw, &th);
        if (tw <= w && mid > lo)
            lo = mid;
        else
            hi = mid > lo ? mid - 1 : lo;
    }
    while (lo > 0 && text[lo - 1] == ' ')
        lo--;
    memcpy(buf, text, lo);
    memcpy(buf + lo, "\xE2\x80\xA6", 4);
    return buf;
}

/* Evict the least recently drawn entry not drawn in the last frames. */
static void font_evict_one(struct font *f)
{
    int victim = -1;

    for (int i = 0; i < f->n; i++) {
        if (victim < 0 || f->cache[i].last < f->cache[victim].last)
            victim = i;
    }
    if (victim < 0)
        return;
    SDL_DestroyTexture(f->cache[victim].tex);
    free(f->cache[victim].text);
    f->cache[victim] = f->cache[--f->n];
}

static struct font_entry *font_render(struct font *f, enum font_size size,
                                      int bold, const char *text,
                                      SDL_Color c, int w)
{
    TTF_Font *face = font_face(f, size, bold);
    uint64_t h = font_hash(text, size, bold, c, w);
    struct font_entry *e;
    SDL_Surface *s;
    char *cut = NULL;

    for (int i = 0; i < f->n; i++) {
        if (f->cache[i].hash == h && strcmp(f->cache[i].text, text) == 0) {
            f->cache[i].last = f->frame;
            return &f->cache[i];
        }
    }

    if (w > 0 && font_width(f, size, bold, text) > w)
        cut = font_ellipsize(face, text, w);
    s = TTF_RenderUTF8_Blended(face, cut ? cut : text, c);
    free(cut);
    if (!s)
        return NULL;

    if (f->n == f->cap)
        font_evict_one(f);
    e = &f->cache[f->n];
    e->tex = SDL_CreateTextureFromSurface(f->ren, s);
    e->w = s->w;
    e->h = s->h;
    SDL_FreeSurface(s);
    e->text = strdup(text);
    if (!e->tex || !e->text) {
        if (e->tex)
            SDL_DestroyTexture(e->tex);
        free(e->text);
        return NULL;
    }
    e->hash = h;
    e->last = f->frame;
    f->n++;
    return e;
}

int font_draw(struct font *f, enum font_size size, int bold,
              const char *text, SDL_Color colour, int x, int y, int w,
              enum font_align align)
{
    struct font_entry *e;
    SDL_Rect dst;

    if (!text || !*text)
        return font_height(f, size);
    e = font_render(f, size, bold, text, colour, w);
    if (!e)
        return font_height(f, size);

    dst = (SDL_Rect){x, y, e->w, e->h};
    if (align == FONT_CENTER && w > 0)
        dst.x = x + (w - e->w) / 2;
    else if (align == FONT_RIGHT && w > 0)
        dst.x = x + w - e->w;
    SDL_RenderCopy(f->ren, e->tex, NULL, &dst);
    return e->h;
}

/* Length of the longest run of whole words from `text` that fits `w`. */
static size_t font_fit_words(struct font *f, enum font_size size, int bold,
                             const char *text, int w, char *buf)
{
    size_t best = 0, i = 0, len = strlen(text);

    while (i <= len) {
        if (text[i] == ' ' || text[i] == '\0') {
            memcpy(buf, text, i);
            buf[i] = '\0';
            if (best > 0 && font_width(f, size, bold, buf) > w)
                break;
            best = i;
        }
        if (text[i] == '\0')
            break;
        i++;
    }
    return best;
}

int font_draw_wrapped(struct font *f, enum font_size size, int bold,
                      const char *text, SDL_Color colour, int x, int y,
                      int w, int max_lines)
{
    char *buf = malloc(strlen(text) + 1);
    const char *p = text;
    int used = 0, line = 0;

    if (!buf)
        return 0;
    while (*p && line < max_lines) {
        size_t n = font_fit_words(f, size, bold, p, w, buf);

        if (line == max_lines - 1 || n == 0) {
            used += font_draw(f, size, bold, p, colour, x, y + used, w,
                              FONT_LEFT);
            break;
        }
        buf[n] = '\0';
        used += font_draw(f, size, bold, buf, colour, x, y + used, w,
                          FONT_LEFT);
        p += n;
        while (*p == ' ')
            p++;
        line++;
    }
    free(buf);
    return used;
}

void font_frame(struct font *f)
{
    f->frame++;
    /* Keep a margin so a busy frame does not evict what it just drew. */
    while (f->n > f->cap - 8 && f->n > 0) {
        int oldest = 0;

        for (int i = 1; i < f->n; i++) {
            if (f->cache[i].last < f->cache[oldest].last)
                oldest = i;
        }
        if (f->frame - f->cache[oldest].last < FONT_KEEP_FRAMES)
            break;
        font_evict_one(f);
    }
}

int font_cached(const struct font *f)
{
    return f->n;
}
