/**
 * What slapd checks in a write request before it looks at the directory (slap_mods_check and the
 * DN checks of do_add/do_modify/do_modrdn): names and values the schema does not accept. Used by
 * profiles with a `frontend`; measured against slapd 2.5 (test/interop/probes/write-probes.ts).
 */
import { BoundedMemo } from '../../core/bounded-memo.js';
import { parseDN } from '../../core/dn-parse.js';
import { type SyntaxCheck, syntaxCheck, syntaxUnvalidated } from '../../core/syntax-validation.js';
import { SyntaxOid } from '../../core/syntaxes.js';
import type { Directory } from '../directory/directory.js';
import type { ResolvedAttributeType } from '../directory/schema-attribute-types.js';
import { DirectoryViolation } from '../directory/violation.js';
import type { ModifyOperation } from '../operations.js';

/** An attribute of an add request (no operation) or a change of a modify request. */
export interface RequestAttribute {
  readonly operation?: ModifyOperation;
  readonly type: string;
  readonly values: readonly Buffer[];
}

/**
 * An increment without exactly one value (2) first; then each attribute in request order, the
 * first problem thrown: an undefined type (17, when `strict`); an increment of a type without
 * integer syntax (19); a value invalid per syntax, an unknown object class counting as one
 * (21); then, for added or replacing values, several values of a single-valued type (19) and a
 * value given twice (20, the position of its first occurrence, as slapd's sort finds it; the
 * type by its schema name).
 */
export function checkRequestAttributes(
  directory: Directory,
  attributes: readonly RequestAttribute[],
  strict: boolean,
): void {
  const { schema } = directory;
  // slapd refuses an increment without exactly one value while it decodes the request.
  const increment = attributes.find((a) => a.operation === 'increment' && a.values.length !== 1);
  if (increment) {
    throw new DirectoryViolation({ kind: 'incrementValueCount', attribute: increment.type, inRequest: true });
  }
  const objectClassType = schema.attributeType('objectClass');
  for (const attribute of attributes) {
    const type = schema.attributeType(attribute.type);
    if (!type.known) {
      if (strict) throw new DirectoryViolation({ kind: 'undefinedAttributeType', attribute: attribute.type });
      continue;
    }
    if (attribute.operation === 'increment' && type.syntax !== SyntaxOid.integer) {
      throw new DirectoryViolation({ kind: 'incrementInappropriate', attribute: attribute.type });
    }
    const key = directory.attributeKey(attribute.type);
    const check = valueSyntaxCheck(directory, type);
    const keys = attribute.values.map((value, position) => {
      if (check && syntaxUnvalidated(type.syntax)) {
        throw new DirectoryViolation({
          kind: 'invalidSyntax',
          attribute: attribute.type,
          position,
          ...(type.syntax !== undefined && { unvalidatedSyntax: type.syntax }),
        });
      }
      const valueKey = validValue(check, value) ? directory.normalizeValue(key, value) : undefined;
      if (valueKey === undefined) {
        throw new DirectoryViolation({ kind: 'invalidSyntax', attribute: attribute.type, position });
      }
      if (type !== objectClassType) return valueKey;
      const named = schema.objectClass(value.toString('utf8'));
      if (strict && !named) {
        throw new DirectoryViolation({ kind: 'unknownObjectClass', position, name: value.toString('utf8') });
      }
      // A class named by OID and by name is one value.
      return named?.oid ?? valueKey;
    });
    if (attribute.operation === 'delete' || attribute.operation === 'increment') continue;
    if (type.singleValue && keys.length > 1) {
      throw new DirectoryViolation({ kind: 'singleValue', attribute: attribute.type, inRequest: true });
    }
    const firstPosition = new Map<string, number>();
    for (const [position, valueKey] of keys.entries()) {
      const first = firstPosition.get(valueKey);
      if (first !== undefined) {
        const options = attribute.type.includes(';') ? attribute.type.slice(attribute.type.indexOf(';')) : '';
        throw new DirectoryViolation({
          kind: 'duplicateValue',
          attribute: type.name + options.toLowerCase(),
          position: first,
          during: 'add',
        });
      }
      firstPosition.set(valueKey, position);
    }
  }
}

/**
 * Whether a DN names only attribute types the schema defines, each value valid for its type: slapd
 * refuses any other DN with 34 ("invalid DN", a modify DN's new RDN "invalid new RDN").
 */
export function dnFitsSchema(directory: Directory, dn: string): boolean {
  let memo = fits.get(directory);
  if (!memo) fits.set(directory, (memo = new BoundedMemo()));
  return memo.get(dn, (key) => checkDN(directory, key));
}

/** Answers by directory (its schema and syntax rules), for the DNs requests name again and again. */
const fits = new WeakMap<Directory, BoundedMemo<boolean>>();

function checkDN(directory: Directory, dn: string): boolean {
  let rdns: ReturnType<typeof parseDN>;
  try {
    rdns = parseDN(dn);
  } catch {
    return false;
  }
  return rdns.flat().every((ava) => {
    if (!directory.schema.attributeType(ava.type).known) return false;
    const value = ava.ber && ava.value.startsWith('#') ? ava.ber : ava.value;
    const check = valueSyntaxCheck(directory, directory.schema.attributeType(ava.type));
    return (
      validValue(check, Buffer.from(value)) &&
      directory.normalizeValue(directory.attributeKey(ava.type), value) !== undefined
    );
  });
}

/** objectClass names classes by descriptor too: slapd checks those against the schema instead. */
function valueSyntaxCheck(directory: Directory, type: ResolvedAttributeType): SyntaxCheck | undefined {
  return type === directory.schema.attributeType('objectClass') ? undefined : syntaxCheck(type.syntax);
}

function validValue(check: SyntaxCheck | undefined, value: Buffer): boolean {
  return check === undefined || check(value);
}
