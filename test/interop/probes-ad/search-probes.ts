/**
 * Searches with AD semantics: unauthenticated access, memberOf (direct, primary group omitted),
 * tokenGroups (base scope only, transitive security groups), the IN_CHAIN matching rule, other AD
 * filters, continuation references at the domain root, `<SID=…>` / `<GUID=…>` base DNs.
 */
import { Control } from 'ldapts';
import { decodeSid } from '../../../src/core/sid.js';
import type { Probe, ProbeContext } from '../probe.js';
import type { ProbeSession, SearchParams } from '../probe-session.js';
import {
  ALICE,
  BASE,
  BOB,
  DEVELOPERS,
  DOMAIN_USERS,
  ENGINEERING,
  JSMITH,
  OBRIEN,
  USERS,
} from './fixture-names.js';
import { binaryFilterValue, guidOf, readBinary, sidToDN } from './sid-names.js';

const IN_CHAIN = '1.2.840.113556.1.4.1941';
const BIT_AND = '1.2.840.113556.1.4.803';
const DOMAIN_SCOPE = '1.2.840.113556.1.4.1339';

async function asAlice(context: ProbeContext, options?: { readonly ldaps?: boolean }): Promise<ProbeSession> {
  const s = await context.open('connect', options);
  await s.bind('bind as alice', ALICE.upn, ALICE.password);
  return s;
}

function aliceSearch(name: string, params: SearchParams): Probe {
  return {
    name,
    async run(context) {
      const s = await asAlice(context);
      await s.search('search', params);
    },
  };
}

/** tokenGroups of `dn` (base scope), then each SID resolved to the DN it names on this server. */
function tokenGroupsOf(name: string, dn: string): Probe {
  return {
    name,
    async run(context) {
      const s = await asAlice(context);
      const outcome = await s.search('tokenGroups, base scope', {
        base: dn,
        scope: 'base',
        attributes: ['tokenGroups'],
      });
      const sids = outcome?.entries[0]?.attributes.find(
        (a) => a.type.toLowerCase() === 'tokengroups',
      )?.values;
      const names: string[] = [];
      for (const sid of sids ?? []) names.push(`${decodeSid(sid)} = ${await sidToDN(context, sid)}`);
      context.observe('tokenGroups resolved to DNs on this server', names.sort());
    },
  };
}

