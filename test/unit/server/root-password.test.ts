/**
 * The rootdn's password as slapd keeps it: cleartext, or a hash as slappasswd makes it (the
 * values below are slappasswd's own output for `Good News, Everyone!`), checked as slapd checks it.
 */
import { describe, expect, it } from 'vitest';
import { rootPasswordMatches, rootpwOfClear } from '../../../src/server/accounts/root-password.js';
import { uncheckableScheme } from '../../../src/server/accounts/user-password.js';

const PASSWORD = 'Good News, Everyone!';
const SLAPPASSWD = [
  '{SSHA}ujaqbu7QUGwXyd5I2HZSGe+gcTyDxGCN',
  '{SHA}ejG4O/NFsyOIUfJGY6iOIllg0AE=',
  '{SMD5}9j2klsMgAAjFPJWK5PLlIBEHkeo=',
  '{MD5}5iQEdaZpDPFI7ZWJRKFoYA==',
];
const matches = (rootpw: string, candidate: string) => rootPasswordMatches(rootpw, Buffer.from(candidate));

describe('a rootpw', () => {
  it.each(SLAPPASSWD)('%s binds with the clear password it was made from, and with nothing else', (hash) => {
    expect(matches(hash, PASSWORD)).toBe(true);
    expect(matches(hash, 'good news, everyone!')).toBe(false);
    expect(matches(hash, hash)).toBe(false);
  });

  it('in clear binds with exactly itself', () => {
    expect(matches(PASSWORD, PASSWORD)).toBe(true);
    expect(matches(PASSWORD, `${PASSWORD} `)).toBe(false);
  });

  it("a malformed hash matches nothing, as slapd's {SSHA}garbage does", () => {
    expect(matches('{SSHA}garbage', 'garbage')).toBe(false);
  });

  it('a scheme it cannot check is named, a checkable one or cleartext is not', () => {
    expect(uncheckableScheme('{CRYPT}2lgjLv31E7UKk')).toBe('{CRYPT}');
    expect(uncheckableScheme('{PBKDF2-SHA512}10000$abc')).toBe('{PBKDF2-SHA512}');
    expect(SLAPPASSWD.map(uncheckableScheme)).toEqual([undefined, undefined, undefined, undefined]);
    expect(uncheckableScheme(PASSWORD)).toBeUndefined();
  });
});

describe('a clear password an image hashes itself', () => {
  it('stays as it is, unless it looks like {SCHEME}…: then it becomes a hash that binds with exactly it', () => {
    expect(rootpwOfClear(PASSWORD)).toBe(PASSWORD);
    const rootpw = rootpwOfClear('{SSHA}not-a-hash');
    expect(rootpw).toMatch(/^\{SSHA\}/);
    expect(rootpw).not.toBe('{SSHA}not-a-hash');
    expect(matches(rootpw, '{SSHA}not-a-hash')).toBe(true);
    expect(matches(rootpw, 'not-a-hash')).toBe(false);
  });
});
