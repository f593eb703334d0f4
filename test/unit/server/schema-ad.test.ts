/**
 * The AD schema of the `ad` and `samba` profiles (fixtures/schema/ad.schema): complete, published
 * in Samba 4.17's own forms, and checked with definitions that agree with them. Every quoted
 * description is a value a Samba 4.17 DC provisioned by scripts/samba-ad-up.sh returned for
 * CN=Aggregate,CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com.
 */
import { describe, expect, it } from 'vitest';
import { parseAttributeTypeDescription } from '../../../src/core/attribute-type-description.js';
import { parseObjectClassDescription } from '../../../src/core/object-class-description.js';
import { Schema } from '../../../src/server/directory/schema.js';
import { adSchema } from '../../../src/server/directory/schema-ad.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';
import { subschemaAttributes } from '../../../src/server/engine/root-dse.js';
import { adProfile } from '../../../src/server/profiles/ad.js';
import { openldapProfile } from '../../../src/server/profiles/openldap.js';

const published = adSchema.published ?? {};
const schema = new Schema(adSchema);
const AGGREGATE = 'CN=Aggregate,CN=Schema,CN=Configuration,DC=corp,DC=example,DC=com';

/** `( 1.2.3 NAME 'x' …` → `1.2.3 x`. */
function identity(text: string): string {
  const match = /^\( (\S+) NAME '([^']+)'/.exec(text);
  if (!match) throw new Error(`no OID and NAME in ${text}`);
  return `${match[1]} ${match[2]}`;
}

describe('AD schema data', () => {
  it('holds every definition Samba 4.17 publishes: 1,473 attribute types, 264 classes, 9 content rules', () => {
    expect(published['attributeTypes']).toHaveLength(1473);
    expect(published['objectClasses']).toHaveLength(264);
    expect(published['dITContentRules']).toHaveLength(9);
    expect(published['extendedAttributeInfo']).toHaveLength(1473);
    expect(published['extendedClassInfo']).toHaveLength(264);
  });

  it("publishes Samba's own forms, value for value", () => {
    expect(published['attributeTypes']).toContain(
      "( 1.2.840.113556.1.4.885 NAME 'terminalServer' SYNTAX '1.3.6.1.4.1.1466.115.121.1.40' SINGLE-VALUE )",
    );
    // systemOnly attributes are NO-USER-MODIFICATION; userParameters is octets on Samba.
    expect(published['attributeTypes']).toContain(
      "( 1.2.840.113556.1.4.913 NAME 'allowedAttributes' SYNTAX '1.3.6.1.4.1.1466.115.121.1.38' NO-USER-MODIFICATION )",
    );
    expect(published['attributeTypes']).toContain(
      "( 1.2.840.113556.1.4.138 NAME 'userParameters' SYNTAX '1.3.6.1.4.1.1466.115.121.1.40' SINGLE-VALUE )",
    );
    expect(published['objectClasses']).toContain(
      "( 1.3.6.1.1.1.2.9 NAME 'nisMap' SUP top STRUCTURAL MUST (nisMapName $ cn ) MAY (description ) )",
    );
    expect(published['dITContentRules']).toContain(
      "( 1.2.840.113556.1.3.30 NAME 'computer' AUX ( ipHost ) MAY (manager $ l $ uid $ ipHostNumber $ description $ cn ) )",
    );
    // A negative bound (-1) is not published.
    expect(published['extendedAttributeInfo']).toContain(
      "( 1.2.840.113556.1.6.13.3.39 NAME 'msDFSR-CommonStagingSizeInMb' RANGE-LOWER '0' PROPERTY-GUID '0EB05E1346488B458EA2A37559AFD405' PROPERTY-SET-GUID '00000000000000000000000000000000' )",
    );
    expect(published['extendedClassInfo']).toContain(
      "( 1.2.840.113556.1.5.71 NAME 'nTDSConnection' CLASS-GUID '605A1919A06DD011AFD300C04FD930C9' )",
    );
  });

  it('checks with one definition for every published one, same OID and name', () => {
    expect(adSchema.attributeTypes.map(identity)).toEqual(published['attributeTypes']?.map(identity));
    expect(adSchema.objectClasses.map(identity)).toEqual(published['objectClasses']?.map(identity));
    for (const text of adSchema.attributeTypes)
      expect(() => parseAttributeTypeDescription(text)).not.toThrow();
    for (const text of adSchema.objectClasses) expect(() => parseObjectClassDescription(text)).not.toThrow();
  });

  it("allows what a class's auxiliary classes bring, and what the DC fills itself", () => {
    // domainDNS ← samDomain ← samDomainBase: objectSid.
    expect(
      schema.checkEntry(['top', 'domain', 'domainDNS'], ['objectClass', 'dc', 'objectSid', 'objectCategory']),
    ).toBeUndefined();
    // user ← securityPrincipal (sAMAccountName, objectSid, tokenGroups), mailRecipient, posixAccount.
    expect(
      schema.checkEntry(
        ['top', 'person', 'organizationalPerson', 'user'],
        ['objectClass', 'cn', 'sAMAccountName', 'objectSid', 'mail', 'uidNumber', 'instanceType'],
      ),
    ).toBeUndefined();
  });
});

