/** The password and lockout policy that applies to an AD account: its fine-grained msDS-PasswordSettings, else the domain's. */
import { parseFiletime } from '../../core/filetime.js';
import type { Entry } from '../directory/entry.js';
import { containingGroups } from '../matching/in-chain-rule.js';
import type { AdDomain } from './ad-account-context.js';

/** lockoutDuration meaning "until an administrator unlocks" (the minimum signed 64-bit value). */
export const forever = -9_223_372_036_854_775_808n;

/** Domain-wide policy, read from the domain root entry (the base DN), or a fine-grained one. */
export interface DomainPolicy {
  readonly lockoutThreshold: number;
  readonly lockoutDuration: bigint;
  readonly observationWindow: bigint;
  readonly minPwdLength: number;
  readonly historyLength: number;
  readonly maxPwdAge: bigint;
  readonly complexity: boolean;
}

/**
 * The password and lockout policy of an account: the fine-grained policy (msDS-PasswordSettings)
 * with the lowest precedence that applies to it or one of its groups, else the domain's. Without
 * an entry, the domain's.
 */
export function accountPolicy(domain: AdDomain, entry?: Entry): DomainPolicy {
  const settings = entry ? passwordSettings(domain, entry) : undefined;
  if (settings) {
    const number = (key: string) => Number(settings.first(key) ?? 0);
    const interval = (key: string) => parseFiletime(settings.first(key)) ?? 0n;
    return {
      lockoutThreshold: number('msds-lockoutthreshold'),
      lockoutDuration: interval('msds-lockoutduration'),
      observationWindow: interval('msds-lockoutobservationwindow'),
      minPwdLength: number('msds-minimumpasswordlength'),
      historyLength: number('msds-passwordhistorylength'),
      maxPwdAge: interval('msds-maximumpasswordage'),
      complexity: settings.first('msds-passwordcomplexityenabled')?.toUpperCase() === 'TRUE',
    };
  }
  const root = domain.directory.get(domain.baseDN);
  const number = (key: string, fallback: number) => Number(root?.first(key) ?? fallback);
  const interval = (key: string, fallback: bigint) => parseFiletime(root?.first(key)) ?? fallback;
  return {
    lockoutThreshold: number('lockoutthreshold', 0),
    lockoutDuration: interval('lockoutduration', -18_000_000_000n),
    observationWindow: interval('lockoutobservationwindow', -18_000_000_000n),
    minPwdLength: number('minpwdlength', 7),
    historyLength: number('pwdhistorylength', 24),
    maxPwdAge: interval('maxpwdage', 0n),
    complexity: (number('pwdproperties', 1) & 1) === 1,
  };
}

/**
 * The fine-grained policy of an account (msDS-ResultantPSO, MS-ADTS 3.1.1.4.5.36): among those
 * applied to the user itself, the lowest precedence; only when there is none, among those of
 * its groups.
 */
export function passwordSettings(domain: AdDomain, entry: Entry): Entry | undefined {
  const { directory } = domain;
  const own = settingsAppliedTo(domain, [entry]);
  if (own) return own;
  const groups = [...containingGroups(directory, entry, 'member')].flatMap(
    (ndn) => directory.getByNdn(ndn) ?? [],
  );
  return settingsAppliedTo(domain, groups);
}

function settingsAppliedTo(domain: AdDomain, targets: readonly Entry[]): Entry | undefined {
  const { directory } = domain;
  const precedence = (settings: Entry) =>
    Number(settings.first('msds-passwordsettingsprecedence') ?? Number.MAX_SAFE_INTEGER);
  let best: Entry | undefined;
  for (const target of targets) {
    for (const ndn of directory.lookup('msds-psoappliesto', target.dn)) {
      const settings = directory.getByNdn(ndn);
      if (settings && (!best || precedence(settings) < precedence(best))) best = settings;
    }
  }
  return best;
}
