/** The operations timed by the throughput cells, each checking its answer so a broken server cannot look fast. */
import { Client } from 'ldapts';
import { LdapAuthenticator } from '../src/client/index.js';
import type { Workload } from './throughput.js';

export interface Credentials {
  readonly dn: string;
  readonly password: string;
}

/** Repeated simple binds on one open connection. */
export function bindWorkload(user: Credentials): Workload {
  return {
    name: 'bind',
    prepare: (client) => client.bind(user.dn, user.password),
    run: (client) => client.bind(user.dn, user.password),
  };
}

/** A whole login: connect, bind, unbind (what an application without a connection pool does). */
export function loginWorkload(user: Credentials): Workload {
  return {
    name: 'login',
    run: async (_client, _i, url) => {
      const client = new Client({ url, timeout: 30_000 });
      await client.bind(user.dn, user.password);
      await client.unbind();
    },
  };
}

/**
 * A login through our authenticator, OpenBao's flow: connect, service bind, user search, user
 * bind, group search — what an application's login costs end to end.
 */
export function authenticatorLoginWorkload(user: {
  readonly username: string;
  readonly password: string;
}): Workload {
  const authenticators = new Map<string, LdapAuthenticator>();
  return {
    name: 'authenticator login',
    run: async (_client, _i, url) => {
      let authenticator = authenticators.get(url);
      if (!authenticator) {
        authenticator = new LdapAuthenticator({
          url,
          binddn: 'cn=admin,dc=example,dc=org',
          bindpass: 'admin',
          userdn: 'ou=people,dc=example,dc=org',
          userattr: 'uid',
          groupdn: 'ou=groups,dc=example,dc=org',
        });
        authenticators.set(url, authenticator);
      }
      const login = await authenticator.login(user.username, user.password);
      if (!login.groups.includes('developers')) {
        throw new Error(`login of ${user.username} found groups ${login.groups.join(', ')}, not developers`);
      }
    },
  };
}

export interface SearchSpec {
  readonly name: string;
  readonly base: string;
  readonly filter: (i: number) => string;
  readonly attributes: readonly string[];
  /** Entries the search must return (exact), or at least this many when `atLeast`. */
  readonly expect: (i: number) => number;
}

/** One bind per connection, then subtree searches. */
export function searchWorkload(user: Credentials, spec: SearchSpec): Workload {
  return {
    name: spec.name,
    prepare: (client) => client.bind(user.dn, user.password),
    run: async (client, i) => {
      const filter = spec.filter(i);
      const { searchEntries } = await client.search(spec.base, {
        scope: 'sub',
        filter,
        attributes: [...spec.attributes],
      });
      const expected = spec.expect(i);
      if (searchEntries.length !== expected)
        throw new Error(
          `${spec.name}: ${filter} under ${spec.base} returned ${searchEntries.length} entries, expected ${expected}`,
        );
    },
  };
}

/** Spreads request numbers over 1…n without a random generator (runs stay reproducible). */
export function spread(i: number, n: number): number {
  return ((i * 7919) % n) + 1;
}
