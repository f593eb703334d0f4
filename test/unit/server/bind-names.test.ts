/**
 * resolveBindName: which entry a bind name means. AD (MS-ADTS 5.1.1.1.1) takes a DN, the
 * userPrincipalName, NETBIOS\sAMAccountName and the implicit UPN sAMAccountName@dnsDomain; a
 * name that maps to no object in any form matches nothing, one that maps to several is refused.
 * slapd takes DNs only.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { dnsDomain } from '../../../src/core/dns-domain.js';
import { Directory } from '../../../src/server/directory/directory.js';
import { Schema } from '../../../src/server/directory/schema.js';
import { adSchema } from '../../../src/server/directory/schema-ad.js';
import { type BindName, resolveBindName } from '../../../src/server/engine/bind-names.js';
import { applyRecords } from '../../../src/server/fixture-loader.js';
import { readFixtures } from '../../../src/server/load-directory.js';
import { adProfile } from '../../../src/server/profiles/ad.js';
import { openldapProfile } from '../../../src/server/profiles/openldap.js';
import type { Profile } from '../../../src/server/profiles/profile.js';

const BASE = 'DC=corp,DC=example,DC=com';
const USERS = `CN=Users,${BASE}`;

const user = (cn: string, sam: string, upn?: string) => `dn: CN=${cn},${USERS}
objectClass: top
objectClass: user
sAMAccountName: ${sam}
${upn ? `userPrincipalName: ${upn}\n` : ''}`;

const LDIF = `dn: ${BASE}
objectClass: top
objectClass: domainDNS
dc: corp

dn: ${USERS}
objectClass: top
objectClass: container
cn: Users

${user('alice', 'alice', 'alice@corp.example.com')}
${user('Smith\\, John', 'jsmith', 'john.smith@partner.example')}
${user('Administrator', 'Administrator')}
${user('twin1', 'twin1', 'twin@corp.example.com')}
${user('twin2', 'twin2', 'twin@corp.example.com')}
${user('dup1', 'duplicate')}
${user('dup2', 'duplicate')}
${user('at@sign', 'atsign')}`;

let directory: Directory;

beforeEach(() => {
  directory = new Directory(new Schema(adSchema));
  // The records as they are: no profile's defaults or stamps.
  const problems = applyRecords(directory, readFixtures([{ name: 'bind-names.test', text: LDIF }]), {
    explain: (violation) => ({ code: 0, message: violation.kind }),
  });
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
});

function resolve(name: string, profile: Profile = adProfile, baseDN = BASE): BindName {
  return resolveBindName(directory, profile, baseDN, name);
}

/** The DN of the entry a name resolves to, whether the name was a DN, or 'invalid'. */
function target(name: string, profile: Profile = adProfile): [string | undefined, boolean] | 'invalid' {
  const found = resolve(name, profile);
  return found === 'invalid' ? 'invalid' : [found.entry?.dn, found.dn];
}

describe('resolveBindName in AD', () => {
  it('a DN names its entry in any case and spacing', () => {
    expect(target(`CN=alice,${USERS}`)).toEqual([`CN=alice,${USERS}`, true]);
    expect(target('cn=ALICE, cn=users, dc=corp, dc=example, dc=com')).toEqual([`CN=alice,${USERS}`, true]);
    expect(target(`CN=Smith\\, John,${USERS}`)).toEqual([`CN=Smith\\, John,${USERS}`, true]);
    expect(target(`CN=Smith\\2C John,${USERS}`)).toEqual([`CN=Smith\\, John,${USERS}`, true]);
  });

  it('a DN of no entry is still a DN, with no entry', () => {
    expect(target(`CN=nobody,${USERS}`)).toEqual([undefined, true]);
  });

  it('a DN whose value holds @ or \\ after the = is a DN, not a UPN', () => {
    expect(target(`CN=at@sign,${USERS}`)).toEqual([`CN=at@sign,${USERS}`, true]);
  });

  it('the explicit UPN, case-insensitively, whatever its suffix', () => {
    expect(target('alice@corp.example.com')).toEqual([`CN=alice,${USERS}`, false]);
    expect(target('ALICE@Corp.Example.Com')).toEqual([`CN=alice,${USERS}`, false]);
    expect(target('john.smith@partner.example')).toEqual([`CN=Smith\\, John,${USERS}`, false]);
  });

  it('the implicit UPN sAMAccountName@dnsDomain, also for accounts without a UPN', () => {
    expect(target('jsmith@corp.example.com')).toEqual([`CN=Smith\\, John,${USERS}`, false]);
    expect(target('administrator@CORP.EXAMPLE.COM')).toEqual([`CN=Administrator,${USERS}`, false]);
  });

  it('the implicit UPN needs the domain’s own DNS name', () => {
    expect(target('jsmith@partner.example')).toEqual([undefined, false]);
    expect(target('jsmith@example.com')).toEqual([undefined, false]);
  });

  it('NETBIOS\\sAMAccountName, both parts case-insensitive', () => {
    expect(target('CORP\\alice')).toEqual([`CN=alice,${USERS}`, false]);
    expect(target('corp\\JSMITH')).toEqual([`CN=Smith\\, John,${USERS}`, false]);
  });

  it('an unknown domain prefix or account matches nothing', () => {
    expect(target('OTHER\\alice')).toEqual([undefined, false]);
    expect(target('CORP\\nobody')).toEqual([undefined, false]);
    expect(target('\\alice')).toEqual([undefined, false]);
    expect(target('nobody@corp.example.com')).toEqual([undefined, false]);
  });

  it('a UPN or sAMAccountName held by two accounts resolves to none', () => {
    expect(target('twin@corp.example.com')).toEqual([undefined, false]);
    expect(target('CORP\\duplicate')).toEqual([undefined, false]);
    expect(target('duplicate@corp.example.com')).toEqual([undefined, false]);
  });

  it('a name that is no DN and has neither @ nor \\ is invalid', () => {
    expect(target('alice')).toBe('invalid');
    expect(target('Alice Liddell')).toBe('invalid');
  });

  it('an explicit UPN wins over another account’s implicit one', () => {
    directory.add(`CN=other,${USERS}`, [
      { type: 'objectClass', values: ['top', 'user'] },
      { type: 'sAMAccountName', values: ['other'] },
      { type: 'userPrincipalName', values: ['jsmith@corp.example.com'] },
    ]);
    expect(target('jsmith@corp.example.com')).toEqual([`CN=other,${USERS}`, false]);
  });
});

describe('resolveBindName in OpenLDAP', () => {
  it('only DNs: a UPN or DOMAIN\\name is an invalid DN', () => {
    expect(target(`CN=alice,${USERS}`, openldapProfile)).toEqual([`CN=alice,${USERS}`, true]);
    expect(target('alice@corp.example.com', openldapProfile)).toBe('invalid');
    expect(target('CORP\\alice', openldapProfile)).toBe('invalid');
  });
});

describe('dnsDomain', () => {
  it('joins the DC components in lower case', () => {
    expect(dnsDomain(BASE)).toBe('corp.example.com');
    expect(dnsDomain('dc=Example,dc=ORG')).toBe('example.org');
  });

  it('is empty for a DN that does not parse', () => {
    expect(dnsDomain('not a dn')).toBe('');
  });
});
