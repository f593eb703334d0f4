#!/usr/bin/env bash
# samba-ad-up.sh — start a throwaway Samba 4.17 Active Directory DC on loopback, loaded with an AD
# LDIF export, for the differential and interop suites. Root, Debian 12.
#
#   usage: scripts/samba-ad-up.sh [LDIF]          (default fixtures/ad/default.ldif)
#
# Environment (all optional):
#   SAMBA_DIR          state directory, wiped and rebuilt           (default /tmp/ldapmock-samba)
#   SAMBA_IP           loopback address to serve on                 (default 127.0.0.1; Samba
#                      serves only addresses configured on an interface, and its ports are fixed
#                      — LDAP 389/636/3268/3269, KDC 88/464 — so a second DC at the same time
#                      needs another 127.x.y.z, which this script adds to lo)
#   SAMBA_HOST         NetBIOS/host name of the DC                  (default dc1)
#   SAMBA_SERVICES     samba's "server services"                    (default "ldap, kdc")
#   SAMBA_MAX_RUNTIME  seconds after which samba exits by itself    (default 7200; a safety net
#                      should nobody run samba-ad-down.sh)
#   SAMBA_STRONG_AUTH  "ldap server require strong auth"            (default no: simple binds on
#                      plain ldap:// allowed; Samba's own default refuses them with 8)
#
# The realm, NetBIOS domain, domain SID and domain GUID come from the LDIF's domain root (its DN
# must be DC=…; the realm is its dc values joined with dots, the NetBIOS name the first dc value
# in upper case), so the DC's base DN and SIDs are the fixture's. The Administrator's password is
# the fixture's (unicodePwd of CN=Administrator,CN=Users,…).
#
# What it does, in order (each step timed on stderr):
#   1. packages, through install-interop-deps.sh, only when samba-tool is missing;
#   2. refuses to run if something already answers on $SAMBA_IP's AD ports;
#   3. TLS: its own CA and a server certificate for $SAMBA_IP, 127.0.0.1, ::1, localhost and the
#      DC's DNS name;
#   4. provision (DNS backend none, `-s /dev/null` so the distro smb.conf is never read, every
#      runtime path inside $SAMBA_DIR), with the fixture's domain SID and GUID and a first free RID
#      above every RID of the fixture;
#   5. loads the LDIF straight into sam.ldb, before samba runs (see the loader's comment);
#   6. starts samba and waits for the rootDSE;
#   7. locks every account whose fixture entry has a non-zero lockoutTime the way AD locks one:
#      wrong-password binds up to the lockout threshold that applies to it.
# Idempotent: an instance already running from $SAMBA_DIR is stopped and rebuilt from scratch.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LDIF=${1:-$HERE/../fixtures/ad/default.ldif}
SAMBA_DIR=$(realpath -m "${SAMBA_DIR:-/tmp/ldapmock-samba}")
SAMBA_IP=${SAMBA_IP:-127.0.0.1}
SAMBA_HOST=${SAMBA_HOST:-dc1}
SAMBA_SERVICES=${SAMBA_SERVICES:-ldap, kdc}
SAMBA_MAX_RUNTIME=${SAMBA_MAX_RUNTIME:-7200}
SAMBA_STRONG_AUTH=${SAMBA_STRONG_AUTH:-no}
# samba's python modules live in the system interpreter, whatever python3 is first on PATH.
PY=/usr/bin/python3

log() { echo "[samba-ad-up] $*" >&2; }
die() {
  echo "[samba-ad-up] ERROR: $*" >&2
  exit 1
}
now_ms() { date +%s%3N; }
T0=$(now_ms)
since() { echo "$(($(now_ms) - $1))ms"; }

