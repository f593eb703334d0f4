/** Compare operations: true, false, missing attribute, missing entry, ACL, operational attributes. */
import type { Probe } from '../probe.js';
import { ALICE, ALICE_PASSWORD, DEVELOPERS, PEOPLE } from './fixture-names.js';

function compareProbe(name: string, dn: string, attribute: string, value: string, asAlice = false): Probe {
  return {
    name: `compare: ${name}`,
    async run(context) {
      const s = await context.open('connect');
      if (asAlice) await s.bind('bind as alice', ALICE, ALICE_PASSWORD);
      await s.compare('compare', dn, attribute, value);
    },
  };
}

export const compareProbes: readonly Probe[] = [
  compareProbe('true', ALICE, 'uid', 'alice'),
  compareProbe('false', ALICE, 'uid', 'bob'),
  compareProbe('case-insensitive value', ALICE, 'cn', 'ALICE LIDDELL'),
  compareProbe('attribute type in another case', ALICE, 'MAIL', 'alice@example.org'),
  compareProbe('attribute the entry does not have', ALICE, 'description', 'x'),
  compareProbe('attribute type unknown to the schema', ALICE, 'noSuchAttribute', 'x'),
  compareProbe('entry that does not exist', `uid=nobody,${PEOPLE}`, 'uid', 'nobody'),
  compareProbe('userPassword as anonymous (auth-only ACL)', ALICE, 'userPassword', ALICE_PASSWORD),
  compareProbe('userPassword by its owner', ALICE, 'userPassword', ALICE_PASSWORD, true),
  compareProbe('operational memberOf', ALICE, 'memberOf', DEVELOPERS),
  compareProbe(
    'DN-valued member in another case',
    DEVELOPERS,
    'member',
    'UID=ALICE,OU=PEOPLE,DC=EXAMPLE,DC=ORG',
  ),
  compareProbe('integer value with leading zero', ALICE, 'uidNumber', '010001'),
];
