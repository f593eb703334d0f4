import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../src/core/filter-ast.js';
import { parseFilter } from '../../../src/core/filter-parse.js';
import { Directory } from '../../../src/server/directory/directory.js';
import type { Entry } from '../../../src/server/directory/entry.js';
import {
  compileFilter,
  type ExtensibleRule,
  type FilterEnvironment,
  type Truth,
} from '../../../src/server/directory/evaluate-filter.js';
import { Schema } from '../../../src/server/directory/schema.js';
import type { ResolvedAttributeType } from '../../../src/server/directory/schema-attribute-types.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';
import { bitAndRule, bitOrRule } from '../../../src/server/matching/extensible-rules.js';
import type { AttributeValue } from '../../../src/server/operations.js';

const schema = new Schema(openldapSchema);
const keys = new Directory(schema);

const BIT_AND = '1.2.840.113556.1.4.803';
const BIT_OR = '1.2.840.113556.1.4.804';
const extensibleRules = new Map<string, ExtensibleRule>([
  [BIT_AND, bitAndRule],
  [BIT_OR, bitOrRule],
]);

/** Stored values only, read by attribute key, as the profile does for non-virtual attributes. */
const env: FilterEnvironment = {
  schema,
  directory: keys,
  values: (entry, _type, description) => entry.get(keys.attributeKey(description))?.values,
  extensibleRule: (oid) => extensibleRules.get(oid),
};

/** An environment where the searching user may not read the given attribute types. */
function hiding(...names: string[]): FilterEnvironment {
  const hidden = new Set(names.map((n) => n.toLowerCase()));
  return { ...env, visible: (type: ResolvedAttributeType) => !hidden.has(type.name.toLowerCase()) };
}

/** One stored entry (no parent needed), built by the directory so values are coerced as stored. */
function entry(dn: string, attributes: Record<string, AttributeValue | AttributeValue[]>): Entry {
  return new Directory(schema).add(
    dn,
    Object.entries(attributes).map(([type, v]) => ({ type, values: Array.isArray(v) ? v : [v] })),
    { allowRoot: true },
  );
}

function evaluate(filter: string | Filter, target: Entry, environment: FilterEnvironment = env): Truth {
  const tree = typeof filter === 'string' ? parseFilter(filter) : filter;
  return compileFilter(tree, environment)(target);
}

const alice = entry('uid=alice,ou=People,dc=example,dc=com', {
  objectClass: ['inetOrgPerson', 'posixAccount'],
  cn: 'Alice Liddell',
  sn: 'Liddell',
  mail: 'alice@example.com',
  uidNumber: '1000',
  gidNumber: '100',
  homeDirectory: '/home/alice',
  userPassword: 'Secret',
  labeledURI: 'https://example.com/Alice',
  telephoneNumber: '+1 555 0100',
  modifyTimestamp: '20240101120000Z',
  jpegPhoto: Buffer.from([0xff, 0xd8, 0xff]),
  fooBar: 'Custom Value',
});

const group = entry('cn=Readers,ou=Groups,dc=example,dc=com', {
  objectClass: 'groupOfNames',
  member: ['uid=alice,ou=people,dc=example,dc=com', 'cn=Smith\\, John,ou=people,dc=example,dc=com'],
  memberUid: ['alice', 'Bob'],
});

