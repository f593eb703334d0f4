/**
 * What the web console shows of the directory: the tree one level at a time, and an entry with
 * its computed attributes (memberOf, tokenGroups…) read through the engine as the administrator
 * reads it, SIDs and GUIDs in their string forms with the names they stand for, secrets redacted.
 */
import { decodeGuid } from '../../core/guid.js';
import { decodeSid } from '../../core/sid.js';
import type { Engine } from '../engine/engine.js';
import { displayValue, displayValues } from '../journal/display-value.js';
import type { AttributeValue, EntryAttribute } from '../operations.js';
import { internalRequest } from './internal-request.js';

export interface ConsoleNode {
  readonly dn: string;
  readonly hasChildren: boolean;
}

export interface ConsoleAttribute {
  readonly type: string;
  readonly values: readonly string[];
  /** Computed by the server (memberOf, tokenGroups, entryDN…), not stored. */
  readonly computed: boolean;
}

export interface ConsoleEntry {
  readonly dn: string;
  readonly attributes: readonly ConsoleAttribute[];
}

const SID_ATTRIBUTES = new Set([
  'objectsid',
  'tokengroups',
  'tokengroupsglobalanduniversal',
  'tokengroupsnogcacceptable',
  'sidhistory',
]);
const GUID_ATTRIBUTES = new Set(['objectguid']);

/** The naming contexts ('' as `dn`) or the children of an entry, in name order. */
export function consoleChildren(engine: Engine, dn: string): ConsoleNode[] | undefined {
  const { directory } = engine;
  const parent = dn === '' ? undefined : directory.get(dn);
  if (dn !== '' && !parent) return undefined;
  const entries = parent ? [...directory.scope(parent.ndn, 'one')] : directory.roots();
  return entries
    .map((entry) => ({ dn: entry.dn, hasChildren: directory.hasChildren(entry.ndn) }))
    .sort((a, b) => a.dn.localeCompare(b.dn));
}

/** The entry as `viewer` (the console's administrator) reads it with `*`, `+` and the token groups. */
export async function consoleEntry(
  engine: Engine,
  dn: string,
  viewer: string,
): Promise<ConsoleEntry | undefined> {
  if (!engine.directory.get(dn)) return undefined;
  const found: EntryAttribute[] = [];
  const result = await engine.search(
    internalRequest('console', viewer),
    {
      baseDN: dn,
      scope: 'base',
      derefAliases: 0,
      sizeLimit: 0,
      timeLimit: 0,
      typesOnly: false,
      filter: { type: 'present', attribute: 'objectClass' },
      attributes: ['*', '+', 'memberOf', 'tokenGroups'],
    },
    { entry: (entry) => found.push(...entry.attributes), reference: () => undefined },
  );
  if (result.code !== 0) return undefined;
  return {
    dn,
    attributes: found.map((attribute) => {
      const key = attribute.type.split(';')[0]!.toLowerCase();
      return {
        type: attribute.type,
        values: shownValues(engine, key, attribute),
        computed: engine.virtual.keys.has(key),
      };
    }),
  };
}

function shownValues(engine: Engine, key: string, attribute: EntryAttribute): string[] {
  if (SID_ATTRIBUTES.has(key)) return attribute.values.map((value) => sidWithName(engine, value));
  if (GUID_ATTRIBUTES.has(key))
    return attribute.values.map((value) => (typeof value === 'string' ? value : decodeGuid(value)));
  return displayValues(attribute.type, attribute.values);
}

/** `S-1-5-21-…-512 (CN=Domain Admins,CN=Users,…)` when an entry holds the SID. */
function sidWithName(engine: Engine, value: AttributeValue): string {
  if (typeof value === 'string') return value;
  let sid: string;
  try {
    sid = decodeSid(value);
  } catch {
    return displayValue(value);
  }
  const [ndn] = engine.directory.lookup('objectsid', value);
  const holder = ndn === undefined ? undefined : engine.directory.getByNdn(ndn);
  return holder ? `${sid} (${holder.dn})` : sid;
}
