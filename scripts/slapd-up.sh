#!/usr/bin/env bash
# slapd-up.sh — start a throwaway OpenLDAP slapd on loopback, loaded with an LDIF file, for the
# differential and interop suites. Root, Debian 12 (slapd 2.5).
#
#   usage: scripts/slapd-up.sh [LDIF]          (default fixtures/openldap/default.ldif)
#
# Environment (all optional):
#   SLAPD_DIR          state directory, wiped and rebuilt      (default /tmp/ldapmock-slapd)
#   SLAPD_PORT         ldap:// port, StartTLS available        (default 10389)
#   SLAPD_LDAPS_PORT   ldaps:// port                           (default 10636)
#   SLAPD_ROOTPW       password of the rootdn                  (default admin)
#   SLAPD_SUFFIX       naming context                          (default dc=example,dc=org)
#   SLAPD_PRTOTAL      size.prtotal: hard | unlimited | N      (default hard, OpenLDAP's default:
#                      a paged search returns at most size.hard entries in total)
#   SLAPD_DEBUG        slapd -d level logged to $SLAPD_DIR/slapd.log (default stats; 0 = silent,
#                      e.g. for benchmarks)
#   SLAPD_TLS_VERIFY_CLIENT  olcTLSVerifyClient: never | allow | try | demand (default never);
#                      client certificates are verified against $SLAPD_DIR/tls/ca.crt, whose key
#                      ($SLAPD_DIR/tls/ca.key) signs them
#   SLAPD_AUTHZ_REGEXP olcAuthzRegexp, one rule: "MATCH REPLACEMENT" (default none)
#   SLAPD_BARE         1: the server as Debian's slapd package leaves it, before an OpenLDAP
#                      image applies its bootstrap folder: back_mdb only, no memberof, refint or
#                      ppolicy (the folder's cn=config records add them over ldapi)
#   SLAPD_SCHEMA       extra schema files, ':'-separated, loaded after inetorgperson in order:
#                      slapd.conf-form files (.schema, converted by slaptest as slapd reads them)
#                      or cn=config LDIF (an olcSchemaConfig entry, included as it is)
#
# Idempotent: an instance already running from SLAPD_DIR is stopped and rebuilt from scratch.
# Only the rootdn is unlimited; everybody else gets size.soft=500 size.hard=500 (the slapd
# default). Overlays: memberof (groupOfNames/member → operational memberOf, refint on),
# refint (member, uniqueMember), ppolicy (default policy cn=default,ou=policies,<suffix>,
# cleartext passwords hashed on write). ACL: userPassword is auth-only except for the entry
# itself (write); everything else is readable by everybody, anonymous included.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LDIF=${1:-$HERE/../fixtures/openldap/default.ldif}
SLAPD_DIR=$(realpath -m "${SLAPD_DIR:-/tmp/ldapmock-slapd}")
SLAPD_PORT=${SLAPD_PORT:-10389}
SLAPD_LDAPS_PORT=${SLAPD_LDAPS_PORT:-10636}
SLAPD_ROOTPW=${SLAPD_ROOTPW:-admin}
SLAPD_SUFFIX=${SLAPD_SUFFIX:-dc=example,dc=org}
SLAPD_PRTOTAL=${SLAPD_PRTOTAL:-hard}
SLAPD_TLS_VERIFY_CLIENT=${SLAPD_TLS_VERIFY_CLIENT:-never}
SLAPD_AUTHZ_REGEXP=${SLAPD_AUTHZ_REGEXP:-}
SLAPD_BARE=${SLAPD_BARE:-0}
SLAPD_DEBUG=${SLAPD_DEBUG:-stats}
SLAPD_SCHEMA=${SLAPD_SCHEMA:-}
ROOTDN="cn=admin,$SLAPD_SUFFIX"

log() { echo "[slapd-up] $*" >&2; }
die() {
  echo "[slapd-up] ERROR: $*" >&2
  exit 1
}
now_ms() { date +%s%3N; }
T0=$(now_ms)
since() { echo "$(($(now_ms) - $1))ms"; }

