import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  closestKnownKey,
  DEFAULT_GROUP_FILTER,
  DEFAULT_USER_FILTER,
  defaultLdapAuthConfig,
  LDAPTS_DEREF_ALIASES,
  ldapAuthConfigWarnings,
  NODE_TLS_VERSIONS,
  parseLdapAuthConfig,
  USERATTR_WARNING,
} from '../../../src/client/config/index.js';
import { parseLdapUrl } from '../../../src/client/config/ldap-url.js';
import { LdapConfigErrors } from '../../../src/client/errors/config.js';
import { LdapAuthError } from '../../../src/client/errors/index.js';
import { generateCA, issueServerCertificate } from '../../../src/server/tls/certificates.js';

function configErrors(input: unknown, options = {}): LdapConfigErrors {
  try {
    parseLdapAuthConfig(input, options);
  } catch (e) {
    expect(e).toBeInstanceOf(LdapConfigErrors);
    return e as LdapConfigErrors;
  }
  throw new Error('expected LdapConfigErrors, the configuration was accepted');
}

/** The reasons given for one key. */
function reasons(input: unknown, key: string): string[] {
  return configErrors(input)
    .forKey(key)
    .map((e) => e.reason);
}

let caPem: string;
let certA: { cert: string; key: string };
let certB: { cert: string; key: string };

beforeAll(() => {
  const ca = generateCA();
  caPem = ca.cert;
  certA = issueServerCertificate(ca, { hostNames: ['client-a'] });
  certB = issueServerCertificate(ca, { hostNames: ['client-b'] });
});

describe('defaults', () => {
  it("are OpenBao's", () => {
    expect(defaultLdapAuthConfig).toMatchObject({
      url: ['ldap://127.0.0.1'],
      userattr: 'cn',
      groupattr: 'cn',
      deny_null_bind: true,
      tls_min_version: 'tls12',
      tls_max_version: 'tls12',
      request_timeout: 90_000,
      connection_timeout: 30_000,
      userfilter: '({{.UserAttr}}={{.Username}})',
      groupfilter: '(|(memberUid={{.Username}})(member={{.UserDN}})(uniqueMember={{.UserDN}}))',
      case_sensitive_names: false,
      use_pre111_group_cn_behavior: false,
      use_token_groups: false,
      max_page_size: 0,
      dereference_aliases: 'never',
      token_type: 'default',
      starttls: false,
      insecure_tls: false,
      discoverdn: false,
      anonymous_group_search: false,
      username_as_alias: false,
    });
    expect(DEFAULT_USER_FILTER).toBe(defaultLdapAuthConfig.userfilter);
    expect(DEFAULT_GROUP_FILTER).toBe(defaultLdapAuthConfig.groupfilter);
    expect(Object.isFrozen(defaultLdapAuthConfig)).toBe(true);
    expect(Object.isFrozen(defaultLdapAuthConfig.url)).toBe(true);
  });

  it('an empty configuration resolves to the defaults, without warnings', () => {
    const { config, warnings } = parseLdapAuthConfig({});
    expect(config).toEqual(defaultLdapAuthConfig);
    expect(warnings).toEqual([]);
  });

  it('null and undefined values mean "not given"', () => {
    expect(parseLdapAuthConfig({ userattr: null, url: undefined }).config).toEqual(defaultLdapAuthConfig);
  });

  it('maps TLS versions and dereference settings to Node and ldapts names', () => {
    expect(NODE_TLS_VERSIONS.tls12).toBe('TLSv1.2');
    expect(NODE_TLS_VERSIONS.tls13).toBe('TLSv1.3');
    expect(LDAPTS_DEREF_ALIASES.searching).toBe('search');
    expect(LDAPTS_DEREF_ALIASES.finding).toBe('find');
  });
});