describe('three-valued logic', () => {
  const T = '(uid=alice)';
  const F = '(uid=bob)';
  const U = '(uidNumber=abc)'; // not an integer: Undefined

  it('gives the three values for single items', () => {
    expect(evaluate(T, alice)).toBe(true);
    expect(evaluate(F, alice)).toBe(false);
    expect(evaluate(U, alice)).toBeUndefined();
  });

  it('NOT inverts TRUE and FALSE and keeps Undefined', () => {
    expect(evaluate(`(!${T})`, alice)).toBe(false);
    expect(evaluate(`(!${F})`, alice)).toBe(true);
    expect(evaluate(`(!${U})`, alice)).toBeUndefined();
    expect(evaluate(`(!(!${U}))`, alice)).toBeUndefined();
  });

  it('AND is FALSE if any is FALSE, else Undefined if any is Undefined', () => {
    expect(evaluate(`(&${T}${T})`, alice)).toBe(true);
    expect(evaluate(`(&${T}${U})`, alice)).toBeUndefined();
    expect(evaluate(`(&${U}${F})`, alice)).toBe(false);
    expect(evaluate(`(&${F}${U})`, alice)).toBe(false);
    expect(evaluate(`(!(&${F}${U}))`, alice)).toBe(true);
    expect(evaluate(`(!(&${T}${U}))`, alice)).toBeUndefined();
  });

  it('OR is TRUE if any is TRUE, else Undefined if any is Undefined', () => {
    expect(evaluate(`(|${F}${F})`, alice)).toBe(false);
    expect(evaluate(`(|${F}${U})`, alice)).toBeUndefined();
    expect(evaluate(`(|${U}${T})`, alice)).toBe(true);
    expect(evaluate(`(!(|${U}${T}))`, alice)).toBe(false);
  });

  it('an empty AND is TRUE and an empty OR is FALSE (RFC 4526)', () => {
    expect(evaluate({ type: 'and', filters: [] }, alice)).toBe(true);
    expect(evaluate({ type: 'or', filters: [] }, alice)).toBe(false);
  });
});

describe('present', () => {
  it('is TRUE when the attribute has values and FALSE when a known attribute is absent', () => {
    expect(evaluate('(cn=*)', alice)).toBe(true);
    expect(evaluate('(commonName=*)', alice)).toBe(true);
    expect(evaluate('(description=*)', alice)).toBe(false);
  });

  it('(objectClass=*) is TRUE for every entry', () => {
    const bare = entry('cn=x', {});
    expect(evaluate('(objectClass=*)', bare)).toBe(true);
    expect(evaluate('(OBJECTCLASS=*)', alice)).toBe(true);
  });

  it('an unknown attribute is Undefined when absent and matches when stored', () => {
    expect(evaluate('(noSuchAttribute=*)', alice)).toBeUndefined();
    expect(evaluate('(fooBar=*)', alice)).toBe(true);
  });
});

