# Shared helpers for the project scripts: timed, labelled steps.
step() {
  local label="$1"
  shift
  local start=$SECONDS
  printf '\n==> %s\n' "$label"
  "$@"
  printf '==> %s: done in %ss\n' "$label" "$((SECONDS - start))"
}

# The demo's chart rasterizes its text (PNG) with a sans-serif face: Debian's DejaVu fonts.
ensure_chart_font() {
  if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
    || [ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ]; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's fonts-dejavu-core (the demo chart's text)" >&2
    apt-get install -y -qq fonts-dejavu-core >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null; }
  else
    echo "a sans-serif font is required (Debian: sudo apt-get install fonts-dejavu-core)" >&2; exit 1
  fi
}
