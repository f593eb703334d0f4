#!/usr/bin/env python3
"""A conformance adapter in Python: an OpenBao-style LDAP login written with ldap3.

ldapmock's conformance runner starts this program and speaks JSON lines with it, one request
per line on stdin and one answer per line on stdout:

    {"id": "7", "action": "login", "profile": "ad", "config": {...}, "username": "alice", "password": "..."}
    {"id": "7", "result": {"userDN": "CN=alice,...", "groups": ["Developers"]}}
    {"id": "7", "error": {"kind": "account-locked", "message": "..."}}

The config is OpenBao's auth/ldap/config (url, binddn, userdn, userattr, groupfilter, ...).
Replace `login()` with a call into your own code to hold it to the same scenarios:

    npx ldapmock conformance --adapter-cmd "python3 ldap3_adapter.py"

Needs ldap3 (pip install ldap3, or Debian's python3-ldap3).
"""
import json
import re
import ssl
import sys

from ldap3 import ANONYMOUS, BASE, NONE, SIMPLE, SUBTREE, Connection, Server, Tls
from ldap3.core import exceptions as ldap_errors
from ldap3.operation.search import parse_filter
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

DEFAULT_USER_FILTER = "({{.UserAttr}}={{.Username}})"
DEFAULT_GROUP_FILTER = "(|(memberUid={{.Username}})(member={{.UserDN}})(uniqueMember={{.UserDN}}))"

CAPABILITIES = {
    "name": "python ldap3 example",
    "actions": ["login"],
    "results": ["userDN", "groups"],
    "accountStates": True,
    "validatesConfig": True,
    "configKeys": [
        "url", "starttls", "certificate", "insecure_tls", "binddn", "bindpass", "userdn", "userattr",
        "userfilter", "upndomain", "discoverdn", "deny_null_bind", "groupdn", "groupfilter", "groupattr",
        "use_token_groups", "connection_timeout", "request_timeout", "case_sensitive_names",
    ],
}

# AD's reason for a failed bind, from the `data` code of its diagnostic.
AD_DATA_KINDS = {
    "525": "denied", "52e": "denied", "530": "logon-hours", "531": "workstation",
    "532": "password-expired", "533": "account-disabled", "701": "account-expired",
    "773": "password-must-change", "775": "account-locked",
}