export const searchProbes: readonly Probe[] = [
  {
    name: 'search: unauthenticated search below the rootDSE',
    async run(context) {
      const s = await context.open('connect');
      await s.search('base search of the domain root', { base: BASE, scope: 'base', attributes: ['1.1'] });
      await s.search('subtree search for alice', { base: BASE, filter: '(sAMAccountName=alice)' });
      await s.compare('compare', ALICE.dn, 'sAMAccountName', 'alice');
    },
  },
  {
    name: 'search: unauthenticated after an anonymous bind',
    async run(context) {
      const s = await context.open('connect');
      await s.bind('anonymous bind', '', '');
      await s.search('search below the root', { base: USERS, scope: 'one', attributes: ['1.1'] });
    },
  },
  aliceSearch('search: memberOf of alice (direct groups only, no primary group)', {
    base: ALICE.dn,
    scope: 'base',
    attributes: ['memberOf', 'primaryGroupID'],
  }),
  aliceSearch('search: alice with "*" (memberOf among the user attributes)', {
    base: ALICE.dn,
    scope: 'base',
    attributes: ['*'],
  }),
  aliceSearch('search: alice with "+"', { base: ALICE.dn, scope: 'base', attributes: ['+'] }),
  aliceSearch('search: Developers with "*" (member, memberOf of a nested group)', {
    base: DEVELOPERS,
    scope: 'base',
    attributes: ['*'],
  }),
  aliceSearch('search: Domain Users lists no member (primary group)', {
    base: DOMAIN_USERS,
    scope: 'base',
    attributes: ['member', 'groupType', 'sAMAccountType', 'objectSid'],
  }),
  aliceSearch('search: objectSid and objectGUID of alice', {
    base: ALICE.dn,
    scope: 'base',
    attributes: ['objectSid', 'objectGUID'],
  }),
  aliceSearch('search: attribute names come back in schema case', {
    base: ALICE.dn,
    scope: 'base',
    attributes: ['SAMACCOUNTNAME', 'userprincipalname', 'MemberOf', 'OBJECTCLASS'],
  }),
  aliceSearch('search: typesOnly', {
    base: ALICE.dn,
    scope: 'base',
    attributes: ['sAMAccountName', 'memberOf', 'objectSid'],
    typesOnly: true,
  }),
  tokenGroupsOf('search: tokenGroups of alice (transitive, with the primary group)', ALICE.dn),
  tokenGroupsOf('search: tokenGroups of bob', BOB.dn),
  tokenGroupsOf('search: tokenGroups of the comma user', JSMITH.dn),
  aliceSearch('search: tokenGroups in a subtree search is refused', {
    base: USERS,
    filter: '(sAMAccountName=alice)',
    attributes: ['tokenGroups'],
  }),
  aliceSearch('search: tokenGroups in a one-level search is refused', {
    base: USERS,
    scope: 'one',
    filter: '(sAMAccountName=alice)',
    attributes: ['tokenGroups'],
  }),
  aliceSearch('search: IN_CHAIN on member: every group alice is in', {
    base: BASE,
    filter: `(member:${IN_CHAIN}:=${ALICE.dn})`,
    attributes: ['1.1'],
  }),
  aliceSearch('search: IN_CHAIN on memberOf: every member of Engineering', {
    base: BASE,
    filter: `(memberOf:${IN_CHAIN}:=${ENGINEERING})`,
    attributes: ['1.1'],
  }),
  aliceSearch('search: plain memberOf equality: direct members of Engineering', {
    base: BASE,
    filter: `(memberOf=${ENGINEERING})`,
    attributes: ['1.1'],
  }),
  aliceSearch('search: IN_CHAIN with a DN that needs escaping in the filter', {
    base: BASE,
    filter: `(member:${IN_CHAIN}:=CN=Smith\\5c, John,${USERS})`,
    attributes: ['1.1'],
  }),
  aliceSearch('search: an unknown matching rule', {
    base: USERS,
    filter: '(member:1.2.3.4.5:=x)',
    attributes: ['1.1'],
  }),
  aliceSearch('search: BIT_AND on userAccountControl (disabled accounts)', {
    base: USERS,
    filter: `(userAccountControl:${BIT_AND}:=2)`,
    attributes: ['1.1'],
  }),
  aliceSearch('search: objectCategory=person short form, users only', {
    base: USERS,
    filter: '(&(objectCategory=person)(objectClass=user))',
    attributes: ['1.1'],
  }),
  // A class name means the class's defaultObjectCategory: `user` is CN=Person (activedirectory2's filter).
  aliceSearch('search: objectCategory=User (class name, default category Person)', {
    base: USERS,
    filter: '(objectCategory=User)',
    attributes: ['1.1'],
  }),
  aliceSearch('search: objectCategory=group short form', {
    base: USERS,
    filter: '(objectCategory=group)',
    attributes: ['1.1'],
  }),
  aliceSearch('search: sAMAccountType of normal accounts', {
    base: USERS,
    filter: '(sAMAccountType=805306368)',
    attributes: ['1.1'],
  }),
  aliceSearch("search: sAMAccountName with ' ( ) escaped", {
    base: BASE,
    filter: "(sAMAccountName=o'brien\\28x\\29)",
    attributes: ['sAMAccountName', 'userPrincipalName'],
  }),
  aliceSearch('search: comma in an attribute value and in the DN', {
    base: USERS,
    filter: '(displayName=Smith, John)',
    attributes: ['cn', 'displayName', 'distinguishedName'],
  }),
  aliceSearch('search: case-insensitive sAMAccountName and UPN', {
    base: BASE,
    filter: '(|(sAMAccountName=ALICE)(userPrincipalName=Bob@CORP.example.COM))',
    attributes: ['1.1'],
  }),
  aliceSearch('search: a base that does not exist', {
    base: `CN=nobody,${USERS}`,
    scope: 'base',
    attributes: ['1.1'],
  }),
  aliceSearch('search: a base outside the naming contexts', {
    base: 'DC=elsewhere,DC=test',
    scope: 'base',
    attributes: ['1.1'],
  }),
  aliceSearch('search: subtree at the domain root returns continuation references', {
    base: BASE,
    filter: '(sAMAccountName=alice)',
    attributes: ['1.1'],
  }),
  aliceSearch('search: one-level at the domain root (references with ??base)', {
    base: BASE,
    scope: 'one',
    filter: '(cn=Users)',
    attributes: ['1.1'],
  }),
  {
    name: 'search: subtree at the domain root over LDAPS (ldaps:// references)',
    async run(context) {
      const s = await asAlice(context, { ldaps: true });
      await s.search('search', { base: BASE, filter: '(sAMAccountName=alice)', attributes: ['1.1'] });
    },
  },
  aliceSearch('search: the domain scope control suppresses references', {
    base: BASE,
    filter: '(sAMAccountName=alice)',
    attributes: ['1.1'],
    controls: [new Control(DOMAIN_SCOPE)],
  }),
  aliceSearch('search: subtree below CN=Users has no references', {
    base: USERS,
    filter: '(sAMAccountName=alice)',
    attributes: ['1.1'],
  }),
  {
    name: 'search: <SID=…> base DN, string and hex forms',
    async run(context) {
      const [sid] = await readBinary(context, ALICE.dn, 'objectSid');
      if (sid === undefined) throw new Error(`${context.target.name}: alice has no objectSid`);
      const s = await asAlice(context);
      await s.search('<SID=S-1-…>', { base: `<SID=${decodeSid(sid)}>`, scope: 'base', attributes: ['cn'] });
      await s.search('<SID=hex>', {
        base: `<SID=${sid.toString('hex')}>`,
        scope: 'base',
        attributes: ['cn'],
      });
      await s.search('<SID=…> of nothing', {
        base: `<SID=${decodeSid(sid).replace(/-\d+$/, '-999999')}>`,
        scope: 'base',
        attributes: ['cn'],
      });
    },
  },
  {
    name: 'search: <GUID=…> base DN',
    async run(context) {
      const guid = await guidOf(context, ALICE.dn);
      const s = await asAlice(context);
      await s.search('<GUID=…>', { base: `<GUID=${guid}>`, scope: 'base', attributes: ['cn'] });
      await s.search('<GUID=…> in braces', { base: `<GUID={${guid}}>`, scope: 'base', attributes: ['cn'] });
    },
  },
  {
    name: 'search: filter on a binary objectSid',
    async run(context) {
      const [sid] = await readBinary(context, OBRIEN.dn, 'objectSid');
      if (sid === undefined) throw new Error(`${context.target.name}: o'brien has no objectSid`);
      const s = await asAlice(context);
      await s.search('(objectSid=\\01\\05…)', {
        base: BASE,
        filter: `(objectSid=${binaryFilterValue(sid)})`,
        attributes: ['sAMAccountName'],
      });
      await s.search('(objectSid=S-1-…) string form', {
        base: BASE,
        filter: `(objectSid=${decodeSid(sid)})`,
        attributes: ['sAMAccountName'],
      });
    },
  },
];
