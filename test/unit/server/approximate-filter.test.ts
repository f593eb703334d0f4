import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/core/filter-parse.js';
import { Directory } from '../../../src/server/directory/directory.js';
import type { Entry } from '../../../src/server/directory/entry.js';
import {
  compileFilter,
  type FilterEnvironment,
  type Truth,
} from '../../../src/server/directory/evaluate-filter.js';
import { Schema } from '../../../src/server/directory/schema.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';
import { adProfile } from '../../../src/server/profiles/ad.js';
import { openldapProfile } from '../../../src/server/profiles/openldap.js';
import { sambaProfile } from '../../../src/server/profiles/samba.js';

const schema = new Schema(openldapSchema);
const keys = new Directory(schema);

/** Stored values only, matching `~=` by equality (no approximateMatch): the ad and samba reading. */
const byEquality: FilterEnvironment = {
  schema,
  directory: keys,
  values: (entry, _type, description) => entry.get(keys.attributeKey(description))?.values,
  extensibleRule: () => undefined,
  strictAssertionSyntax: true,
};
const phonetic: FilterEnvironment = { ...byEquality, approximateMatch: 'phonetic' };

const alice: Entry = new Directory(schema).add(
  'uid=alice,ou=people,dc=example,dc=org',
  Object.entries({
    objectClass: ['inetOrgPerson', 'posixAccount'],
    uid: ['alice'],
    cn: ['Alice Liddell'],
    sn: ['Liddell'],
    description: ['Bulk User 0001'],
    mail: ['alice@example.org'],
    uidNumber: ['1000'],
    gidNumber: ['100'],
    homeDirectory: ['/home/alice'],
    telephoneNumber: ['+1 555 0100'],
  }).map(([type, values]) => ({ type, values })),
  { allowRoot: true },
);

const evaluate = (filter: string, env: FilterEnvironment): Truth =>
  compileFilter(parseFilter(filter), env)(alice);

describe('approximate filter items', () => {
  it('match word by word on phonetic codes where the profile asks (slapd)', () => {
    expect(evaluate('(sn~=Lidel)', phonetic)).toBe(true);
    expect(evaluate('(cn~=alyce liddel)', phonetic)).toBe(true);
    expect(evaluate('(cn~=liddell alice)', phonetic)).toBe(false);
    expect(evaluate('(description~=bulk 0007)', phonetic)).toBe(true);
    expect(evaluate('(mail~=ALICE)', phonetic)).toBe(true);
    expect(evaluate('(name~=lidel)', phonetic)).toBe(true);
  });

  it('fall back to equality for types whose equality rule has no approximate rule', () => {
    expect(evaluate('(uidNumber~=1000)', phonetic)).toBe(true);
    expect(evaluate('(uidNumber~=1001)', phonetic)).toBe(false);
    expect(evaluate('(telephoneNumber~=+15550100)', phonetic)).toBe(true);
    expect(evaluate('(objectClass~=person)', phonetic)).toBe(true);
  });

  it('stay Undefined for an assertion the syntax refuses, and under not', () => {
    expect(evaluate('(mail~=älice)', phonetic)).toBeUndefined();
    expect(evaluate('(!(mail~=älice))', phonetic)).toBeUndefined();
    expect(evaluate('(!(sn~=Lidel))', phonetic)).toBe(false);
  });

  it('match by equality without the knob', () => {
    expect(evaluate('(sn~=Lidel)', byEquality)).toBe(false);
    expect(evaluate('(sn~=LIDDELL)', byEquality)).toBe(true);
  });

  it('is the openldap profile knob only', () => {
    expect(openldapProfile.approximateMatch).toBe('phonetic');
    expect(adProfile.approximateMatch).toBeUndefined();
    expect(sambaProfile.approximateMatch).toBeUndefined();
  });
});
