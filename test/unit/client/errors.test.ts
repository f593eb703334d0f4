import { describe, expect, it } from 'vitest';
import { LdapConfigError, LdapConfigErrors } from '../../../src/client/errors/config.js';
import {
  AccountStateError,
  AdminLimitExceededError,
  AuthMethodNotSupportedError,
  BusyError,
  ConfidentialityRequiredError,
  ConnectionError,
  ConstraintViolationError,
  cleanDiagnosticMessage,
  EMPTY_PASSWORD_MESSAGE,
  EmptyPasswordError,
  EntityAliasError,
  GroupSearchConnectError,
  GroupSearchError,
  goLdapErrorText,
  goQuote,
  InappropriateAuthenticationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  LdapAuthError,
  LdapOperationError,
  LOGIN_DENIED_MESSAGE,
  LoginDeniedError,
  loginDenied,
  NoSuchObjectError,
  OperationsError,
  OtherError,
  operationError,
  operationErrorFromThrown,
  PermissionDeniedError,
  ProtocolError,
  RebindError,
  ReferralError,
  redactSecrets,
  SizeLimitExceededError,
  StrongerAuthRequiredError,
  TimeLimitExceededError,
  UnavailableCriticalExtensionError,
  UnavailableError,
  UnwillingToPerformError,
  UserDNSearchError,
} from '../../../src/client/errors/index.js';

const AD_LOCKED =
  '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563\u0000';
const AD_BAD_PASSWORD =
  '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563\u0000';

describe('LDAP result code errors', () => {
  it('one class per result code that matters, each with its code and go-ldap name', () => {
    const classes: [new (d?: string) => LdapOperationError, number, string][] = [
      [OperationsError, 1, 'Operations Error'],
      [ProtocolError, 2, 'Protocol Error'],
      [TimeLimitExceededError, 3, 'Time Limit Exceeded'],
      [SizeLimitExceededError, 4, 'Size Limit Exceeded'],
      [AuthMethodNotSupportedError, 7, 'Auth Method Not Supported'],
      [StrongerAuthRequiredError, 8, 'Strong Auth Required'],
      [ReferralError, 10, 'Referral'],
      [AdminLimitExceededError, 11, 'Admin Limit Exceeded'],
      [UnavailableCriticalExtensionError, 12, 'Unavailable Critical Extension'],
      [ConfidentialityRequiredError, 13, 'Confidentiality Required'],
      [ConstraintViolationError, 19, 'Constraint Violation'],
      [NoSuchObjectError, 32, 'No Such Object'],
      [InvalidDNSyntaxError, 34, 'Invalid DN Syntax'],
      [InappropriateAuthenticationError, 48, 'Inappropriate Authentication'],
      [InvalidCredentialsError, 49, 'Invalid Credentials'],
      [InsufficientAccessError, 50, 'Insufficient Access Rights'],
      [BusyError, 51, 'Busy'],
      [UnavailableError, 52, 'Unavailable'],
      [UnwillingToPerformError, 53, 'Unwilling To Perform'],
      [OtherError, 80, 'Other'],
    ];
    for (const [Class, code, resultName] of classes) {
      const error = new Class('diag');
      expect(error.code, Class.name).toBe(code);
      expect(error.resultName).toBe(resultName);
      expect(error.kind).toBe('ldapResult');
      expect(error.name).toBe(Class.name);
      expect(error).toBeInstanceOf(LdapOperationError);
      expect(error).toBeInstanceOf(LdapAuthError);
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toBe(`LDAP Result Code ${code} "${resultName}": diag`);
      // The factory picks the same class.
      expect(operationError(code, 'x')).toBeInstanceOf(Class);
    }
  });

  it('uses the generic class for other codes', () => {
    const error = operationError(68, 'exists');
    expect(error.constructor).toBe(LdapOperationError);
    expect(error.message).toBe('LDAP Result Code 68 "Entry Already Exists": exists');
    expect(operationError(99).message).toBe('LDAP Result Code 99 "": ');
  });

  it('formats texts as go-ldap, which OpenBao passes on', () => {
    expect(goLdapErrorText(32, 'no such entry')).toBe('LDAP Result Code 32 "No Such Object": no such entry');
    expect(goLdapErrorText(200, 'dial tcp 127.0.0.1:1: connect: connection refused')).toBe(
      'LDAP Result Code 200 "Network Error": dial tcp 127.0.0.1:1: connect: connection refused',
    );
  });

  it("strips ldapts' Code suffix and AD's trailing NUL from the diagnostic", () => {
    expect(cleanDiagnosticMessage(`${AD_LOCKED} Code: 0x31`)).toBe(AD_LOCKED.slice(0, -1));
    expect(cleanDiagnosticMessage(' Code: 0x31')).toBe('');
    expect(cleanDiagnosticMessage('no such object Code: 0x20')).toBe('no such object');
    expect(cleanDiagnosticMessage('keeps Code: 0xZZ')).toBe('keeps Code: 0xZZ');
    expect(cleanDiagnosticMessage("problem 2001\n\t'dc=x'\n\u0000")).toBe("problem 2001\n\t'dc=x'");
  });

  it('decodes the AD diagnostic of a result', () => {
    const error = new InvalidCredentialsError(`${AD_LOCKED} Code: 0x31`, { operation: 'bind' });
    expect(error.adDiagnostic).toMatchObject({ data: '775', reason: 'accountLocked' });
    expect(error.diagnosticMessage).toBe(AD_LOCKED.slice(0, -1));
    expect(error.detail).toContain('bind: LDAP Result Code 49');
    expect(error.detail).toContain('[AD data 775: accountLocked]');
    expect(new InvalidCredentialsError('').adDiagnostic).toBeUndefined();
  });

  it('converts errors thrown by ldapts (numeric code, message with Code suffix)', () => {
    const thrown = Object.assign(new Error(`${AD_BAD_PASSWORD} Code: 0x31`), { code: 49 });
    const error = operationErrorFromThrown(thrown, { operation: 'bind' });
    expect(error).toBeInstanceOf(InvalidCredentialsError);
    expect(error?.adDiagnostic?.reason).toBe('invalidCredentials');
    expect(error?.operation).toBe('bind');
    const socket = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(operationErrorFromThrown(socket)).toBeUndefined();
    expect(operationErrorFromThrown('text')).toBeUndefined();
    expect(operationErrorFromThrown(null)).toBeUndefined();
    const ours = new BusyError('x');
    expect(operationErrorFromThrown(ours)).toBe(ours);
  });
});