describe('equality and approx', () => {
  it('caseIgnoreMatch folds case and insignificant spaces', () => {
    expect(evaluate('(cn=ALICE LIDDELL)', alice)).toBe(true);
    expect(evaluate('(cn=  alice   liddell )', alice)).toBe(true);
    expect(evaluate('(cn=alice)', alice)).toBe(false);
    expect(evaluate('(2.5.4.3=alice liddell)', alice)).toBe(true);
    expect(evaluate('(mail=ALICE@Example.COM)', alice)).toBe(true);
  });

  it('caseExactMatch and caseExactIA5Match keep case', () => {
    expect(evaluate('(memberUid=alice)', group)).toBe(true);
    expect(evaluate('(memberUid=ALICE)', group)).toBe(false);
    expect(evaluate('(memberUid=bob)', group)).toBe(false);
    expect(evaluate('(labeledURI=https://example.com/Alice)', alice)).toBe(true);
    expect(evaluate('(labeledURI=https://example.com/alice)', alice)).toBe(false);
    expect(evaluate('(homeDirectory=/HOME/ALICE)', alice)).toBe(false);
  });

  it('octetStringMatch compares the exact octets', () => {
    expect(evaluate('(userPassword=Secret)', alice)).toBe(true);
    expect(evaluate('(userPassword=secret)', alice)).toBe(false);
    const binary = entry('cn=b', { userPassword: Buffer.from([0xff, 0x00, 0x2a]) });
    expect(evaluate('(userPassword=\\ff\\00\\2a)', binary)).toBe(true);
    expect(evaluate('(userPassword=\\ff\\00)', binary)).toBe(false);
  });

  it('integerMatch compares numbers; an invalid assertion is Undefined', () => {
    expect(evaluate('(uidNumber=1000)', alice)).toBe(true);
    expect(evaluate('(uidNumber= 1000 )', alice)).toBe(true);
    expect(evaluate('(uidNumber=1001)', alice)).toBe(false);
    expect(evaluate('(uidNumber=01000)', alice)).toBeUndefined();
    expect(evaluate('(uidNumber=1e3)', alice)).toBeUndefined();
  });

  it('distinguishedNameMatch ignores case, spacing and escaping of the DN', () => {
    expect(evaluate('(member=UID=Alice, OU=People, DC=Example, DC=Com)', group)).toBe(true);
    expect(evaluate('(member=uid=\\5c61lice,ou=people,dc=example,dc=com)', group)).toBe(true);
    expect(evaluate('(member=cn=smith\\5c2c john,ou=people,dc=example,dc=com)', group)).toBe(true);
    expect(evaluate('(member=cn=Smith\\5c, John, ou=People,dc=example,dc=com)', group)).toBe(true);
    expect(evaluate('(member=uid=bob,ou=people,dc=example,dc=com)', group)).toBe(false);
    expect(evaluate('(member=not a dn)', group)).toBeUndefined();
  });

  it('telephoneNumberMatch ignores spaces and hyphens', () => {
    expect(evaluate('(telephoneNumber=+15550100)', alice)).toBe(true);
    expect(evaluate('(telephoneNumber=+1-555-0100)', alice)).toBe(true);
    expect(evaluate('(telephoneNumber=+1 555 0101)', alice)).toBe(false);
  });

  it('generalizedTimeMatch compares instants across zones', () => {
    expect(evaluate('(modifyTimestamp=20240101120000Z)', alice)).toBe(true);
    expect(evaluate('(modifyTimestamp=20240101130000+0100)', alice)).toBe(true);
    expect(evaluate('(modifyTimestamp=20240101120000.000Z)', alice)).toBe(true);
    expect(evaluate('(modifyTimestamp=20240101120000.001Z)', alice)).toBe(false);
    expect(evaluate('(modifyTimestamp=yesterday)', alice)).toBeUndefined();
  });

  it('an attribute type without an equality rule is Undefined', () => {
    expect(evaluate('(jpegPhoto=\\ff\\d8\\ff)', alice)).toBeUndefined();
    expect(evaluate('(!(jpegPhoto=\\ff\\d8\\ff))', alice)).toBeUndefined();
  });

  it('an unknown attribute type is Undefined when absent and compared case-insensitively when stored', () => {
    expect(evaluate('(noSuchAttribute=x)', alice)).toBeUndefined();
    expect(evaluate('(!(noSuchAttribute=x))', alice)).toBeUndefined();
    expect(evaluate('(fooBar=custom value)', alice)).toBe(true);
    expect(evaluate('(fooBar=other)', alice)).toBe(false);
  });

  it('approx matches as equality', () => {
    expect(evaluate('(cn~=ALICE LIDDELL)', alice)).toBe(true);
    expect(evaluate('(cn~=Alise Lidel)', alice)).toBe(false);
    expect(evaluate('(uidNumber~=abc)', alice)).toBeUndefined();
  });
});

describe('objectClass', () => {
  it('matches the classes of the entry and all their superclasses, in any case', () => {
    expect(evaluate('(objectClass=inetOrgPerson)', alice)).toBe(true);
    expect(evaluate('(objectClass=INETORGPERSON)', alice)).toBe(true);
    expect(evaluate('(objectClass=organizationalPerson)', alice)).toBe(true);
    expect(evaluate('(objectClass=person)', alice)).toBe(true);
    expect(evaluate('(objectClass=top)', alice)).toBe(true);
    expect(evaluate('(objectClass=posixAccount)', alice)).toBe(true);
  });

  it('does not match unrelated or unknown classes', () => {
    expect(evaluate('(objectClass=groupOfNames)', alice)).toBe(false);
    expect(evaluate('(objectClass=noSuchClass)', alice)).toBe(false);
    expect(evaluate('(objectClass=inetOrgPerson)', group)).toBe(false);
  });
});

