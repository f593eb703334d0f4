/**
 * The directory as slapd's access rules see it: DNs in the entries' normal form, attribute
 * subtypes and object classes from the schema, `filter=` evaluated without any access check (as
 * slapd's acl_get does), group membership by exact DN.
 */
import type { Filter } from '../../core/filter-ast.js';
import type { AccessEnvironment } from '../access/access-decision.js';
import type { Entry } from '../directory/entry.js';
import { type CompiledFilter, compileFilter } from '../directory/evaluate-filter.js';
import type { Engine } from './engine.js';

export function accessEnvironment(engine: Engine): AccessEnvironment<Entry> {
  const { directory } = engine;
  const { schema } = directory;
  const covered = new Map<string, ReadonlySet<string>>();
  const allowed = new Map<string, ReadonlySet<string> | 'all'>();
  const filters = new WeakMap<Filter, CompiledFilter>();
  const normalize = (dn: string) => {
    try {
      return directory.normalize(dn);
    } catch {
      return undefined;
    }
  };
  return {
    normalize,
    covers(name, attribute) {
      let names = covered.get(name);
      if (!names) {
        names = new Set(schema.subtypes(name).map((t) => t.name.toLowerCase()));
        covered.set(name, names);
      }
      return names.has(attribute);
    },
    classAllows(objectClass, attribute) {
      let names = allowed.get(objectClass);
      if (!names) {
        names = classAttributes(engine, objectClass);
        allowed.set(objectClass, names);
      }
      return names === 'all' || names.has(attribute);
    },
    matches(entry, filter) {
      let compiled = filters.get(filter);
      if (!compiled) {
        compiled = compileFilter(filter, {
          schema,
          directory,
          values: (e, type, description) => engine.values(e, type, description),
          extensibleRule: (oid) => engine.profile.extensibleRules.get(oid),
          strictAssertionSyntax: engine.profile.strictAssertionSyntax === true,
        });
        filters.set(filter, compiled);
      }
      return compiled(entry) === true;
    },
    dnValues(entry, attribute) {
      return entry
        .strings(directory.attributeKey(attribute))
        .map(normalize)
        .filter((ndn): ndn is string => ndn !== undefined);
    },
    entry: (ndn) => directory.get(ndn),
    isA(entry, objectClass) {
      return entry.strings('objectclass').some((name) => schema.isSubclassOf(name, objectClass));
    },
  };
}

/** The attributes a class allows, its superclasses' too; extensibleObject allows all. */
function classAttributes(engine: Engine, name: string): ReadonlySet<string> | 'all' {
  const { schema } = engine.directory;
  if (name.toLowerCase() === 'extensibleobject') return 'all';
  const classes = [name, ...schema.superclasses(name)].map((n) => schema.objectClass(n));
  return new Set(
    classes.flatMap((cls) =>
      cls ? [...cls.must, ...cls.may].map((n) => schema.attributeType(n).name.toLowerCase()) : [],
    ),
  );
}
