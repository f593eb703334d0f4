/**
 * Copy-on-write snapshots: a snapshot and a restore are O(1) (they share the map of immutable
 * entries), so each must stay exactly what it was whatever the store does afterwards.
 */
import { describe, expect, it } from 'vitest';
import { Directory } from '../../../src/server/directory/directory.js';
import { Schema } from '../../../src/server/directory/schema.js';
import { openldapSchema } from '../../../src/server/directory/schema-openldap.js';

const base = 'dc=example,dc=org';
function directoryWith(names: readonly string[]): Directory {
  const directory = new Directory(new Schema(openldapSchema));
  directory.add(
    base,
    [
      { type: 'objectClass', values: ['top', 'dcObject', 'organization'] },
      { type: 'dc', values: ['example'] },
      { type: 'o', values: ['Example'] },
    ],
    { allowRoot: true },
  );
  for (const name of names) add(directory, name);
  return directory;
}
function add(directory: Directory, name: string): void {
  directory.add(`cn=${name},${base}`, [
    { type: 'objectClass', values: ['top', 'person'] },
    { type: 'cn', values: [name] },
    { type: 'sn', values: ['S'] },
  ]);
}
const names = (directory: Directory) =>
  [...directory.all()]
    .map((e) => e.first('cn'))
    .filter((cn) => cn !== undefined)
    .sort();

describe('snapshots are copy-on-write', () => {
  it('a snapshot keeps what the directory held, through later adds and deletes', () => {
    const directory = directoryWith(['a', 'b']);
    const snapshot = directory.snapshot();
    add(directory, 'c');
    directory.delete(`cn=a,${base}`);
    expect(names(directory)).toStrictEqual(['b', 'c']);
    directory.restore(snapshot);
    expect(names(directory)).toStrictEqual(['a', 'b']);
  });

  it('restoring one snapshot twice, with writes between, gives the same entries each time', () => {
    const directory = directoryWith(['a']);
    const snapshot = directory.snapshot();
    add(directory, 'x');
    directory.restore(snapshot);
    add(directory, 'y');
    directory.restore(snapshot);
    expect(names(directory)).toStrictEqual(['a']);
  });

  it('two directories restored from one snapshot change independently, and indexes follow', () => {
    const first = directoryWith(['a']);
    const snapshot = first.snapshot();
    const second = new Directory(first.schema);
    second.restore(snapshot);
    add(first, 'only-first');
    add(second, 'only-second');
    expect(names(first)).toStrictEqual(['a', 'only-first']);
    expect(names(second)).toStrictEqual(['a', 'only-second']);
    expect([...second.lookup('cn', 'only-first')]).toStrictEqual([]);
    expect([...second.lookup('cn', 'only-second')]).toHaveLength(1);
  });
});