describe('every parameter of the OpenBao API', () => {
  it('is accepted and resolved', () => {
    const { config } = parseLdapAuthConfig({
      url: 'ldaps://dc1.example.com',
      case_sensitive_names: true,
      request_timeout: '10s',
      connection_timeout: '2s',
      starttls: false,
      tls_min_version: 'tls12',
      tls_max_version: 'tls13',
      insecure_tls: true,
      certificate: caPem,
      client_tls_cert: certA.cert,
      client_tls_key: certA.key,
      binddn: 'cn=vault,ou=users,dc=example,dc=com',
      bindpass: 'pw',
      userdn: 'ou=users,dc=example,dc=com',
      userattr: 'uid',
      discoverdn: true,
      deny_null_bind: false,
      upndomain: 'example.com',
      userfilter: '(&(objectClass=person)({{.UserAttr}}={{.Username}}))',
      anonymous_group_search: true,
      groupfilter: '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={{.UserDN}}))',
      groupdn: 'ou=groups,dc=example,dc=com',
      groupattr: 'memberOf',
      username_as_alias: true,
      use_token_groups: true,
      use_pre111_group_cn_behavior: true,
      max_page_size: 500,
      dereference_aliases: 'finding',
      token_policies: 'a,b',
      token_no_default_policy: true,
      token_ttl: '1h',
      token_max_ttl: '2h',
      token_explicit_max_ttl: '3h',
      token_period: '4h',
      token_bound_cidrs: '10.0.0.0/8',
      token_strictly_bind_ip: false,
      token_num_uses: 5,
      token_type: 'service',
    });
    const hour = 3_600_000;
    expect(config).toEqual({
      ...defaultLdapAuthConfig,
      url: ['ldaps://dc1.example.com'],
      case_sensitive_names: true,
      request_timeout: 10_000,
      connection_timeout: 2000,
      tls_max_version: 'tls13',
      insecure_tls: true,
      certificate: caPem,
      client_tls_cert: certA.cert,
      client_tls_key: certA.key,
      binddn: 'cn=vault,ou=users,dc=example,dc=com',
      bindpass: 'pw',
      userdn: 'ou=users,dc=example,dc=com',
      userattr: 'uid',
      discoverdn: true,
      deny_null_bind: false,
      upndomain: 'example.com',
      userfilter: '(&(objectClass=person)({{.UserAttr}}={{.Username}}))',
      anonymous_group_search: true,
      groupfilter: '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={{.UserDN}}))',
      groupdn: 'ou=groups,dc=example,dc=com',
      groupattr: 'memberOf',
      username_as_alias: true,
      use_token_groups: true,
      use_pre111_group_cn_behavior: true,
      max_page_size: 500,
      dereference_aliases: 'finding',
      token_policies: ['a', 'b'],
      token_no_default_policy: true,
      token_ttl: hour,
      token_max_ttl: 2 * hour,
      token_explicit_max_ttl: 3 * hour,
      token_period: 4 * hour,
      token_bound_cidrs: ['10.0.0.0/8'],
      token_num_uses: 5,
      token_type: 'service',
    });
  });
});

