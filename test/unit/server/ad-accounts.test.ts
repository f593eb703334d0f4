/**
 * AdAccounts on a small AD directory with a clock the tests move: the `data` code of each bind
 * failure, lockout (threshold, observation window, duration), password expiry, and the checks of
 * a unicodePwd change or reset (MS-ADTS 3.1.1.3.1.5.1, 3.1.1.4.5.17; research/server-anchors.md §B).
 */

import { beforeEach, describe, expect, it } from 'vitest';
import { dateToFiletime } from '../../../src/core/filetime.js';
import { isResult } from '../../../src/server/accounts/account-rules.js';
import type { AdAccountOptions, AdAccountTexts } from '../../../src/server/accounts/ad-account-context.js';
import { AdAccounts } from '../../../src/server/accounts/ad-accounts.js';
import { encodedPassword } from '../../../src/server/accounts/ad-passwords.js';
import { Directory } from '../../../src/server/directory/directory.js';
import type { Entry } from '../../../src/server/directory/entry.js';
import { Schema } from '../../../src/server/directory/schema.js';
import { adSchema } from '../../../src/server/directory/schema-ad.js';
import { applyRecords } from '../../../src/server/fixture-loader.js';
import { readFixtures } from '../../../src/server/load-directory.js';
import { OperationAbort } from '../../../src/server/operation-abort.js';
import type { LdapResult, ModifyChange, OperationContext } from '../../../src/server/operations.js';

const BASE = 'DC=test,DC=example';
const USERS = `CN=Users,${BASE}`;
const CAROL = `CN=carol,${USERS}`;
const DAVE = `CN=dave,${USERS}`;
const STAFF = `CN=Staff,${USERS}`;
const PSO_CONTAINER = `CN=Password Settings Container,CN=System,${BASE}`;
const START = new Date('2026-03-01T12:00:00Z');
const MINUTE = 60_000;

/** Texts that expose what the rules decided, so the tests can read it back. */
const texts: AdAccountTexts = {
  bindFailure: (data) => `data ${data}`,
  wrongOldPassword: { code: 19, message: 'wrong old password' },
  passwordRejected: (problem, minLength) => ({ code: 19, message: `${problem} (min ${minLength})` }),
  resetNotAllowed: { code: 50, message: 'reset not allowed' },
  malformedPassword: { code: 53, message: 'malformed' },
};

const windows: AdAccountOptions = {
  texts,
  unknownUserData: '52e',
  mustChangeBinds: false,
  plaintextPasswordWrite: { code: 53, message: 'needs TLS' },
  complexityForbidsAccountName: true,
};

const b64 = (password: string) => Buffer.from(`"${password}"`, 'utf16le').toString('base64');
const filetime = (date: Date) => String(dateToFiletime(date));

function ldif(domain: Record<string, string> = {}): string {
  const policy = {
    lockoutThreshold: '3',
    lockoutDuration: '-18000000000',
    lockOutObservationWindow: '-18000000000',
    maxPwdAge: '-9223372036854775808',
    minPwdLength: '7',
    pwdHistoryLength: '3',
    pwdProperties: '1',
    ...domain,
  };
  const user = (cn: string, password: string, extra = '') => `dn: CN=${cn},${USERS}
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: ${cn}
sAMAccountName: ${cn}
displayName: ${cn === 'carol' ? 'Carol Danvers' : 'Dave Lister'}
userAccountControl: 512
accountExpires: 9223372036854775807
pwdLastSet: ${filetime(new Date(START.getTime() - 24 * 60 * MINUTE))}
unicodePwd:: ${b64(password)}
${extra}`;
  return `dn: ${BASE}
objectClass: top
objectClass: domain
objectClass: domainDNS
dc: test
${Object.entries(policy)
  .map(([k, v]) => `${k}: ${v}`)
  .join('\n')}

dn: ${USERS}
objectClass: top
objectClass: container
cn: Users

dn: CN=System,${BASE}
objectClass: top
objectClass: container
cn: System

dn: ${PSO_CONTAINER}
objectClass: top
objectClass: msDS-PasswordSettingsContainer
cn: Password Settings Container

${user('carol', 'Kilo-Start-1')}
${user('dave', 'Tango-Start-1')}
dn: ${STAFF}
objectClass: top
objectClass: group
cn: Staff
groupType: -2147483646
member: ${CAROL}
`;
}

