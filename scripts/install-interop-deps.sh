#!/usr/bin/env bash
# install-interop-deps.sh — install the Debian packages the interop suites need, only when
# one of them is missing. Debian 12 (bookworm), run as root.
#
#   slapd        the real OpenLDAP server of the differential suite (2.5.x in bookworm)
#   ldap-utils   ldapsearch/ldapadd/ldapwhoami/ldappasswd/ldapmodify/ldapcompare
#   openssl      certificates for slapd's TLS listeners
#
# slapd's postinst would otherwise build a default instance (suffix from the hostname) and
# start it on ldap:/// port 389 on every interface; preseeding slapd/no_configuration=true
# means no default instance exists, so nothing is started. Our instances are built by
# scripts/slapd-up.sh in their own directory, on their own ports.
set -euo pipefail

PACKAGES=(slapd ldap-utils openssl)

log() { echo "[install-interop-deps] $*" >&2; }

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  log "already installed: ${PACKAGES[*]}"
  exit 0
fi

if ((EUID != 0)); then
  log "missing packages (${missing[*]}) and not root: run this script as root" >&2
  exit 1
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
# Fresh CI images carry stale or no package lists; an install without update 404s.
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "installed: ${missing[*]}"
