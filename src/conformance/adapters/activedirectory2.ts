/**
 * activedirectory2 as a conformance adapter, the way its README uses it: find the user (its own
 * `(&(objectCategory=User)(|(sAMAccountName=…)(userPrincipalName=…)))` filter), `authenticate()`
 * with the DN or the UPN, then `getGroupMembershipForUser()` for the nested groups. Active
 * Directory only; no StartTLS, one URL.
 */
import { dnEquals } from '../../core/dn-normalize.js';
import { type ConformanceAdapter, ConformanceError } from '../adapter.js';
import {
  asConformanceError,
  bindMode,
  groupStrategy,
  kindOfLibraryError,
  LIBRARY_CONFIG_KEYS,
  notApplicable,
  openbaoSettings,
  singleUrl,
  tlsOptionsOf,
} from './library-support.js';
import { loadLibrary } from './load-library.js';

type Callback<T> = (error: unknown, result?: T) => void;

interface ActiveDirectory {
  findUser(username: string, callback: Callback<{ dn: string } | undefined>): void;
  authenticate(username: string, password: string, callback: Callback<boolean>): void;
  getGroupMembershipForUser(username: string, callback: Callback<{ cn: string }[]>): void;
  on(event: 'error', listener: (error: unknown) => void): void;
}

const call = <T>(run: (callback: Callback<T>) => void) =>
  new Promise<T | undefined>((resolve, reject) =>
    run((error, result) => (error ? reject(error) : resolve(result))),
  );

export async function activeDirectory2Adapter(): Promise<ConformanceAdapter> {
  const ActiveDirectoryClass =
    await loadLibrary<new (options: Record<string, unknown>) => ActiveDirectory>('activedirectory2');
  return {
    name: 'activedirectory2',
    capabilities: {
      profiles: ['ad', 'samba'],
      configKeys: LIBRARY_CONFIG_KEYS,
      results: ['userDN', 'groups'],
      accountStates: false,
      validatesConfig: false,
    },
    async login(config, username, password) {
      const settings = openbaoSettings(config);
      const mode = bindMode(settings);
      if (mode === 'discover' || mode === 'direct')
        notApplicable('activedirectory2 binds with a UPN or a DN found by a search');
      if (mode === 'search' && !['samaccountname', 'userprincipalname'].includes(settings.userattr)) {
        notApplicable('activedirectory2 finds users by sAMAccountName or userPrincipalName only');
      }
      // It reports nested groups (memberOf, recursively): the in-chain filter's answer. Any other
      // group configuration it cannot express; the login runs and groups are not reported.
      const groups = groupStrategy(settings);
      const upn = settings.upndomain === '' ? undefined : `${username}@${settings.upndomain}`;
      // Without a service account the user's own credentials read the directory, as its README shows.
      const [bindName, bindPassword] =
        mode === 'search' ? [settings.binddn, settings.bindpass] : [upn!, password];
      const ad = new ActiveDirectoryClass({
        url: singleUrl(settings, 'activedirectory2'),
        baseDN: settings.userdn,
        username: bindName,
        password: bindPassword,
        tlsOptions: tlsOptionsOf(settings),
        ...(settings.connection_timeout > 0 && { connectTimeout: settings.connection_timeout }),
        ...(settings.request_timeout > 0 && { timeout: settings.request_timeout }),
      });
      ad.on('error', () => undefined);
      try {
        const name = upn ?? username;
        const user = await call<{ dn: string } | undefined>((done) => ad.findUser(name, done));
        if (!user) throw new ConformanceError('denied', `no user found for ${JSON.stringify(name)}`);
        const ok = await call<boolean>((done) => ad.authenticate(upn ?? user.dn, password, done));
        if (!ok) throw new ConformanceError('denied', 'authenticate() answered false');
        if (groups.kind === 'none') return { userDN: user.dn, groups: [] };
        // Its one baseDN serves users and groups: groups under another groupdn it cannot limit to.
        if (groups.kind !== 'inChain' || !dnEquals(settings.groupdn, settings.userdn))
          return { userDN: user.dn };
        const found =
          (await call<{ cn: string }[]>((done) => ad.getGroupMembershipForUser(name, done))) ?? [];
        return { userDN: user.dn, groups: found.map((group) => group.cn) };
      } catch (error) {
        throw asConformanceError(error, kindOfLibraryError(error));
      }
    },
  };
}