describe('ordering', () => {
  it('integerOrderingMatch compares numerically', () => {
    expect(evaluate('(uidNumber>=1000)', alice)).toBe(true);
    expect(evaluate('(uidNumber>=1001)', alice)).toBe(false);
    expect(evaluate('(uidNumber<=1000)', alice)).toBe(true);
    expect(evaluate('(uidNumber<=999)', alice)).toBe(false);
    expect(evaluate('(uidNumber>=999)', alice)).toBe(true);
    expect(evaluate('(uidNumber<=10000)', alice)).toBe(true);
    expect(evaluate('(uidNumber>=-5)', alice)).toBe(true);
    const nine = entry('uid=n', { uidNumber: '9' });
    expect(evaluate('(uidNumber>=10)', nine)).toBe(false);
  });

  it('an integer assertion with leading zeros is Undefined', () => {
    expect(evaluate('(uidNumber>=0999)', alice)).toBeUndefined();
    expect(evaluate('(uidNumber<=01000)', alice)).toBeUndefined();
    expect(evaluate('(!(uidNumber>=0999))', alice)).toBeUndefined();
  });

  it('generalizedTimeOrderingMatch compares instants, fractions and zones included', () => {
    expect(evaluate('(modifyTimestamp>=20240101120000Z)', alice)).toBe(true);
    expect(evaluate('(modifyTimestamp>=20240101120000.001Z)', alice)).toBe(false);
    expect(evaluate('(modifyTimestamp<=20240101115959.999Z)', alice)).toBe(false);
    expect(evaluate('(modifyTimestamp>=20240101123000+0100)', alice)).toBe(true);
    expect(evaluate('(modifyTimestamp>=20240101123000-0100)', alice)).toBe(false);
    expect(evaluate('(modifyTimestamp>=2024010111.5Z)', alice)).toBe(true);
    expect(evaluate('(modifyTimestamp>=2024010112.5Z)', alice)).toBe(false);
    expect(evaluate('(modifyTimestamp>=202401011159.5Z)', alice)).toBe(true);
    expect(evaluate('(modifyTimestamp<=not-a-time)', alice)).toBeUndefined();
  });

  it('keeps microsecond timestamps distinct', () => {
    const failures = entry('uid=f', {
      pwdFailureTime: ['20240101120000.000001Z', '20240101120000.000002Z'],
    });
    expect(evaluate('(pwdFailureTime=20240101120000.000002Z)', failures)).toBe(true);
    expect(evaluate('(pwdFailureTime=20240101120000.000003Z)', failures)).toBe(false);
    expect(evaluate('(pwdFailureTime>=20240101120000.0000015Z)', failures)).toBe(true);
    expect(evaluate('(pwdFailureTime>=20240101120000.0000025Z)', failures)).toBe(false);
  });

  it('an attribute type without an ordering rule is Undefined', () => {
    expect(evaluate('(cn>=a)', alice)).toBeUndefined();
    expect(evaluate('(member<=x)', group)).toBeUndefined();
  });

  it('an absent attribute with an ordering rule is FALSE', () => {
    expect(evaluate('(uidNumber>=1)', group)).toBe(false);
  });

  it('an unknown attribute type orders case-insensitively when stored and is Undefined when absent', () => {
    expect(evaluate('(fooBar>=CUSTOM)', alice)).toBe(true);
    expect(evaluate('(fooBar<=custom)', alice)).toBe(false);
    expect(evaluate('(noSuchAttribute>=a)', alice)).toBeUndefined();
  });
});

