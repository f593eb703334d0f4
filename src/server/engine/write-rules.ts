/**
 * What every write shares beyond access: the entry it works on, the rules of the profile's
 * `writes` (AD's, which slapd does not have), and the context a refusal is worded with. Each
 * write runs inside wordedWrite, so a violation thrown anywhere in it reaches the profile with
 * the operation and the entry's names (Samba's texts name the entry; slapd's do not).
 */
import { formatDN } from '../../core/dn-format.js';
import { parseDN, type RDN } from '../../core/dn-parse.js';
import { decodeGuid } from '../../core/guid.js';
import { LdapResultError } from '../../core/result-code.js';
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import { DirectoryViolation, type ViolationContext } from '../directory/violation.js';
import type { AttributeValue, ModifyDNRequest } from '../operations.js';
import type { Engine } from './engine.js';

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
    if (engine.profile.writes && !parses(engine, target.dn)) {
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
 * AD's add rules, in Samba's order, before the directory judges the entry: the RDN (one
 * assertion, a value), the parent, then under schema checking the object classes and attribute
 * types, then attributes only the server writes.
 */
export function checkAddRules(
  engine: Engine,
  dn: string,
  attributes: readonly { readonly type: string; readonly values: readonly AttributeValue[] }[],
): void {
  const rules = engine.profile.writes;
  if (!rules) return;
  const { directory } = engine;
  const rdns = parseDN(dn);
  if (rdns.length === 0) return; // the root DSE: the directory refuses it
  checkNewRdn(rules.singleValuedRdn, rdns[0]!, 'add');
  if (rules.parentFirst && rdns.length > 1 && !directory.get(formatDN(rdns.slice(1)))) {
    throw new DirectoryViolation({ kind: 'noSuchEntry', matchedDN: directory.matchedDN(dn) });
  }
  const { schema } = directory;
  if (engine.options.strictSchema) {
    const classes = attributes.filter(
      (a) => schema.attributeType(a.type).name.toLowerCase() === 'objectclass',
    );
    const names = classes.flatMap((a) => a.values).map(text);
    for (const [position, name] of names.entries()) {
      if (!schema.objectClass(name))
        throw new DirectoryViolation({ kind: 'unknownObjectClass', position, name });
    }
    // Samba's objectclass module judges the classes before objectclass_attrs the attributes.
    const problem = names.length > 0 ? schema.checkEntry(names, ['objectClass']) : undefined;
    if (problem?.kind === 'structuralChain' || problem?.kind === 'noStructuralClass') {
      throw new DirectoryViolation(problem);
    }
    for (const attribute of attributes) {
      if (!schema.attributeType(attribute.type).known) {
        throw new DirectoryViolation({ kind: 'undefinedAttributeType', attribute: attribute.type });
      }
    }
  }
  for (const attribute of attributes) {
    const type = schema.attributeType(attribute.type);
    if (type.noUserModification) {
      throw new DirectoryViolation({
        kind: 'noUserModification',
        attribute: attribute.type,
        during: 'add',
        reason: 'constructed',
      });
    }
    if (rules.systemOnlyOnAdd.has(type.name.toLowerCase())) {
      throw new DirectoryViolation({
        kind: 'noUserModification',
        attribute: attribute.type,
        during: 'add',
        reason: 'systemOnly',
      });
    }
  }
}

/**
 * AD's modify rules, in Samba's order: no increment; under schema checking, attribute types
 * the schema lacks; `name` and `distinguishedName`; attributes only the server writes; the RDN
 * attribute (as the request's DN spells it).
 */
export function checkModifyRules(
  engine: Engine,
  requestedDN: string,
  entry: Entry,
  changes: readonly DirectoryChange[],
): void {
  const rules = engine.profile.writes;
  if (!rules) return;
  const { schema } = engine.directory;
  const increment = changes.find((c) => c.operation === 'increment');
  if (!rules.increment && increment) {
    throw new DirectoryViolation({ kind: 'unsupportedModification', operation: increment.operation });
  }
  if (engine.options.strictSchema) {
    const undefinedType = changes.find((c) => !schema.attributeType(c.type).known);
    if (undefinedType) {
      throw new DirectoryViolation({ kind: 'undefinedAttributeType', attribute: undefinedType.type });
    }
  }
  const names = changes.map((c) => schema.attributeType(c.type).name.toLowerCase());
  if (rules.namingAttributesReadOnly) {
    for (const naming of ['name', 'distinguishedName'] as const) {
      if (names.includes(naming.toLowerCase())) {
        throw new DirectoryViolation({ kind: 'namingAttributeChange', attribute: naming, naming });
      }
    }
  }
  for (const [i, change] of changes.entries()) {
    const constructed = schema.attributeType(change.type).noUserModification === true;
    if (constructed || rules.systemOnly.has(names[i]!)) {
      throw new DirectoryViolation({
        kind: 'noUserModification',
        attribute: change.type,
        during: 'modify',
        reason: constructed ? 'constructed' : 'systemOnly',
      });
    }
  }
  // objectclass_attrs: every value valid per syntax, before the database looks at any of them.
  for (const change of changes) {
    if (change.operation !== 'add' && change.operation !== 'replace') continue;
    const key = engine.directory.attributeKey(change.type);
    for (const [position, value] of change.values.entries()) {
      if (engine.directory.normalizeValue(key, value) === undefined) {
        throw new DirectoryViolation({ kind: 'invalidSyntax', attribute: change.type, position });
      }
    }
  }
  checkObjectClassChanges(engine, entry, changes);
  checkLinkedValues(engine, entry, changes);
  if (!rules.namingAttributesReadOnly) return;
  const rdn = (
    parses(engine, requestedDN) && !requestedDN.startsWith('<') ? parseDN(requestedDN) : parseDN(entry.dn)
  )[0];
  for (const ava of rdn ?? []) {
    const key = engine.directory.attributeKey(ava.type);
    if (changes.some((c) => engine.directory.attributeKey(c.type) === key)) {
      throw new DirectoryViolation({ kind: 'namingAttributeChange', attribute: ava.type, naming: 'rdn' });
    }
  }
}

/**
 * AD's modifyDN rules, in Samba's order, before the entry is looked up: the old RDN value goes;
 * the new RDN is one assertion with a value; the new parent exists.
 */
export function checkRenameRules(engine: Engine, request: ModifyDNRequest): void {
  const rules = engine.profile.writes;
  if (!rules) return;
  if (rules.deleteOldRdnRequired && !request.deleteOldRDN)
    throw new DirectoryViolation({ kind: 'oldRdnKept' });
  let newRdns: RDN[];
  try {
    newRdns = parseDN(request.newRDN);
  } catch {
    throw new DirectoryViolation({ kind: 'invalidNewRDN' });
  }
  if (newRdns.length !== 1) throw new DirectoryViolation({ kind: 'invalidNewRDN' });
  checkNewRdn(rules.singleValuedRdn, newRdns[0]!, 'modifyDN');
  if (!rules.parentFirst) return;
  const parent = request.newSuperior ?? parentOf(request.dn);
  if (parent !== undefined && !engine.directory.get(parent)) {
    throw new DirectoryViolation({ kind: 'newSuperiorMissing' });
  }
}

/**
 * Under schema checking, added object classes must exist, and the structural class may not
 * change (Samba's objectclass module; removing every class it lets pass).
 */
function checkObjectClassChanges(engine: Engine, entry: Entry, changes: readonly DirectoryChange[]): void {
  if (!engine.options.strictSchema) return;
  const { schema } = engine.directory;
  let classes = entry.strings('objectclass');
  const before = schema.structuralObjectClass(classes);
  for (const change of changes) {
    if (schema.attributeType(change.type).name.toLowerCase() !== 'objectclass') continue;
    const values = change.values.map(text);
    if (change.operation !== 'delete') {
      for (const [position, name] of values.entries()) {
        if (!schema.objectClass(name))
          throw new DirectoryViolation({ kind: 'unknownObjectClass', position, name });
      }
    }
    if (change.operation === 'replace') classes = values;
    else if (change.operation === 'add') classes = [...classes, ...values];
    else if (values.length > 0) {
      const removed = new Set(values.map((v) => v.toLowerCase()));
      classes = classes.filter((c) => !removed.has(c.toLowerCase()));
    }
  }
  const after = schema.structuralObjectClass(classes);
  if (before !== undefined && after !== undefined && before !== after) {
    throw new DirectoryViolation({ kind: 'structuralClassChange', before, after });
  }
}

/** A linked attribute's added values must name entries not linked yet; deleted ones, entries linked. */
function checkLinkedValues(engine: Engine, entry: Entry, changes: readonly DirectoryChange[]): void {
  const { directory } = engine;
  const linked = new Set(
    (engine.profile.writes?.linkedAttributes ?? []).map((a) => directory.attributeKey(a)),
  );
  for (const change of changes) {
    const key = directory.attributeKey(change.type);
    if (!linked.has(key) || change.operation === 'replace' || change.operation === 'increment') continue;
    const held = new Set((entry.get(key)?.values ?? []).map((v) => directory.normalizeValue(key, v)));
    const attribute = directory.schema.attributeType(change.type).name;
    for (const value of change.values) {
      const target = directory.get(text(value));
      if (!target) {
        if (change.operation === 'add')
          throw new DirectoryViolation({ kind: 'linkTargetMissing', attribute });
        continue;
      }
      const present = held.has(directory.normalizeValue(key, value));
      if (present === (change.operation === 'add')) {
        const bytes = target.get('objectguid')?.values[0];
        throw new DirectoryViolation({
          kind: 'linkedValue',
          attribute,
          guid: bytes && typeof bytes !== 'string' ? decodeGuid(bytes) : '',
          problem: present ? 'exists' : 'missing',
        });
      }
    }
  }
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
    const given = attribute.values.map((v) => schema.objectClassName(text(v)) ?? text(v).toLowerCase());
    if (new Set(given).size < given.length) return attribute;
    const classes: string[] = [];
    for (const value of attribute.values.map(text)) {
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

function checkNewRdn(singleValued: boolean, rdn: RDN, during: 'add' | 'modifyDN'): void {
  if (singleValued && rdn.length > 1) throw new DirectoryViolation({ kind: 'multiValuedRdn', during });
  if (rdn.some((ava) => ava.value === '' && ava.ber === undefined)) {
    throw new DirectoryViolation({ kind: 'emptyRdnValue', during });
  }
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

function parentOf(dn: string): string | undefined {
  try {
    const rdns = parseDN(dn);
    return rdns.length > 1 ? formatDN(rdns.slice(1)) : undefined;
  } catch {
    return undefined;
  }
}

function parses(engine: Engine, dn: string): boolean {
  if (engine.profile.extendedDNs && dn.startsWith('<')) return true;
  try {
    parseDN(dn);
    return true;
  } catch {
    return false;
  }
}

function text(value: AttributeValue): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}
