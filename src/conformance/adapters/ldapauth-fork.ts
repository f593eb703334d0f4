/**
 * ldapauth-fork (the library behind passport-ldapauth, verdaccio-ldap and many Express apps) as
 * a conformance adapter: `new LdapAuth(options).authenticate(username, password)`, groups from
 * its group search, closed after every login.
 */
import { type ConformanceAdapter, ConformanceError } from '../adapter.js';
import { groupsReported, LDAPAUTH_CONFIG_KEYS, ldapauthOptions } from './ldapauth-options.js';
import { asConformanceError, groupNamesOf, kindOfLibraryError, openbaoSettings } from './library-support.js';
import { loadLibrary, within } from './load-library.js';

interface LdapAuthUser {
  readonly dn: string;
  readonly _groups?: readonly { readonly dn: string; readonly [attribute: string]: unknown }[];
}

interface LdapAuth {
  authenticate(
    username: string,
    password: string,
    callback: (error: unknown, user?: LdapAuthUser) => void,
  ): void;
  close(callback: () => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  once(event: 'error', listener: (error: unknown) => void): void;
}

/**
 * ldapauth-fork reports some failures as plain strings (`no such user: "x"`,
 * `non-zero status from LDAP search: 4`); the rest are ldapjs errors with a result code.
 */
export function ldapauthErrorKind(error: unknown) {
  if (typeof error === 'string') {
    const status = /non-zero status from LDAP search: (\d+)/.exec(error);
    if (status) return kindOfLibraryError({ code: Number(status[1]) });
    return /no such user|unexpected number of matches/.test(error) ? 'denied' : 'failed';
  }
  if (error instanceof Error && /no password given|empty username/.test(error.message)) return 'denied';
  return kindOfLibraryError(error);
}

export async function ldapauthForkAdapter(): Promise<ConformanceAdapter> {
  const LdapAuthClass =
    await loadLibrary<new (options: Record<string, unknown>) => LdapAuth>('ldapauth-fork');
  return {
    name: 'ldapauth-fork',
    capabilities: {
      configKeys: LDAPAUTH_CONFIG_KEYS,
      results: ['userDN', 'groups'],
      accountStates: false,
      validatesConfig: false,
    },
    async login(config, username, password) {
      const settings = openbaoSettings(config);
      let auth: LdapAuth | undefined;
      try {
        auth = new LdapAuthClass(ldapauthOptions(settings, 'ldapauth-fork'));
        // Connection trouble is also emitted as events (ldapjs then tries the next URL); an
        // application logs them and waits for authenticate()'s answer, as this does.
        auth.on('error', () => undefined);
        const user = await new Promise<LdapAuthUser>((resolve, reject) => {
          auth!.authenticate(username, password, (error, found) =>
            error || !found ? reject(error) : resolve(found),
          );
        });
        return {
          userDN: user.dn,
          ...(groupsReported(settings) && { groups: groupNamesOf(user._groups ?? [], settings.groupattr) }),
        };
      } catch (error) {
        if (error instanceof ConformanceError) throw error;
        throw asConformanceError(
          typeof error === 'string' ? new Error(error) : error,
          ldapauthErrorKind(error),
        );
      } finally {
        if (auth) await within(1_000, new Promise<void>((resolve) => auth!.close(() => resolve())));
      }
    },
  };
}
