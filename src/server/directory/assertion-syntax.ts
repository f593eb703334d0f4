/**
 * Assertion values a server with strict syntax checking (slapd) cannot normalise, which make a
 * filter item Undefined and a compare fail with invalidAttributeSyntax: an object identifier that
 * names nothing in the schema (`(objectClass=noSuchClass)`), a value its syntax does not allow
 * (`(cn=)`: an empty Directory String; an empty IA5 String such as `(mail=)` is valid).
 */
import { syntaxCheck, syntaxUnvalidated } from '../../core/syntax-validation.js';
import type { AttributeValue } from '../operations.js';
import type { Schema } from './schema.js';
import type { ResolvedAttributeType } from './schema-attribute-types.js';

/** A numeric OID, or the name of an object class or attribute type of the schema. */
function namesKnownOid(schema: Schema, text: string): boolean {
  if (/^\d+(\.\d+)+$/.test(text)) return true;
  return schema.objectClass(text) !== undefined || schema.attributeType(text).known;
}

export function assertionAllowed(
  schema: Schema,
  type: ResolvedAttributeType,
  value: AttributeValue,
): boolean {
  const text = typeof value === 'string' ? value : value.toString('utf8');
  if (type.equality === 'objectIdentifierMatch') return namesKnownOid(schema, text.trim());
  // Otherwise the value must be valid for the type's syntax: `(uidNumber= 1)`, `(mail=é)` are not.
  const check = syntaxCheck(type.syntax);
  if (check === undefined || syntaxUnvalidated(type.syntax)) return true;
  return check(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}
