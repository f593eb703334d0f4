import { describe, expect, it } from 'vitest';
import { extractGroupNames, getCN } from '../../../src/client/group-names.js';

describe('getCN', () => {
  it('returns plain names unchanged (they do not parse as DNs)', () => {
    expect(getCN('admin_staff')).toBe('admin_staff');
    expect(getCN('Doe, John')).toBe('Doe, John');
    expect(getCN('')).toBe('');
    expect(getCN('   ')).toBe('   ');
  });

  it('takes the CN value of a DN, any case of the type without pre111', () => {
    expect(getCN('cn=admins,ou=groups,dc=example,dc=com')).toBe('admins');
    expect(getCN('CN=Domain Admins,CN=Users,DC=ad,DC=example')).toBe('Domain Admins');
    expect(getCN('Cn=mixed,dc=x')).toBe('mixed');
  });

  it('with use_pre111_group_cn_behavior only the exact type CN counts', () => {
    expect(getCN('cn=admins,ou=groups,dc=example,dc=com', { pre111: true })).toBe(
      'cn=admins,ou=groups,dc=example,dc=com',
    );
    expect(getCN('CN=Admins,OU=Groups,DC=ad', { pre111: true })).toBe('Admins');
    expect(getCN('cn=lower,CN=Upper,dc=x', { pre111: true })).toBe('Upper');
  });

  it('finds a CN that is not in the first RDN, scanning left to right', () => {
    expect(getCN('ou=eng,cn=team,dc=example')).toBe('team');
    expect(getCN('ou=eng,cn=first,cn=second')).toBe('first');
  });

  it('finds a CN inside a multi-valued RDN', () => {
    expect(getCN('uid=b+cn=a,dc=x')).toBe('a');
    expect(getCN('cn=a+uid=b,dc=x')).toBe('a');
  });

  it('returns the DN itself when it has no CN', () => {
    expect(getCN('ou=people,dc=example,dc=com')).toBe('ou=people,dc=example,dc=com');
    expect(getCN('cname=x,dc=y')).toBe('cname=x,dc=y');
  });

  it('decodes escapes in the value', () => {
    expect(getCN('cn=Doe\\, John,ou=people,dc=x')).toBe('Doe, John');
    expect(getCN('cn=caf\\C3\\A9,dc=x')).toBe('café');
    expect(getCN('cn=\\#hash,dc=x')).toBe('#hash');
  });

  it('turns a cn value that looks like a DN into its CN (a cn of "cn=x" yields x)', () => {
    expect(getCN('cn=x')).toBe('x');
  });
});

describe('extractGroupNames', () => {
  const groupEntries = [
    { dn: 'cn=admin_staff,ou=people,dc=planetexpress,dc=com', attributes: { cn: ['admin_staff'] } },
    { dn: 'cn=ship_crew,ou=people,dc=planetexpress,dc=com', attributes: { cn: 'ship_crew' } },
  ];

  it('names groups by the groupattr values (filter returning group objects)', () => {
    expect(extractGroupNames(groupEntries, { groupattr: 'cn' })).toEqual(['admin_staff', 'ship_crew']);
  });

  it('reduces memberOf values to their CNs (filter returning the user object)', () => {
    const user = {
      dn: 'CN=Alice,CN=Users,DC=ad,DC=example',
      attributes: {
        memberOf: ['CN=Engineers,OU=Groups,DC=ad,DC=example', 'CN=VPN Users,OU=Groups,DC=ad,DC=example'],
      },
    };
    expect(extractGroupNames([user], { groupattr: 'memberOf' })).toEqual(['Engineers', 'VPN Users']);
  });

  it('matches groupattr case-sensitively: memberof does not find memberOf, so the DN is used', () => {
    const user = { dn: 'CN=Alice,CN=Users,DC=ad', attributes: { memberOf: ['CN=Engineers,DC=ad'] } };
    expect(extractGroupNames([user], { groupattr: 'memberof' })).toEqual(['Alice']);
  });

  it('falls back to the entry DN when the attribute is missing or has no values', () => {
    const entries = [
      { dn: 'cn=nogroupattr,ou=g,dc=x', attributes: {} },
      { dn: 'ou=noCN,dc=x', attributes: { cn: [] } },
    ];
    expect(extractGroupNames(entries, { groupattr: 'cn' })).toEqual(['nogroupattr', 'ou=noCN,dc=x']);
  });

  it('applies pre111 to the values: OpenLDAP cn=… values come back as whole DNs', () => {
    const entry = {
      dn: 'uid=hermes,ou=people,dc=x',
      attributes: { memberOf: ['cn=admin_staff,ou=people,dc=x', 'CN=Legacy,ou=people,dc=x'] },
    };
    expect(extractGroupNames([entry], { groupattr: 'memberOf', pre111: true })).toEqual([
      'cn=admin_staff,ou=people,dc=x',
      'Legacy',
    ]);
    expect(extractGroupNames([entry], { groupattr: 'memberOf', pre111: false })).toEqual([
      'admin_staff',
      'Legacy',
    ]);
  });

  it('skips entries whose own DN does not parse or is empty', () => {
    const entries = [
      { dn: 'not a dn', attributes: { cn: ['ghost'] } },
      { dn: '', attributes: { cn: ['root'] } },
      { dn: 'cn=real,dc=x', attributes: { cn: ['real'] } },
    ];
    expect(extractGroupNames(entries, { groupattr: 'cn' })).toEqual(['real']);
  });

  it('de-duplicates by exact string, keeping case variants and first-seen order', () => {
    const entries = [
      { dn: 'cn=a,dc=x', attributes: { cn: ['Admins', 'admins'] } },
      { dn: 'cn=b,dc=x', attributes: { cn: ['Admins', 'ops'] } },
    ];
    expect(extractGroupNames(entries, { groupattr: 'cn' })).toEqual(['Admins', 'admins', 'ops']);
  });

  it('does not read inherited properties as attributes', () => {
    const entry = { dn: 'cn=g,dc=x', attributes: {} };
    expect(extractGroupNames([entry], { groupattr: 'constructor' })).toEqual(['g']);
  });

  it('handles many entries in linear time', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => ({
      dn: `cn=group${i},ou=groups,dc=example,dc=com`,
      attributes: { cn: [`group${i}`] },
    }));
    const started = performance.now();
    expect(extractGroupNames(entries, { groupattr: 'cn' })).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
