/**
 * What an application built on the ldapjs client (v3) typically does, as one plain object of
 * observations: binds, a wrong password, a user search with its groups, compare, a paged search,
 * StartTLS and LDAPS. Every failure is recorded by its error name, never thrown.
 */
import ldap from 'ldapjs';

export interface LdapjsScenario {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caCertificate: string;
  readonly userDN: string;
  readonly bindNames: readonly string[];
  readonly password: string;
  readonly base: string;
  readonly userFilter: string;
  readonly groupAttribute: string;
  readonly pagedBase: string;
}

type Client = ReturnType<typeof ldap.createClient>;

function client(url: string, ca: string): Client {
  const made = ldap.createClient({ url: [url], tlsOptions: { ca: [ca] }, reconnect: false });
  made.on('error', () => undefined); // a refused connection is observed through the operation
  return made;
}

const call = <T>(run: (done: (error: Error | null, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

async function outcome<T>(operation: () => Promise<T>): Promise<T | string> {
  try {
    return await operation();
  } catch (error) {
    return (error as Error).name;
  }
}

function search(
  c: Client,
  base: string,
  options: ldap.SearchOptions,
): Promise<{ entries: { dn: string; attributes: Record<string, string[]> }[]; pages: number }> {
  return new Promise((resolve, reject) => {
    c.search(base, options, (error, response) => {
      if (error) return reject(error);
      const entries: { dn: string; attributes: Record<string, string[]> }[] = [];
      let pages = 0;
      response.on('searchEntry', (entry) => {
        const attributes: Record<string, string[]> = {};
        for (const attribute of entry.attributes)
          attributes[attribute.type.toLowerCase()] = // ldapjs 3 names them `values` (its @types still say `vals`, from v2)
            (attribute as unknown as { values: unknown[] }).values.map(String);
        entries.push({ dn: entry.objectName?.toString() ?? '', attributes });
      });
      response.on('page', () => {
        pages += 1;
      });
      response.on('error', reject);
      response.on('end', () => resolve({ entries, pages }));
    });
  });
}

export async function observeWithLdapjs(s: LdapjsScenario): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const c = client(s.url, s.caCertificate);
  try {
    for (const name of s.bindNames) {
      out[`bind ${name}`] = await outcome(() =>
        call<void>((done) => c.bind(name, s.password, done)).then(() => 'success'),
      );
    }
    out['wrong password'] = await outcome(() =>
      call<void>((done) => c.bind(s.userDN, `${s.password}x`, done)).then(() => 'success'),
    );
    await call<void>((done) => c.bind(s.userDN, s.password, done));
    const found = await search(c, s.base, {
      scope: 'sub',
      filter: s.userFilter,
      attributes: [s.groupAttribute, 'cn'],
    });
    out['user search'] = found.entries.map((entry) => entry.dn.toLowerCase());
    const user = found.entries[0];
    out.groups = user ? [...(user.attributes[s.groupAttribute.toLowerCase()] ?? [])].sort() : null;
    out['compare cn'] = user
      ? await outcome(() => call<boolean>((done) => c.compare(s.userDN, 'cn', user.attributes.cn![0]!, done)))
      : null;
    out.paged = await outcome(async () => {
      const { entries, pages } = await search(c, s.pagedBase, {
        scope: 'sub',
        filter: '(objectClass=*)',
        attributes: ['1.1'],
        paged: { pageSize: 100 },
      });
      return { entries: entries.length, pages };
    });
    out.starttls = await outcome(async () => {
      await call<void>((done) => c.starttls({ ca: [s.caCertificate] }, [], done));
      await call<void>((done) => c.bind(s.userDN, s.password, done));
      return (await search(c, s.userDN, { scope: 'base', attributes: ['1.1'] })).entries.length;
    });
  } finally {
    await call<void>((done) => c.unbind(done)).catch(() => undefined);
  }
  const secure = client(s.ldapsUrl, s.caCertificate);
  try {
    out.ldaps = await outcome(async () => {
      await call<void>((done) => secure.bind(s.userDN, s.password, done));
      return (await search(secure, s.userDN, { scope: 'base', attributes: ['1.1'] })).entries.length;
    });
  } finally {
    await call<void>((done) => secure.unbind(done)).catch(() => undefined);
  }
  return out;
}
