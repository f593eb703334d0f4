#!/usr/bin/env bash
# install-interop-deps.sh — install the Debian packages the interop suites need, only when
# one of them is missing. Debian 12 (bookworm), run as root. Safe to run again and again.
#
#   slapd        the real OpenLDAP server of the differential suite (2.5.x in bookworm)
#   ldap-utils   ldapsearch/ldapadd/ldapwhoami/ldappasswd/ldapmodify/ldapcompare
#   openssl      certificates for slapd's and Samba's TLS listeners
#   samba, samba-ad-dc, samba-ad-provision, samba-dsdb-modules, samba-vfs-modules
#                the real Samba 4.17 AD DC of the Samba differential suite. samba-ad-provision
#                (provision templates) and samba-dsdb-modules are only Recommends of samba, so
#                they are named here because we install with --no-install-recommends.
#   python3-ldap3  the Python conformance adapter (examples/python/ldap3_adapter.py) and its table row;
#                with python3-ldap (python-ldap), the Python clients of test/interop/clients/
#   chromium     the HTML conformance report opened in a real headless browser (playwright-core
#                drives Debian's chromium by its path; nothing downloads a browser)
#
# No package may leave a daemon running: our servers are built by scripts/slapd-up.sh and
# scripts/samba-ad-up.sh in their own directories, on loopback.
#   - slapd's postinst would build a default instance (suffix from the hostname) and start it on
#     port 389 on every interface; preseeding slapd/no_configuration=true means no default
#     instance exists, so nothing is started.
#   - samba's postinsts start smbd/nmbd/samba-ad-dc through invoke-rc.d, which asks
#     /usr/sbin/policy-rc.d first; while installing we put one there that answers 101 ("action
#     forbidden") unless the image already has one, and remove ours afterwards. Should a daemon
#     have started anyway, it is stopped by the pid file it wrote.
set -euo pipefail

PACKAGES=(slapd ldap-utils openssl samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules python3-ldap3 python3-ldap chromium)

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

POLICY=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e $POLICY ]]; then
  printf '#!/bin/sh\n# temporary, from ldapmock scripts/install-interop-deps.sh\nexit 101\n' >"$POLICY"
  chmod 755 "$POLICY"
  own_policy=1
fi
remove_policy() { if ((own_policy)); then rm -f "$POLICY"; fi; }
trap remove_policy EXIT

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
# Fresh CI images carry stale or no package lists; an install without update 404s.
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "installed: ${missing[*]}"

# Belt and braces: a daemon that a postinst started despite the policy is stopped by its pid.
for pid_file in /run/samba/{samba,smbd,nmbd,winbindd,samba-dcerpcd}.pid /run/slapd/slapd.pid; do
  [[ -s $pid_file ]] || continue
  pid=$(<"$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping daemon started by a package: pid $pid ($pid_file)"
    kill "$pid" || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
done
