/*
 * fakeshop: serve a fixture directory as a fake online shop, for manual
 * runs of kioskctl and the kiosk against a known catalog.
 *
 *   fakeshop --dir FIXTURES [--port N]
 *
 * Prints its URL on stdout and serves until killed.
 */
#include "fakeshop.h"

#include "kerr.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: fakeshop --dir FIXTURES [--port N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *port = NULL;
    struct fakeshop *fs;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = argv[++i];
        else
            return usage();
    }
    if (!dir)
        return usage();
    if (port && (atoi(port) <= 0 || atoi(port) > 65535)) {
        fprintf(stderr, "fakeshop: bad port '%s'\n", port);
        return 2;
    }
    if (port)
        setenv("FAKESHOP_PORT", port, 1);

    fs = fakeshop_start(dir);
    if (!fs) {
        fprintf(stderr, "fakeshop: %s\n", kerr_msg());
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    printf("%s\n", fakeshop_url(fs));
    fflush(stdout);

    while (!stop_requested)
        sleep(1); /* a signal cuts it short */
    fakeshop_stop(fs);
    return 0;
}