[[ -r $LDIF ]] || die "LDIF file not readable: $LDIF"
LDIF=$(cd "$(dirname "$LDIF")" && pwd)/$(basename "$LDIF")
[[ $SAMBA_IP =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "SAMBA_IP=$SAMBA_IP is not a 127.x.y.z loopback address"
case $SAMBA_DIR in
  / | /tmp | /usr* | /etc* | /var | /var/lib | "$HOME") die "SAMBA_DIR=$SAMBA_DIR is not a throwaway directory" ;;
esac

# --- 1. Packages ------------------------------------------------------------------------------
t=$(now_ms)
if ! command -v samba-tool >/dev/null 2>&1 || ! command -v ldapsearch >/dev/null 2>&1 || [[ ! -x $PY ]]; then
  log "samba or ldap-utils missing; installing interop dependencies"
  bash "$HERE/install-interop-deps.sh"
  log "packages ready in $(since "$t")"
fi
export PATH=$PATH:/usr/sbin

# --- 2. Fresh state directory; nobody else on our ports ----------------------------------------
SAMBA_DIR=$SAMBA_DIR bash "$HERE/samba-ad-down.sh" >/dev/null 2>&1 || true
rm -rf "$SAMBA_DIR"
mkdir -p "$SAMBA_DIR"/{run,log,tls}
# Samba binds only addresses configured on an interface; 127.0.0.1 always is, another 127.x.y.z
# is added to lo (it stays until reboot, harmlessly).
# Not `ip … | grep -q`: under pipefail, grep quitting at its first match can end ip with SIGPIPE
# and fail the pipeline, so an address already there looked absent.
has_ip() { [[ $(ip -o addr show dev lo) == *"inet $SAMBA_IP/"* ]]; }
if [[ $SAMBA_IP != 127.0.0.1 ]] && ! has_ip; then
  # Another start may add it between the check and ours ("Address already assigned"): fine.
  ip addr add "$SAMBA_IP/32" dev lo 2>/dev/null || has_ip || die "cannot add $SAMBA_IP to lo"
fi
busy=()
for port in 389 636 88 464 3268 3269; do
  if (exec 3<>"/dev/tcp/$SAMBA_IP/$port") 2>/dev/null; then busy+=("$port"); fi
done
((${#busy[@]} == 0)) || die "$SAMBA_IP already answers on port(s) ${busy[*]} (a system slapd or samba?); Samba AD needs them"

# --- 3. Domain facts from the LDIF's domain root ------------------------------------------------
read -r BASE REALM DOMAIN DOMAIN_SID DOMAIN_GUID ADMIN_PW_B64 MAX_RID < <(
  "$PY" - "$LDIF" <<'PY'
import base64, struct, sys, uuid

def records(path):
    """Yields (dn, [(attr, bytes)]) for an RFC 2849 content file: comments, folding, base64."""
    lines, record = [], []
    with open(path, 'rb') as handle:
        raw = handle.read().decode('utf-8').split('\n')
    for line in raw:
        if line.startswith(' ') and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    for line in lines + ['']:
        if line.startswith('#'):
            continue
        if line == '':
            if record:
                yield record
            record = []
            continue
        name, _, rest = line.partition(':')
        value = base64.b64decode(rest[1:].strip()) if rest.startswith(':') else rest.lstrip(' ').encode()
        record.append((name, value))

def sid_text(b):
    auth = int.from_bytes(b[2:8], 'big')
    subs = struct.unpack('<%dI' % b[1], b[8:8 + 4 * b[1]])
    return 'S-%d-%d' % (b[0], auth) + ''.join('-%d' % s for s in subs)

root = None
admin_pw = None
max_rid = 0
for record in records(sys.argv[1]):
    if record[0][0].lower() == 'version':
        record = record[1:]
        if not record:
            continue
    dn = record[0][1].decode()
    attrs = record[1:]
    if root is None:
        root = (dn, attrs)
    for name, value in attrs:
        if name.lower() == 'objectsid' and value[1] == 5:
            max_rid = max(max_rid, struct.unpack('<I', value[-4:])[0])
        if name.lower() == 'unicodepwd' and dn.lower().startswith('cn=administrator,cn=users,'):
            admin_pw = value.decode('utf-16-le')[1:-1]
dn, attrs = root
dcs = [part.split('=', 1)[1] for part in dn.split(',')]
if not all(part.lower().startswith('dc=') for part in dn.split(',')):
    sys.exit('first record %s is not a DC=… domain root' % dn)
values = {name.lower(): value for name, value in attrs}
if 'objectsid' not in values or 'objectguid' not in values:
    sys.exit('domain root %s lacks objectSid or objectGUID' % dn)
if admin_pw is None:
    sys.exit('no unicodePwd for CN=Administrator,CN=Users in the LDIF')
# The domain root's nextRid, when the LDIF gives it, is the provision's next RID (a multiple of
# 1000, as below): an export of a provisioned domain holds accounts made from it (the DC's).
if 'nextrid' in values:
    max_rid = int(values['nextrid']) - 1000
print(dn, '.'.join(dcs).upper(), dcs[0].upper(), sid_text(values['objectsid']),
      str(uuid.UUID(bytes_le=values['objectguid'])), base64.b64encode(admin_pw.encode()).decode(), max_rid)
PY
) || die "cannot read the domain root of $LDIF"
ADMIN_PW=$(echo "$ADMIN_PW_B64" | base64 -d)
DNS_DOMAIN=${REALM,,}
FQDN=$SAMBA_HOST.$DNS_DOMAIN
NEXT_RID=$(((MAX_RID / 1000 + 1) * 1000))
log "domain $DNS_DOMAIN ($DOMAIN), base $BASE, SID $DOMAIN_SID, GUID $DOMAIN_GUID, next RID $NEXT_RID"

# --- 4. TLS: our own CA; Samba insists the key is the running uid's and mode 0600 --------------
t=$(now_ms)
T=$SAMBA_DIR/tls
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=ldapmock samba test CA" \
  -keyout "$T/ca.key" -out "$T/ca.crt" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$FQDN" -keyout "$T/server.key" -out "$T/server.csr" 2>/dev/null
printf '%s\n' \
  "subjectAltName=IP:$SAMBA_IP,IP:127.0.0.1,IP:::1,DNS:localhost,DNS:$FQDN,DNS:$DNS_DOMAIN" \
  "extendedKeyUsage=serverAuth" "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
  >"$T/ext.cnf"
openssl x509 -req -in "$T/server.csr" -CA "$T/ca.crt" -CAkey "$T/ca.key" -CAcreateserial \
  -days 30 -extfile "$T/ext.cnf" -out "$T/server.crt" 2>/dev/null
chmod 600 "$T"/*.key
log "TLS certificates in $(since "$t")"

# --- 5. Provision ---------------------------------------------------------------------------------
t=$(now_ms)
CONF=$SAMBA_DIR/etc/smb.conf
samba-tool domain provision -s /dev/null --targetdir="$SAMBA_DIR" \
  --realm="$REALM" --domain="$DOMAIN" --server-role=dc --host-name="$SAMBA_HOST" \
  --domain-sid="$DOMAIN_SID" --domain-guid="$DOMAIN_GUID" --next-rid="$NEXT_RID" \
  --dns-backend=NONE --adminpass="$ADMIN_PW" \
  --option="interfaces = $SAMBA_IP" --option="bind interfaces only = yes" \
  --option="pid directory = $SAMBA_DIR/run" \
  --option="log file = $SAMBA_DIR/log/samba.log" --option="log level = 1" \
  --option="ncalrpc dir = $SAMBA_DIR/run/ncalrpc" \
  --option="winbindd socket directory = $SAMBA_DIR/run/winbindd" \
  --option="ntp signd socket directory = $SAMBA_DIR/run/ntp_signd" \
  --option="server services = $SAMBA_SERVICES" \
  --option="tls enabled = yes" --option="tls keyfile = $T/server.key" \
  --option="tls certfile = $T/server.crt" --option="tls cafile = $T/ca.crt" \
  --option="dns update command = /bin/true" \
  >"$SAMBA_DIR/log/provision.log" 2>&1 || {
  tail -30 "$SAMBA_DIR/log/provision.log" >&2
  die "provision failed (log: $SAMBA_DIR/log/provision.log)"
}
# provision drops some --option values from the smb.conf it writes (this one among them).
sed -i "/^\[global\]/a\\\tldap server require strong auth = $SAMBA_STRONG_AUTH" "$CONF"
value=$(testparm -s "$CONF" --parameter-name="ldap server require strong auth" 2>/dev/null || true)
[[ ${value,,} == "${SAMBA_STRONG_AUTH,,}" ]] || die "could not set ldap server require strong auth ($value)"
log "provisioned in $(since "$t")"

# --- 6. Load the LDIF into sam.ldb ------------------------------------------------------------------
t=$(now_ms)
"$PY" - "$LDIF" "$CONF" "$SAMBA_DIR/private/sam.ldb" "$SAMBA_HOST" >"$SAMBA_DIR/lockouts" <<'PY' || die "loading $LDIF failed"
# Loads an AD export into a freshly provisioned sam.ldb through Samba's own dsdb module stack, as
# the system user, in one transaction (about 20x faster than LDAP adds), before samba runs.
#  * Entries Samba already has (domain root, containers, built-in accounts and groups) are not
#    added; the domain root's password and lockout settings are copied onto Samba's, and group
#    members the LDIF lists but Samba lacks are added.
#  * New entries keep objectSid and objectGUID (objectGUID needs the relax control) and
#    unicodePwd (Samba hashes it as on an LDAP add). Attributes only the server writes are
#    dropped: sAMAccountType, lockoutTime, badPwdCount, badPasswordTime, memberOf and
#    msDS-PSOApplied (back-links), name,
#    distinguishedName, whenCreated/Changed, uSNCreated/Changed, instanceType; pwdLastSet is kept
#    only when it is 0 ("must change"), since a password write sets it to "now".
#  * Provision-only objects that have no counterpart in the fixture are deleted: the DNS service
#    account CN=dns-<host> (unused with DNS backend none).
# Prints, one per line, "<dn>\t<sAMAccountName>" of each account to lock after start.
import base64, sys, time
import ldb
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

ldif_path, conf, url, host = sys.argv[1:5]
DROP = {'samaccounttype', 'lockouttime', 'badpwdcount', 'badpasswordtime', 'memberof', 'msds-psoapplied', 'name',
        'distinguishedname', 'whencreated', 'whenchanged', 'usncreated', 'usnchanged',
        'instancetype'}
ROOT_POLICY = ['lockoutThreshold', 'lockoutDuration', 'lockOutObservationWindow', 'maxPwdAge',
               'minPwdAge', 'minPwdLength', 'pwdHistoryLength', 'pwdProperties']

def records(path):
    lines, record = [], []
    with open(path, 'rb') as handle:
        raw = handle.read().decode('utf-8').split('\n')
    for line in raw:
        if line.startswith(' ') and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    for number, line in enumerate(lines + [''], start=1):
        if line.startswith('#'):
            continue
        if line == '':
            if record:
                yield record
            record = []
            continue
        name, sep, rest = line.partition(':')
        if not sep:
            sys.exit('%s: line %d is not "attribute: value": %r' % (path, number, line[:80]))
        value = base64.b64decode(rest[1:].strip()) if rest.startswith(':') else rest.lstrip(' ').encode()
        record.append((name, value))

lp = LoadParm()
lp.load(conf)
db = SamDB(url=url, session_info=system_session(), lp=lp)
added = existing = members_added = 0
locks = []
started = time.time()
db.transaction_start()
try:
    for record in records(ldif_path):
        if record[0][0].lower() == 'version':
            record = record[1:]
            if not record:
                continue
        if record[0][0].lower() != 'dn':
            sys.exit('record without dn: %r' % (record[0],))
        dn = record[0][1].decode()
        attrs = {}
        order = []
        for name, value in record[1:]:
            key = name.lower()
            if key not in attrs:
                attrs[key] = (name, [])
                order.append(key)
            attrs[key][1].append(value)
        if 'lockouttime' in attrs and attrs['lockouttime'][1][0] not in (b'0', b''):
            sam = attrs['samaccountname'][1][0].decode()
            locks.append((dn, sam))
        try:
            found = db.search(dn, scope=ldb.SCOPE_BASE, attrs=['member'])
        except ldb.LdbError as error:
            if error.args[0] != ldb.ERR_NO_SUCH_OBJECT:
                raise
            found = []
        if found:
            existing += 1
            change = ldb.Message(ldb.Dn(db, dn))
            if dn.lower() == db.domain_dn().lower():
                for name in ROOT_POLICY:
                    if name.lower() in attrs:
                        change[name] = ldb.MessageElement(attrs[name.lower()][1], ldb.FLAG_MOD_REPLACE, name)
            if 'member' in attrs:
                have = {str(ldb.Dn(db, str(m))).lower() for m in found[0].get('member', [])}
                want = [m for m in attrs['member'][1] if str(ldb.Dn(db, m.decode())).lower() not in have]
                if want:
                    change['member'] = ldb.MessageElement(want, ldb.FLAG_MOD_ADD, 'member')
                    members_added += len(want)
            if len(change) > 0:
                db.modify(change)
            continue
        message = ldb.Message(ldb.Dn(db, dn))
        for key in order:
            name, values = attrs[key]
            if key in DROP or (key == 'pwdlastset' and values != [b'0']):
                continue
            message[name] = ldb.MessageElement(values, ldb.FLAG_MOD_ADD, name)
        try:
            db.add(message, controls=['relax:0'])
        except ldb.LdbError as error:
            sys.exit('cannot add %s: %s' % (dn, error.args[1]))
        added += 1
    for stale in db.search(db.domain_dn(), scope=ldb.SCOPE_SUBTREE,
                           expression='(sAMAccountName=dns-%s)' % ldb.binary_encode(host), attrs=[]):
        db.delete(stale.dn)
    db.transaction_commit()
except BaseException:
    db.transaction_cancel()
    raise
sys.stderr.write('[samba-ad-up] loaded %d new entries, %d already provisioned (%d members added) in %.1fs\n'
                 % (added, existing, members_added, time.time() - started))
for dn, sam in locks:
    print('%s\t%s' % (dn, sam))
PY
log "LDIF loaded in $(since "$t")"

# --- 7. Start --------------------------------------------------------------------------------------
t=$(now_ms)
samba -s "$CONF" --maximum-runtime="$SAMBA_MAX_RUNTIME" >"$SAMBA_DIR/log/samba.out" 2>&1 || {
  cat "$SAMBA_DIR/log/samba.out" >&2
  die "samba did not start"
}
ready=0
for _ in $(seq 600); do
  if ldapsearch -x -LLL -H "ldap://$SAMBA_IP" -b "" -s base dnsHostName >/dev/null 2>&1; then
    ready=1
    break
  fi
  sleep 0.1
done
if ((ready == 0)); then
  tail -40 "$SAMBA_DIR/log/samba.log" >&2
  die "LDAP did not answer within 60s"
fi
log "samba pid $(cat "$SAMBA_DIR/run/samba.pid") answering LDAP after $(since "$t")"

# --- 8. Lock the accounts the fixture has locked: bad binds up to the threshold ----------------------
t=$(now_ms)
export LDAPTLS_CACERT=$T/ca.crt
bind_diagnostic() { # bind as $1 with password $2; prints the server's text (NUL shown as \0)
  { ldapsearch -x -LLL -H "ldap://$SAMBA_IP" -D "$1" -w "$2" -b "" -s base dn 2>&1 || true; } |
    tr '\0' '@' | sed -n 's/^[[:space:]]*additional info: //p'
}
while IFS=$'\t' read -r dn sam; do
  [[ -n $dn ]] || continue
  threshold=$(ldapsearch -x -LLL -o ldif-wrap=no -H "ldap://$SAMBA_IP" -D "Administrator@$DNS_DOMAIN" -w "$ADMIN_PW" \
    -b "$dn" -s base msDS-ResultantPSO | sed -n 's/^msDS-ResultantPSO: //p')
  if [[ -n $threshold ]]; then
    threshold=$(ldapsearch -x -LLL -o ldif-wrap=no -H "ldap://$SAMBA_IP" -D "Administrator@$DNS_DOMAIN" -w "$ADMIN_PW" \
      -b "$threshold" -s base msDS-LockoutThreshold | sed -n 's/^msDS-LockoutThreshold: //p')
  else
    threshold=$(ldapsearch -x -LLL -o ldif-wrap=no -H "ldap://$SAMBA_IP" -D "Administrator@$DNS_DOMAIN" -w "$ADMIN_PW" \
      -b "$BASE" -s base lockoutThreshold | sed -n 's/^lockoutThreshold: //p')
  fi
  [[ $threshold =~ ^[1-9][0-9]*$ ]] || die "no lockout threshold applies to $dn ($threshold): it cannot be locked"
  for ((i = 0; i < threshold; i++)); do bind_diagnostic "$sam@$DNS_DOMAIN" "not-the-password-$i" >/dev/null; done
  text=$(bind_diagnostic "$sam@$DNS_DOMAIN" "not-the-password")
  [[ $text == *"data 775"* ]] || die "$dn not locked after $threshold bad passwords: $text"
  log "locked $dn ($threshold bad passwords)"
done <"$SAMBA_DIR/lockouts"
log "lockouts in $(since "$t")"

cat <<EOF
samba AD DC up in $(since "$T0"): pid $(cat "$SAMBA_DIR/run/samba.pid"), config $CONF
  ldap://$SAMBA_IP:389 (StartTLS)   ldaps://$SAMBA_IP:636   base $BASE   realm $REALM
  CA certificate $T/ca.crt
  Administrator@$DNS_DOMAIN / $ADMIN_PW
EOF
