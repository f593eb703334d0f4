/**
 * What every write shares beyond access: the entry it works on, the rules of the profile's
 * `writes` (AD's, which slapd does not have), and the context a refusal is worded with. Each
 * write runs inside wordedWrite, so a violation thrown anywhere in it reaches the profile with
 * the operation and the entry's names (Samba's texts name the entry; slapd's do not).
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN, type RDN } from '../../core/dn-parse.js';
import { LdapResultError } from '../../core/result-code.js';
import type { Entry } from '../directory/entry.js';
import { DirectoryViolation, type ViolationContext } from '../directory/violation.js';
import { type AttributeValue, valueText } from '../operations.js';
import type { Engine } from './engine.js';
import { parentOf, parsesAsDN } from './request-dn.js';

interface WriteTarget {
  readonly operation: ViolationContext['operation'];
  readonly dn: string;
  readonly newRDN?: string;
  readonly newSuperior?: string;
}

/**
 * Runs a write; what it violates comes back in the profile's words, with the context. Where the
 * profile has write rules, a DN that does not parse is such a violation too (Samba: 34 from ldb).
 */
export async function wordedWrite<R>(engine: Engine, target: WriteTarget, run: () => Promise<R>): Promise<R> {
  try {
    if (engine.profile.writes && !parsesAsDN(engine, target.dn)) {
      throw new DirectoryViolation({ kind: 'invalidDN' });
    }
    return await run();
  } catch (error) {
    if (!(error instanceof DirectoryViolation)) throw error;
    const { code, message, matchedDN } = engine.profile.violation(error.violation, context(engine, target));
    throw new LdapResultError(code, message, matchedDN ?? '');
  }
}

/** The entry a modify, delete or modifyDN works on; a missing one is a violation (noSuchEntry). */
export function existingEntry(engine: Engine, dn: string): Entry {
  engine.requireDN(dn);
  const resolved = engine.resolveDN(dn);
  const entry = engine.directory.get(resolved);
  if (!entry) {
    throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: engine.directory.matchedDN(resolved) });
  }
  return entry;
}

/**
 * objectClass as AD stores it (Profile.writes.objectClassChain): each known class by its canonical
 * name with all its superclasses, the shallower first (top, person, organizationalPerson, contact).
 */
export function withObjectClassChain<
  A extends { readonly type: string; readonly values: readonly AttributeValue[] },
>(engine: Engine, attributes: readonly A[]): A[] {
  if (!engine.profile.writes?.objectClassChain) return [...attributes];
  const { schema } = engine.directory;
  return attributes.map((attribute) => {
    if (schema.attributeType(attribute.type).name.toLowerCase() !== 'objectclass') return attribute;
    // A class given twice stays so: the directory refuses it.
    const given = attribute.values.map(
      (v) => schema.objectClassName(valueText(v)) ?? valueText(v).toLowerCase(),
    );
    if (new Set(given).size < given.length) return attribute;
    const classes: string[] = [];
    for (const value of attribute.values.map(valueText)) {
      const name = schema.objectClassName(value);
      if (name === undefined) classes.push(value);
      else classes.push(...[...schema.superclasses(name)].reverse(), name);
    }
    const depth = (name: string) => schema.superclasses(name).length;
    const unique = [...new Set(classes)];
    const ordered = unique
      .map((name, i) => ({ name, i }))
      .sort((a, b) => depth(a.name) - depth(b.name) || a.i - b.i);
    return { ...attribute, values: ordered.map((c) => c.name) };
  });
}

/**
 * The entry an add stores: the request's attributes and the server's creation stamps. Where the
 * profile has write rules (AD), the server's value wins for what only it writes (whenCreated,
 * instanceType…), the request's for the defaults it gives itself (countryCode…).
 */
export function withCreationStamps<A extends { readonly type: string }>(
  engine: Engine,
  attributes: readonly A[],
  stamps: readonly A[],
): A[] {
  const rules = engine.profile.writes;
  if (!rules) return [...attributes, ...stamps];
  const { directory } = engine;
  const stamped = new Set(stamps.map((s) => directory.attributeKey(s.type)));
  const given = attributes.filter(
    (a) =>
      !(
        stamped.has(directory.attributeKey(a.type)) &&
        rules.systemOnly.has(directory.schema.attributeType(a.type).name.toLowerCase())
      ),
  );
  const givenKeys = new Set(given.map((a) => directory.attributeKey(a.type)));
  return [...given, ...stamps.filter((s) => !givenKeys.has(directory.attributeKey(s.type)))];
}

/** The request's DN, the entry's stored DN, and the DN a new or renamed entry gets (Samba's form). */
function context(engine: Engine, target: WriteTarget): ViolationContext {
  const { directory } = engine;
  let entry: Entry | undefined;
  try {
    entry = directory.get(engine.resolveDN(target.dn));
  } catch {
    entry = undefined;
  }
  const base = { operation: target.operation, dn: target.dn, ...(entry && { storedDN: entry.dn }) };
  if (target.operation === 'add') {
    const newDN = sambaDN(engine, target.dn, parentOf(target.dn));
    return { ...base, ...(newDN !== undefined && { newDN }) };
  }
  if (target.operation === 'modifyDN' && target.newRDN !== undefined) {
    const parent = target.newSuperior ?? (entry ? parentOf(entry.dn) : parentOf(target.dn));
    const newDN = sambaDN(engine, target.newRDN, parent);
    return { ...base, ...(newDN !== undefined && { newDN }) };
  }
  return base;
}

/** `rdn,parent` as Samba writes a new entry's DN: the RDN's type upper-cased, the parent as stored. */
function sambaDN(engine: Engine, dn: string, parent: string | undefined): string | undefined {
  let rdn: RDN | undefined;
  try {
    rdn = parseDN(dn)[0];
  } catch {
    return undefined;
  }
  if (!rdn) return undefined;
  const first = formatDN(
    [rdn.map((ava) => ({ ...ava, type: ava.type.toUpperCase() }))],
    engine.profile.dnStyle,
  );
  if (parent === undefined) return first;
  return `${first},${engine.directory.get(parent)?.dn ?? parent}`;
}