describe('normalisation', () => {
  it('lower-cases the whole url and splits it on commas, in order', () => {
    const { config } = parseLdapAuthConfig({ url: 'LDAP://DC1.Example.COM,ldaps://dc2.example.com:1636' });
    expect(config.url).toEqual(['ldap://dc1.example.com', 'ldaps://dc2.example.com:1636']);
  });

  it('trims spaces around the commas of url, and accepts an array', () => {
    expect(parseLdapAuthConfig({ url: 'ldap://a , ldap://b' }).config.url).toEqual(['ldap://a', 'ldap://b']);
    expect(parseLdapAuthConfig({ url: ['ldap://a', 'LDAPS://B'] }).config.url).toEqual([
      'ldap://a',
      'ldaps://b',
    ]);
  });

  it('lower-cases userattr but keeps groupattr as written', () => {
    const { config } = parseLdapAuthConfig({ userattr: 'sAMAccountName', groupattr: 'memberOf' });
    expect(config.userattr).toBe('samaccountname');
    expect(config.groupattr).toBe('memberOf');
  });

  it('reads durations as Go durations or seconds, into milliseconds', () => {
    const { config } = parseLdapAuthConfig({
      request_timeout: '1m30s',
      connection_timeout: 5,
      token_ttl: '1h',
      token_max_ttl: '2h',
      token_period: '30',
      token_explicit_max_ttl: '7d',
    });
    expect(config.request_timeout).toBe(90_000);
    expect(config.connection_timeout).toBe(5000);
    expect(config.token_ttl).toBe(3_600_000);
    expect(config.token_max_ttl).toBe(7_200_000);
    expect(config.token_period).toBe(30_000);
    expect(config.token_explicit_max_ttl).toBe(7 * 86_400_000);
    expect(parseLdapAuthConfig({ request_timeout: 0 }).config.request_timeout).toBe(0);
  });

  it('reads booleans as OpenBao does (Go ParseBool strings, 0 and 1)', () => {
    const truthy = ['true', 'True', 'TRUE', 't', 'T', '1', true, 1];
    for (const value of truthy)
      expect(parseLdapAuthConfig({ starttls: value }).config.starttls, String(value)).toBe(true);
    const falsy = ['false', 'False', 'FALSE', 'f', 'F', '0', false, 0];
    for (const value of falsy) {
      expect(parseLdapAuthConfig({ deny_null_bind: value }).config.deny_null_bind, String(value)).toBe(false);
    }
  });

  it('reads numbers given as strings', () => {
    expect(parseLdapAuthConfig({ max_page_size: '1000' }).config.max_page_size).toBe(1000);
    expect(parseLdapAuthConfig({ token_num_uses: ' 3 ' }).config.token_num_uses).toBe(3);
  });

  it('reads strings given as numbers (a numeric bind password)', () => {
    expect(parseLdapAuthConfig({ bindpass: 12345 }).config.bindpass).toBe('12345');
  });

  it('reads lists as comma strings or arrays, trimmed, empties dropped', () => {
    expect(parseLdapAuthConfig({ token_policies: ' a, b ,,' }).config.token_policies).toEqual(['a', 'b']);
    expect(parseLdapAuthConfig({ token_policies: ['x', ' y '] }).config.token_policies).toEqual(['x', 'y']);
    expect(
      parseLdapAuthConfig({ token_bound_cidrs: '10.0.0.0/8, 192.168.1.7,::1/128' }).config.token_bound_cidrs,
    ).toEqual(['10.0.0.0/8', '192.168.1.7', '::1/128']);
  });

  it('takes the deprecated policies as token_policies', () => {
    expect(parseLdapAuthConfig({ policies: 'a,b' }).config.token_policies).toEqual(['a', 'b']);
    expect(
      parseLdapAuthConfig({ policies: 'a,b', token_policies: ['a', 'b'] }).config.token_policies,
    ).toEqual(['a', 'b']);
    expect('policies' in parseLdapAuthConfig({ policies: 'a' }).config).toBe(false);
  });

  it('an empty userfilter means the default one; an empty groupfilter stays empty (no group search)', () => {
    const { config } = parseLdapAuthConfig({ userfilter: '', groupfilter: '' });
    expect(config.userfilter).toBe(DEFAULT_USER_FILTER);
    expect(config.groupfilter).toBe('');
  });

  it('reads dereference_aliases and token_type case-insensitively; an empty token_type is default', () => {
    expect(parseLdapAuthConfig({ dereference_aliases: 'Always' }).config.dereference_aliases).toBe('always');
    expect(parseLdapAuthConfig({ token_type: '' }).config.token_type).toBe('default');
    expect(parseLdapAuthConfig({ token_type: 'batch' }).config.token_type).toBe('batch');
  });

  it('accepts a binddn that is not a DN (AD takes UPN and DOMAIN\\user service accounts)', () => {
    expect(parseLdapAuthConfig({ binddn: 'svc-vault@ad.example.com' }).config.binddn).toBe(
      'svc-vault@ad.example.com',
    );
    expect(parseLdapAuthConfig({ binddn: 'AD\\svc-vault' }).config.binddn).toBe('AD\\svc-vault');
  });

  it('returns a frozen configuration', () => {
    const { config } = parseLdapAuthConfig({ url: 'ldap://a', token_policies: 'x' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.url)).toBe(true);
    expect(Object.isFrozen(config.token_policies)).toBe(true);
  });

  it('merges into a base configuration: keys not given keep the base values', () => {
    const { config: first } = parseLdapAuthConfig({
      url: 'ldaps://dc1',
      binddn: 'cn=svc',
      bindpass: 'pw',
      max_page_size: 1000,
    });
    const { config: second } = parseLdapAuthConfig({ userattr: 'uid' }, { base: first });
    expect(second).toEqual({ ...first, userattr: 'uid' });
  });
});

