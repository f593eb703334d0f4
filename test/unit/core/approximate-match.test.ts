import { describe, expect, it } from 'vitest';
import {
  type ApproximateForm,
  approximateAssertionCodes,
  approximatelyMatches,
  approximateValueCodes,
} from '../../../src/core/approximate-match.js';

const matches = (value: string, assertion: string, form: ApproximateForm = 'directoryString') =>
  approximatelyMatches(approximateValueCodes(value, form), approximateAssertionCodes(assertion, form));

// Measured on slapd 2.5.13 (ldapsearch … '(attr~=…)') on fixtures/openldap/default.ldif and on entries
// added for the purpose (ﬁsh, 'a ☃ b', '   ', NUL in description and mail); the empty assertion is
// Undefined on slapd before any matching (an empty Directory String), so here it only must not match.
describe('approximate matching as slapd', () => {
  it('compares phonetic codes, so digits do not count: (sn~=User0001) finds User0002', () => {
    expect(matches('User0002', 'User0001')).toBe(true);
    expect(matches('bob', 'BOB', 'ia5String')).toBe(true);
    expect(matches('Alice', 'alyce')).toBe(true);
  });

  it('finds each assertion word after the previous one', () => {
    expect(matches('Alice Liddell', 'alice liddel')).toBe(true);
    expect(matches('Alice Liddell', 'liddell alice')).toBe(false);
    expect(matches('Application developers', 'application developers')).toBe(true);
    expect(matches('Application developers', 'developers application')).toBe(false);
    expect(matches('Lou Locked', 'Lu Lokt')).toBe(true);
  });

  it('lets a word without letters match any word that starts with a non-letter', () => {
    expect(matches('Bulk User 0001', 'bulk 0007')).toBe(true);
    expect(matches('Bulk User 0001', '0001')).toBe(true);
    expect(matches('User0001', '123')).toBe(false);
  });

  it('drops what is not ASCII after decomposition: Müller is Muller', () => {
    expect(matches('Müller', 'muller')).toBe(true);
    expect(matches('Müller', 'Mueller')).toBe(true);
    expect(matches('ﬁsh', 'fish')).toBe(true);
  });

  it('codes a word only up to its first punctuation', () => {
    expect(matches('#Smith, "J+R" Müller ', 'smith')).toBe(false);
    expect(matches('alice@example.org', 'alice', 'ia5String')).toBe(true);
  });

  it('matches nothing for an assertion of spaces only', () => {
    expect(matches('Alice', '   ')).toBe(false);
    expect(matches('Alice', '')).toBe(false);
  });

  it('collapses spaces in the assertion after dropping non-ASCII, in the value before', () => {
    expect(approximateAssertionCodes('a ☃ b', 'directoryString')).toEqual(['A', 'B']);
    expect(approximateValueCodes('a ☃ b', 'directoryString')).toEqual(['A', '', 'B']);
    expect(approximateValueCodes('  a   b  ', 'directoryString')).toEqual(['A', 'B']);
    expect(approximateValueCodes('   ', 'directoryString')).toEqual(['', '']);
    expect(approximateValueCodes('   ', 'ia5String')).toEqual(['']);
  });

  it('reads a value up to a NUL; in an assertion a NUL separates words', () => {
    expect(approximateValueCodes('alice\0liddell', 'directoryString')).toEqual(['ALS']);
    expect(approximateAssertionCodes('alice\0liddell', 'directoryString')).toEqual(['ALS', 'LTL']);
    expect(approximateAssertionCodes('alice\0liddell', 'ia5String')).toEqual(['ALS']);
  });
});