let now: Date;
let directory: Directory;
let accounts: AdAccounts;

function setUp(domain: Record<string, string> = {}, options: AdAccountOptions = windows): void {
  now = START;
  directory = new Directory(new Schema(adSchema));
  // The records as they are: no profile's defaults or stamps.
  const problems = applyRecords(directory, readFixtures([{ name: 'ad-accounts.test', text: ldif(domain) }]), {
    explain: (violation) => ({ code: 0, message: violation.kind }),
  });
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  accounts = new AdAccounts(directory, BASE, () => now, options);
}

function context(encrypted = true): OperationContext {
  return {
    session: { id: 1, remote: 'test', bindDN: '', encrypted, state: new Map(), close: () => undefined },
    messageId: 1,
    controls: [],
    abort: new OperationAbort(),
  };
}

function entry(dn: string): Entry {
  const found = directory.get(dn);
  if (!found) throw new Error(`no entry ${dn}`);
  return found;
}

function bind(dn: string, password: string): LdapResult {
  return accounts.authenticate(context(), entry(dn), Buffer.from(password, 'utf8'));
}

/** The `data` code of a failed bind, or 'ok'. */
function outcome(dn: string, password: string): string {
  const result = bind(dn, password);
  if (result.code === 0) return 'ok';
  expect(result.code).toBe(49);
  return result.diagnosticMessage!.replace(/^data /, '');
}

function set(dn: string, values: Record<string, string>): void {
  directory.modify(
    dn,
    Object.entries(values).map(([type, value]) => ({ operation: 'replace' as const, type, values: [value] })),
  );
}

function advance(minutes: number): void {
  now = new Date(now.getTime() + minutes * MINUTE);
}

function change(operation: ModifyChange['operation'], password: string | Buffer): ModifyChange {
  const value = typeof password === 'string' ? Buffer.from(`"${password}"`, 'utf16le') : password;
  return { operation, type: 'unicodePwd', values: [value] };
}

/** Runs a password write through the rules and applies what they return, as the handler does. */
function write(
  dn: string,
  changes: readonly ModifyChange[],
  { byAdministrator = false, encrypted = true } = {},
): LdapResult {
  const checked = accounts.passwordChanges(context(encrypted), entry(dn), changes, byAdministrator);
  if (isResult(checked)) return checked;
  directory.modify(dn, checked);
  return { code: 0 };
}

const selfChange = (dn: string, from: string, to: string) =>
  write(dn, [change('delete', from), change('add', to)]);

function addPso(cn: string, appliesTo: string, settings: Record<string, string>): void {
  const values: Record<string, string> = {
    'msDS-PasswordSettingsPrecedence': '10',
    'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
    'msDS-PasswordHistoryLength': '3',
    'msDS-PasswordComplexityEnabled': 'TRUE',
    'msDS-MinimumPasswordLength': '7',
    'msDS-MinimumPasswordAge': '0',
    'msDS-MaximumPasswordAge': '-9223372036854775808',
    'msDS-LockoutThreshold': '3',
    'msDS-LockoutObservationWindow': '-18000000000',
    'msDS-LockoutDuration': '-18000000000',
    ...settings,
  };
  directory.add(`CN=${cn},${PSO_CONTAINER}`, [
    { type: 'objectClass', values: ['top', 'msDS-PasswordSettings'] },
    ...Object.entries(values).map(([type, value]) => ({ type, values: [value] })),
    { type: 'msDS-PSOAppliesTo', values: [appliesTo] },
  ]);
}

