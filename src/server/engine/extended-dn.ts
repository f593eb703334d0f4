/**
 * AD's extended DN forms `<SID=S-1-5-…>`, `<GUID=…>` and `<WKGUID=…,dn>`, accepted where a DN is
 * (MS-ADTS 3.1.1.3.1.2.4).
 */
import { encodeGuid } from '../../core/guid.js';
import { encodeSid } from '../../core/sid.js';
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';

/** The entry, undefined when there is none, 'invalid' for a form AD refuses (a GUID in braces). */
export function resolveExtendedDN(directory: Directory, dn: string): Entry | undefined | 'invalid' {
  if (/^<WKGUID=/i.test(dn.trim())) return wellKnownObject(directory, dn.trim());
  const match = /^<(SID|GUID)=([^>]+)>$/i.exec(dn.trim());
  if (!match) return 'invalid';
  if (match[2]!.startsWith('{')) return 'invalid';
  let value: Buffer;
  try {
    value = match[1]!.toUpperCase() === 'SID' ? sidValue(match[2]!) : guidValue(match[2]!);
  } catch {
    return undefined;
  }
  const found = directory.lookup(match[1]!.toUpperCase() === 'SID' ? 'objectsid' : 'objectguid', value);
  return found.size === 1 ? directory.getByNdn(found.values().next().value!) : undefined;
}

/** A SID in string form, or as hex of its bytes (AD accepts both). */
function sidValue(text: string): Buffer {
  return /^S-/i.test(text) ? encodeSid(text) : Buffer.from(text, 'hex');
}

function guidValue(text: string): Buffer {
  return text.includes('-') || text.startsWith('{') ? encodeGuid(text) : Buffer.from(text, 'hex');
}

/**
 * `<WKGUID=guid,dn>`: the object `dn` lists under that 32-digit GUID in wellKnownObjects or
 * otherWellKnownObjects (`B:32:<GUID>:<DN>`), as Samba 4.17 resolves it; the dashed GUID form
 * names nothing, and a form without the container is invalid.
 */
function wellKnownObject(directory: Directory, dn: string): Entry | undefined | 'invalid' {
  const match = /^<WKGUID=([^,>]*),(.+)>$/i.exec(dn);
  if (!match) return 'invalid';
  const guid = match[1]!.toUpperCase();
  const container = directory.get(match[2]!);
  if (!container || !/^[0-9A-F]{32}$/.test(guid)) return undefined;
  const listed = [...container.strings('wellknownobjects'), ...container.strings('otherwellknownobjects')];
  for (const value of listed) {
    const parts = /^B:32:([0-9A-F]{32}):(.+)$/i.exec(value);
    if (parts && parts[1]!.toUpperCase() === guid) return directory.get(parts[2]!);
  }
  return undefined;
}
