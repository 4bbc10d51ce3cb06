#!/bin/sh
# bootstrap.sh - install every build and test dependency of energytrack (Debian 12).
# Idempotent: apt-get skips what is already installed. Run as root (or with sudo).
set -eu
PKGS="build-essential cmake pkg-config musl-tools
      libcsv-dev libjansson-dev libcurl4-openssl-dev libcairo2-dev libsqlite3-dev sqlite3 libpq-dev postgresql
      libfreetype-dev fonts-dejavu-core
      poppler-utils python3 python3-psutil ca-certificates procps time locales tzdata
      clang libclang-rt-14-dev
      slurmctld slurmd slurm-client slurmdbd mariadb-server munge"
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
# A locale whose decimal point is a comma, so the tests can show that etest's CSV and
# JSON keep '.' whatever the locale.
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
	if ! grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		echo 'fr_FR.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
	fi
	$SUDO locale-gen >/dev/null
fi
echo "bootstrap: all dependencies present"
