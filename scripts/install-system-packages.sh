#!/bin/sh
# Installs the system libraries ai-interviewer needs, when they are missing (Debian and Ubuntu).
# PortAudio (microphone), libsndfile (audio files), espeak-ng (the offline voice), PulseAudio and
# its ALSA plugin (the virtual microphone the tests use), sox and ffmpeg (audio conversions).
# With "test" as its argument, also Chromium, which the tests open the HTML report in (headless);
# when it cannot be installed the tests that need it are skipped and say why.
set -eu
PACKAGES="libportaudio2 libsndfile1 espeak-ng pulseaudio pulseaudio-utils libasound2-plugins sox ffmpeg"
TEST_PACKAGES="chromium"

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install PortAudio, libsndfile, espeak-ng and ffmpeg yourself (see README)."
  exit 0
fi

missing_of() {
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      printf ' %s' "$pkg"
    fi
  done
}

# shellcheck disable=SC2086
missing=$(missing_of $PACKAGES)
test_missing=""
if [ "${1:-}" = "test" ]; then
  # shellcheck disable=SC2086
  test_missing=$(missing_of $TEST_PACKAGES)
fi
[ -z "$missing$test_missing" ] && exit 0

echo "Installing system packages:$missing$test_missing"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: need root (or sudo) to install:$missing$test_missing" >&2
  [ -z "$missing" ] && exit 0
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq $missing >/dev/null
fi
if [ -n "$test_missing" ]; then
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq $test_missing >/dev/null ||
    echo "warning: could not install$test_missing: the tests that need it will be skipped" >&2
fi
