/**
 * A default fixture's directory as the build left it. The build loads each profile's embedded
 * fixture once and writes its entries as JSON beside the code (dist/images/<profile>.json); a server
 * starting on that fixture reads them back instead of parsing and checking every record in a cold
 * process, which is most of a first start's time.
 *
 * Some values depend on when and where a load ran: timestamps, entryUUID, objectGUID, AD's update
 * sequence numbers. The build finds them by loading the fixture twice, at two different times,
 * and records where the loads differ and how; every read makes those values afresh, so an entry
 * looks as it would had the fixture been loaded now. A difference of any other kind stops the
 * build rather than freeze a value that should change.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { dateToFiletime } from '../core/filetime.js';
import { formatGeneralizedTime } from '../core/generalized-time.js';
import type { Directory } from './directory/directory.js';
import { Entry, type StoredAttribute } from './directory/entry.js';
import { takeUsns } from './directory/operational-stamps.js';
import { IMAGE_FOLDER, readImage } from './images.js';
import type { AttributeValue } from './operations.js';

/** How a value that differs between two loads is made afresh. */
type VolatileKind =
  /** Holds the load's time as YYYYMMDDHHMMSS (createTimestamp, entryCSN, whenCreated…). */
  | 'time'
  /** Is the load's time as a FILETIME (pwdLastSet). */
  | 'filetime'
  | 'uuid'
  /** 16 random bytes (objectGUID). */
  | 'guid'
  /** A number from the process's update sequence (uSNCreated, uSNChanged). */
  | 'usn';

/** What a string of the table stands for, when not itself. */
type StringKind = VolatileKind | 'binary';

/**
 * The format: every string once, in `strings`; everything else numbers, indexes into it (JSON
 * parses those fastest). An entry is [dn, ndn, parent ndn, shape, then for each attribute of the
 * shape its number of values and the values]; a shape is the [key, type] pairs of entries with
 * the same attributes (a fixture has a few dozen). A string standing for a volatile or binary
 * value is its own (never shared with a value that is text) and listed in `kinds`, so a read
 * makes each afresh once, whatever number of values hold it.
 */
export interface FixtureImage {
  readonly format: typeof FIXTURE_IMAGE_FORMAT;
  readonly profile: string;
  /** sha256 of the fixture's text: an edited fixture is loaded, not read from a stale image. */
  readonly fixtureSha256: string;
  /** Whom the creation stamps name; an image serves only a server with the same rootdn. */
  readonly creator: string;
  readonly namingContext: string | undefined;
  /** The time the build's load ran at (its 'time' values hold it). */
  readonly loadedAt: string;
  readonly strings: readonly string[];
  /** [string index, kind] of the strings that stand for a volatile or a binary (base64) value. */
  readonly kinds: readonly (readonly [number, StringKind])[];
  readonly shapes: readonly (readonly number[])[];
  readonly entries: readonly (readonly number[])[];
  /** The first and last update sequence number the build's load took, if it took any. */
  readonly usns: readonly [number, number] | null;
}

export const FIXTURE_IMAGE_FORMAT = 3;

/** Two times no fixture holds, far enough apart that every time-derived value differs. */
const FIRST_LOAD = new Date('2001-02-03T04:05:06.000Z');
const SECOND_LOAD = new Date('2002-03-04T05:06:07.000Z');

const secondsOf = (date: Date) => formatGeneralizedTime(date).slice(0, 14);
const filetimeOf = (date: Date) => String(dateToFiletime(date));

export function fixtureSha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The image's string table as it is written: each string once per kind. */
class StringTable {
  readonly strings: string[] = [];
  readonly kinds: [number, StringKind][] = [];
  readonly #indexes = new Map<string, number>();

  index(text: string, kind?: StringKind): number {
    const key = kind === undefined ? text : `${kind}\u0000${text}`;
    let index = this.#indexes.get(key);
    if (index === undefined) {
      index = this.strings.push(text) - 1;
      this.#indexes.set(key, index);
      if (kind !== undefined) this.kinds.push([index, kind]);
    }
    return index;
  }
}

/**
 * The image of a fixture's directory: `load(now)` loads the records afresh with that clock. Throws
 * when the two loads differ in a value this module does not know how to make afresh.
 */
