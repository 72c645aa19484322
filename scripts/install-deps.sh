#!/bin/sh
# Installs the test oracle (Debian's supervisor 4.2.5) without starting its
# service. Safe to run repeatedly; does nothing when everything is present.
set -eu
need=""
[ -d /usr/lib/python3/dist-packages/supervisor ] || need="$need supervisor"
if [ -z "$need" ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing:$need (run as root to install)" >&2
	exit 0
fi
# policy-rc.d exit 101 keeps dpkg from starting the supervisor service.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod +x /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $need >/dev/null 2>&1 || {
	apt-get update >/dev/null
	apt-get install -y --no-install-recommends $need >/dev/null
}