beforeEach(() => setUp());

describe('encodedPassword', () => {
  it('is the password in double quotes, UTF-16LE (the fixture’s value for Alpha-Passw0rd!)', () => {
    expect(encodedPassword('Alpha-Passw0rd!').toString('base64')).toBe(
      'IgBBAGwAcABoAGEALQBQAGEAcwBzAHcAMAByAGQAIQAiAA==',
    );
    expect([...encodedPassword('é')]).toEqual([0x22, 0x00, 0xe9, 0x00, 0x22, 0x00]);
  });
});

describe('authenticate', () => {
  it('accepts the right password and rejects a wrong one with data 52e', () => {
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
    expect(outcome(CAROL, 'kilo-start-1')).toBe('52e');
    expect(outcome(CAROL, '')).toBe('52e');
  });

  it('a bad password records badPwdCount and badPasswordTime as FILETIME', () => {
    outcome(CAROL, 'wrong');
    expect(entry(CAROL).first('badpwdcount')).toBe('1');
    expect(entry(CAROL).first('badpasswordtime')).toBe(filetime(START));
  });

  it('no entry, or an entry without unicodePwd, gets the unknown-user code', () => {
    expect(accounts.authenticate(context(), undefined, Buffer.from('x')).diagnosticMessage).toBe('data 52e');
    setUp({}, { ...windows, unknownUserData: '525' });
    expect(accounts.authenticate(context(), undefined, Buffer.from('x')).diagnosticMessage).toBe('data 525');
    directory.modify(CAROL, [{ operation: 'delete', type: 'unicodePwd', values: [] }]);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('525');
  });

  it('with the right password: 533 disabled, 701 expired account, 773 must change', () => {
    set(CAROL, { userAccountControl: '514' });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('533');
    set(CAROL, { userAccountControl: '512', accountExpires: filetime(new Date(START.getTime() - MINUTE)) });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('701');
    set(CAROL, { accountExpires: filetime(new Date(START.getTime() + MINUTE)) });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
    set(CAROL, { accountExpires: '0', pwdLastSet: '0' });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('773');
  });

  it('with a wrong password every state is masked by 52e', () => {
    set(CAROL, { userAccountControl: '514', accountExpires: '1', pwdLastSet: '0' });
    expect(outcome(CAROL, 'wrong')).toBe('52e');
  });

  it('mustChangeBinds (Samba) lets pwdLastSet = 0 bind', () => {
    setUp({}, { ...windows, mustChangeBinds: true });
    set(CAROL, { pwdLastSet: '0' });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('a success resets badPwdCount to 0', () => {
    outcome(CAROL, 'wrong');
    outcome(CAROL, 'wrong');
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
    expect(entry(CAROL).first('badpwdcount')).toBe('0');
  });
});

describe('lockout', () => {
  it('the threshold-th bad password locks: 775 with the right and a wrong password', () => {
    expect([outcome(CAROL, 'w1'), outcome(CAROL, 'w2')]).toEqual(['52e', '52e']);
    expect(entry(CAROL).first('lockouttime')).toBeUndefined();
    expect(outcome(CAROL, 'w3')).toBe('52e');
    expect(entry(CAROL).first('lockouttime')).toBe(filetime(START));
    expect(accounts.isLocked(entry(CAROL))).toBe(true);
    expect(accounts.computedControl(entry(CAROL))! & 0x10).toBe(0x10);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('775');
    expect(outcome(CAROL, 'wrong')).toBe('775');
    // Only carol is locked.
    expect(outcome(DAVE, 'Tango-Start-1')).toBe('ok');
  });

  it('the lock ends after lockoutDuration (30 minutes)', () => {
    for (const p of ['w1', 'w2', 'w3']) outcome(CAROL, p);
    advance(29);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('775');
    advance(2);
    expect(accounts.computedControl(entry(CAROL))! & 0x10).toBe(0);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('bad passwords further apart than the observation window do not add up', () => {
    outcome(CAROL, 'w1');
    outcome(CAROL, 'w2');
    advance(31);
    outcome(CAROL, 'w3');
    expect(entry(CAROL).first('badpwdcount')).toBe('1');
    outcome(CAROL, 'w4');
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('lockoutThreshold 0 never locks', () => {
    setUp({ lockoutThreshold: '0' });
    for (let i = 0; i < 10; i++) outcome(CAROL, `w${i}`);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('lockoutDuration 0 locks until an administrator writes lockoutTime 0', () => {
    setUp({ lockoutDuration: '0' });
    for (const p of ['w1', 'w2', 'w3']) outcome(CAROL, p);
    advance(365 * 24 * 60);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('775');
    set(CAROL, { lockoutTime: '0' });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('a fine-grained policy applied to the user overrides the domain threshold', () => {
    addPso('Strict', CAROL, { 'msDS-LockoutThreshold': '1', 'msDS-LockoutDuration': '0' });
    outcome(CAROL, 'wrong');
    advance(24 * 60);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('775');
    // dave keeps the domain's threshold of 3.
    outcome(DAVE, 'wrong');
    expect(outcome(DAVE, 'Tango-Start-1')).toBe('ok');
  });

  it('a policy applied to a group reaches its members', () => {
    addPso('Staff Policy', STAFF, { 'msDS-LockoutThreshold': '1' });
    outcome(CAROL, 'wrong');
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('775');
  });

  it('of two policies through groups, the lower precedence wins', () => {
    directory.add(`CN=Everyone Else,${USERS}`, [
      { type: 'objectClass', values: ['top', 'group'] },
      { type: 'groupType', values: ['-2147483646'] },
      { type: 'member', values: [CAROL] },
    ]);
    addPso('Lenient', `CN=Everyone Else,${USERS}`, {
      'msDS-PasswordSettingsPrecedence': '20',
      'msDS-LockoutThreshold': '0',
    });
    addPso('Strict', STAFF, { 'msDS-PasswordSettingsPrecedence': '5', 'msDS-LockoutThreshold': '1' });
    outcome(CAROL, 'wrong');
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('775');
  });
});

describe('a policy applied directly to the user wins over group policies', () => {
  // MS-ADTS 3.1.1.4.5.36 (msDS-ResultantPSO): the PSOs in the user's msDS-PSOApplied are the
  // result set; only when there is none are the PSOs of its groups considered. Regression: direct
  // and group PSOs were ranked together, so a group PSO of precedence 1 beat the user's own of 50.
  it('the user’s own PSO (threshold 0, precedence 50) beats its group’s (threshold 1, precedence 1)', () => {
    addPso('Own', CAROL, { 'msDS-PasswordSettingsPrecedence': '50', 'msDS-LockoutThreshold': '0' });
    addPso('Group', STAFF, { 'msDS-PasswordSettingsPrecedence': '1', 'msDS-LockoutThreshold': '1' });
    for (let i = 0; i < 5; i++) outcome(CAROL, `wrong-${i}`);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });
});

describe('password expiry', () => {
  beforeEach(() => setUp({ maxPwdAge: String(-24n * 60n * 60n * 10_000_000n) }));

  it('a password older than maxPwdAge gives 532 with the right password, 52e with a wrong one', () => {
    set(CAROL, { pwdLastSet: filetime(new Date(START.getTime() - 25 * 60 * MINUTE)) });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('532');
    expect(outcome(CAROL, 'wrong')).toBe('52e');
    expect(accounts.computedControl(entry(CAROL))! & 0x800000).toBe(0x800000);
  });

  it('a younger password binds; DONT_EXPIRE_PASSWORD exempts; maxPwdAge 0 means never', () => {
    set(CAROL, { pwdLastSet: filetime(new Date(START.getTime() - 23 * 60 * MINUTE)) });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
    set(CAROL, { pwdLastSet: '1', userAccountControl: '66048' });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
    expect(accounts.computedControl(entry(CAROL))).toBe(0);
    set(CAROL, { userAccountControl: '512' });
    set(BASE, { maxPwdAge: '0' });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });
});

describe('password change (delete old + add new)', () => {
  it('replaces unicodePwd, keeps the old one in ntPwdHistory, stamps pwdLastSet', () => {
    now = new Date(START.getTime() + 5 * MINUTE);
    expect(selfChange(CAROL, 'Kilo-Start-1', 'Kilo-Next-2')).toEqual({ code: 0 });
    expect(outcome(CAROL, 'Kilo-Next-2')).toBe('ok');
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('52e');
    expect(entry(CAROL).first('pwdlastset')).toBe(filetime(now));
    const history = entry(CAROL)
      .get('ntpwdhistory')!
      .values.map((v) => Buffer.from(v).toString('base64'));
    expect(history).toEqual([b64('Kilo-Start-1')]);
  });

  it('a wrong old password is refused and counts as a bad password', () => {
    expect(selfChange(CAROL, 'Not-Mine-1', 'Kilo-Next-2')).toEqual({
      code: 19,
      diagnosticMessage: 'wrong old password',
    });
    expect(entry(CAROL).first('badpwdcount')).toBe('1');
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('three wrong old passwords lock the account', () => {
    for (let i = 0; i < 3; i++) selfChange(CAROL, `Not-Mine-${i}`, 'Kilo-Next-2');
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('775');
  });

  it.each([
    ['tooShort', 'Ab-1'],
    ['notComplex', 'lowercase-only'],
    ['notComplex', 'ALLUPPERCASE'],
    ['notComplex', 'xCarolx-99'],
  ])('%s: %s', (problem, candidate) => {
    expect(selfChange(CAROL, 'Kilo-Start-1', candidate)).toEqual({
      code: 19,
      diagnosticMessage: `${problem} (min 7)`,
    });
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('three classes of four are enough; a name of fewer than 3 characters is not checked', () => {
    expect(selfChange(CAROL, 'Kilo-Start-1', 'lower-and-9')).toEqual({ code: 0 });
    set(CAROL, { sAMAccountName: 'cd' });
    expect(selfChange(CAROL, 'lower-and-9', 'ABcd12345')).toEqual({ code: 0 });
  });

  it('the history holds pwdHistoryLength passwords, the current one included', () => {
    expect(selfChange(CAROL, 'Kilo-Start-1', 'Kilo-Start-1')).toEqual({
      code: 19,
      diagnosticMessage: 'inHistory (min 7)',
    });
    selfChange(CAROL, 'Kilo-Start-1', 'Second-2x');
    selfChange(CAROL, 'Second-2x', 'Third-3x');
    selfChange(CAROL, 'Third-3x', 'Fourth-4x');
    // Remembered: Fourth (current), Third, Second.
    expect(selfChange(CAROL, 'Fourth-4x', 'Second-2x').diagnosticMessage).toBe('inHistory (min 7)');
    expect(selfChange(CAROL, 'Fourth-4x', 'Kilo-Start-1')).toEqual({ code: 0 });
  });

  it('over plain LDAP: refused where the profile requires TLS, accepted otherwise', () => {
    const changes = [change('delete', 'Kilo-Start-1'), change('add', 'Kilo-Next-2')];
    expect(write(CAROL, changes, { encrypted: false })).toEqual({ code: 53, diagnosticMessage: 'needs TLS' });
    const { plaintextPasswordWrite: _tls, ...samba } = windows;
    setUp({}, samba);
    expect(write(CAROL, changes, { encrypted: false })).toEqual({ code: 0 });
  });

  it('anything but exactly one new quoted UTF-16LE value is malformed', () => {
    const old = change('delete', 'Kilo-Start-1');
    expect(write(CAROL, [old]).code).toBe(53);
    expect(write(CAROL, [old, change('add', 'Kilo-Next-2'), change('add', 'Kilo-Next-3')]).code).toBe(53);
    expect(write(CAROL, [old, change('add', Buffer.from('Kilo-Next-2', 'utf16le'))]).code).toBe(53);
    expect(write(CAROL, [old, change('add', Buffer.from('"Kilo-Next-2"', 'utf8'))]).code).toBe(53);
    expect(outcome(CAROL, 'Kilo-Start-1')).toBe('ok');
  });

  it('other attributes in the same modify are kept', () => {
    const checked = accounts.passwordChanges(
      context(),
      entry(CAROL),
      [
        change('delete', 'Kilo-Start-1'),
        change('add', 'Kilo-Next-2'),
        { operation: 'replace', type: 'description', values: [Buffer.from('changed')] },
      ],
      false,
    );
    expect(isResult(checked)).toBe(false);
    expect(checked).toContainEqual({
      operation: 'replace',
      type: 'description',
      values: [Buffer.from('changed')],
    });
  });
});

describe('password reset (replace)', () => {
  it('needs an administrator', () => {
    expect(write(CAROL, [change('replace', 'Kilo-Next-2')])).toEqual({
      code: 50,
      diagnosticMessage: 'reset not allowed',
    });
    expect(write(CAROL, [change('replace', 'Kilo-Next-2')], { byAdministrator: true })).toEqual({ code: 0 });
    expect(outcome(CAROL, 'Kilo-Next-2')).toBe('ok');
  });

  it('checks length and complexity but not the history', () => {
    expect(write(CAROL, [change('replace', 'short')], { byAdministrator: true }).diagnosticMessage).toBe(
      'tooShort (min 7)',
    );
    expect(write(CAROL, [change('replace', 'Kilo-Start-1')], { byAdministrator: true })).toEqual({ code: 0 });
  });

  it('a reset clears badPwdCount', () => {
    outcome(CAROL, 'wrong');
    write(CAROL, [change('replace', 'Kilo-Next-2')], { byAdministrator: true });
    expect(entry(CAROL).first('badpwdcount')).toBe('0');
  });
});

describe('complexity (Windows) forbids display-name tokens', () => {
  // AD's "Password must meet complexity requirements": the password must not contain the
  // sAMAccountName nor any token of the displayName (split at , . - _ # space and tab; tokens
  // under 3 characters ignored), case-insensitively (fixtures/README.md states the same rule).
  // Regression: only sAMAccountName used to be checked.
  it('carol (displayName "Carol Danvers") may not use "Danvers-2026"', () => {
    expect(selfChange(CAROL, 'Kilo-Start-1', 'Danvers-2026')).toEqual({
      code: 19,
      diagnosticMessage: 'notComplex (min 7)',
    });
  });
});

describe('complexity counts letters of any script as letters', () => {
  // AD counts upper- and lower-case letters of European languages (with diacritics, Greek,
  // Cyrillic) as upper and lower case. Regression: only /[A-Z]/ and /[a-z]/ were tested, so
  // "ÄÖÜäöü12" (upper, lower, digits: three classes) was judged to have two (symbol, digit).
  it('"ÄÖÜäöü12" meets the complexity rule', () => {
    expect(selfChange(CAROL, 'Kilo-Start-1', 'ÄÖÜäöü12')).toEqual({ code: 0 });
  });
});

describe('the minimum length reported is the user’s policy’s', () => {
  // Regression: the rejection text used the domain's minimum while the check used the user's
  // fine-grained policy, so Samba's text ("It should be equal or longer than N characters!")
  // named the wrong N.
  it('a PSO with minimum length 12 reports 12', () => {
    addPso('Long', CAROL, { 'msDS-MinimumPasswordLength': '12' });
    expect(selfChange(CAROL, 'Kilo-Start-1', 'Short-Pw-9')).toEqual({
      code: 19,
      diagnosticMessage: 'tooShort (min 12)',
    });
  });
});
