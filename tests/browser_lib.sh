# The browser tests' common start (sourced after lib.sh): the artifacts folder, the build
# the scripts use, chromium found (installed by scripts/setup.sh --browser when root and
# missing; skipped otherwise) and `chrome NAME ARGS... URL`: headless, as root, offline
# (no sandbox since root, no GPU, no first-run, update, sync or background traffic, every
# host name resolved to nothing), a fresh profile per call, its log in $TMP/chrome-NAME.log.
src=${PARBENCH_SOURCE_DIR:?}
art=${PARBENCH_ARTIFACTS:-$TMP/artifacts}
mkdir -p "$art"
export PARBENCH_BUILD_DIR
PARBENCH_BUILD_DIR=$(dirname "$PARBENCH")
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    [ "$(id -u)" = 0 ] || skip "chromium is not installed (scripts/setup.sh --browser installs it, as root)"
    echo "chromium missing: installing it (scripts/setup.sh --browser)"
    timeout 900 "$src/scripts/setup.sh" --browser > "$TMP/setup.log" 2>&1 ||
        skip "chromium could not be installed: $(tail -1 "$TMP/setup.log")"
    browser=$(command -v chromium || true)
    [ -n "$browser" ] || skip "chromium is still missing after scripts/setup.sh --browser"
fi
chrome() { # chrome NAME ARGS... URL
    local name=$1; shift
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$TMP/profile-$name" "$@" 2> "$TMP/chrome-$name.log"
}
chrome probe --dump-dom "data:text/html,<p>ok</p>" > "$TMP/probe.html" && grep -q "<p>ok</p>" "$TMP/probe.html" ||
    skip "chromium does not run here: $(tail -3 "$TMP/chrome-probe.log")"
