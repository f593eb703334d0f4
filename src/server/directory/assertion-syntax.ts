/**
 * Assertion values a server with strict syntax checking (slapd) cannot normalise, which make a
 * filter item Undefined and a compare fail with invalidAttributeSyntax: an object identifier that
 * names nothing in the schema (`(objectClass=noSuchClass)`), an empty Directory String
 * (`(cn=)`; an empty IA5 String such as `(mail=)` is valid).
 */
import { SyntaxOid } from '../../core/syntaxes.js';
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
  if (type.syntax === SyntaxOid.directoryString && text.length === 0) return false;
  return true;
}
