/**
 * The same probes for any server loaded with test/fixtures/bootstrap/access (base dc=acme,dc=com,
 * its olcAccess rules, alice, bob, carol the editor, dave the describer): what anonymous and each
 * user can search, read, compare, bind and write. MEASURED is what slapd 2.5 answered; the
 * interop suite (bootstrap-access-real.test.ts) holds slapd to it and ldapmock to slapd.
 */
import { Attribute, Change, Client } from 'ldapts';
import { passwordModifyRequestValue } from '../../src/client/wire/password-modify-request.js';

export const ACCESS_BASE = 'dc=acme,dc=com';
const B = ACCESS_BASE;
const P = `ou=people,${B}`;
const dn = (uid: string) => `uid=${uid},${P}`;
const PASSWORD_MODIFY = '1.3.6.1.4.1.4203.1.11.1';

/** 'ok', or the result code and diagnostic text of the error. */
async function outcome(operation: Promise<unknown>): Promise<string> {
  return operation.then(
    () => 'ok',
    (error: { code: number; message: string }) =>
      `${error.code} ${error.message.replace(/\s*Code: 0x[0-9a-f]+$/, '')}`.trim(),
  );
}

async function as<T>(url: string, uid: string | undefined, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url });
  try {
    if (uid) await client.bind(dn(uid), `${uid}-password`);
    return await work(client);
  } finally {
    await client.unbind();
  }
}

/** The entries' DNs, sorted (slapd's order follows its indexes), or the error. */
async function dns(client: Client, base: string, filter = '(objectClass=*)'): Promise<string[] | string> {
  return client.search(base, { filter, attributes: ['1.1'] }).then(
    (r) => r.searchEntries.map((e) => e.dn).sort(),
    (error: { code: number }) => String(error.code),
  );
}

/** Each person's mail and description as the session reads them, and whether it reads a password. */
async function people(client: Client): Promise<unknown[]> {
  const { searchEntries } = await client.search(P, {
    filter: '(uid=*)',
    attributes: ['mail', 'description', 'userPassword'],
  });
  return searchEntries
    .map((e) => ({
      dn: e.dn,
      mail: present(e['mail']),
      description: present(e['description']),
      password: present(e['userPassword']) !== undefined,
    }))
    .sort((a, b) => (a.dn < b.dn ? -1 : 1));
}

/** ldapts gives an attribute asked for but not returned as []. */
function present(value: unknown): unknown {
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

const compare = (client: Client, target: string, attribute: string, value: string) =>
  client.compare(target, attribute, value).then(
    (equal) => equal,
    (error: { code: number }) => error.code,
  );

const replace = (type: string, value: string) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });

const person = (uid: string) => ({ objectClass: ['inetOrgPerson'], uid, cn: uid, sn: uid });

export async function observeAccess(url: string): Promise<Record<string, unknown>> {
  const reads = {
    anonymousSearch: await as(url, undefined, (c) => dns(c, B)),
    anonymousFindsNoPerson: await as(url, undefined, (c) => dns(c, P, '(uid=bob)')),
    anonymousNotBobsMail: await as(url, undefined, (c) => dns(c, P, '(!(mail=bob@acme.com))')),
    anonymousGroups: await as(url, undefined, (c) => dns(c, `ou=groups,${B}`)),
    aliceSearch: await as(url, 'alice', (c) => dns(c, B)),
    alicePeople: await as(url, 'alice', people),
    aliceNotBobsPassword: await as(url, 'alice', (c) => dns(c, P, '(!(userPassword=bob-password))')),
    aliceSecret: await as(url, 'alice', (c) => dns(c, `ou=secret,${B}`)),
    carolSecret: await as(url, 'carol', (c) => dns(c, `ou=secret,${B}`)),
    bobGroups: await as(url, 'bob', (c) => dns(c, `ou=groups,${B}`)),
    rootDSE: await as(url, undefined, (c) =>
      c
        .search('', { scope: 'base', attributes: ['namingContexts'] })
        .then((r) => r.searchEntries[0]?.['namingContexts']),
    ),
  };
  const binds = {
    alice: await outcome(as(url, 'alice', async () => undefined)),
    aliceWrong: await outcome(new Client({ url }).bind(dn('alice'), 'wrong')),
    carol: await outcome(as(url, 'carol', async () => undefined)),
  };
  const compares = {
    aliceBobPassword: await as(url, 'alice', (c) => compare(c, dn('bob'), 'userPassword', 'bob-password')),
    aliceBobMail: await as(url, 'alice', (c) => compare(c, dn('bob'), 'mail', 'bob@acme.com')),
    aliceBobTitle: await as(url, 'alice', (c) => compare(c, dn('bob'), 'title', 'x')),
    anonymousBobMail: await as(url, undefined, (c) => compare(c, dn('bob'), 'mail', 'bob@acme.com')),
    anonymousBobCn: await as(url, undefined, (c) => compare(c, dn('bob'), 'cn', 'Bob Builder')),
    alicePlans: await as(url, 'alice', (c) => compare(c, `cn=plans,ou=secret,${B}`, 'cn', 'plans')),
    anonymousEditors: await as(url, undefined, (c) =>
      compare(c, `cn=editors,ou=groups,${B}`, 'cn', 'editors'),
    ),
  };
  const writes = {
    aliceOwnMail: await outcome(
      as(url, 'alice', (c) => c.modify(dn('alice'), [replace('mail', 'alice2@acme.com')])),
    ),
    aliceBobsMail: await outcome(
      as(url, 'alice', (c) => c.modify(dn('bob'), [replace('mail', 'x@acme.com')])),
    ),
    aliceBobsDescription: await outcome(
      as(url, 'alice', (c) => c.modify(dn('bob'), [replace('description', 'x')])),
    ),
    daveBobsDescription: await outcome(
      as(url, 'dave', (c) => c.modify(dn('bob'), [replace('description', 'by dave')])),
    ),
    carolBobsDescription: await outcome(
      as(url, 'carol', (c) => c.modify(dn('bob'), [replace('description', 'by carol')])),
    ),
    carolBobsMail: await outcome(
      as(url, 'carol', (c) => c.modify(dn('bob'), [replace('mail', 'x@acme.com')])),
    ),
    anonymousBobsDescription: await outcome(
      as(url, undefined, (c) => c.modify(dn('bob'), [replace('description', 'x')])),
    ),
    aliceAddsEve: await outcome(as(url, 'alice', (c) => c.add(dn('eve'), person('eve')))),
    carolAddsEve: await outcome(as(url, 'carol', (c) => c.add(dn('eve'), person('eve')))),
    carolAddsARole: await outcome(
      as(url, 'carol', (c) => c.add(`cn=role,${P}`, { objectClass: ['organizationalRole'], cn: 'role' })),
    ),
    aliceRenamesEve: await outcome(as(url, 'alice', (c) => c.modifyDN(dn('eve'), 'uid=eve2'))),
    carolRenamesEve: await outcome(as(url, 'carol', (c) => c.modifyDN(dn('eve'), 'uid=eve2'))),
    aliceDeletesEve: await outcome(as(url, 'alice', (c) => c.del(dn('eve2')))),
    carolDeletesEve: await outcome(as(url, 'carol', (c) => c.del(dn('eve2')))),
    aliceJoinsEditors: await outcome(
      as(url, 'alice', (c) =>
        c.modify(`cn=editors,ou=groups,${B}`, [
          new Change({
            operation: 'add',
            modification: new Attribute({ type: 'member', values: [dn('alice')] }),
          }),
        ]),
      ),
    ),
    alicePasswordSelf: await outcome(
      as(url, 'alice', (c) =>
        c.exop(PASSWORD_MODIFY, passwordModifyRequestValue(dn('alice'), 'alice-password')),
      ),
    ),
    alicePasswordBob: await outcome(
      as(url, 'alice', (c) => c.exop(PASSWORD_MODIFY, passwordModifyRequestValue(dn('bob'), 'new'))),
    ),
    carolPasswordBob: await outcome(
      as(url, 'carol', (c) => c.exop(PASSWORD_MODIFY, passwordModifyRequestValue(dn('bob'), 'new'))),
    ),
  };
  const afterwards = await as(url, 'bob', people);
  return { reads, binds, compares, writes, afterwards };
}

