/**
 * The ppolicy and memberof options beyond the default policy and the group class, in both of
 * slapd's forms (cn=config attribute, slapd.conf directive), read as slapd 2.5 reads them:
 * olcPPolicyUseLockout / ppolicy_use_lockout, olcPPolicyForwardUpdates / ppolicy_forward_updates,
 * olcMemberOfDangling / memberof-dangling, olcMemberOfDanglingError / memberof-dangling-error,
 * olcMemberOfMemberOfAD / memberof-memberof-ad.
 */
import type { ServerConfiguration } from './bootstrap-folder.js';

/** The options read here, by cn=config attribute (lower case) and by slapd.conf directive. */
const OPTIONS: Readonly<Record<string, Option>> = {
  olcppolicyuselockout: 'useLockout',
  ppolicy_use_lockout: 'useLockout',
  olcppolicyforwardupdates: 'forwardUpdates',
  ppolicy_forward_updates: 'forwardUpdates',
  olcmemberofdangling: 'dangling',
  'memberof-dangling': 'dangling',
  olcmemberofdanglingerror: 'danglingError',
  'memberof-dangling-error': 'danglingError',
  olcmemberofmemberofad: 'memberOfAD',
  'memberof-memberof-ad': 'memberOfAD',
};
type Option = 'useLockout' | 'forwardUpdates' | 'dangling' | 'danglingError' | 'memberOfAD';

/** The overlay a slapd.conf directive read here belongs to; undefined for any other directive. */
export function optionOverlay(directive: string): 'ppolicy' | 'memberof' | undefined {
  const name = directive.toLowerCase();
  if (OPTIONS[name] === undefined || name.startsWith('olc')) return undefined;
  return name.startsWith('ppolicy') ? 'ppolicy' : 'memberof';
}

/**
 * Takes one option into `server`: true when taken, false when the name is not one of these, and
 * what is wrong with a value slapd refuses. `form` is where it was read: cn=config takes only the
 * Boolean syntax's TRUE and FALSE, slapd.conf's flags on/off, true/false or yes/no, or nothing (on).
 */
export function overlayOption(
  server: ServerConfiguration,
  form: 'cn=config' | 'slapd.conf',
  name: string,
  value: string,
): boolean | string {
  const option = OPTIONS[name.toLowerCase()];
  if (option === undefined) return false;
  const text = value.trim();
  const got = `, got ${JSON.stringify(text)}`;
  switch (option) {
    case 'useLockout':
    case 'forwardUpdates': {
      const flag = form === 'cn=config' ? configBoolean(text) : confFlag(text);
      if (flag === undefined) return `expected ${form === 'cn=config' ? 'TRUE or FALSE' : 'on or off'}${got}`;
      // Forwarding a consumer's bind bookkeeping to its provider: nothing to do on a single
      // server, which is what slapd 2.5 does with it on a provider too (measured: lockout recorded).
      if (option === 'useLockout') server.passwordPolicyUseLockout = flag;
      return true;
    }
    case 'dangling': {
      const mode = text.toLowerCase();
      if (mode !== 'ignore' && mode !== 'drop' && mode !== 'error')
        return `expected ignore, drop or error${got}`;
      server.memberOfDangling = mode;
      return true;
    }
    case 'danglingError': {
      const code = resultCodeOf(text);
      if (code === undefined) return `expected a result code, by number or by slapd's name for it${got}`;
      server.memberOfDanglingError = code;
      return true;
    }
    case 'memberOfAD':
      // Checked against the schema once it is loaded (member-of-schema.ts).
      if (!/^[A-Za-z][A-Za-z0-9-]*$|^\d+(\.\d+)+$/.test(text)) return `expected an attribute name${got}`;
      server.memberOfAttribute = text;
      return true;
  }
}

/** cn=config's Boolean syntax: upper-case only (`true` is refused, 21 invalid per syntax). */
function configBoolean(text: string): boolean | undefined {
  return text === 'TRUE' ? true : text === 'FALSE' ? false : undefined;
}

/** A slapd.conf on/off flag; the bare directive turns it on. */
function confFlag(text: string): boolean | undefined {
  const word = text.toLowerCase();
  if (word === '' || word === 'on' || word === 'true' || word === 'yes') return true;
  if (word === 'off' || word === 'false' || word === 'no') return false;
  return undefined;
}

/**
 * slapd's names of result codes (its own spelling, matched in any case: `insufficientAccess`,
 * `typeOrValueExists`…, where RFC 4511's differ), as memberof-dangling-error takes them.
 */
const SLAPD_RESULT_NAMES: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries({
    success: 0,
    operationsError: 1,
    protocolError: 2,
    timelimitExceeded: 3,
    sizelimitExceeded: 4,
    compareFalse: 5,
    compareTrue: 6,
    authMethodNotSupported: 7,
    strongAuthRequired: 8,
    strongerAuthRequired: 8,
    referral: 10,
    adminlimitExceeded: 11,
    unavailableCriticalExtension: 12,
    confidentialityRequired: 13,
    saslBindInProgress: 14,
    noSuchAttribute: 16,
    undefinedType: 17,
    inappropriateMatching: 18,
    constraintViolation: 19,
    typeOrValueExists: 20,
    invalidSyntax: 21,
    noSuchObject: 32,
    aliasProblem: 33,
    invalidDnSyntax: 34,
    aliasDerefProblem: 36,
    inappropriateAuth: 48,
    invalidCredentials: 49,
    insufficientAccess: 50,
    busy: 51,
    unavailable: 52,
    unwillingToPerform: 53,
    loopDetect: 54,
    namingViolation: 64,
    objectClassViolation: 65,
    notAllowedOnNonleaf: 66,
    notAllowedOnRdn: 67,
    alreadyExists: 68,
    noObjectClassMods: 69,
    affectsMultipleDsas: 71,
    other: 80,
    cancelled: 118,
    noSuchOperation: 119,
    tooLate: 120,
    cannotCancel: 121,
    assertionFailed: 122,
    proxyAuthzFailure: 123,
    syncRefreshRequired: 4096,
    noOperation: 0x410e,
  }).map(([name, code]) => [name.toLowerCase(), code]),
);

/** A result code by number (decimal or 0x hex) or by slapd's name; undefined if neither. */
function resultCodeOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return SLAPD_RESULT_NAMES[text.toLowerCase()];
}
