# Shared helpers for the project scripts: timed, labelled steps.
step() {
  local label="$1"
  shift
  local start=$SECONDS
  printf '\n==> %s\n' "$label"
  "$@"
  printf '==> %s: done in %ss\n' "$label" "$((SECONDS - start))"
}