/** A person as a search shows it: its mail, description, and whether a userPassword came back. */
const seen = (uid: string, mail: string | undefined, description: string | undefined, password = false) => ({
  dn: dn(uid),
  mail,
  description,
  password,
});

/** What slapd 2.5 answered (measured; bootstrap-access-real.test.ts keeps checking it). */
export const MEASURED = {
  reads: {
    // Only the base and ou=people are readable to anonymous; persons are searchable, not readable.
    anonymousSearch: [B, P],
    anonymousFindsNoPerson: [],
    // mail is none to anonymous: the item is Undefined, and so is its negation.
    anonymousNotBobsMail: [P],
    // The groups are the frontend's (users read): anonymous may not even search the base.
    anonymousGroups: '32',
    aliceSearch: [
      B,
      `cn=editors,ou=groups,${B}`,
      `ou=groups,${B}`,
      P,
      dn('alice'),
      dn('bob'),
      dn('carol'),
      dn('dave'),
    ].sort(),
    alicePeople: [
      seen('alice', 'alice@acme.com', 'engineer', true),
      seen('bob', 'bob@acme.com', 'builder'),
      seen('carol', 'carol@acme.com', undefined),
      seen('dave', undefined, undefined),
    ],
    // userPassword is none to alice on bob's entry: Undefined; on her own she may search it.
    aliceNotBobsPassword: [dn('alice')],
    aliceSecret: '32',
    carolSecret: [`cn=plans,ou=secret,${B}`, `ou=secret,${B}`],
    bobGroups: [`cn=editors,ou=groups,${B}`, `ou=groups,${B}`],
    rootDSE: B,
  },
  binds: { alice: 'ok', aliceWrong: '49', carol: 'ok' },
  compares: {
    aliceBobPassword: 50,
    aliceBobMail: true,
    aliceBobTitle: 16,
    anonymousBobMail: 50,
    anonymousBobCn: true,
    alicePlans: 32,
    anonymousEditors: 32,
  },
  writes: {
    aliceOwnMail: 'ok',
    aliceBobsMail: '50',
    aliceBobsDescription: '50',
    daveBobsDescription: 'ok',
    carolBobsDescription: 'ok',
    carolBobsMail: '50',
    anonymousBobsDescription: '8 modifications require authentication',
    aliceAddsEve: '50 no write access to parent',
    carolAddsEve: 'ok',
    carolAddsARole: '50 no write access to entry',
    aliceRenamesEve: "50 no write access to parent's children",
    carolRenamesEve: 'ok',
    aliceDeletesEve: '50 no write access to parent',
    carolDeletesEve: 'ok',
    aliceJoinsEditors: '50',
    alicePasswordSelf: 'ok',
    alicePasswordBob: '50',
    carolPasswordBob: '50',
  },
  afterwards: [
    seen('alice', 'alice2@acme.com', 'engineer'),
    seen('bob', 'bob@acme.com', 'by carol', true),
    seen('carol', 'carol@acme.com', undefined),
    seen('dave', undefined, undefined),
  ],
};
