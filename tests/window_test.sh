#!/usr/bin/env bash
# The real window under Xvfb, with real X input events from xdotool: the
# app must fill a screen that has no window manager, and clicks must land
# where they are made, also on a screen mounted turned by 90 degrees.
#   window_test.sh KIOSK_APP KIOSKCTL
set -euo pipefail

app=$1
ctl=$2
for tool in Xvfb xdotool; do
    if ! command -v "$tool" >/dev/null; then
        echo "window_test: $tool is not installed" >&2
        exit 1
    fi
done

tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$tmp/kiosk.ini" <<INI
[kiosk]
data_dir = $tmp/data
log_level = warn
[screen]
diagonal_in = 32
[demo]
products = 60
INI
"$ctl" --config "$tmp/kiosk.ini" sync --no-images >/dev/null

fail() {
    echo "window_test: $*" >&2
    exit 1
}

# Start Xvfb at WxH on a free display number; sets DISPLAY.
start_x() {
    local n
    for n in $(seq 91 120); do
        [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
    done
    Xvfb ":$n" -screen 0 "$1x24" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        [ -e "/tmp/.X11-unix/X$n" ] && break
        sleep 0.1
    done
    [ -e "/tmp/.X11-unix/X$n" ] || fail "Xvfb did not start on :$n"
    export DISPLAY=":$n"
}

# Ask the app what is on screen.
dump() {
    rm -f "$tmp/dump.json"
    kill -USR1 "$apppid"
    for _ in $(seq 50); do
        [ -s "$tmp/dump.json" ] && return 0
        sleep 0.1
    done
    fail "no dump from the app"
}

# The centre of widget ID in the dump (one widget a line).
centre() {
    local line num
    line=$(grep "\"id\": \"$1\"" "$tmp/dump.json") || fail "no $1 on screen"
    num() { sed -E "s/.*\"$1\": (-?[0-9]+).*/\1/" <<<"$line"; }
    echo "$(($(num x) + $(num w) / 2)) $(($(num y) + $(num h) / 2))"
}

start_app() {
    KIOSK_DUMP="$tmp/dump.json" "$app" --config "$tmp/kiosk.ini" "$@" \
        2>"$tmp/app.log" &
    apppid=$!
    pids+=($apppid)
    for _ in $(seq 100); do
        win=$(xdotool search --onlyvisible --name '^kiosk$' 2>/dev/null | tail -1 || true)
        [ -n "$win" ] && break
        sleep 0.1
    done
    [ -n "$win" ] || fail "no kiosk window: $(cat "$tmp/app.log")"
    # SDL may replace its first window when the renderer starts: look
    # again once the app has settled.
    sleep 1.5
    win=$(xdotool search --onlyvisible --name '^kiosk$' | tail -1)
}

# --- portrait screen, no window manager --------------------------------
start_x 1080x1920
start_app
geom=$(xdotool getwindowgeometry "$win" | awk '/Geometry/ {print $2}')
[ "$geom" = "1080x1920" ] || fail "window is $geom, not the whole screen"

xdotool mousemove 540 900 click 1
sleep 0.5
dump
grep -q '"bar-home"' "$tmp/dump.json" || fail "a click did not open browse"

# The selection button, by its rectangle in the dump.
read -r x y < <(centre bar-selection)
xdotool mousemove "$x" "$y" click 1
sleep 0.5
dump
grep -q 'Your selection is empty' "$tmp/dump.json" ||
    fail "click at $x,$y did not reach My selection"
kill "$apppid"
wait "$apppid" || fail "the app did not stop cleanly on SIGTERM"
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true

# --- landscape panel mounted turned 90 degrees -------------------------
start_x 1920x1080
start_app --rotate 90
xdotool mousemove 960 540 click 1
sleep 0.5
dump
read -r cx cy < <(centre bar-selection)
# Canvas 1080x1920 turned clockwise onto the 1920x1080 window.
wx=$((960 - (cy - 960)))
wy=$((540 + (cx - 540)))
xdotool mousemove "$wx" "$wy" click 1
sleep 0.5
dump
grep -q 'Your selection is empty' "$tmp/dump.json" ||
    fail "turned screen: click at $wx,$wy missed My selection ($cx,$cy)"
echo "window_test: ok"
