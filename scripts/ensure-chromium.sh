#!/usr/bin/env bash
# The browser tests drive a real Chromium. Install Debian's package when it is missing and we can
# (root with apt-get); otherwise say so: in CI (CI=true) the tests then fail rather than skip.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "Chromium: $candidate"
    exit 0
  fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium found: set CHROMIUM_PATH or install chromium; browser tests will not run." >&2