describe('validation', () => {
  it('reports every problem at once, each with its key', () => {
    const error = configErrors({
      url: 5,
      starttls: 'yes',
      request_timeout: '-1s',
      usrattr: 'uid',
      tls_min_version: 'tls14',
    });
    expect(error.errors.map((e) => e.key).sort()).toEqual(
      ['request_timeout', 'starttls', 'tls_min_version', 'url', 'usrattr'].sort(),
    );
    expect(error.message).toMatch(/^invalid LDAP auth configuration \(5 problems\):\n {2}url: /);
    for (const e of error.errors) {
      expect(e.message).toBe(`${e.key}: ${e.reason}`);
      expect(e.kind).toBe('config');
    }
    expect(error).toBeInstanceOf(LdapAuthError);
  });

  it('names one problem on one line', () => {
    expect(configErrors({ starttls: 'yes' }).message).toBe(
      'invalid LDAP auth configuration: starttls: expected a boolean (true or false), got the string "yes"',
    );
  });

  it('rejects a configuration that is not an object', () => {
    for (const input of [null, 'url=x', 5, ['url']]) {
      expect(configErrors(input).errors[0]?.key).toBe('(config)');
    }
  });

  it('rejects unknown keys, suggesting the closest known key', () => {
    expect(reasons({ usrattr: 'uid' }, 'usrattr')).toEqual(['unknown key; did you mean "userattr"?']);
    expect(reasons({ bindDN: 'x' }, 'bindDN')).toEqual(['unknown key; did you mean "binddn"?']);
    // Even when its value is null, which a known key takes as "the default".
    expect(reasons({ usrattr: null }, 'usrattr')).toEqual(['unknown key; did you mean "userattr"?']);
    expect(reasons({ caseSensitiveNames: true }, 'caseSensitiveNames')).toEqual([
      'unknown key; did you mean "case_sensitive_names"?',
    ]);
    expect(reasons({ searchBase: 'x' }, 'searchBase')).toEqual(['unknown key; did you mean "userdn"?']);
    expect(reasons({ bindPassword: 'x' }, 'bindPassword')).toEqual(['unknown key; did you mean "bindpass"?']);
    expect(reasons({ zzzzzz: 1 }, 'zzzzzz')).toEqual(['unknown key']);
    expect(closestKnownKey('groupatr')).toBe('groupattr');
    expect(closestKnownKey('tls_min')).toBe('tls_min_version');
  });

  // OpenBao stores any URL and finds out when it dials (SPEC §6): a URL that cannot be used is a
  // warning and one failed entry of the failover, never a refused configuration.
  const urlWarning = (url: unknown) => {
    const { config, warnings } = parseLdapAuthConfig({ url });
    expect(config.url.length).toBeGreaterThan(0);
    return warnings.filter((warning) => warning.startsWith('url: ')).join('\n');
  };

  it('accepts URLs that are not ldap:// or ldaps://, with a warning naming each', () => {
    expect(urlWarning('http://x')).toContain('unsupported scheme "http" (only ldap and ldaps)');
    expect(urlWarning('ldap://ok,foobar://x')).toBe(
      'url: URL 2 of 2 "foobar://x": unsupported scheme "foobar" (only ldap and ldaps); it will fail when dialled',
    );
    expect(urlWarning('ldap.example.com')).toContain('not a URL');
    expect(urlWarning('ldapi:///var/run/slapd.sock')).toContain('"ldapi"');
    expect(urlWarning('ldap://ok,ldaps://ok2:636')).toBe('');
  });

  it('warns about bad ports and a missing host; refuses empty list items', () => {
    expect(urlWarning('ldap://localhost:384654786')).toContain('invalid port "384654786"');
    expect(urlWarning('ldap://localhost:0')).toContain('invalid port "0"');
    expect(urlWarning('ldap://localhost:ab')).toContain('invalid port');
    expect(urlWarning('ldap://')).toContain('no host');
    expect(urlWarning('ldap://a b')).toContain('invalid character');
    expect(urlWarning('ldap://::1')).toContain('brackets');
    expect(reasons({ url: 'ldap://a,' }, 'url')).toEqual(['URL 2 of 2 is empty']);
    expect(reasons({ url: '' }, 'url')).toEqual(['URL is empty']);
    expect(reasons({ url: [] }, 'url')).toEqual(['at least one URL is needed']);
  });

  it('warns about user info in a URL without repeating the password', () => {
    const warning = urlWarning('ldap://admin:S3cr3tPw@dc1.example.com');
    expect(warning).toContain('user info');
    expect(warning).not.toContain('S3cr3tPw');
    expect(warning).toContain('ldap://***@dc1.example.com');
  });

  it('rejects negative and malformed durations', () => {
    expect(reasons({ request_timeout: '-1s' }, 'request_timeout')[0]).toContain('must not be negative');
    expect(reasons({ connection_timeout: -5 }, 'connection_timeout')[0]).toContain('must not be negative');
    expect(reasons({ request_timeout: '30 seconds' }, 'request_timeout')[0]).toContain(
      'unknown unit " seconds"',
    );
    expect(reasons({ token_ttl: true }, 'token_ttl')[0]).toContain('got a boolean');
  });

  it('rejects wrong types, naming the type', () => {
    expect(reasons({ binddn: {} }, 'binddn')).toEqual(['expected a string, got an object']);
    expect(reasons({ url: 5 }, 'url')[0]).toContain('got a number');
    expect(reasons({ starttls: 2 }, 'starttls')[0]).toContain('got a number');
    expect(reasons({ token_policies: [1] }, 'token_policies')[0]).toBe(
      'item 1 of the list is a number, expected a string',
    );
    expect(reasons({ max_page_size: '1.5' }, 'max_page_size')[0]).toContain('expected a whole number');
    expect(reasons({ max_page_size: -1 }, 'max_page_size')[0]).toContain('must not be negative');
    expect(reasons({ max_page_size: 2 ** 31 }, 'max_page_size')[0]).toContain('at most 2147483647');
    expect(reasons({ token_num_uses: '-1' }, 'token_num_uses')[0]).toContain('must not be negative');
  });

  it('never repeats a secret value in an error', () => {
    const error = configErrors({
      bindpass: { password: 'S3cr3tPw' },
      client_tls_key: 'S3cr3tKey',
      client_tls_cert: '',
    });
    expect(JSON.stringify(error)).not.toContain('S3cr3t');
    expect(error.message).not.toContain('S3cr3t');
    expect(String(error.stack)).not.toContain('S3cr3t');
  });

  it('rejects templates that do not compile, with the position', () => {
    const [reason] = reasons({ userfilter: 'hello{{range' }, 'userfilter');
    expect(reason).toContain('invalid template: unclosed action');
    expect(reason).toContain('position 5');
    expect(reasons({ groupfilter: '(member={{.UserDN)' }, 'groupfilter')[0]).toContain('unclosed action');
  });

  it('rejects template fields the filter cannot use', () => {
    expect(reasons({ userfilter: '(member={{.UserDN}})' }, 'userfilter')).toEqual([
      'unknown template field .UserDN; this filter can use {{.UserAttr}} and {{.Username}}',
    ]);
    expect(reasons({ groupfilter: '({{.UserAttr}}={{.Username}})' }, 'groupfilter')[0]).toContain(
      'unknown template field .UserAttr; this filter can use {{.UserDN}} and {{.Username}}',
    );
    expect(reasons({ userfilter: '(cn={{.Foo}})' }, 'userfilter')[0]).toContain('.Foo');
  });

  it('rejects templates that do not render to a filter', () => {
    const [reason] = reasons({ userfilter: '(&(uid={{.Username}})' }, 'userfilter');
    expect(reason).toContain('does not render to a valid LDAP filter');
    expect(reason).toContain('"(&(uid=x)"');
  });

  it('accepts the AD nested-group filter and a multi-line filter', () => {
    const groupfilter = '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={{.UserDN}}))';
    expect(parseLdapAuthConfig({ groupfilter }).config.groupfilter).toBe(groupfilter);
    const userfilter = '(&\n  (objectClass=person)\n  ({{.UserAttr}}={{.Username}})\n)';
    expect(parseLdapAuthConfig({ userfilter }).config.userfilter).toBe(userfilter);
  });

  it('rejects attribute names that are not attribute descriptions', () => {
    expect(reasons({ userattr: 'c n' }, 'userattr')[0]).toContain('not an attribute name');
    expect(reasons({ userattr: '' }, 'userattr')).toEqual(['must not be empty']);
    expect(reasons({ groupattr: 'member*' }, 'groupattr')[0]).toContain('not an attribute name');
    expect(parseLdapAuthConfig({ userattr: '0.9.2342.19200300.100.1.1' }).config.userattr).toBe(
      '0.9.2342.19200300.100.1.1',
    );
  });

  it('rejects userdn and groupdn that are not DNs', () => {
    expect(reasons({ userdn: 'people' }, 'userdn')[0]).toContain('not a valid DN');
    expect(reasons({ groupdn: 'ou=g,,dc=x' }, 'groupdn')[0]).toContain('not a valid DN');
    expect(parseLdapAuthConfig({ userdn: 'ou=People, dc=Example,dc=com' }).config.userdn).toBe(
      'ou=People, dc=Example,dc=com',
    );
  });

  it('rejects tls_min_version above tls_max_version, and unknown versions', () => {
    expect(reasons({ tls_min_version: 'tls13' }, 'tls_max_version')).toEqual([
      'must be greater than or equal to tls_min_version (tls12 < tls13)',
    ]);
    expect(
      parseLdapAuthConfig({ tls_min_version: 'tls13', tls_max_version: 'tls13' }).config.tls_min_version,
    ).toBe('tls13');
    expect(reasons({ tls_max_version: 'tls14' }, 'tls_max_version')[0]).toContain(
      'expected one of tls10, tls11, tls12, tls13',
    );
  });

  it('rejects an unknown dereference_aliases (OpenBao would silently use never)', () => {
    expect(reasons({ dereference_aliases: 'sometimes' }, 'dereference_aliases')[0]).toContain(
      'expected one of never, searching, finding, always',
    );
  });

  it('checks the certificate: empty is fine, garbage and keys are not', () => {
    expect(parseLdapAuthConfig({ certificate: '' }).config.certificate).toBe('');
    expect(reasons({ certificate: 'cats' }, 'certificate')).toEqual([
      'no PEM block found (expected -----BEGIN CERTIFICATE-----)',
    ]);
    expect(reasons({ certificate: certA.key }, 'certificate')[0]).toContain('expected CERTIFICATE');
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n';
    expect(reasons({ certificate: broken }, 'certificate')[0]).toContain('not a parseable X.509 certificate');
    expect(reasons({ certificate: '-----BEGIN CERTIFICATE-----\nabc' }, 'certificate')[0]).toContain(
      'no END line',
    );
  });

  it('accepts a valid CA certificate and a bundle, with text around the blocks', () => {
    expect(parseLdapAuthConfig({ certificate: caPem }).config.certificate).toBe(caPem);
    const bundle = `Our CA\n${caPem}\nthe server\n${certA.cert}`;
    expect(parseLdapAuthConfig({ certificate: bundle }).config.certificate).toBe(bundle);
    const withKey = `${caPem}${certA.key}`;
    expect(reasons({ certificate: withKey }, 'certificate')[0]).toMatch(
      /PEM block 2 of 2 is ".*PRIVATE KEY", expected CERTIFICATE/,
    );
  });

  it('needs both client_tls_cert and client_tls_key, or neither', () => {
    expect(reasons({ client_tls_cert: certA.cert }, 'client_tls_key')).toEqual([
      'both client_tls_cert and client_tls_key must be set, or neither',
    ]);
    expect(reasons({ client_tls_key: certA.key }, 'client_tls_cert')).toEqual([
      'both client_tls_cert and client_tls_key must be set, or neither',
    ]);
  });

  it('checks that the client key matches the client certificate', () => {
    const { config } = parseLdapAuthConfig({ client_tls_cert: certA.cert, client_tls_key: certA.key });
    expect(config.client_tls_cert).toBe(certA.cert);
    expect(reasons({ client_tls_cert: certA.cert, client_tls_key: certB.key }, 'client_tls_key')).toEqual([
      'does not match the public key of client_tls_cert',
    ]);
    expect(reasons({ client_tls_cert: certA.cert, client_tls_key: 'garbage' }, 'client_tls_key')).toEqual([
      'not a parseable PEM private key',
    ]);
    expect(
      reasons({ client_tls_cert: 'garbage', client_tls_key: certA.key }, 'client_tls_cert')[0],
    ).toContain('no PEM block');
  });

  it('rejects an encrypted client key', () => {
    const { privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' },
    });
    expect(reasons({ client_tls_cert: certA.cert, client_tls_key: privateKey }, 'client_tls_key')).toEqual([
      'the private key is encrypted; give it unencrypted',
    ]);
  });

  it('checks the token fields', () => {
    expect(reasons({ token_ttl: '2h', token_max_ttl: '1h' }, 'token_ttl')).toEqual([
      'must not be greater than token_max_ttl',
    ]);
    expect(parseLdapAuthConfig({ token_ttl: '2h', token_max_ttl: 0 }).config.token_ttl).toBe(7_200_000);
    expect(reasons({ token_bound_cidrs: '10.0.0.0/8,nope,10.0.0.0/33' }, 'token_bound_cidrs')).toEqual([
      'not an IP address or CIDR block: "nope", "10.0.0.0/33"',
    ]);
    expect(
      reasons({ token_strictly_bind_ip: true, token_bound_cidrs: '10.0.0.0/8' }, 'token_strictly_bind_ip'),
    ).toEqual(['conflicts with token_bound_cidrs; set only one of them']);
    expect(reasons({ token_type: 'weird' }, 'token_type')[0]).toContain(
      'expected one of default, service, batch',
    );
    expect(reasons({ policies: 'a', token_policies: 'b' }, 'policies')[0]).toContain(
      'give only token_policies',
    );
  });

  it('checks the merged configuration against a base', () => {
    const { config: base } = parseLdapAuthConfig({ tls_max_version: 'tls13', tls_min_version: 'tls13' });
    expect(() => parseLdapAuthConfig({ tls_max_version: 'tls12' }, { base })).toThrow(
      /tls_max_version: must be greater than or equal to tls_min_version/,
    );
  });
});

