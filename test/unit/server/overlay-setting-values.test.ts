/** The values of slapo-unique's olcUniqueURI and slapo-sssvlv's olcSssVlvMaxKeys, as slapd reads them. */
import { describe, expect, it } from 'vitest';
import { maxKeysOf, uniqueDomainOf } from '../../../src/server/bootstrap/setting-values.js';

describe('uniqueDomainOf', () => {
  it('reads base, attributes, scope and filter; no scope is a subtree, no base the suffix', () => {
    expect(uniqueDomainOf('ldap:///?mail?sub')).toEqual({
      strict: false,
      ignore: false,
      uris: [{ scope: 'sub', attributes: ['mail'] }],
    });
    expect(
      uniqueDomainOf('{0}strict ignore ldap:///ou=people,dc=example,dc=org?uid,cn?one?(objectClass=person)'),
    ).toEqual({
      strict: true,
      ignore: true,
      uris: [
        {
          base: 'ou=people,dc=example,dc=org',
          scope: 'one',
          attributes: ['uid', 'cn'],
          filter: { type: 'equality', attribute: 'objectClass', value: Buffer.from('person') },
        },
      ],
    });
    expect(uniqueDomainOf('serialize ldap:///?uid ldap:///ou=x,dc=y?mail?children')).toMatchObject({
      uris: [
        { scope: 'sub', attributes: ['uid'] },
        { base: 'ou=x,dc=y', scope: 'children', attributes: ['mail'] },
      ],
    });
    // Percent-encoding, as in any LDAP URL.
    expect(uniqueDomainOf('ldap:///ou=a%20b,dc=y?mail?sub')).toMatchObject({
      uris: [{ base: 'ou=a b,dc=y' }],
    });
  });

  it('names what slapd refuses: a base scope, an unknown scope, a bad filter, no URI', () => {
    expect(uniqueDomainOf('ldap:///?mail?base')).toEqual({
      problem: 'a URI with base scope is always unique',
    });
    expect(uniqueDomainOf('ldap:///?mail?subtree')).toEqual({
      problem: 'unknown scope "subtree" in ldap:///?mail?subtree',
    });
    expect(uniqueDomainOf('ldap:///?mail?sub?(mail=')).toMatchObject({
      problem: expect.stringContaining('bad filter'),
    });
    expect(uniqueDomainOf('strict ignore ')).toEqual({ problem: 'no ldap:/// URI in "strict ignore "' });
    expect(uniqueDomainOf('http://x/')).toEqual({ problem: '"http://x/" is not an ldap:/// URI' });
  });
});

describe('maxKeysOf', () => {
  it('takes a positive number only', () => {
    expect(maxKeysOf('3')).toBe(3);
    expect(maxKeysOf(' 12 ')).toBe(12);
    expect(maxKeysOf('0')).toBeUndefined();
    expect(maxKeysOf('three')).toBeUndefined();
  });
});
