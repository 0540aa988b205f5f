#!/usr/bin/env bash
# Installs, from the distribution's packages, the servers the test suite starts for real:
# PostgreSQL (the production Dagster storage), Chromium (the browser tests) and a Chinese font
# (without one the browser draws the reports' Chinese names as boxes in the screenshots).
# Never fails the build: a test whose server cannot be installed skips with the reason.
set -u
have_initdb() { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
missing=()
have_initdb || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: cannot install ${missing[*]} (needs root and apt-get); the tests that need them will skip"
  exit 0
fi
echo "installing ${missing[*]} from the distribution's packages for the test suite"
export DEBIAN_FRONTEND=noninteractive
{ apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/jixiao-apt.log 2>&1 \
  || echo "note: installing ${missing[*]} failed (see /tmp/jixiao-apt.log); the tests that need them will skip"
exit 0
