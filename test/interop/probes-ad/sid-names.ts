/**
 * Resolves binary SIDs and GUIDs on one server, so a probe can compare what they name rather than
 * their bytes: two deployments of the same fixture may give built-in objects different GUIDs (and,
 * loaded differently, different SIDs), but tokenGroups must name the same groups on both.
 */
import { decodeGuid } from '../../../src/core/guid.js';
import { decodeSid } from '../../../src/core/sid.js';
import type { ProbeContext } from '../probe.js';
import { BASE } from './fixture-names.js';

/** RFC 4515 escape of every byte, as a filter on a binary attribute needs. */
export function binaryFilterValue(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) out += `\\${byte.toString(16).padStart(2, '0')}`;
  return out;
}

/** The binary values of `attribute` on `dn`, read as the Administrator (nothing recorded). */
export async function readBinary(context: ProbeContext, dn: string, attribute: string): Promise<Buffer[]> {
  const admin = await context.admin();
  const outcome = await admin.search('read', { base: dn, scope: 'base', attributes: [attribute] });
  const entry = outcome?.entries[0];
  const found = entry?.attributes.find((a) => a.type.toLowerCase() === attribute.toLowerCase());
  return found?.values ?? [];
}

/** The DN of the object whose objectSid is `sid` on this server, or `<unresolved S-…>`. */
export async function sidToDN(context: ProbeContext, sid: Buffer): Promise<string> {
  const admin = await context.admin();
  const outcome = await admin.search('resolve', {
    base: BASE,
    filter: `(objectSid=${binaryFilterValue(sid)})`,
    attributes: ['1.1'],
  });
  const dns = outcome?.entries.map((e) => e.dn) ?? [];
  return dns.length === 1 ? (dns[0] as string) : `<${dns.length} objects for ${decodeSid(sid)}>`;
}

/** The objectGUID of `dn` on this server in its string form (for `<GUID=…>` DNs). */
export async function guidOf(context: ProbeContext, dn: string): Promise<string> {
  const [guid] = await readBinary(context, dn, 'objectGUID');
  if (guid === undefined) throw new Error(`${context.target.name}: ${dn} has no objectGUID`);
  return decodeGuid(guid);
}