describe('substrings', () => {
  it('matches initial, any and final pieces, case-insensitively for caseIgnore types', () => {
    expect(evaluate('(cn=ali*)', alice)).toBe(true);
    expect(evaluate('(cn=ALI*)', alice)).toBe(true);
    expect(evaluate('(cn=*LIDD*)', alice)).toBe(true);
    expect(evaluate('(cn=*dell)', alice)).toBe(true);
    expect(evaluate('(cn=a*e*l)', alice)).toBe(true);
    expect(evaluate('(cn=a*l*d*l)', alice)).toBe(true);
    expect(evaluate('(cn=bob*)', alice)).toBe(false);
    expect(evaluate('(cn=*x*)', alice)).toBe(false);
    expect(evaluate('(cn=*alice)', alice)).toBe(false);
  });

  it('keeps spaces inside pieces significant and collapses runs of them', () => {
    expect(evaluate('(cn=*ice li*)', alice)).toBe(true);
    expect(evaluate('(cn=*ice   li*)', alice)).toBe(true);
    expect(evaluate('(cn=*iceli*)', alice)).toBe(false);
    expect(evaluate('(cn=alice *)', alice)).toBe(true);
    expect(evaluate('(cn=* liddell)', alice)).toBe(true);
  });

  it('never lets pieces overlap', () => {
    const aba = entry('cn=aba', { cn: 'aba' });
    expect(evaluate('(cn=ab*ba)', aba)).toBe(false);
    expect(evaluate('(cn=ab*a)', aba)).toBe(true);
    expect(evaluate('(cn=aba*a)', aba)).toBe(false);
    expect(evaluate('(cn=*ab*ba*)', aba)).toBe(false);
    const aa = entry('cn=aa', { cn: 'aa' });
    expect(evaluate('(cn=a*a*a)', aa)).toBe(false);
    expect(evaluate('(cn=a*a)', aa)).toBe(true);
    const aaa = entry('cn=aaa', { cn: 'aaa' });
    expect(evaluate('(cn=a*a*a)', aaa)).toBe(true);
  });

  it('keeps case for caseExact substrings', () => {
    expect(evaluate('(memberUid=ali*)', group)).toBe(true);
    expect(evaluate('(memberUid=Ali*)', group)).toBe(false);
    expect(evaluate('(memberUid=*ob)', group)).toBe(true);
    expect(evaluate('(memberUid=b*)', group)).toBe(false);
  });

  it('tests every value of a multi-valued attribute', () => {
    expect(evaluate('(memberUid=B*)', group)).toBe(true);
  });

  it('an attribute type without a substrings rule is Undefined', () => {
    expect(evaluate('(uidNumber=1*)', alice)).toBeUndefined();
    expect(evaluate('(userPassword=Sec*)', alice)).toBeUndefined();
  });

  it('an absent known attribute is FALSE, an unknown absent one Undefined', () => {
    expect(evaluate('(description=*x*)', alice)).toBe(false);
    expect(evaluate('(noSuchAttribute=*x*)', alice)).toBeUndefined();
    expect(evaluate('(fooBar=*VALUE)', alice)).toBe(true);
  });
});

describe('visible()', () => {
  const hidden = hiding('mail', 'uidNumber');

  it('makes every item on an attribute the user may not read Undefined', () => {
    expect(evaluate('(mail=*)', alice, hidden)).toBeUndefined();
    expect(evaluate('(mail=alice@example.com)', alice, hidden)).toBeUndefined();
    expect(evaluate('(mail~=alice@example.com)', alice, hidden)).toBeUndefined();
    expect(evaluate('(mail=ali*)', alice, hidden)).toBeUndefined();
    expect(evaluate('(uidNumber>=1)', alice, hidden)).toBeUndefined();
    expect(evaluate('(uidNumber<=5000)', alice, hidden)).toBeUndefined();
    expect(evaluate('(!(mail=alice@example.com))', alice, hidden)).toBeUndefined();
    expect(evaluate('(!(mail=nobody@example.com))', alice, hidden)).toBeUndefined();
  });

  it('leaves other attributes alone', () => {
    expect(evaluate('(cn=alice liddell)', alice, hidden)).toBe(true);
    expect(evaluate('(&(cn=alice liddell)(mail=*))', alice, hidden)).toBeUndefined();
    expect(evaluate('(|(cn=alice liddell)(mail=*))', alice, hidden)).toBe(true);
  });
});

