/**
 * AD's RIDs: a DC hands them out from its RID Set (rIDNextRID, the last one it gave), in order, and
 * never again — a deleted account's RID stays used; an add that fails uses none. Without a RID Set
 * in the directory, the next RID is the one above the highest in use.
 */
import { decodeSid, encodeSid } from '../../core/sid.js';
import type { Directory } from '../directory/directory.js';
import type { Entry } from '../directory/entry.js';

/** The RID of a SID of the domain (one more sub-authority), or undefined. */
function ridIn(domainSid: Buffer, sid: unknown): number | undefined {
  if (!Buffer.isBuffer(sid) || sid.length !== domainSid.length + 4) return undefined;
  // Compared as bytes: the count in byte 1 one higher, the rest of the domain SID the same.
  if (sid[1] !== domainSid[1]! + 1 || sid.compare(domainSid, 2, domainSid.length, 2, domainSid.length) !== 0)
    return undefined;
  return sid.readUInt32LE(domainSid.length);
}

function domainSidOf(directory: Directory, baseDN: string): Buffer | undefined {
  const sid = directory.get(baseDN)?.get('objectsid')?.values[0];
  return Buffer.isBuffer(sid) ? sid : undefined;
}

function ridSet(directory: Directory): Entry | undefined {
  return firstOfClass(directory, 'rIDSet');
}

/** Through the objectClass index: a scan of every entry on every add made loading 10k groups quadratic. */
function firstOfClass(directory: Directory, objectClass: string): Entry | undefined {
  for (const ndn of directory.lookup('objectclass', objectClass)) {
    const entry = directory.getByNdn(ndn);
    if (entry) return entry;
  }
  return undefined;
}

/** A RID pool attribute: the first RID in the low 32 bits, the last in the high ones. */
interface Pool {
  readonly lo: number;
  readonly hi: number;
}

const poolOf = (value: string | undefined): Pool | undefined => {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = BigInt(value);
  return { lo: Number(n & 0xffffffffn), hi: Number(n >> 32n) };
};
const poolValue = (pool: Pool) => String((BigInt(pool.hi) << 32n) | BigInt(pool.lo));
const samePool = (a: Pool, b: Pool) => a.lo === b.lo && a.hi === b.hi;

/** How many RIDs the RID Manager hands a DC at a time (Samba's ridalloc.c). */
const POOL_SIZE = 500;

/** The domain SID with the next RID, or undefined when the domain root has no SID. */
export function nextSid(directory: Directory, baseDN: string): Buffer | undefined {
  const domainSid = domainSidOf(directory, baseDN);
  if (!domainSid) return undefined;
  const set = ridSet(directory);
  const planned = set && nextRid(directory, set);
  if (planned) return encodeSid(`${decodeSid(domainSid)}-${planned.rid}`);
  let highest = Number(set?.first('ridnextrid') ?? 1000);
  for (const entry of directory.all()) {
    const rid = ridIn(domainSid, entry.get('objectsid')?.values[0]);
    if (rid !== undefined) highest = Math.max(highest, rid);
  }
  return encodeSid(`${decodeSid(domainSid)}-${highest + 1}`);
}

/**
 * The RID Set after handing out its next RID, as Samba's ridalloc.c does: the next RID of the pool
 * in use (rIDPreviousAllocationPool); past its end, the next pool (rIDAllocationPool). Once the
 * RID handed out is past the middle of the pool in use, a DC that has no next pool yet takes one
 * of 500 RIDs from the RID Manager's rIDAvailablePool.
 */
function nextRid(
  directory: Directory,
  set: Entry,
): { rid: number; changes: [string, string][]; manager?: [Entry, string] } | undefined {
  let previous = poolOf(set.first('ridpreviousallocationpool'));
  let allocation = poolOf(set.first('ridallocationpool'));
  const last = Number(set.first('ridnextrid') ?? Number.NaN);
  if (!previous || !allocation || Number.isNaN(last)) return undefined;
  const manager = ridManager(directory);
  const available = poolOf(manager?.first('ridavailablepool'));
  let taken: Pool | undefined;
  const newPool = (): Pool | undefined => {
    if (!available || taken) return undefined;
    taken = { lo: available.lo, hi: available.lo + POOL_SIZE - 1 };
    return taken;
  };
  let rid = last + 1;
  if (rid > previous.hi) {
    if (samePool(allocation, previous)) allocation = newPool() ?? allocation;
    previous = allocation;
    rid = previous.lo;
  }
  if (rid > Math.floor((previous.hi + previous.lo) / 2) && samePool(allocation, previous))
    allocation = newPool() ?? allocation;
  const changes: [string, string][] = [
    ['rIDNextRID', String(rid)],
    ['rIDPreviousAllocationPool', poolValue(previous)],
    ['rIDAllocationPool', poolValue(allocation)],
  ];
  const spent = taken && manager && available && poolValue({ lo: taken.hi + 1, hi: available.hi });
  return { rid, changes, ...(spent && manager && { manager: [manager, spent] }) };
}

function ridManager(directory: Directory): Entry | undefined {
  return firstOfClass(directory, 'rIDManager');
}

const tracked = new WeakSet<Directory>();

/** Once per directory: every account added with a RID past the RID Set's moves the RID Set on. */
export function trackRids(directory: Directory, baseDN: string): void {
  if (tracked.has(directory)) return;
  tracked.add(directory);
  directory.onChange((event) => {
    if (event.kind !== 'add') return;
    const domainSid = domainSidOf(directory, baseDN);
    const rid = domainSid && ridIn(domainSid, event.entry.get('objectsid')?.values[0]);
    const set = rid === undefined ? undefined : ridSet(directory);
    if (rid === undefined || !set || rid <= Number(set.first('ridnextrid') ?? 0)) return;
    const planned = nextRid(directory, set);
    if (planned?.rid !== rid) {
      directory.modify(set.dn, [{ operation: 'replace', type: 'rIDNextRID', values: [String(rid)] }]);
      return;
    }
    directory.modify(
      set.dn,
      planned.changes
        .filter(([type, value]) => set.first(type.toLowerCase()) !== value)
        .map(([type, value]) => ({ operation: 'replace' as const, type, values: [value] })),
    );
    if (planned.manager) {
      const [manager, value] = planned.manager;
      directory.modify(manager.dn, [{ operation: 'replace', type: 'rIDAvailablePool', values: [value] }]);
    }
  });
}