[[ -r $LDIF ]] || die "LDIF file not readable: $LDIF"
LDIF=$(cd "$(dirname "$LDIF")" && pwd)/$(basename "$LDIF")
for port in "$SLAPD_PORT" "$SLAPD_LDAPS_PORT"; do
  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "invalid port '$port'"
  ((port != 389 && port != 636)) || die "refusing the system LDAP port $port; pick another"
done
case $SLAPD_DIR in
  / | /tmp | /usr* | /etc* | /var | /var/lib | "$HOME") die "SLAPD_DIR=$SLAPD_DIR is not a throwaway directory" ;;
esac

# --- 1. Packages: only when a tool is missing, only through install-interop-deps.sh ------------
missing=()
for tool in slapd slapadd slappasswd ldapadd ldapsearch openssl; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
done
if ((${#missing[@]} > 0)); then
  log "missing ${missing[*]}; installing interop dependencies"
  bash "$HERE/install-interop-deps.sh"
fi
export PATH=$PATH:/usr/sbin

# --- 2. No daemon on port 389: stop a package-started slapd (identified by its own pid file) ---
for pid_file in /run/slapd/slapd.pid /var/run/slapd/slapd.pid; do
  if [[ -s $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    log "stopping the package's default slapd (pid $(cat "$pid_file"), port 389)"
    kill -TERM "$(cat "$pid_file")" || true
  fi
done

# --- 3. Fresh state directory (stopping our previous instance first) --------------------------
SLAPD_DIR=$SLAPD_DIR bash "$HERE/slapd-down.sh" >/dev/null 2>&1 || true
rm -rf "$SLAPD_DIR"
# Something else answering on our ports would silently receive the data load; refuse instead.
for port in "$SLAPD_PORT" "$SLAPD_LDAPS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is already in use (another slapd? set SLAPD_PORT / SLAPD_LDAPS_PORT)"
  fi
done
mkdir -p "$SLAPD_DIR"/{slapd.d,data,tls}
chmod 700 "$SLAPD_DIR"
TLS=$SLAPD_DIR/tls

# --- 4. CA + server certificate (P-256: generated in milliseconds) ------------------------------
# Clients trust it with LDAPTLS_CACERT=$TLS/ca.crt (ldap-utils) or the `ca` TLS option (Node).
T=$(now_ms)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=ldapmock interop test CA" -keyout "$TLS/ca.key" -out "$TLS/ca.crt" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "extendedKeyUsage=serverAuth" \
  "basicConstraints=CA:FALSE" "keyUsage=digitalSignature" >"$TLS/server.ext"
openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -CAcreateserial \
  -days 30 -extfile "$TLS/server.ext" -out "$TLS/server.crt" 2>/dev/null
log "TLS certificates in $TLS ($(since "$T"))"

# --- 5. cn=config, built offline with slapadd -n0 ----------------------------------------------
# slapd runs as root (no -u), so no ownership fix-ups are needed.
T=$(now_ms)
# Extra schema (SLAPD_SCHEMA): each .ldif included as it is; the slapd.conf-form files converted
# together by slaptest (after the standard four, as cn={4}…), each entry renamed for the include.
EXTRA_SCHEMA=""
if [[ -n $SLAPD_SCHEMA ]]; then
  mkdir -p "$SLAPD_DIR/schema/conf.d"
  printf 'include /etc/ldap/schema/%s.schema\n' core cosine nis inetorgperson >"$SLAPD_DIR/schema/slapd.conf"
  conf_files=()
  IFS=: read -r -a schema_files <<<"$SLAPD_SCHEMA"
  for file in "${schema_files[@]}"; do
    [[ -r $file ]] || die "SLAPD_SCHEMA: file not readable: $file"
    file=$(realpath "$file")
    if [[ $file == *.ldif ]]; then
      EXTRA_SCHEMA+="include: file://$file"$'\n'
    else
      echo "include $file" >>"$SLAPD_DIR/schema/slapd.conf"
      conf_files+=("$file")
    fi
  done
  if ((${#conf_files[@]} > 0)); then
    slaptest -f "$SLAPD_DIR/schema/slapd.conf" -F "$SLAPD_DIR/schema/conf.d" >"$SLAPD_DIR/schema/slaptest.out" 2>&1 ||
      die "slaptest could not read SLAPD_SCHEMA:$(printf '\n%s' "$(cat "$SLAPD_DIR/schema/slaptest.out")")"
    for i in "${!conf_files[@]}"; do
      name=$(basename "${conf_files[$i]}" .schema)
      generated="$SLAPD_DIR/schema/conf.d/cn=config/cn=schema/cn={$((i + 4))}$name.ldif"
      sed -e '/^#/d' -e "s/^dn: cn={[0-9]*}\(.*\)/dn: cn=\1,cn=schema,cn=config/" -e 's/^cn: {[0-9]*}/cn: /' \
        -e '/^\(structuralObjectClass\|entryUUID\|creatorsName\|createTimestamp\|entryCSN\|modifiersName\|modifyTimestamp\):/d' \
        "$generated" >"$SLAPD_DIR/schema/$name.ldif"
      EXTRA_SCHEMA+="include: file://$SLAPD_DIR/schema/$name.ldif"$'\n'
    done
  fi
fi
ROOTPW_HASH=$(slappasswd -s "$SLAPD_ROOTPW")
LIMITS="size.soft=500 size.hard=500 size.prtotal=$SLAPD_PRTOTAL"
if [[ $SLAPD_BARE == 1 ]]; then
  OVERLAY_MODULES=""
  OVERLAYS=""
else
  OVERLAY_MODULES=$(printf 'olcModuleLoad: %s\n' memberof refint ppolicy)
  OVERLAYS=$(cat <<OVERLAYS_EOF
dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf
olcMemberOfRefInt: TRUE

dn: olcOverlay={1}refint,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcRefintConfig
olcOverlay: {1}refint
olcRefintAttribute: member
olcRefintAttribute: uniqueMember

dn: olcOverlay={2}ppolicy,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcPPolicyConfig
olcOverlay: {2}ppolicy
olcPPolicyDefault: cn=default,ou=policies,$SLAPD_SUFFIX
olcPPolicyHashCleartext: TRUE
OVERLAYS_EOF
)
fi
cat >"$SLAPD_DIR/config.ldif" <<EOF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $SLAPD_DIR/slapd.pid
olcArgsFile: $SLAPD_DIR/slapd.args
olcTLSCACertificateFile: $TLS/ca.crt
olcTLSCertificateFile: $TLS/server.crt
olcTLSCertificateKeyFile: $TLS/server.key
olcTLSVerifyClient: $SLAPD_TLS_VERIFY_CLIENT
$(if [ -n "$SLAPD_AUTHZ_REGEXP" ]; then echo "olcAuthzRegexp: $SLAPD_AUTHZ_REGEXP"; fi)

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
$OVERLAY_MODULES

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/nis.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif
${EXTRA_SCHEMA}
dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: $LIMITS

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by dn.exact=gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth manage by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $SLAPD_SUFFIX
olcRootDN: $ROOTDN
olcRootPW: $ROOTPW_HASH
olcDbDirectory: $SLAPD_DIR/data
olcDbMaxSize: 4294967296
olcDbIndex: objectClass eq
olcDbIndex: uid,cn eq
olcDbIndex: member,uniqueMember,memberUid eq
olcSizeLimit: $LIMITS
olcAccess: {0}to attrs=userPassword by self write by * auth
olcAccess: {1}to * by * read

$OVERLAYS
EOF
slapadd -n0 -F "$SLAPD_DIR/slapd.d" -l "$SLAPD_DIR/config.ldif" >"$SLAPD_DIR/slapadd.out" 2>&1 ||
  die "slapadd of cn=config failed:$(printf '\n%s' "$(cat "$SLAPD_DIR/slapadd.out")")"
log "cn=config built ($(since "$T"))"

# --- 6. Start slapd in the foreground (-d) as a background job, logging to slapd.log. It stays
#        in the caller's process group, so interrupting a test run (Ctrl-C) stops it too.
#        $! is slapd itself; slapd writes the same pid to olcPidFile.
T=$(now_ms)
LDAP_URL="ldap://127.0.0.1:$SLAPD_PORT"
LDAPS_URL="ldaps://127.0.0.1:$SLAPD_LDAPS_PORT"
LDAPI_URL="ldapi://$(printf %s "$SLAPD_DIR/ldapi" | sed 's|/|%2F|g')"
slapd -F "$SLAPD_DIR/slapd.d" -h "$LDAP_URL/ $LDAPS_URL/ $LDAPI_URL" -d "$SLAPD_DEBUG" \
  </dev/null >"$SLAPD_DIR/slapd.log" 2>&1 &
SLAPD_PID=$!
echo "$SLAPD_PID" >"$SLAPD_DIR/slapd.pid"
answering=0
for _ in $(seq 200); do
  if ! kill -0 "$SLAPD_PID" 2>/dev/null; then
    die "slapd exited during start-up; last lines of $SLAPD_DIR/slapd.log:$(printf '\n%s' "$(tail -n 25 "$SLAPD_DIR/slapd.log")")"
  fi
  if ldapsearch -x -LLL -H "$LDAP_URL" -b "" -s base namingContexts >/dev/null 2>&1; then
    answering=1
    break
  fi
  sleep 0.05
done
kill -0 "$SLAPD_PID" 2>/dev/null || die "slapd exited during start-up:$(printf '\n%s' "$(tail -n 25 "$SLAPD_DIR/slapd.log")")"
((answering)) || die "slapd (pid $SLAPD_PID) not answering on $LDAP_URL after 10s; see $SLAPD_DIR/slapd.log"
log "slapd pid $SLAPD_PID answering ($(since "$T"))"

# --- 7. Data over LDAP as rootdn: memberof fills memberOf and ppolicy hashes passwords only on
#        LDAP writes, never under slapadd.
T=$(now_ms)
if ! ldapadd -x -H "$LDAP_URL" -D "$ROOTDN" -w "$SLAPD_ROOTPW" -f "$LDIF" >"$SLAPD_DIR/ldapadd.out" 2>&1; then
  tail -n 15 "$SLAPD_DIR/ldapadd.out" >&2
  die "ldapadd of $LDIF failed (slapd left running: pid $SLAPD_PID, scripts/slapd-down.sh stops it)"
fi
entries=$(grep -c '^adding new entry' "$SLAPD_DIR/ldapadd.out" || true)
log "loaded $entries entries from $LDIF ($(since "$T"))"

cat >"$SLAPD_DIR/instance.env" <<EOF
SLAPD_PID=$SLAPD_PID
SLAPD_URL=$LDAP_URL
SLAPD_LDAPS_URL=$LDAPS_URL
SLAPD_LDAPI_URL=$LDAPI_URL
SLAPD_CA=$TLS/ca.crt
SLAPD_ROOTDN=$ROOTDN
SLAPD_SUFFIX=$SLAPD_SUFFIX
EOF
cat <<EOF
slapd up in $(since "$T0"): pid $SLAPD_PID, state in $SLAPD_DIR
  $LDAP_URL (StartTLS)  $LDAPS_URL  $LDAPI_URL
  export LDAPTLS_CACERT=$TLS/ca.crt
  rootdn $ROOTDN / $SLAPD_ROOTPW; limits $LIMITS (rootdn unlimited)
  stop: SLAPD_DIR=$SLAPD_DIR $HERE/slapd-down.sh
EOF