describe('extensible match', () => {
  it('uses the named rule on the attribute values', () => {
    expect(evaluate('(cn:caseExactMatch:=Alice Liddell)', alice)).toBe(true);
    expect(evaluate('(cn:caseExactMatch:=alice liddell)', alice)).toBe(false);
    expect(evaluate('(cn:2.5.13.2:=ALICE LIDDELL)', alice)).toBe(true);
    expect(evaluate('(uidNumber:integerMatch:=1000)', alice)).toBe(true);
  });

  it("uses the attribute's equality rule when no rule is named", () => {
    expect(evaluate('(cn:=ALICE LIDDELL)', alice)).toBe(true);
    expect(evaluate('(cn:=bob)', alice)).toBe(false);
    expect(evaluate('(memberUid:=ALICE)', group)).toBe(false);
  });

  it('with dnAttributes also matches the AVAs of the DN', () => {
    expect(evaluate('(ou:=people)', alice)).toBe(false);
    expect(evaluate('(ou:dn:=people)', alice)).toBe(true);
    expect(evaluate('(ou:dn:=PEOPLE)', alice)).toBe(true);
    expect(evaluate('(ou:dn:caseExactMatch:=people)', alice)).toBe(false);
    expect(evaluate('(ou:dn:caseExactMatch:=People)', alice)).toBe(true);
    expect(evaluate('(dc:dn:=example)', alice)).toBe(true);
    expect(evaluate('(cn:dn:=example)', alice)).toBe(false);
    // dc is an IA5 String: caseIgnoreMatch does not apply to it, caseIgnoreIA5Match does (slapd 2.5).
    expect(evaluate('(:dn:caseIgnoreMatch:=EXAMPLE)', alice)).toBe(false);
    expect(evaluate('(:dn:caseIgnoreIA5Match:=EXAMPLE)', alice)).toBe(true);
    expect(evaluate('(:dn:caseIgnoreMatch:=PEOPLE)', alice)).toBe(true);
    expect(evaluate('(:dn:caseIgnoreMatch:=nowhere)', alice)).toBe(false);
  });

  it('an unknown matching rule is Undefined, not an error', () => {
    expect(evaluate('(cn:noSuchMatch:=x)', alice)).toBeUndefined();
    expect(evaluate('(cn:1.2.3.4.5.6:=Alice Liddell)', alice)).toBeUndefined();
    expect(evaluate('(!(cn:noSuchMatch:=x))', alice)).toBeUndefined();
    expect(evaluate('(:dn:noSuchMatch:=people)', alice)).toBeUndefined();
  });

  it('a value invalid for the rule is Undefined', () => {
    expect(evaluate('(uidNumber:integerMatch:=abc)', alice)).toBeUndefined();
  });

  it('integerBitAndMatch needs every bit of the mask', () => {
    // 1000 = 0b1111101000
    expect(evaluate(`(uidNumber:${BIT_AND}:=8)`, alice)).toBe(true);
    expect(evaluate(`(uidNumber:${BIT_AND}:=40)`, alice)).toBe(true);
    expect(evaluate(`(uidNumber:${BIT_AND}:=9)`, alice)).toBe(false);
    expect(evaluate(`(uidNumber:${BIT_AND}:=0)`, alice)).toBe(true);
    expect(evaluate(`(uidNumber:${BIT_AND}:=x)`, alice)).toBeUndefined();
    expect(evaluate(`(uidNumber:${BIT_AND}:=8)`, group)).toBe(false);
    // Without a type, every value the rule applies to (slapd: `(:dn:…803:=10001)` finds alice).
    expect(evaluate(`(:${BIT_AND}:=8)`, alice)).toBe(true);
    expect(evaluate(`(:${BIT_AND}:=9)`, alice)).toBe(false);
  });

  it('integerBitOrMatch needs any bit of the mask', () => {
    expect(evaluate(`(uidNumber:${BIT_OR}:=9)`, alice)).toBe(true);
    expect(evaluate(`(uidNumber:${BIT_OR}:=7)`, alice)).toBe(false);
    expect(evaluate(`(uidNumber:${BIT_OR}:=0)`, alice)).toBe(false);
    expect(evaluate(`(uidNumber:${BIT_OR}:=abc)`, alice)).toBeUndefined();
    const negative = entry('cn=n', { uidNumber: '-1' });
    expect(evaluate(`(uidNumber:${BIT_AND}:=1024)`, negative)).toBe(true);
  });

  it('bit rules ignore values that are not integers', () => {
    // Under a schema that publishes no matchingRuleUse (AD's), the rule applies to any type.
    const schemaWithoutUses = new Schema({ ...openldapSchema, published: {} });
    const anyType: FilterEnvironment = { ...env, schema: schemaWithoutUses };
    const text = entry('cn=t', { description: ['abc', '12'] });
    expect(evaluate(`(description:${BIT_AND}:=4)`, text, anyType)).toBe(true);
    expect(evaluate(`(description:${BIT_AND}:=1)`, text, anyType)).toBe(false);
    // slapd's uses list integer types only: on description the item is Undefined.
    expect(evaluate(`(description:${BIT_AND}:=4)`, text)).toBeUndefined();
  });
});

