#!/usr/bin/env bash
# build-aux/deps.sh: install the Debian 12 packages Muying needs (only what is missing).
# Sourced by build-aux/run and build-aux/test; needs root (or sudo) when something is missing.
set -euo pipefail

MUYING_PACKAGES=(
  # build
  gcc pkg-config meson ninja-build gettext libglib2.0-dev-bin libxml2-utils
  libgtk-4-dev libsqlite3-dev libxlsxwriter-dev libsodium-dev libjson-glib-dev
  libminizip-dev libfreexl-dev
  # optional: the SHA-256 of a backup with the CPU's SHA instructions
  nettle-dev
  # run
  sqlite3
  # the PostgreSQL store: libpq to build, and a throwaway server the tests start (build-aux/pg-test-server)
  postgresql-15 postgresql-client-15 libpq-dev
  # exactly one CJK font: without it every Han character is a box
  fonts-noto-cjk
  # headless tests and their checks
  xvfb xauth xdotool imagemagick desktop-file-utils appstream python3-openpyxl python3-xlwt
  # the throwaway CA and certificate of the test server's TLS (build-aux/pg-test-server)
  openssl
  # the workbook is also opened by LibreOffice in a test (docs/statistics.md: Excel, WPS, LibreOffice)
  libreoffice-calc
  # the printed documents are read back as text (tests/test-print.c)
  poppler-utils
)

muying_install_deps() {
  local missing=()
  local pkg status
  for pkg in "${MUYING_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
    [[ "$status" == ii* ]] || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "Installing: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configure (once) and build into $1.
muying_build() {
  local builddir=$1
  if [[ ! -f "$builddir/build.ninja" ]]; then
    meson setup "$builddir" --buildtype=debugoptimized
  fi
  meson compile -C "$builddir"
}
