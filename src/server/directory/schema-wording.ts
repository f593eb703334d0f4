/**
 * How each server's subschema entry words a definition loaded from an application's schema file:
 * slapd reprints it in RFC 4512's field order, Samba in its own short form (as it does its
 * built-in ones, see scripts/gen-ad-schema.ts).
 */
import type { AttributeTypeDescription } from '../../core/attribute-type-description.js';
import type { ObjectClassDescription } from '../../core/object-class-description.js';
import type { SchemaExtensions } from '../../core/schema-description-reader.js';

const quoted = (text: string) => `'${text.replace(/\\/g, '\\5C').replace(/'/g, '\\27')}'`;

/** `NAME 'a'` or `NAME ( 'a' 'b' )`; nothing without names. */
function names(list: readonly string[]): string[] {
  if (list.length === 0) return [];
  return list.length === 1 ? [`NAME ${quoted(list[0]!)}`] : [`NAME ( ${list.map(quoted).join(' ')} )`];
}

/** `MUST a` or `MUST ( a $ b )`; nothing for an empty list. */
function oids(keyword: string, list: readonly string[]): string[] {
  if (list.length === 0) return [];
  return list.length === 1 ? [`${keyword} ${list[0]}`] : [`${keyword} ( ${list.join(' $ ')} )`];
}

function extensions(fields: SchemaExtensions): string[] {
  return Object.entries(fields).map(([name, values]) =>
    values.length === 1 ? `${name} ${quoted(values[0]!)}` : `${name} ( ${values.map(quoted).join(' ')} )`,
  );
}

/** slapd 2.5's form (measured: fields reordered, single-element lists unwrapped, the kind always given). */
export function slapdAttributeType(d: AttributeTypeDescription): string {
  const parts = [`( ${d.oid}`, ...names(d.names)];
  if (d.desc !== undefined) parts.push(`DESC ${quoted(d.desc)}`);
  if (d.obsolete) parts.push('OBSOLETE');
  if (d.sup !== undefined) parts.push(`SUP ${d.sup}`);
  if (d.equality !== undefined) parts.push(`EQUALITY ${d.equality}`);
  if (d.ordering !== undefined) parts.push(`ORDERING ${d.ordering}`);
  if (d.substr !== undefined) parts.push(`SUBSTR ${d.substr}`);
  if (d.syntax !== undefined)
    parts.push(`SYNTAX ${d.syntax}${d.syntaxLength === undefined ? '' : `{${d.syntaxLength}}`}`);
  if (d.singleValue) parts.push('SINGLE-VALUE');
  if (d.collective) parts.push('COLLECTIVE');
  if (d.noUserModification) parts.push('NO-USER-MODIFICATION');
  if (d.usage !== 'userApplications') parts.push(`USAGE ${d.usage}`);
  return [...parts, ...extensions(d.extensions), ')'].join(' ');
}

export function slapdObjectClass(d: ObjectClassDescription): string {
  const parts = [`( ${d.oid}`, ...names(d.names)];
  if (d.desc !== undefined) parts.push(`DESC ${quoted(d.desc)}`);
  if (d.obsolete) parts.push('OBSOLETE');
  parts.push(...oids('SUP', d.sup), d.kind, ...oids('MUST', d.must), ...oids('MAY', d.may));
  return [...parts, ...extensions(d.extensions), ')'].join(' ');
}

/** Samba's `MUST (a $ b )` form; nothing for an empty list. */
const sambaList = (keyword: string, list: readonly string[]) =>
  list.length === 0 ? '' : ` ${keyword} (${list.join(' $ ')} )`;

/** Samba's form: its one name, the syntax quoted, no matching rules. */
export function sambaAttributeType(d: AttributeTypeDescription, syntax: string | undefined): string {
  let text = `( ${d.oid} NAME '${d.names[0] ?? d.oid}' SYNTAX '${syntax ?? ''}'`;
  if (d.singleValue) text += ' SINGLE-VALUE';
  if (d.noUserModification) text += ' NO-USER-MODIFICATION';
  return `${text} )`;
}

export function sambaObjectClass(d: ObjectClassDescription): string {
  let text = `( ${d.oid} NAME '${d.names[0] ?? d.oid}'`;
  if (d.sup[0] !== undefined) text += ` SUP ${d.sup[0]}`;
  return `${text} ${d.kind}${sambaList('MUST', d.must)}${sambaList('MAY', d.may)} )`;
}