describe('login-level errors', () => {
  it("LoginDeniedError always shows OpenBao's generic message, the cause is in detail", () => {
    const error = new LoginDeniedError({
      step: 'userSearch',
      username: 'alice',
      reason: 'LDAP search for binddn 0 or not unique',
    });
    expect(error.message).toBe('ldap operation failed: failed to bind as user');
    expect(error.message).toBe(LOGIN_DENIED_MESSAGE);
    expect(error.kind).toBe('loginDenied');
    expect(error.countsForLockout).toBe(true);
    expect(error.code).toBeUndefined();
    expect(error.detail).toBe('step userSearch; user "alice"; LDAP search for binddn 0 or not unique');
  });

  it('loginDenied() gives an AccountStateError when AD names an account state', () => {
    const locked = loginDenied({
      step: 'userBind',
      bindDN: 'CN=Alice,CN=Users,DC=ad,DC=example',
      resultCode: 49,
      diagnosticMessage: `${AD_LOCKED} Code: 0x31`,
    });
    expect(locked).toBeInstanceOf(AccountStateError);
    expect(locked).toBeInstanceOf(LoginDeniedError);
    expect(locked.message).toBe(LOGIN_DENIED_MESSAGE);
    expect(locked.kind).toBe('accountState');
    expect((locked as AccountStateError).state).toBe('accountLocked');
    expect((locked as AccountStateError).source).toBe('ad');
    expect(locked.code).toBe(49);
    expect(locked.detail).toContain('LDAP Result Code 49 "Invalid Credentials": 80090308');
    expect(locked.detail).toContain('AD data 775: accountLocked');

    const wrong = loginDenied({ step: 'userBind', resultCode: 49, diagnosticMessage: AD_BAD_PASSWORD });
    expect(wrong).not.toBeInstanceOf(AccountStateError);
    expect(wrong.adDiagnostic?.reason).toBe('invalidCredentials');

    const plain = loginDenied({ step: 'userBind', resultCode: 49, diagnosticMessage: '' });
    expect(plain.constructor).toBe(LoginDeniedError);
    expect(plain.adDiagnostic).toBeUndefined();
  });

  it('maps each AD account state', () => {
    const states: [string, string][] = [
      ['533', 'accountDisabled'],
      ['701', 'accountExpired'],
      ['532', 'passwordExpired'],
      ['773', 'passwordMustChange'],
      ['530', 'invalidLogonHours'],
      ['531', 'invalidWorkstation'],
    ];
    for (const [data, state] of states) {
      const error = loginDenied({
        step: 'userBind',
        resultCode: 49,
        diagnosticMessage: AD_LOCKED.replace('775', data),
      });
      expect((error as AccountStateError).state, data).toBe(state);
    }
  });

  it('AccountStateError can come from an OpenLDAP password policy', () => {
    const error = new AccountStateError({
      step: 'userBind',
      state: 'passwordExpired',
      source: 'ppolicy',
      resultCode: 49,
    });
    expect(error.detail).toContain('account state passwordExpired');
    expect(error.toJSON()).toMatchObject({
      state: 'passwordExpired',
      source: 'ppolicy',
      kind: 'accountState',
    });
  });

  it('EmptyPasswordError has OpenBao text and does not count for lockout', () => {
    const error = new EmptyPasswordError({ username: 'bob' });
    expect(error.message).toBe('password cannot be of zero length when passwordless binds are being denied');
    expect(error.message).toBe(EMPTY_PASSWORD_MESSAGE);
    expect(error.countsForLockout).toBe(false);
    expect(error.kind).toBe('emptyPassword');
  });

  it("ConnectionError formats go-multierror's text, one line per URL", () => {
    const error = new ConnectionError([
      { url: 'foobar://ldap.example.com:389', failure: 'scheme', reason: '' },
      {
        url: 'ldap://127.0.0.1:1',
        failure: 'connect',
        reason: 'dial tcp 127.0.0.1:1: connect: connection refused',
      },
      { url: 'ldap://%zz', failure: 'parse', reason: 'invalid URL escape "%zz"' },
      { url: 'ldap://h', failure: 'startTLS', reason: 'LDAP Result Code 52 "Unavailable": no TLS' },
    ]);
    expect(error.message).toBe(
      '4 errors occurred:\n' +
        '\t* invalid LDAP scheme in url "ldap.example.com:389"\n' +
        '\t* error connecting to host "ldap://127.0.0.1:1": LDAP Result Code 200 "Network Error": dial tcp 127.0.0.1:1: connect: connection refused\n' +
        '\t* error parsing url "ldap://%zz": invalid URL escape "%zz"\n' +
        '\t* error connecting to host "ldap://h": LDAP Result Code 52 "Unavailable": no TLS\n\n',
    );
    expect(error.kind).toBe('connection');
    expect(error.attempts).toHaveLength(4);
    expect(error.failures).toHaveLength(4);
  });

  it('ConnectionError says "1 error occurred" for one URL and accepts pre-formatted lines', () => {
    const error = new ConnectionError(['error connecting to host "ldap://x": boom']);
    expect(error.message).toBe('1 error occurred:\n\t* error connecting to host "ldap://x": boom\n\n');
    expect(error.attempts).toEqual([]);
  });

  it('the other login-level errors carry OpenBao texts', () => {
    expect(new RebindError({ resultCode: 49 }).message).toBe(
      'ldap operation failed: failed to re-bind with the BindDN user',
    );
    expect(new RebindError().countsForLockout).toBe(true);
    expect(new UserDNSearchError({ resultCode: 32, diagnosticMessage: 'gone Code: 0x20' }).message).toBe(
      'LDAP search failed for detecting user: LDAP Result Code 32 "No Such Object": gone',
    );
    expect(new GroupSearchError({ resultCode: 50, diagnosticMessage: 'no' }).message).toBe(
      'LDAP search failed: LDAP Result Code 50 "Insufficient Access Rights": no',
    );
    expect(new GroupSearchError({ phase: 'render', reason: "can't evaluate field Foo" }).message).toBe(
      "LDAP search failed due to template parsing error: can't evaluate field Foo",
    );
    expect(new GroupSearchConnectError().message).toBe(
      'ldap operation failed: failed to connect to LDAP server',
    );
    expect(new EntityAliasError({ problem: 'notUnique' }).message).toBe(
      'LDAP search for entity alias attribute 0 or not unique',
    );
    expect(new EntityAliasError({ problem: 'attributeMissing' }).message).toBe(
      'LDAP attribute missing for entity alias mapping',
    );
    expect(new EntityAliasError({ problem: 'valueNotUnique', userattr: 'uid' }).message).toBe(
      'LDAP entity alias attribute uid empty or not unique for entity alias mapping',
    );
    expect(new EntityAliasError({ problem: 'empty' }).message).toBe('missing entity alias attribute value');
    expect(new PermissionDeniedError({ remoteAddress: '10.0.0.1' }).message).toBe('permission denied');
    expect(new GroupSearchError({ resultCode: 1 }).countsForLockout).toBe(false);
  });
});

