#!/bin/sh
# Installs Debian's chromium for the web UI's browser test (compat/browser).
# Safe to run repeatedly; does nothing when chromium is present. Without
# root it only says what is missing (the test then skips, or fails under
# GOSUPERVISORD_REQUIRE_BROWSER=1).
set -eu
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
	echo "install-browser: missing: chromium (run as root to install)" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# fonts-dejavu-core: readable text in screenshots on a minimal system.
pkgs="chromium fonts-dejavu-core"
apt-get install -y --no-install-recommends $pkgs >/dev/null 2>&1 || {
	apt-get update >/dev/null
	apt-get install -y --no-install-recommends $pkgs >/dev/null
}
