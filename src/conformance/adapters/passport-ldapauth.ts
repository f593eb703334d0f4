/**
 * passport-ldapauth (ldapauth-fork 5 inside a Passport strategy) as a conformance adapter: the
 * strategy is given a request with the credentials in its body, and its success, fail and error
 * callbacks are the outcome. It maps AD's `data` codes to messages, which we map to states.
 */
import { type ConformanceAdapter, ConformanceError } from '../adapter.js';
import type { ErrorKind } from '../scenario.js';
import { ldapauthErrorKind } from './ldapauth-fork.js';
import { groupsReported, LDAPAUTH_CONFIG_KEYS, ldapauthOptions } from './ldapauth-options.js';
import { asConformanceError, groupNamesOf, openbaoSettings } from './library-support.js';
import { loadLibrary } from './load-library.js';

interface Strategy {
  success: (user: { dn: string; _groups?: { dn: string; [attribute: string]: unknown }[] }) => void;
  fail: (info: { message?: string } | undefined, status?: number) => void;
  error: (error: unknown) => void;
  authenticate(request: { body: Record<string, string> }): void;
}

/** passport-ldapauth's default failure messages, and the state each names. */
const KIND_BY_MESSAGE: readonly [RegExp, ErrorKind][] = [
  [/account locked/i, 'account-locked'],
  [/Account disabled/, 'account-disabled'],
  [/Account expired/, 'account-expired'],
  [/Password expired/, 'password-expired'],
  [/must reset password/, 'password-must-change'],
  [/login at this time/, 'logon-hours'],
  [/logon at this workstation/, 'workstation'],
  [/Invalid username\/password|Missing credentials/, 'denied'],
];

export async function passportLdapauthAdapter(): Promise<ConformanceAdapter> {
  const StrategyClass =
    await loadLibrary<new (options: Record<string, unknown>) => Strategy>('passport-ldapauth');
  return {
    name: 'passport-ldapauth',
    capabilities: { configKeys: LDAPAUTH_CONFIG_KEYS, results: ['userDN', 'groups'], validatesConfig: false },
    async login(config, username, password) {
      const settings = openbaoSettings(config);
      const strategy = new StrategyClass({ server: ldapauthOptions(settings, 'passport-ldapauth') });
      try {
        const user = await new Promise<Parameters<Strategy['success']>[0]>((resolve, reject) => {
          strategy.success = resolve;
          strategy.fail = (info) => {
            const message = info?.message ?? 'authentication failed';
            const kind = KIND_BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1] ?? 'failed';
            reject(new ConformanceError(kind, message));
          };
          strategy.error = (error) => reject(asConformanceError(error, ldapauthErrorKind(error)));
          strategy.authenticate({ body: { username, password } });
        });
        return {
          userDN: user.dn,
          ...(groupsReported(settings) && { groups: groupNamesOf(user._groups ?? [], settings.groupattr) }),
        };
      } catch (error) {
        throw asConformanceError(error);
      }
    },
  };
}
