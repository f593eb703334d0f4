/**
 * Reads AD clients rely on beyond the basics, as alice: Ambiguous Name Resolution, `<WKGUID=…>`
 * and `<SID=…>` bases, the token attributes (also the session's, on the rootDSE), server-side
 * sorting, the extended DN control, objectCategory by class name, the bit rules on
 * userAccountControl and groupType, IN_CHAIN as a membership test, SID and GUID strings in
 * filters, AD's string folding, attribute options, and compares.
 */
import { decodeGuid } from '../../../src/core/guid.js';
import { decodeSid } from '../../../src/core/sid.js';
import type { Probe, ProbeContext } from '../probe.js';
import { extendedDNControl, sortControl } from '../probe-controls.js';
import type { ProbeSession, SearchParams } from '../probe-session.js';
import {
  ALICE,
  BASE,
  BIG_GROUP,
  BOB,
  BULK,
  DEVELOPERS,
  DOMAIN_USERS,
  ENGINEERING,
  JSMITH,
  USERS,
} from './fixture-names.js';

const IN_CHAIN = '1.2.840.113556.1.4.1941';
const BIT_AND = '1.2.840.113556.1.4.803';
const BIT_OR = '1.2.840.113556.1.4.804';
const DOMAIN_SID = 'S-1-5-21-2718281828-3141592653-1414213562';
const USERS_WKGUID = 'A9D1CA15768811D1ADED00C04FD8D5CD';
const COMPUTERS_WKGUID = 'aa312825768811d1aded00c04fd8d5cd';

async function asAlice(context: ProbeContext): Promise<ProbeSession> {
  const s = await context.open('connect');
  await s.bind('bind as alice', ALICE.upn, ALICE.password);
  return s;
}

function probe(name: string, act: (s: ProbeSession, context: ProbeContext) => Promise<unknown>): Probe {
  return {
    name,
    async run(context) {
      await act(await asAlice(context), context);
    },
  };
}

/** Several searches, each labelled with its filter; DNs only. */
function filters(name: string, base: string, texts: readonly string[], scope: SearchParams['scope'] = 'sub') {
  return probe(name, async (s) => {
    for (const filter of texts) await s.search(filter, { base, scope, filter, attributes: ['1.1'] });
  });
}

/** The token attribute of `dn` (base scope), each SID in its string form. */
function tokens(name: string, dn: string, attributes: readonly string[]): Probe {
  return probe(name, async (s, context) => {
    for (const attribute of attributes) {
      const outcome = await s.search(`${attribute} of ${dn}`, {
        base: dn,
        scope: 'base',
        attributes: [attribute],
      });
      const values = outcome?.entries[0]?.attributes.find((a) => a.type === attribute)?.values ?? [];
      context.observe(`${attribute} as SIDs`, values.map((v) => decodeSid(v)).sort());
    }
  });
}

/** A sorted search, observing the order the entries came in (the diff otherwise sorts them). */
function sorted(name: string, keys: readonly string[], pageSize?: number): Probe {
  return probe(name, async (s, context) => {
    const params: SearchParams = {
      base: USERS,
      scope: 'one',
      filter: '(objectClass=user)',
      attributes: ['1.1'],
      controls: [sortControl(keys)],
    };
    if (pageSize === undefined) {
      const outcome = await s.search('sorted search', params);
      context.observe('order', outcome?.entries.map((e) => e.dn) ?? []);
    } else {
      const paged = await s.searchPaged('sorted, paged search', params, pageSize);
      context.observe('order', paged?.entries.map((e) => e.dn) ?? []);
    }
  });
}