export function imageOf(
  fixture: {
    readonly profile: string;
    /** Of the fixture's text (fixtureSha256), or of the sources it was loaded from. */
    readonly sha256: string;
    readonly creator: string;
  },
  namingContext: string | undefined,
  load: (now: Date) => Directory,
): FixtureImage {
  const first = [...load(FIRST_LOAD).all()];
  const second = [...load(SECOND_LOAD).all()];
  if (first.length !== second.length) throw new Error('fixture image: two loads hold different entries');
  const table = new StringTable();
  const shapes = new Map<string, number>();
  const usns: number[] = [];
  const entries = first.map((entry, index) => {
    const other = second[index]!;
    if (other.ndn !== entry.ndn) throw new Error(`fixture image: two loads differ at ${entry.dn}`);
    const shape: number[] = [];
    const values: number[] = [];
    for (const [key, attribute] of entry.attributes) {
      shape.push(table.index(key), table.index(attribute.type));
      const others = other.get(key)?.values ?? [];
      if (others.length !== attribute.values.length)
        throw new Error(`fixture image: ${entry.dn} ${attribute.type} differs between two loads`);
      values.push(attribute.values.length);
      attribute.values.forEach((value, i) => {
        const kind = volatileKind(key, value, others[i]!);
        if (kind === null)
          throw new Error(
            `fixture image: ${entry.dn} ${attribute.type} differs between two loads in an unknown way`,
          );
        if (kind === 'usn') usns.push(Number(value));
        const binary = Buffer.isBuffer(value);
        values.push(table.index(binary ? value.toString('base64') : value, binary ? 'binary' : kind));
      });
    }
    const shapeKey = shape.join(',');
    let shapeIndex = shapes.get(shapeKey);
    if (shapeIndex === undefined) shapes.set(shapeKey, (shapeIndex = shapes.size));
    return [table.index(entry.dn), table.index(entry.ndn), table.index(entry.parent), shapeIndex, ...values];
  });
  return {
    format: FIXTURE_IMAGE_FORMAT,
    profile: fixture.profile,
    fixtureSha256: fixture.sha256,
    creator: fixture.creator,
    namingContext,
    loadedAt: FIRST_LOAD.toISOString(),
    strings: table.strings,
    kinds: table.kinds,
    shapes: [...shapes.keys()].map((key) => key.split(',').map(Number)),
    entries,
    usns: usns.length === 0 ? null : [Math.min(...usns), Math.max(...usns)],
  };
}

/**
 * How the value is made afresh: undefined when the two loads agree on it (or on what it stands
 * for: a password hashed with a random salt is as good as a new one), null when they differ in
 * an unknown way.
 */
function volatileKind(
  key: string,
  first: AttributeValue,
  second: AttributeValue,
): VolatileKind | undefined | null {
  if (sameValue(first, second)) return undefined;
  if (key === 'userpassword' && isSalted(first) && isSalted(second)) return undefined;
  if (Buffer.isBuffer(first) || Buffer.isBuffer(second))
    return key === 'objectguid' && first.length === 16 && second.length === 16 ? 'guid' : null;
  if (first.includes(secondsOf(FIRST_LOAD)) && second.includes(secondsOf(SECOND_LOAD))) return 'time';
  if (first === filetimeOf(FIRST_LOAD) && second === filetimeOf(SECOND_LOAD)) return 'filetime';
  if (key === 'entryuuid') return 'uuid';
  if ((key === 'usncreated' || key === 'usnchanged') && /^\d+$/.test(first)) return 'usn';
  return null;
}

const isSalted = (value: AttributeValue) =>
  /^\{S(SHA|MD5)/i.test(typeof value === 'string' ? value : value.toString('latin1'));

const sameValue = (a: AttributeValue, b: AttributeValue) =>
  typeof a === 'string' || typeof b === 'string' ? a === b : a.equals(b);

export const fixtureImageFile = (profile: string, folder = IMAGE_FOLDER) =>
  new URL(`${profile}.json`, folder);

/** The build's image of a profile's embedded fixture, if there is one. */
export function embeddedFixtureImage(profile: string): FixtureImage | undefined {
  return readImage<FixtureImage>(fixtureImageFile(profile), FIXTURE_IMAGE_FORMAT);
}

/**
 * The image's entries, their volatile values made afresh as a load at `now` would make them. The
 * image is used up (its string table becomes the values), so it must be one just parsed.
 */
export function takeEntries(image: FixtureImage, now: Date): Entry[] {
  // Keys, types and DNs are never of a kind: they stay text.
  const table: AttributeValue[] = image.strings as string[];
  const afresh = freshValue(image, now);
  for (const [index, kind] of image.kinds) {
    const text = table[index] as string;
    table[index] = kind === 'binary' ? Buffer.from(text, 'base64') : afresh(kind, text);
  }
  const text = (index: number) => table[index] as string;
  const entries: Entry[] = [];
  for (const row of image.entries) {
    const shape = image.shapes[row[3]!]!;
    const attributes = new Map<string, StoredAttribute>();
    let at = 4;
    for (let a = 0; a < shape.length; a += 2) {
      const count = row[at++]!;
      const list: AttributeValue[] = [];
      for (let i = 0; i < count; i++) list.push(table[row[at++]!]!);
      attributes.set(text(shape[a]!), { type: text(shape[a + 1]!), values: list });
    }
    entries.push(new Entry(text(row[0]!), text(row[1]!), text(row[2]!), attributes));
  }
  return entries;
}

function freshValue(image: FixtureImage, now: Date): (kind: VolatileKind, value: string) => AttributeValue {
  const loadedSeconds = secondsOf(new Date(image.loadedAt));
  const seconds = secondsOf(now);
  // As a load now would, this one takes as many numbers from the process's sequence as the build's did.
  const usnShift = image.usns ? takeUsns(image.usns[1] - image.usns[0] + 1) - image.usns[0] : 0;
  return (kind, value) => {
    switch (kind) {
      case 'time':
        return value.replace(loadedSeconds, seconds);
      case 'filetime':
        return filetimeOf(now);
      case 'uuid':
        return randomUUID();
      case 'guid':
        return randomBytes(16);
      case 'usn':
        return String(Number(value) + usnShift);
    }
  };
}
