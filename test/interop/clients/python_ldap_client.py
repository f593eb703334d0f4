"""What an application built on python-ldap (Debian's python3-ldap) typically does, as JSON.

Usage: python_ldap_client.py '<json>' where the JSON gives url, ldapsUrl, caFile, base,
userDN, bindNames (every name the user may bind with), password, userFilter, groupAttribute,
pagedBase and rangeGroup (a group whose member list is read with AD range retrieval, or null).
Every observation is printed, so the test compares the real server and the mock field by field.
"""
import json
import sys

import ldap
from ldap.controls import SimplePagedResultsControl


def connect(url, ca_file, start_tls=False):
    conn = ldap.initialize(url)
    conn.set_option(ldap.OPT_PROTOCOL_VERSION, 3)
    conn.set_option(ldap.OPT_REFERRALS, 0)
    conn.set_option(ldap.OPT_X_TLS_CACERTFILE, ca_file)
    conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
    conn.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    if start_tls:
        conn.start_tls_s()
    return conn


def error_name(action):
    try:
        action()
        return "success"
    except ldap.LDAPError as error:
        return type(error).__name__


def value_or_error(action):
    try:
        return action()
    except ldap.LDAPError as error:
        return type(error).__name__


def text(values):
    return sorted(v.decode("utf-8", "replace") for v in values)


def paged_count(conn, base, page_size=100):
    control = SimplePagedResultsControl(True, size=page_size, cookie="")
    total, pages = 0, 0
    while True:
        msgid = conn.search_ext(base, ldap.SCOPE_SUBTREE, "(objectClass=*)", ["1.1"], serverctrls=[control])
        try:
            _, data, _, controls = conn.result3(msgid)
        except ldap.LDAPError as error:
            # A server's total limit for paged searches (slapd's size.prtotal) ends the search.
            return {"entries": total, "pages": pages, "error": type(error).__name__}
        total += sum(1 for dn, _ in data if dn is not None)
        pages += 1
        cookie = next(c.cookie for c in controls if c.controlType == SimplePagedResultsControl.controlType)
        if not cookie:
            return {"entries": total, "pages": pages}
        control.cookie = cookie


def ranged_members(conn, group_dn):
    """AD range retrieval: member;range=0-*, then the next range until one ends in *; and how a
    plain `member` read comes back (all values, or a first range, as Windows does past 1,500)."""
    plain = conn.search_s(group_dn, ldap.SCOPE_BASE, "(objectClass=*)", ["member"])[0][1]
    plain_shape = {name: len(values) for name, values in plain.items()}
    members, low = [], 0
    while True:
        result = conn.search_s(group_dn, ldap.SCOPE_BASE, "(objectClass=*)", [f"member;range={low}-*"])
        attributes = result[0][1]
        (name, values), = [(k, v) for k, v in attributes.items() if k.lower().startswith("member;range=")]
        members.extend(values)
        high = name.split("-")[-1]
        if high == "*":
            return {"members": len(members), "firstRange": name.split("=")[1] if low == 0 else None, "plain": plain_shape}
        low = int(high) + 1


def main():
    args = json.loads(sys.argv[1])
    out = {}
    conn = connect(args["url"], args["caFile"])
    for name in args["bindNames"]:
        out[f"bind {name}"] = error_name(lambda name=name: conn.simple_bind_s(name, args["password"]))
    out["wrong password"] = error_name(lambda: conn.simple_bind_s(args["userDN"], args["password"] + "x"))
    conn.simple_bind_s(args["userDN"], args["password"])
    out["whoami"] = value_or_error(lambda: conn.whoami_s().lower())
    found = conn.search_s(args["base"], ldap.SCOPE_SUBTREE, args["userFilter"], [args["groupAttribute"], "cn"])
    found = [(dn, attrs) for dn, attrs in found if dn is not None]
    out["user search"] = [dn.lower() for dn, _ in found]
    out["groups"] = text(found[0][1].get(args["groupAttribute"], [])) if found else None
    out["compare cn"] = conn.compare_s(args["userDN"], "cn", found[0][1]["cn"][0]) if found else None
    out["paged"] = paged_count(conn, args["pagedBase"])
    if args.get("rangeGroup"):
        out["range"] = ranged_members(conn, args["rangeGroup"])
    conn.unbind_s()

    tls = connect(args["url"], args["caFile"], start_tls=True)
    tls.simple_bind_s(args["userDN"], args["password"])
    out["starttls search"] = len(tls.search_s(args["userDN"], ldap.SCOPE_BASE, "(objectClass=*)", ["1.1"]))
    tls.unbind_s()
    secure = connect(args["ldapsUrl"], args["caFile"])
    secure.simple_bind_s(args["userDN"], args["password"])
    out["ldaps search"] = len(secure.search_s(args["userDN"], ldap.SCOPE_BASE, "(objectClass=*)", ["1.1"]))
    secure.unbind_s()
    print(json.dumps(out, sort_keys=True))


main()
