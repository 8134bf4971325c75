#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (as root) and for CI:
#
#   bash config/setup.sh run    install what is missing, build, start the
#                               kiosk on its built-in demo store
#   bash config/setup.sh test   the same set-up, then every test: a
#                               -Werror build and an ASan+UBSan build
#   bash config/setup.sh bench  the same set-up, then the benchmarks
#                               (catalog engine, then the app; ~10 min)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

say() { printf '==> %s\n' "$*" >&2; }

install_packages() {
    local missing=()
    while read -r pkg; do
        [ -z "$pkg" ] && continue
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
            grep -q 'ok installed' || missing+=("$pkg")
    done < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$top/config/packages.txt")

    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    say "installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: these Debian packages are missing: ${missing[*]}" >&2
        echo "setup: run this script as root to install them" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() { # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S "$top" -B "$dir" -DKIOSK_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

run_tests() { # DIR
    ctest --test-dir "$1" --output-on-failure -j "$jobs" --timeout 600
}

case "${1:-}" in
run)
    install_packages
    build "$top/build"
    say "syncing the demo store"
    "$top/build/app/kioskctl" sync
    "$top/build/app/kioskctl" status
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -e /dev/dri/card0 ]; then
        say "starting the kiosk; to leave: hold the top-left corner, PIN 1234, Quit"
        exec "$top/build/app/kiosk"
    fi
    say "no screen on this machine: searching the demo store instead"
    "$top/build/app/kioskctl" search round --in-store --limit 8
    say "on a machine with a screen, start it with: build/app/kiosk"
    ;;
test)
    install_packages
    build "$top/build"
    run_tests "$top/build"
    say "again under AddressSanitizer and UBSan"
    build "$top/build-asan" -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        run_tests "$top/build-asan"
    ;;
bench)
    install_packages
    build "$top/build" -DCMAKE_BUILD_TYPE=Release
    "$top/build/tests/bench_catalog" "${@:2}"
    "$top/build/tests/bench_app" "${@:2}"
    ;;
*)
    echo "usage: bash config/setup.sh run|test|bench" >&2
    exit 2
    ;;
esac