describe('goQuote', () => {
  it("quotes as Go's %q for the characters met in practice", () => {
    expect(goQuote('plain')).toBe('"plain"');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\n\t\r\u0007\u0000\u007f')).toBe('"\\n\\t\\r\\a\\x00\\x7f"');
    expect(goQuote('é😀\u0085\u2028')).toBe('"é😀\\u0085\\u2028"');
    expect(goQuote('\ud800x')).toBe('"\\ufffdx"');
  });
});

describe('no error ever contains a password', () => {
  const passwords = ['S3cr3t-P@ss!w0rd', 'pa"ss\\word\n', '$&.*+?()[]{}|^', 'pässwörd€'];

  function everyError(password: string): Error[] {
    const redact = [password, 'service-account-secret'];
    const withPassword = `before ${password} after`;
    return [
      new LdapOperationError(49, withPassword, { redact, matchedDN: withPassword, operation: 'bind' }),
      ...[1, 2, 3, 4, 7, 8, 10, 11, 12, 13, 19, 32, 34, 48, 49, 50, 51, 52, 53, 80, 68].map((code) =>
        operationError(code, withPassword, { redact, matchedDN: withPassword }),
      ),
      new InvalidCredentialsError(`${AD_LOCKED}${password} Code: 0x31`, { redact }),
      operationErrorFromThrown(Object.assign(new Error(`${withPassword} Code: 0x31`), { code: 49 }), {
        redact,
      })!,
      new LoginDeniedError({
        step: 'userBind',
        username: password,
        bindDN: `cn=${password},dc=x`,
        reason: withPassword,
        resultCode: 49,
        diagnosticMessage: withPassword,
        redact,
      }),
      loginDenied({
        step: 'userBind',
        username: password,
        diagnosticMessage: `${AD_LOCKED}${password}`,
        redact,
      }),
      new AccountStateError({
        step: 'userBind',
        state: 'accountLocked',
        source: 'ppolicy',
        reason: withPassword,
        username: password,
        redact,
      }),
      new EmptyPasswordError({ username: password, redact }),
      new ConnectionError(
        [
          { url: `ldap://${password}`, failure: 'connect', reason: withPassword },
          { url: 'ldap://x', failure: 'parse', reason: withPassword },
          withPassword,
        ],
        { redact },
      ),
      new RebindError({ bindDN: password, diagnosticMessage: withPassword, resultCode: 49, redact }),
      new UserDNSearchError({ reason: withPassword, redact }),
      new UserDNSearchError({ resultCode: 1, diagnosticMessage: withPassword, redact }),
      new GroupSearchError({ reason: withPassword, phase: 'template', redact }),
      new GroupSearchError({ resultCode: 32, diagnosticMessage: withPassword, username: password, redact }),
      new GroupSearchConnectError({ reason: withPassword, redact }),
      new EntityAliasError({ problem: 'valueNotUnique', userattr: password, reason: withPassword, redact }),
      new PermissionDeniedError({ remoteAddress: password, redact }),
    ];
  }

  for (const password of passwords) {
    it(`redacts ${JSON.stringify(password)} from message, detail, stack, toString and JSON`, () => {
      const errors = everyError(password);
      for (const error of errors) {
        const texts = [
          error.message,
          String(error),
          error.stack ?? '',
          JSON.stringify(error),
          (error as LdapAuthError).detail,
          JSON.stringify(Object.entries(error)),
        ];
        for (const text of texts) expect(text, `${error.name}: ${text}`).not.toContain(password);
        // Also no escaped spelling of it (as JSON or %q would write it).
        expect(JSON.stringify(error)).not.toContain(JSON.stringify(password).slice(1, -1));
        expect(JSON.stringify(error)).not.toContain(goQuote(password).slice(1, -1));
      }
      // The errors that carried it say where it was.
      expect(errors[0]!.message).toContain('[REDACTED]');
    });
  }

  it('configuration errors never echo bindpass or client_tls_key values', () => {
    const secret = 'S3cr3t-P@ss!w0rd';
    const errors = new LdapConfigErrors([
      new LdapConfigError('bindpass', 'expected a string, got an object'),
      new LdapConfigError('client_tls_key', 'not a parseable PEM private key'),
    ]);
    expect(JSON.stringify(errors)).not.toContain(secret);
    expect(errors.errors.map((e) => e.key)).toEqual(['bindpass', 'client_tls_key']);
  });

  it('redactSecrets replaces literally, ignores empty secrets and leaves other text alone', () => {
    expect(redactSecrets('a$&b a$&b', ['$&'])).toBe('a[REDACTED]b a[REDACTED]b');
    expect(redactSecrets('abc', [''])).toBe('abc');
    expect(redactSecrets('abc', undefined)).toBe('abc');
  });

  it('toJSON holds only the documented fields (no cause, no stack)', () => {
    const error = new InvalidCredentialsError('x', { operation: 'bind' });
    expect(Object.keys(error.toJSON()).sort()).toEqual(
      [
        'code',
        'countsForLockout',
        'detail',
        'diagnosticMessage',
        'kind',
        'message',
        'name',
        'operation',
        'resultName',
      ].sort(),
    );
  });
});
