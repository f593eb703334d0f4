// activedirectory2 (npm), as its README uses it, against a real Samba AD DC and the mock's samba
// profile: it finds users with `(objectCategory=User)`, resolves nested groups through memberOf,
// and reads a 1,600-member group's members — both servers must give it the same answers.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALICE, BASE, DNS_DOMAIN } from '../../../scripts/gen-ad-fixture.js';
import { type ServerUnderTest, sambaServers } from './server-pairs.js';

type Callback<T> = (error: unknown, result?: T) => void;
interface ActiveDirectory {
  findUser(name: string, callback: Callback<{ dn: string; sAMAccountName: string } | undefined>): void;
  authenticate(name: string, password: string, callback: Callback<boolean>): void;
  getGroupMembershipForUser(name: string, callback: Callback<{ cn: string }[]>): void;
  isUserMemberOf(name: string, group: string, callback: Callback<boolean>): void;
  getUsersForGroup(group: string, callback: Callback<{ sAMAccountName: string }[]>): void;
  on(event: 'error', listener: (error: unknown) => void): void;
}
const ActiveDirectoryClass = createRequire(import.meta.url)('activedirectory2') as new (
  options: Record<string, unknown>,
) => ActiveDirectory;

const call = <T>(run: (callback: Callback<T>) => void) =>
  new Promise<T | undefined>((resolve, reject) =>
    run((error, result) => (error ? reject(error) : resolve(result))),
  );

async function observe(server: ServerUnderTest): Promise<Record<string, unknown>> {
  const upn = `${ALICE.sam}@${DNS_DOMAIN}`;
  const ad = new ActiveDirectoryClass({
    url: server.ldapsUrl,
    baseDN: BASE,
    username: upn,
    password: ALICE.password,
    tlsOptions: { ca: [server.caCertificate] },
  });
  ad.on('error', () => undefined);
  const user = await call<{ dn: string; sAMAccountName: string } | undefined>((done) =>
    ad.findUser('alice', done),
  );
  const groups = await call<{ cn: string }[]>((done) => ad.getGroupMembershipForUser('alice', done));
  const members = await call<{ sAMAccountName: string }[]>((done) => ad.getUsersForGroup('Big Group', done));
  return {
    user: user && { dn: user.dn.toLowerCase(), sAMAccountName: user.sAMAccountName },
    authenticate: await call<boolean>((done) => ad.authenticate(upn, ALICE.password, done)),
    'authenticate, wrong password': await call<boolean>((done) => ad.authenticate(upn, 'wrong', done)).catch(
      (error: Error) => error.name,
    ),
    groups: (groups ?? []).map((group) => group.cn).sort(),
    'member of Engineering': await call<boolean>((done) => ad.isUserMemberOf('alice', 'Engineering', done)),
    'members of Big Group': members?.length,
  };
}

describe('activedirectory2 against Samba AD and the samba profile', () => {
  let servers: ServerUnderTest[] = [];
  beforeAll(async () => {
    servers = await sambaServers('activedirectory2');
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  test('the same users, nested groups and 1,600 members from both', async () => {
    const [real, mock] = await Promise.all(servers.map(observe));
    expect(real).toMatchObject({
      authenticate: true,
      groups: ['Announcements', 'Developers', 'Engineering'],
      'member of Engineering': true,
      'members of Big Group': 1600,
    });
    expect(mock).toEqual(real);
  });
});
