#!/usr/bin/env bash
# Debian's Xvfb, a virtual screen for the live window's tests, and xwd/xwininfo
# to look at the window's pixels.
set -euo pipefail
if command -v Xvfb >/dev/null 2>&1 && command -v xwd >/dev/null 2>&1 \
        && command -v xwininfo >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y xvfb x11-apps x11-utils
