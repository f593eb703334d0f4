"""What an application built on python3-ldap3 with its defaults typically does, as JSON.

ldap3's default (get_info=SCHEMA) reads the server's subschema at every bind and from then on
checks every attribute and object class name of a request against it, formats values by their
syntax and builds its abstraction layer (ObjectDef) from the object classes: a schema that lacks
what the real server publishes breaks a script that works against the real server.

Usage: python_ldap3_client.py '<json>' where the JSON gives url, base, userDN, password, users
(a search base and filter for users), groups (the same for groups), pagedBase, userClass (for
ObjectDef) and absentClass (a class the server defines but no entry of the fixture has).
Every observation is printed, so the test compares the real server and the mock field by field.
"""
import json
import sys

from ldap3 import SUBTREE, Connection, ObjectDef, Reader, Server
from ldap3.core.exceptions import LDAPException


def outcome(action):
    try:
        return action()
    except LDAPException as error:
        return {"error": type(error).__name__, "message": str(error)}


def search(conn, base, search_filter, attributes):
    conn.search(base, search_filter, SUBTREE, attributes=attributes)
    return sorted(entry.entry_dn.lower() for entry in conn.entries)


def schema_shape(schema):
    """What the client learnt from the subschema entry: counts of each kind and the names."""
    return {
        "attributeTypes": len(schema.attribute_types),
        "objectClasses": len(schema.object_classes),
        "ldapSyntaxes": len(schema.ldap_syntaxes),
        "matchingRules": len(schema.matching_rules),
        "matchingRuleUse": len(schema.matching_rule_uses),
        "dITContentRules": len(schema.dit_content_rules),
        "attributeTypeNames": sorted(name.lower() for name in schema.attribute_types),
        "objectClassNames": sorted(name.lower() for name in schema.object_classes),
    }


def session(server, args, number):
    """One connection on the shared Server: bind (which re-reads the schema), the searches."""
    out = {}
    conn = Connection(server, args["userDN"], args["password"], raise_exceptions=True)
    out["bind"] = outcome(conn.bind)
    users, groups = args["users"], args["groups"]
    out["users"] = outcome(lambda: search(conn, users["base"], users["filter"], users["attributes"]))
    out["groups"] = outcome(lambda: search(conn, groups["base"], groups["filter"], ["member", "cn"]))
    out["absent class"] = outcome(
        lambda: search(conn, args["base"], f"(objectClass={args['absentClass']})", ["cn"])
    )
    if number == 0:
        out["paged"] = outcome(lambda: paged(conn, args["pagedBase"]))
        out["object definition"] = outcome(lambda: object_definition(conn, args))
    conn.unbind()
    return out


def paged(conn, base):
    entries = conn.extend.standard.paged_search(
        base, "(objectClass=*)", SUBTREE, attributes=["cn"], paged_size=100, generator=False
    )
    return len([entry for entry in entries if entry["type"] == "searchResEntry"])


def object_definition(conn, args):
    """ldap3's abstraction layer: the attributes ObjectDef takes from the class and its superclasses."""
    definition = ObjectDef(args["userClass"], conn)
    reader = Reader(conn, definition, args["users"]["base"], args["users"]["filter"])
    reader.search()
    return {
        "attributes": len(definition._attributes),
        "entries": len(reader.entries),
    }


def main():
    args = json.loads(sys.argv[1])
    # ldap3's defaults: get_info=SCHEMA, names checked against the schema.
    server = Server(args["url"])
    out = {f"connection {n}": session(server, args, n) for n in range(3)}
    out["schema"] = schema_shape(server.schema) if server.schema else None
    print(json.dumps(out, sort_keys=True))


main()
