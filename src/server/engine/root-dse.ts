/** The two entries every LDAP server publishes outside its naming contexts: the rootDSE and the subschema. */
import type { Schema } from '../directory/schema.js';
import type { Profile } from '../profiles/profile.js';
import type { CandidateAttribute } from './attribute-selection.js';

function attribute(
  type: string,
  values: readonly (string | Buffer)[],
  operational = true,
): CandidateAttribute {
  return { key: type.toLowerCase(), type, operational, values };
}

/**
 * RFC 4512 §5.1: the rootDSE's attributes are operational, so `*` returns only objectClass —
 * except in AD, which returns them all.
 */
export function rootDSEAttributes(
  profile: Profile,
  namingContexts: readonly string[],
  subschemaDN: string,
  now: Date,
): CandidateAttribute[] {
  const dse = profile.rootDSE;
  const operational = dse.operationalAttributes;
  const attribute = (
    type: string,
    values: readonly string[],
    isOperational = operational,
  ): CandidateAttribute => ({
    key: type.toLowerCase(),
    type,
    operational: isOperational,
    values,
  });
  const extra = Object.entries(dse.extra?.(namingContexts[0] ?? '', now) ?? {}).map(([type, values]) =>
    attribute(type, values),
  );
  const overridden = new Set(extra.map((a) => a.key));
  const list = [
    attribute(
      'objectClass',
      dse.noObjectClass ? [] : ['top', ...(dse.structuralObjectClass ? [dse.structuralObjectClass] : [])],
      false,
    ),
    attribute('structuralObjectClass', dse.structuralObjectClass ? [dse.structuralObjectClass] : []),
    attribute('configContext', []),
    attribute('namingContexts', namingContexts),
    attribute('supportedControl', dse.supportedControl),
    attribute('supportedExtension', dse.supportedExtension),
    attribute('supportedFeatures', dse.supportedFeatures),
    attribute('supportedLDAPVersion', ['3']),
    attribute('supportedSASLMechanisms', dse.supportedSASLMechanisms),
    attribute('subschemaSubentry', [subschemaDN]),
    attribute('vendorName', dse.vendorName ? [dse.vendorName] : []),
    // Samba returns vendorVersion only when asked for it by name.
    attribute('vendorVersion', dse.vendorVersion ? [dse.vendorVersion] : [], true),
  ].filter((a) => !overridden.has(a.key));
  return [...list, ...extra].filter((a) => a.values.length > 0);
}

export function subschemaAttributes(
  profile: Profile,
  schema: Schema,
  dn: string,
  started: Date,
): CandidateAttribute[] {
  const cn = /^cn=([^,]*)/i.exec(dn)?.[1] ?? dn;
  const extra = Object.entries(profile.subschema.extra?.(dn, started) ?? {}).map(([type, values]) =>
    attribute(type, values),
  );
  const entry = Object.entries(profile.subschema.entry?.(dn, started) ?? {}).map(([type, values]) =>
    attribute(type, values, false),
  );
  return [
    attribute('objectClass', profile.subschema.objectClasses, false),
    attribute('cn', [cn], false),
    ...entry,
    attribute('ldapSyntaxes', profile.ldapSyntaxes),
    attribute('matchingRules', profile.matchingRules),
    attribute('attributeTypes', schema.attributeTypeDescriptions()),
    attribute('objectClasses', schema.objectClassDescriptions()),
    ...schema.otherDescriptions().map(([type, values]) => attribute(type, values)),
    attribute('subschemaSubentry', [dn]),
    ...extra,
  ].filter((a) => a.values.length > 0);
}