describe('extensible match respects visible()', () => {
  // An item on an attribute the user may not read is Undefined (as with slapd's ACLs), extensible
  // items included. Regression: extensible items read the values anyway, so an anonymous user
  // could probe a hidden attribute, e.g. test a userPassword value.
  const hidden = hiding('userPassword', 'uidNumber');

  it('(userPassword:octetStringMatch:=Secret) is Undefined when userPassword is hidden', () => {
    expect(evaluate('(userPassword=Secret)', alice, hidden)).toBeUndefined();
    expect(evaluate('(userPassword:octetStringMatch:=Secret)', alice, hidden)).toBeUndefined();
  });

  it('(userPassword:=Secret) is Undefined when userPassword is hidden', () => {
    expect(evaluate('(userPassword:=Secret)', alice, hidden)).toBeUndefined();
  });

  it('a bit rule on a hidden attribute is Undefined', () => {
    expect(evaluate(`(uidNumber:${BIT_AND}:=8)`, alice, hidden)).toBeUndefined();
  });
});

describe('extensible match with a rule and no attribute type tests every attribute', () => {
  // RFC 4511 §4.5.1.7.7: without a type, the matchValue is compared against all attributes of
  // the entry that support the rule; only the DN's AVAs are looked at (and only with :dn:).
  it('(:caseIgnoreMatch:=alice liddell) matches cn: Alice Liddell', () => {
    expect(evaluate('(:caseIgnoreMatch:=alice liddell)', alice)).toBe(true);
  });

  it('(:caseExactMatch:=Liddell) matches sn: Liddell', () => {
    expect(evaluate('(:caseExactMatch:=Liddell)', alice)).toBe(true);
  });
});

describe('substrings pieces get the rule’s own normalisation', () => {
  // telephoneNumberSubstringsMatch ignores spaces and hyphens in values and assertions alike
  // (RFC 4517 §4.2.29). Regression: the pieces kept them, so a value with spaces never matched
  // a piece that had them.
  it('(telephoneNumber=+1 555*) matches +1 555 0100', () => {
    expect(evaluate('(telephoneNumber=+1 555*)', alice)).toBe(true);
  });

  it('(telephoneNumber=*555-01*) matches +1 555 0100', () => {
    expect(evaluate('(telephoneNumber=*555-01*)', alice)).toBe(true);
  });
});

describe('extensible rules apply only to the types their matchingRuleUse lists (slapd 2.5, measured)', () => {
  // slapd publishes which types each rule applies to; any other type makes the item Undefined,
  // so its negation matches nothing either. Regression: the mock applied every rule to every type
  // (`(!(uid:caseIgnoreIA5Match:=alice))` matched, `(:octetStringMatch:=bob)` found memberUid).
  it('a rule named for a type it does not apply to is Undefined', () => {
    expect(evaluate('(uid:caseIgnoreIA5Match:=alice)', entry('uid=alice', { uid: 'alice' }))).toBeUndefined();
    expect(evaluate('(!(sn:caseIgnoreIA5Match:=Liddell))', alice)).toBeUndefined();
    expect(
      evaluate('(description:caseIgnoreIA5Match:=x)', entry('cn=x', { description: 'x' })),
    ).toBeUndefined();
    expect(evaluate('(mail:caseIgnoreIA5Match:=ALICE@example.com)', alice)).toBe(true);
  });

  it('a rule without a type looks only at the types it applies to', () => {
    const group = entry('cn=ops', { objectClass: 'posixGroup', cn: 'ops', gidNumber: '5', memberUid: 'bob' });
    expect(evaluate('(:octetStringMatch:=bob)', group)).toBe(false);
    expect(evaluate('(:caseExactIA5Match:=bob)', group)).toBe(true);
    expect(evaluate('(:caseIgnoreMatch:=inetOrgPerson)', alice)).toBe(false);
  });

  it('without a rule the type’s own equality rule applies, listed or not', () => {
    expect(evaluate('(objectClass:=inetOrgPerson)', alice)).toBe(true);
    expect(evaluate('(objectClass:objectIdentifierMatch:=inetOrgPerson)', alice)).toBeUndefined();
  });
});

