/**
 * A modify's changes as Samba 4.17 applies them (Profile.writes, under schema checking): its
 * objectclass module takes the objectClass changes out, lets the rest reach the database, and only
 * then applies them, element by element — an added class must exist and be new, a deleted one be
 * there — before it sorts the result with every superclass (so `top` comes back) and judges it:
 * some structural class left, the same structural class as before, no class unrelated to it.
 * A linked attribute (member) added with no values changes nothing; a user's userAccountControl
 * is as samldb leaves it (ad-account-checks.ts).
 */
import type { DirectoryChange } from '../directory/directory-changes.js';
import type { Entry } from '../directory/entry.js';
import { DirectoryViolation } from '../directory/violation.js';
import { valueText } from '../operations.js';
import { accountControlChanges } from './ad-account-checks.js';
import type { Engine } from './engine.js';

export interface PlannedModify {
  readonly changes: DirectoryChange[];
  /** What the objectclass module refuses, once the other changes went through (throw it then). */
  readonly refused?: DirectoryViolation;
}

/**
 * `writer`: whether the acl module lets the caller write any attribute. Samba's objectclass module
 * writes the classes it judged as a replace of objectClass, which the acl module only then sees
 * (measured as a user: deleting a class the entry lacks → 16, deleting none → 50).
 */
export function planAdModify(
  engine: Engine,
  entry: Entry,
  changes: readonly DirectoryChange[],
  writer = true,
): PlannedModify {
  const rules = engine.profile.writes;
  if (!rules?.parentFirst || !engine.options.strictSchema) return { changes: [...changes] };
  const { schema } = engine.directory;
  const isClass = (c: DirectoryChange) => schema.attributeType(c.type).name.toLowerCase() === 'objectclass';
  const linked = new Set(rules.linkedAttributes.map((a) => engine.directory.attributeKey(a)));
  // samldb's userAccountControl: a value that changes nothing is dropped, a number stored as computed.
  const others = accountControlChanges(engine, entry, changes).filter(
    (c) =>
      !isClass(c) &&
      !(c.operation === 'add' && c.values.length === 0 && linked.has(engine.directory.attributeKey(c.type))),
  );
  const classChanges = changes.filter(isClass);
  if (classChanges.length === 0) return { changes: others };
  try {
    const classes = newClasses(engine, entry, classChanges);
    if (!writer) return { changes: others, refused: new DirectoryViolation({ kind: 'accessDenied' }) };
    return { changes: [...others, { operation: 'replace', type: 'objectClass', values: classes }] };
  } catch (error) {
    if (!(error instanceof DirectoryViolation)) throw error;
    return { changes: others, refused: error };
  }
}

/** The entry's classes after the changes, sorted with their superclasses; throws what Samba refuses. */
function newClasses(engine: Engine, entry: Entry, changes: readonly DirectoryChange[]): string[] {
  const { schema } = engine.directory;
  let classes = entry.strings('objectclass').map((c) => schema.objectClassName(c) ?? c);
  const has = (name: string) => classes.some((c) => c.toLowerCase() === name.toLowerCase());
  const known = (value: string, position: number) => {
    const name = schema.objectClassName(value);
    if (name === undefined)
      throw new DirectoryViolation({ kind: 'unknownObjectClass', position, name: value });
    return name;
  };
  const before = schema.structuralObjectClass(entry.strings('objectclass'));
  let sorted = classes;
  for (const change of changes) {
    const values = change.values.map(valueText);
    if (change.operation === 'replace') classes = values.map(known);
    else if (change.operation === 'add') {
      for (const [position, value] of values.entries()) {
        const name = known(value, position);
        if (has(name)) throw new DirectoryViolation({ kind: 'objectClassPresent', name: value });
        classes.push(name);
      }
    } else if (values.length === 0)
      continue; // a delete naming no class changes nothing (measured)
    else {
      for (const value of values) {
        const name = schema.objectClassName(value) ?? value;
        if (!has(name)) throw new DirectoryViolation({ kind: 'objectClassAbsent', name: value });
        classes = classes.filter((c) => c.toLowerCase() !== name.toLowerCase());
      }
    }
    // Each element is judged once applied, before the next one.
    sorted = withSuperclasses(engine, classes);
    judge(engine, sorted, before);
  }
  return sorted;
}

/** Some structural class, the one the entry had, and no class unrelated to it. */
function judge(engine: Engine, sorted: readonly string[], before: string | undefined): void {
  const { schema } = engine.directory;
  const structural = lastStructural(engine, sorted, before);
  if (structural === undefined) throw new DirectoryViolation({ kind: 'structuralClassesRemoved' });
  if (before !== undefined && before !== structural) {
    throw new DirectoryViolation({ kind: 'structuralClassChange', before, after: structural });
  }
  const related = new Set([structural, ...schema.superclasses(structural)].map((c) => c.toLowerCase()));
  const problem = schema.checkEntry(sorted, ['objectClass']);
  if (problem?.kind === 'structuralChain') {
    // Samba names the unrelated class first in name order.
    const unrelated = sorted
      .filter((c) => !related.has(c.toLowerCase()) && schema.structuralObjectClass([c]) !== undefined)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))[0];
    throw new DirectoryViolation({
      kind: 'structuralChain',
      classes: problem.classes,
      byDepth: [unrelated ?? problem.classes[0], structural],
    });
  }
}

/**
 * The structural class Samba takes for the entry: the deepest structural one (computer over
 * group); between two as deep, the one the entry had, else the first.
 */
function lastStructural(
  engine: Engine,
  sorted: readonly string[],
  before: string | undefined,
): string | undefined {
  const { schema } = engine.directory;
  let best: string | undefined;
  for (const name of sorted) {
    if (schema.structuralObjectClass([name]) !== name) continue;
    const deeper = best === undefined || schema.superclasses(name).length > schema.superclasses(best).length;
    const tie = best !== undefined && schema.superclasses(name).length === schema.superclasses(best).length;
    if (deeper || (tie && name === before)) best = name;
  }
  return best;
}

/** Each class with its superclasses, the shallower first (as AD stores objectClass). */
function withSuperclasses(engine: Engine, classes: readonly string[]): string[] {
  const { schema } = engine.directory;
  const all: string[] = [];
  for (const name of classes) {
    for (const c of [...[...schema.superclasses(name)].reverse(), name]) {
      if (!all.some((a) => a.toLowerCase() === c.toLowerCase())) all.push(c);
    }
  }
  const depth = (name: string) => schema.superclasses(name).length;
  return all
    .map((name, i) => ({ name, i }))
    .sort((a, b) => depth(a.name) - depth(b.name) || a.i - b.i)
    .map((c) => c.name);
}