class Refused(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


FIELD = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")


def render(template, values):
    """Fills {{.Field}} with the filter-escaped value: the user's input is never filter syntax."""
    return FIELD.sub(lambda match: escape_filter_chars(values[match.group(1)]), template)


def check_template(config, key, default, fields):
    """Refuses a template that names an unknown field or does not render to a filter, up front."""
    template = config.get(key, default) or default
    for name in FIELD.findall(template):
        if name not in fields:
            raise Refused("config", f"{key}: unknown field .{name}")
    try:
        parse_filter(render(template, {name: "x" for name in fields}), None, False, False, None, False)
    except ldap_errors.LDAPException as error:
        raise Refused("config", f"{key}: {error}")


def flag(config, key, default):
    value = config.get(key, default)
    return value if isinstance(value, bool) else str(value).lower() == "true"


def seconds(config, key, default):
    """A duration as whole seconds (ldap3's socket timeouts take integers), rounded up."""
    value = config.get(key, default)
    match = re.fullmatch(r"(\d+)(ms|s)?", str(value))
    if not match:
        return default
    amount = int(match.group(1))
    return -(-amount // 1000) if match.group(2) == "ms" else amount


def connect(config):
    """Dials each URL in order; StartTLS is part of connecting. Raises Refused('unavailable')."""
    urls = config.get("url", "ldap://127.0.0.1")
    urls = urls if isinstance(urls, list) else urls.split(",")
    tls = Tls(
        validate=ssl.CERT_NONE if flag(config, "insecure_tls", False) else ssl.CERT_REQUIRED,
        ca_certs_data=config.get("certificate") or None,
        version=ssl.PROTOCOL_TLS_CLIENT,
    )
    failures = []
    dial_timeout = seconds(config, "connection_timeout", 30) or None
    for url in (u.strip() for u in urls):
        if not re.match(r"ldaps?://", url):
            failures.append(f"{url}: unsupported scheme")
            continue
        try:
            # get_info=NONE: a login needs no schema, and AD refuses to show it before a bind.
            server = Server(url, use_ssl=url.startswith("ldaps://"), tls=tls, get_info=NONE, connect_timeout=dial_timeout)
            # The whole dial (TCP, TLS handshake, StartTLS) within connection_timeout, so a server
            # that accepts and never answers is skipped; then request_timeout per operation.
            conn = Connection(server, receive_timeout=dial_timeout, raise_exceptions=True)
            conn.open()
            if flag(config, "starttls", False) and not url.startswith("ldaps://"):
                conn.start_tls()
            conn.receive_timeout = seconds(config, "request_timeout", 90) or None
            conn.socket.settimeout(conn.receive_timeout)
            return conn
        except (ldap_errors.LDAPException, OSError) as error:
            failures.append(f"{url}: {error}")
    raise Refused("unavailable", "; ".join(failures) or "no URL")


def bind(conn, name, password, kind_on_failure="denied"):
    try:
        if password == "" and name:
            # A name without a password is an unauthenticated bind: it proves nothing (vault#2086).
            raise Refused(kind_on_failure, "a name without a password authenticates nobody")
        if password == "":
            conn.user = None
            conn.rebind(authentication=ANONYMOUS)
        else:
            conn.rebind(user=name, password=password, authentication=SIMPLE)
    except ldap_errors.LDAPInvalidCredentialsResult as error:
        data = re.search(r"data ([0-9a-f]+)", str(error))
        raise Refused(AD_DATA_KINDS.get(data.group(1), "denied") if data else kind_on_failure, str(error))
    except (ldap_errors.LDAPBindError, ldap_errors.LDAPOperationResult) as error:
        raise Refused(kind_on_failure, str(error))


def search(conn, base, scope, search_filter, attributes):
    conn.search(base, search_filter, search_scope=scope, attributes=attributes)
    # ldap3 does not raise on a size or time limit: a truncated answer must not pass as complete.
    if conn.result["result"] != 0:
        raise ldap_errors.LDAPOperationResult(result=conn.result["result"], description=conn.result["description"])
    return [entry for entry in conn.response if entry.get("type") == "searchResEntry"]


def sid_text(sid):
    """A binary SID as S-1-5-21-…: revision, 48-bit big-endian authority, little-endian sub-authorities."""
    authority = int.from_bytes(sid[2:8], "big")
    subs = [str(int.from_bytes(sid[8 + 4 * i:12 + 4 * i], "little")) for i in range(sid[1])]
    return "-".join(["S", str(sid[0]), str(authority), *subs])


def cn_of(dn):
    for part in re.split(r"(?<!\\),", dn):
        name, _, value = part.partition("=")
        if name.strip().lower() == "cn":
            return re.sub(r"\\(.)", r"\1", value)
    return dn


def login(config, username, password):
    username = username.strip()
    if not flag(config, "case_sensitive_names", False):
        username = username.lower()
    if password == "" and flag(config, "deny_null_bind", True):
        raise Refused("denied", "empty password")
    if username == "" or "\0" in username:
        raise Refused("denied", "empty user name, or NUL in it")
    check_template(config, "userfilter", DEFAULT_USER_FILTER, ("UserAttr", "Username"))
    check_template(config, "groupfilter", DEFAULT_GROUP_FILTER, ("UserDN", "Username"))
    userdn = config.get("userdn", "")
    userattr = config.get("userattr", "cn")
    upndomain = config.get("upndomain", "")
    binddn, bindpass = config.get("binddn", ""), config.get("bindpass", "")
    conn = connect(config)
    try:
        if flag(config, "discoverdn", False) or (binddn and bindpass):
            bind(conn, binddn, bindpass)
            if upndomain:
                values = {"UserAttr": "userPrincipalName", "Username": f"{username}@{upndomain}"}
            else:
                values = {"UserAttr": userattr, "Username": username}
            try:
                found = search(conn, userdn, SUBTREE, render(config.get("userfilter") or DEFAULT_USER_FILTER, values), [])
            except ldap_errors.LDAPOperationResult as error:
                raise Refused("denied", f"user search failed: {error}")
            if len(found) != 1:
                raise Refused("denied", f"{len(found)} entries match the user")
            user_dn = found[0]["dn"]
            bind(conn, user_dn, password)
            bind(conn, binddn, bindpass, "failed")
        elif upndomain:
            bind(conn, f"{username}@{upndomain}", password)
            upn = escape_filter_chars(f"{username}@{upndomain}")
            found = search(conn, userdn, SUBTREE, f"(userPrincipalName={upn})", [])
            user_dn = found[-1]["dn"] if found else ""
        else:
            user_dn = f"{userattr}={escape_rdn(username)},{userdn}"
            bind(conn, user_dn, password)
        return {"userDN": user_dn, "groups": groups_of(conn, config, user_dn, username)}
    finally:
        conn.unbind()


def groups_of(conn, config, user_dn, username):
    try:
        if flag(config, "use_token_groups", False):
            found = search(conn, user_dn, BASE, "(objectClass=*)", ["tokenGroups"])
            # A server without tokenGroups (OpenLDAP) answers without it: no groups.
            sids = found[0]["raw_attributes"].get("tokenGroups", []) if found else []
            names = []
            for sid in sids:
                group = search(conn, f"<SID={sid_text(sid)}>", BASE, "(objectClass=*)", ["1.1"])
                if group:
                    names.append(cn_of(group[0]["dn"]))
            return sorted(set(names))
        groupdn = config.get("groupdn", "")
        template = config.get("groupfilter", DEFAULT_GROUP_FILTER)
        if not groupdn or not template:
            return []
        groupattr = config.get("groupattr", "cn")
        found = search(conn, groupdn, SUBTREE, render(template, {"UserDN": user_dn, "Username": username}), [groupattr])
    except ldap_errors.LDAPOperationResult as error:
        raise Refused("group-search-failed", str(error))
    names = []
    for entry in found:
        values = next((v for k, v in entry["attributes"].items() if k.lower() == groupattr.lower()), None) or [entry["dn"]]
        names.extend(cn_of(v) for v in (values if isinstance(values, list) else [values]))
    return sorted(set(names))


def answer(request):
    action = request.get("action", "login")
    if action == "capabilities":
        return {"id": request["id"], "result": CAPABILITIES}
    if action != "login":
        return {"id": request["id"], "error": {"kind": "not-applicable", "message": f"no {action}"}}
    try:
        result = login(request.get("config", {}), request.get("username", ""), request.get("password", ""))
        return {"id": request["id"], "result": result}
    except Refused as refusal:
        return {"id": request["id"], "error": {"kind": refusal.kind, "message": str(refusal)}}
    except (ldap_errors.LDAPSocketOpenError, ldap_errors.LDAPSocketReceiveError, ldap_errors.LDAPStartTLSError) as error:
        return {"id": request["id"], "error": {"kind": "unavailable", "message": str(error)}}
    except Exception as error:  # anything else is a failure of the flow, reported, never a crash
        return {"id": request["id"], "error": {"kind": "failed", "message": f"{type(error).__name__}: {error}"}}


def main():
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(answer(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