describe('an item on a supertype reads its subtypes (slapd 2.5, measured)', () => {
  // `name` is the supertype of cn, sn, givenName, ou…: slapd's (name=Liddell) finds sn: Liddell.
  // Regression: the mock read only values stored under `name` itself, so it matched nothing.
  it('(name=Liddell) matches sn, (name=alice liddell) matches cn', () => {
    expect(evaluate('(name=Liddell)', alice)).toBe(true);
    expect(evaluate('(name=alice liddell)', alice)).toBe(true);
    expect(evaluate('(name=nobody)', alice)).toBe(false);
    expect(evaluate('(name=*)', alice)).toBe(true);
    expect(evaluate('(name=Lid*)', alice)).toBe(true);
  });

  it('subtypes the user may not read are left out', () => {
    expect(evaluate('(name=Liddell)', alice, hiding('sn'))).toBe(false);
  });
});

describe('an object identifier the schema does not define is Undefined where the profile says so', () => {
  // slapd cannot normalise `noSuchClass`, so (!(objectClass=noSuchClass)) matches nothing there.
  // Regression: the item was false, its negation true for every entry.
  const strict: FilterEnvironment = { ...env, strictAssertionSyntax: true };

  it('(objectClass=noSuchClass) and (structuralObjectClass=noSuchClass) are Undefined', () => {
    expect(evaluate('(objectClass=noSuchClass)', alice, strict)).toBeUndefined();
    expect(evaluate('(!(objectClass=noSuchClass))', alice, strict)).toBeUndefined();
    expect(evaluate('(!(structuralObjectClass=noSuchClass))', alice, strict)).toBeUndefined();
  });

  it('known names and numeric OIDs still match', () => {
    expect(evaluate('(objectClass=person)', alice, strict)).toBe(true);
    expect(evaluate('(objectClass=2.5.6.6)', alice, strict)).toBe(true);
    expect(evaluate('(!(objectClass=groupOfNames))', alice, strict)).toBe(true);
  });

  it('an empty Directory String is Undefined, an empty IA5 String is not (slapd: (!(mail=)) matches)', () => {
    expect(evaluate('(!(cn=))', alice, strict)).toBeUndefined();
    expect(evaluate('(!(cn>=))', alice, strict)).toBeUndefined();
    expect(evaluate('(!(mail=))', alice, strict)).toBe(true);
  });

  it('without the profile knob such an item stays false', () => {
    expect(evaluate('(!(objectClass=noSuchClass))', alice)).toBe(true);
  });
});

describe('an extensible match names an equality rule (slapd 2.5, measured)', () => {
  // slapd makes an item naming an ordering or substrings rule Undefined, even for a type the
  // rule's matchingRuleUse lists. Regression: the mock used them as equality rules.
  it('substrings rules are Undefined; an ordering rule holds for a value below the assertion', () => {
    const bulk = entry('uid=bulk0007', {
      objectClass: 'inetOrgPerson',
      uid: 'bulk0007',
      cn: 'B',
      sn: 'User0007',
    });
    expect(evaluate('(!(:caseIgnoreSubstringsMatch:=gen-password))', bulk)).toBeUndefined();
    expect(evaluate('(!(:caseIgnoreOrderingMatch:=zzz))', bulk)).toBe(false);
    expect(evaluate('(uidNumber:integerOrderingMatch:=10003)', alice)).toBe(true);
    expect(evaluate('(uidNumber:integerOrderingMatch:=1000)', alice)).toBe(false);
    expect(evaluate('(telephoneNumber:caseIgnoreSubstringsMatch:=555)', alice)).toBeUndefined();
    expect(evaluate('(!(:caseIgnoreMatch:=zzz))', bulk)).toBe(true);
  });
});
