#!/bin/sh
# Installs the system libraries ai-interviewer needs, when they are missing (Debian and Ubuntu).
# PortAudio (microphone), libsndfile (audio files), espeak-ng (the offline voice), PulseAudio and
# its ALSA plugin (the virtual microphone the tests use), sox and ffmpeg (audio conversions).
set -eu
PACKAGES="libportaudio2 libsndfile1 espeak-ng pulseaudio pulseaudio-utils libasound2-plugins sox ffmpeg"

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install PortAudio, libsndfile, espeak-ng and ffmpeg yourself (see README)."
  exit 0
fi
missing=""
for pkg in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
[ -z "$missing" ] && exit 0

echo "Installing system packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: need root (or sudo) to install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >/dev/null
