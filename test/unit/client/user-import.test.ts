import { describe, expect, test } from 'vitest';
import type { LdapConfigErrors } from '../../../src/client/errors/config.js';
import {
  ANY_USER_PLACEHOLDER,
  checkAttributeMap,
  defaultAttributeMap,
  mapUser,
  wildcardUserFilter,
} from '../../../src/client/user-import.js';
import { escapeFilterValue } from '../../../src/core/filter-escape.js';

const map = {
  username: 'sAMAccountName',
  email: 'mail',
  is_active: 'userAccountControl',
  groups: 'memberOf',
};

describe('mapUser', () => {
  test('attribute names match in any case; memberOf DNs become CNs, de-duplicated', () => {
    expect(
      mapUser(
        'CN=a,DC=x',
        {
          samaccountname: ['a'],
          MAIL: ['a@x'],
          userAccountControl: ['512'],
          memberOf: ['CN=Dev,DC=x', 'cn=Dev,OU=other,DC=x', 'not a dn'],
        },
        map,
      ),
    ).toEqual({ dn: 'CN=a,DC=x', username: 'a', email: 'a@x', is_active: true, groups: ['Dev', 'not a dn'] });
  });

  test.each([
    ['userAccountControl', '514', false],
    ['userAccountControl', '66048', true],
    ['userAccountControl', '66050', false],
    ['pwdAccountLockedTime', '000001010000Z', false],
    ['nsAccountActive', 'FALSE', false],
    ['nsAccountActive', 'TRUE', true],
  ])('is_active from %s %s → %s', (attribute, value, active) => {
    const user = mapUser(
      'cn=u',
      { uid: ['u'], [attribute]: [value] },
      { username: 'uid', is_active: attribute },
    );
    expect('is_active' in user && user.is_active).toBe(active);
  });

  test('a user without the is_active attribute is active', () => {
    expect(
      mapUser('cn=u', { uid: ['u'] }, { username: 'uid', is_active: 'userAccountControl' }),
    ).toMatchObject({
      is_active: true,
    });
  });

  test('an entry without a username value is skipped with the reason', () => {
    expect(mapUser('cn=u', { cn: ['u'] }, { username: 'uid' })).toEqual({
      dn: 'cn=u',
      reason: 'no value for username (attribute uid)',
    });
  });
});

describe('attribute maps', () => {
  test('the default takes username from userattr', () => {
    expect(defaultAttributeMap('sAMAccountName')).toEqual({
      username: 'sAMAccountName',
      name: 'cn',
      email: 'mail',
    });
  });

  test('every problem is named by key', () => {
    let caught: unknown;
    try {
      checkAttributeMap({ email: ' ', nickname: 'x' } as never);
    } catch (error) {
      caught = error;
    }
    expect((caught as LdapConfigErrors).errors.map((e) => e.message)).toEqual([
      'attributeMap.email: needs an LDAP attribute name',
      'attributeMap.nickname: unknown field (fields: name, username, email, is_active, groups, phone, comment)',
      'attributeMap.username: is required',
    ]);
  });
});

describe('the wildcard user filter', () => {
  test('the placeholder passes through filter escaping unchanged', () => {
    expect(escapeFilterValue(ANY_USER_PLACEHOLDER, { escapeNonAscii: true })).toBe(ANY_USER_PLACEHOLDER);
  });

  test('every occurrence becomes *, as JumpServer substitutes %(user)s', () => {
    expect(
      wildcardUserFilter(
        `(&(objectClass=user)(|(cn=${ANY_USER_PLACEHOLDER})(mail=${ANY_USER_PLACEHOLDER}@x)))`,
      ),
    ).toBe('(&(objectClass=user)(|(cn=*)(mail=*@x)))');
  });
});