describe('the userattr warning', () => {
  it('fires when the user filter does not consider userattr', () => {
    expect(parseLdapAuthConfig({ userfilter: '(mail={{.Username}})' }).warnings).toEqual([USERATTR_WARNING]);
    expect(USERATTR_WARNING).toBe(
      'userfilter configured does not consider userattr and may result in colliding entity aliases on logins',
    );
  });

  it('fires with upndomain set too', () => {
    expect(
      parseLdapAuthConfig({ userfilter: '(mail={{.Username}})', upndomain: 'example.com' }).warnings,
    ).toEqual([USERATTR_WARNING]);
  });

  it('does not fire when the filter uses {{.UserAttr}} (with or without spaces) or the attribute itself', () => {
    const quiet = [
      { userfilter: '({{.UserAttr}}={{.Username}})' },
      { userfilter: '({{ .UserAttr }}={{.Username}})' },
      { userfilter: '(|(cn={{.Username}})(mail={{.Username}}))' },
      { userfilter: '(&(objectClass=user)(sAMAccountName={{.Username}}))', userattr: 'sAMAccountName' },
      { userfilter: '(!(UID={{.Username}}))', userattr: 'uid' },
    ];
    for (const input of quiet) expect(parseLdapAuthConfig(input).warnings, input.userfilter).toEqual([]);
  });

  it('is also available for a stored configuration (OpenBao warns on read)', () => {
    const { config } = parseLdapAuthConfig({ userfilter: '(mail={{.Username}})' });
    expect(ldapAuthConfigWarnings(config)).toEqual([USERATTR_WARNING]);
    expect(ldapAuthConfigWarnings(defaultLdapAuthConfig)).toEqual([]);
  });
});

