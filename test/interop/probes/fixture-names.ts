/** Names from fixtures/openldap/default.ldif (see fixtures/README.md) used by the probes. */
export const BASE = 'dc=example,dc=org';
export const PEOPLE = `ou=people,${BASE}`;
export const GROUPS = `ou=groups,${BASE}`;
export const BULK = `ou=bulk,${BASE}`;
export const ROOT_DN = `cn=admin,${BASE}`;

export const ALICE = `uid=alice,${PEOPLE}`;
export const ALICE_PASSWORD = 'alice-password';
export const BOB = `uid=bob,${PEOPLE}`;
export const BOB_PASSWORD = 'bob-password';
export const LOCKED = `uid=locked,${PEOPLE}`;
export const LOCKED_PASSWORD = 'locked-password';
/** The hostile DN as written in the fixture (backslash before each special character). */
export const ESCAPED = `cn=\\#Smith\\, \\"J\\+R\\" Müller\\ ,${PEOPLE}`;
/** The same DN with hex escapes, as slapd itself writes it. */
export const ESCAPED_HEX = `cn=\\23Smith\\2C \\22J\\2BR\\22 Müller\\20,${PEOPLE}`;
export const ESCAPED_PASSWORD = 'escaped-password';

export const DEVELOPERS = `cn=developers,${GROUPS}`;
export const ENGINEERING = `cn=engineering,${GROUPS}`;
export const OPS = `cn=ops,${GROUPS}`;
export const AUDITORS = `cn=auditors,${GROUPS}`;
export const DEFAULT_POLICY = `cn=default,ou=policies,${BASE}`;

/** A person entry for write probes; `uid` must be unique to the probe so probes never collide. */
export function probeUser(
  uid: string,
  password?: string,
): { dn: string; attributes: Record<string, string> } {
  return {
    dn: `uid=${uid},${PEOPLE}`,
    attributes: {
      objectClass: 'inetOrgPerson',
      uid,
      cn: `Probe ${uid}`,
      sn: 'Probe',
      ...(password === undefined ? {} : { userPassword: password }),
    },
  };
}