describe('the subschema entry', () => {
  const values = (attributes: ReturnType<typeof subschemaAttributes>, type: string) =>
    attributes.find((a) => a.type === type)?.values;

  it("of ad/samba publishes Samba's definitions, content rules and extended information", () => {
    const attributes = subschemaAttributes(adProfile, schema, AGGREGATE, new Date());
    expect(values(attributes, 'attributeTypes')).toEqual(published['attributeTypes']);
    expect(values(attributes, 'objectClasses')).toEqual(published['objectClasses']);
    for (const kind of ['dITContentRules', 'extendedAttributeInfo', 'extendedClassInfo']) {
      expect(values(attributes, kind), kind).toEqual(published[kind]);
      expect(attributes.find((a) => a.type === kind)?.operational, kind).toBe(true);
    }
  });

  const started = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

  it('of openldap is dated from start-up, created and modified, as slapd dates it', () => {
    const attributes = subschemaAttributes(
      openldapProfile,
      new Schema(openldapSchema),
      'cn=Subschema',
      started,
    );
    expect(values(attributes, 'createTimestamp')).toEqual(['20260102030405Z']);
    expect(values(attributes, 'modifyTimestamp')).toEqual(['20260102030405Z']);
  });

  it('of openldap publishes matchingRuleUse as slapd does', () => {
    const attributes = subschemaAttributes(
      openldapProfile,
      new Schema(openldapSchema),
      'cn=Subschema',
      started,
    );
    expect(values(attributes, 'matchingRuleUse')).toHaveLength(31);
    expect(values(attributes, 'attributeTypes')).toHaveLength(339);
    expect(values(attributes, 'objectClasses')).toHaveLength(80);
  });

  it('publishes what a custom schema adds next to the server forms', () => {
    const merged = new Schema(
      Schema.merge(adSchema, {
        attributeTypes: ["( 1.3.6.1.4.1.99999.1 NAME 'appRole' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )"],
        objectClasses: ["( 1.3.6.1.4.1.99999.2 NAME 'appUser' SUP top AUXILIARY MAY appRole )"],
      }),
    );
    expect(merged.attributeTypeDescriptions()).toHaveLength(1474);
    expect(merged.attributeTypeDescriptions()[1473]).toContain("NAME 'appRole'");
    expect(merged.attributeTypeDescriptions()[0]).toContain("SYNTAX '");
    expect(merged.objectClassDescriptions()).toHaveLength(265);
    expect(merged.otherDescriptions().map(([kind]) => kind)).toEqual([
      'dITContentRules',
      'extendedAttributeInfo',
      'extendedClassInfo',
    ]);
    expect(merged.attributeType('appRole').known).toBe(true);
  });
});