describe('parseLdapUrl', () => {
  it('splits scheme, host and port, with default ports', () => {
    expect(parseLdapUrl('ldap://dc1.example.com')).toEqual({
      url: 'ldap://dc1.example.com',
      scheme: 'ldap',
      host: 'dc1.example.com',
      port: 389,
    });
    expect(parseLdapUrl('ldaps://dc1.example.com')).toMatchObject({ scheme: 'ldaps', port: 636 });
    expect(parseLdapUrl('ldap://127.0.0.1:1389/dc=example,dc=com??sub')).toMatchObject({
      host: '127.0.0.1',
      port: 1389,
    });
    expect(parseLdapUrl('ldaps://[::1]:1636')).toMatchObject({ host: '::1', port: 1636 });
    expect(parseLdapUrl('ldap://[fe80::1]')).toMatchObject({ host: 'fe80::1', port: 389 });
  });

  it('throws with the reason', () => {
    expect(() => parseLdapUrl('ldap://[::1')).toThrow("IPv6 address without its closing ']'");
    expect(() => parseLdapUrl('ldap://[nope]')).toThrow('is not an IPv6 address');
    expect(() => parseLdapUrl('ldap://[::1]x')).toThrow('after the IPv6 address');
    expect(() => parseLdapUrl('ldap://h:65536')).toThrow('invalid port "65536"');
  });
});