export const readProbes: readonly Probe[] = [
  filters('anr: a name prefix on the ANR attributes', BASE, [
    '(anr=ali)',
    '(anr=Big)',
    '(anr=Smith,)',
    '(anr=ALICE)',
  ]),
  filters('anr: first and last name split at the first space', USERS, [
    '(anr=John Smith)',
    '(anr=Smi Joh)',
    '(anr=Alice Smith)',
  ]),
  filters('anr: =value asks for equality', USERS, [
    '(anr==alice)',
    '(anr==ali)',
    '(anr==john)',
    '(anr==John Smith)',
  ]),
  filters('anr: empty value, edge spaces, substrings on anr', USERS, [
    '(anr=)',
    '(anr= alice )',
    '(anr=al*)',
    '(anr=al*e)',
  ]),
  filters(
    'anr: negated, within other items',
    USERS,
    ['(!(anr=alice))', '(&(anr=a)(objectClass=group))'],
    'one',
  ),

  filters(
    'wkguid: the Users and Computers containers as bases',
    `<WKGUID=${USERS_WKGUID},${BASE}>`,
    ['(cn=Users)'],
    'base',
  ),
  probe('wkguid: names in another case, a one-level search below', async (s) => {
    await s.search('Computers, lower case', {
      base: `<wkguid=${COMPUTERS_WKGUID},${BASE.toLowerCase()}>`,
      scope: 'base',
      attributes: ['cn'],
    });
    await s.search('one-level below Users', {
      base: `<WKGUID=${USERS_WKGUID},${BASE}>`,
      scope: 'one',
      filter: '(sAMAccountName=alice)',
      attributes: ['1.1'],
    });
  }),
  probe('wkguid: a container that lists no such GUID, a GUID with dashes', async (s) => {
    await s.search('listed by the domain only', {
      base: `<WKGUID=${USERS_WKGUID},${USERS}>`,
      scope: 'base',
      attributes: ['1.1'],
    });
    await s.search('dashed GUID', {
      base: `<WKGUID=a9d1ca15-7688-11d1-aded-00c04fd8d5cd,${BASE}>`,
      scope: 'base',
      attributes: ['1.1'],
    });
  }),
  probe('sid base: the domain SID and a builtin group SID', async (s) => {
    await s.search('<SID=domain>', { base: `<SID=${DOMAIN_SID}>`, scope: 'base', attributes: ['1.1'] });
    await s.search('<SID=S-1-5-32-545>', { base: '<SID=S-1-5-32-545>', scope: 'base', attributes: ['cn'] });
  }),

  tokens('tokens: tokenGroups of a group (none)', DEVELOPERS, ['tokenGroups']),
  tokens('tokens: tokenGroupsGlobalAndUniversal and tokenGroupsNoGCAcceptable of alice', ALICE.dn, [
    'tokenGroupsGlobalAndUniversal',
    'tokenGroupsNoGCAcceptable',
  ]),
  tokens('tokens: the three token attributes of the Administrator', `CN=Administrator,${USERS}`, [
    'tokenGroups',
    'tokenGroupsGlobalAndUniversal',
    'tokenGroupsNoGCAcceptable',
  ]),
  probe('tokens: a token attribute outside a base search names itself in the error', async (s) => {
    await s.search('tokenGroupsNoGCAcceptable first', {
      base: USERS,
      filter: '(sAMAccountName=alice)',
      attributes: ['TOKENGROUPSNOGCACCEPTABLE', 'tokenGroups'],
    });
    await s.search('tokenGroupsGlobalAndUniversal, one level', {
      base: USERS,
      scope: 'one',
      filter: '(sAMAccountName=alice)',
      attributes: ['tokenGroupsGlobalAndUniversal'],
    });
  }),
  {
    name: 'tokens: the rootDSE shows the session’s token (anonymous, alice, Administrator)',
    async run(context) {
      const read = async (s: ProbeSession, who: string) => {
        const outcome = await s.search(`rootDSE tokenGroups, ${who}`, {
          base: '',
          scope: 'base',
          attributes: ['tokenGroups'],
        });
        const values = outcome?.entries[0]?.attributes[0]?.values ?? [];
        context.observe(`${who}: as SIDs`, values.map((v) => decodeSid(v)).sort());
      };
      await read(await context.open('anonymous connect'), 'anonymous');
      await read(await asAlice(context), 'alice');
      const admin = await context.open('admin connect');
      await admin.bind('bind as Administrator', context.target.rootDN, context.target.rootPassword);
      await read(admin, 'Administrator');
    },
  },

  sorted('sort: by sAMAccountName, case-insensitively', ['sAMAccountName']),
  sorted('sort: by sAMAccountName, reversed', ['-sAMAccountName']),
  sorted('sort: by cn across pages of 5', ['cn'], 5),

  probe('extended DN: hex form (no value and option 0)', async (s) => {
    for (const control of [extendedDNControl(), extendedDNControl(0)]) {
      await s.search('Developers', {
        base: DEVELOPERS,
        scope: 'base',
        attributes: ['member', 'memberOf', 'distinguishedName', 'cn'],
        controls: [control],
      });
    }
  }),
  probe('extended DN: string form (option 1) on a search result', async (s) => {
    await s.search('users of Engineering', {
      base: USERS,
      filter: `(memberOf=${ENGINEERING})`,
      attributes: ['memberOf', 'sAMAccountName'],
      controls: [extendedDNControl(1)],
    });
  }),

  filters('objectCategory: class names and DNs', BASE, [
    '(objectCategory=computer)',
    '(objectCategory=organizationalUnit)',
    '(objectCategory=foreignSecurityPrincipal)',
    '(objectCategory=noSuchClass)',
  ]),
  filters('objectCategory: person as a name and as a DN, among users', USERS, [
    '(objectCategory=Person)',
    `(objectCategory=CN=Person,CN=Schema,CN=Configuration,${BASE})`,
  ]),

  filters('bits: enabled users and passwords that never expire', USERS, [
    `(&(objectCategory=person)(objectClass=user)(!(userAccountControl:${BIT_AND}:=2)))`,
    `(userAccountControl:${BIT_AND}:=65536)`,
    `(userAccountControl:${BIT_OR}:=514)`,
    `(userAccountControl:${BIT_AND}:=0)`,
  ]),
  filters('bits: security groups and group scopes by groupType', USERS, [
    `(groupType:${BIT_AND}:=2147483648)`,
    `(groupType:${BIT_OR}:=12)`,
    '(groupType=-2147483646)',
  ]),
  probe('in chain: membership test of one user at base scope', async (s) => {
    for (const [who, group] of [
      [ALICE.dn, ENGINEERING],
      [ALICE.dn, DEVELOPERS],
      [BOB.dn, ENGINEERING],
      [JSMITH.dn, ENGINEERING],
    ] as const) {
      await s.search(`${who} in ${group}`, {
        base: who,
        scope: 'base',
        filter: `(memberOf:${IN_CHAIN}:=${group})`,
        attributes: ['1.1'],
      });
    }
  }),
  filters('in chain: the first members of the big group, one level of OU=bulk', BULK, [
    `(&(sAMAccountName=bulk000*)(memberOf:${IN_CHAIN}:=${BIG_GROUP}))`,
  ]),

  probe('filter: SID and GUID strings', async (s, context) => {
    const admin = await context.admin();
    const outcome = await admin.search('read the GUID', {
      base: ALICE.dn,
      scope: 'base',
      attributes: ['objectGUID'],
    });
    const guid = outcome?.entries[0]?.attributes[0]?.values[0];
    if (guid === undefined) throw new Error(`${context.target.name}: alice has no objectGUID`);
    const text = decodeGuid(guid);
    for (const [label, filter] of [
      ['GUID string', `(objectGUID=${text})`],
      ['GUID string, upper case', `(objectGUID=${text.toUpperCase()})`],
      ['GUID string in braces', `(objectGUID={${text}})`],
      ['GUID as bare hex', `(objectGUID=${guid.toString('hex')})`],
      ['SID string with a lower-case s', `(objectSid=s${DOMAIN_SID.slice(1)}-1104)`],
    ] as const) {
      await s.search(label, { base: USERS, filter, attributes: ['1.1'] });
    }
  }),
  filters('filter: AD folds spaces and case in strings', USERS, [
    '(cn=Domain  Users)',
    '(cn= alice )',
    '(cn=Domain  U*)',
    '(displayName=Smith,  John)',
    `(distinguishedName=${ALICE.dn.toLowerCase()})`,
  ]),
  filters('filter: the primary group is in primaryGroupID, not memberOf', USERS, [
    '(primaryGroupID=513)',
    `(memberOf=${DOMAIN_USERS})`,
  ]),
  probe('search: attribute options nobody stores', async (s) => {
    await s.search('cn;x-foo, sn;binary, objectSid;binary', {
      base: ALICE.dn,
      scope: 'base',
      attributes: ['cn;x-foo', 'sn;binary', 'objectSid;binary', 'sAMAccountName'],
    });
  }),
  probe('compare: objectClass, objectCategory and DN values', async (s) => {
    await s.compare('objectClass top', ALICE.dn, 'objectClass', 'top');
    await s.compare('objectClass person (a superclass)', ALICE.dn, 'objectClass', 'person');
    await s.compare('objectCategory by class name', ALICE.dn, 'objectCategory', 'person');
    await s.compare('memberOf in another case', ALICE.dn, 'memberOf', DEVELOPERS.toLowerCase());
    await s.compare('distinguishedName', ALICE.dn, 'distinguishedName', ALICE.dn);
  }),
  probe('compare: unknown and absent attributes, a missing entry, constructed values', async (s) => {
    await s.compare('unknown attribute', ALICE.dn, 'fooBarBaz', 'x');
    await s.compare('absent attribute', ALICE.dn, 'description', 'x');
    await s.compare('missing entry', `CN=nobody,${USERS}`, 'cn', 'x');
    await s.compare('tokenGroups', ALICE.dn, 'tokenGroups', 'x');
    await s.compare('sAMAccountName in upper case', ALICE.dn, 'sAMAccountName', 'ALICE');
    await s.compare('primaryGroupID', ALICE.dn, 'primaryGroupID', '513');
  }),
];
