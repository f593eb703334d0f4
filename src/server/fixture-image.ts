/**
 * A default fixture's directory as the build left it. The build loads each profile's embedded
 * fixture once and writes its entries as JSON beside the code (dist/fixture-images/); a server
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
import { readFileSync } from 'node:fs';
import { dateToFiletime } from '../core/filetime.js';
import { formatGeneralizedTime } from '../core/generalized-time.js';
import type { Directory } from './directory/directory.js';
import { Entry, type StoredAttribute } from './directory/entry.js';
import { takeUsns } from './directory/operational-stamps.js';
import type { FixtureRecords } from './load-directory.js';
import type { AttributeValue } from './operations.js';

/** How a value that differs between two loads is made afresh. */
export type VolatileKind =
  /** Holds the load's time as YYYYMMDDHHMMSS (createTimestamp, entryCSN, whenCreated…). */
  | 'time'
  /** Is the load's time as a FILETIME (pwdLastSet). */
  | 'filetime'
  | 'uuid'
  /** 16 random bytes (objectGUID). */
  | 'guid'
  /** A number from the process's update sequence (uSNCreated, uSNChanged). */
  | 'usn';

/** [entry index, attribute key, value index, kind]. */
type VolatileValue = readonly [number, string, number, VolatileKind];

/** A binary value, base64. */
type ImageValue = string | { readonly b: string };

/** [dn, ndn, parent ndn, [[key, type, values]]]. */
type ImageEntry = readonly [
  string,
  string,
  string,
  readonly (readonly [string, string, readonly ImageValue[]])[],
];

export interface FixtureImage {
  readonly format: typeof FORMAT;
  readonly profile: string;
  /** sha256 of the fixture's text: an edited fixture is loaded, not read from a stale image. */
  readonly fixtureSha256: string;
  /** Whom the creation stamps name; an image serves only a server with the same rootdn. */
  readonly creator: string;
  readonly namingContext: string | undefined;
  /** The time the build's load ran at (its 'time' values hold it). */
  readonly loadedAt: string;
  readonly entries: readonly ImageEntry[];
  readonly volatile: readonly VolatileValue[];
  /** The first and last update sequence number the build's load took, if it took any. */
  readonly usns: readonly [number, number] | null;
}

const FORMAT = 1;

/** Two times no fixture holds, far enough apart that every time-derived value differs. */
const FIRST_LOAD = new Date('2001-02-03T04:05:06.000Z');
const SECOND_LOAD = new Date('2002-03-04T05:06:07.000Z');

const secondsOf = (date: Date) => formatGeneralizedTime(date).slice(0, 14);
const filetimeOf = (date: Date) => String(dateToFiletime(date));

export function fixtureSha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The image of a fixture's directory: `load(now)` loads the records afresh with that clock. Throws
 * when the two loads differ in a value this module does not know how to make afresh.
 */
export function imageOf(
  fixture: { readonly profile: string; readonly text: string | Buffer; readonly creator: string },
  namingContext: string | undefined,
  load: (now: Date) => Directory,
): FixtureImage {
  const first = [...load(FIRST_LOAD).all()];
  const second = [...load(SECOND_LOAD).all()];
  if (first.length !== second.length) throw new Error('fixture image: two loads hold different entries');
  const volatile: VolatileValue[] = [];
  const entries = first.map((entry, index): ImageEntry => {
    const other = second[index]!;
    if (other.ndn !== entry.ndn) throw new Error(`fixture image: two loads differ at ${entry.dn}`);
    const attributes = [...entry.attributes].map(([key, attribute]) => {
      const values = other.get(key)?.values ?? [];
      if (values.length !== attribute.values.length)
        throw new Error(`fixture image: ${entry.dn} ${attribute.type} differs between two loads`);
      attribute.values.forEach((value, i) => {
        if (sameValue(value, values[i]!)) return;
        // A password hashed with a random salt: the build's hash is as good as a new one.
        if (key === 'userpassword' && isSalted(value) && isSalted(values[i]!)) return;
        const kind = volatileKind(key, value, values[i]!);
        if (!kind)
          throw new Error(
            `fixture image: ${entry.dn} ${attribute.type} differs between two loads in an unknown way`,
          );
        volatile.push([index, key, i, kind]);
      });
      return [key, attribute.type, attribute.values.map(toImageValue)] as const;
    });
    return [entry.dn, entry.ndn, entry.parent, attributes];
  });
  return {
    format: FORMAT,
    profile: fixture.profile,
    fixtureSha256: fixtureSha256(fixture.text),
    creator: fixture.creator,
    namingContext,
    loadedAt: FIRST_LOAD.toISOString(),
    entries,
    volatile,
    usns: usnRange(entries, volatile),
  };
}

function volatileKind(key: string, first: AttributeValue, second: AttributeValue): VolatileKind | undefined {
  if (Buffer.isBuffer(first) || Buffer.isBuffer(second))
    return key === 'objectguid' && first.length === 16 && second.length === 16 ? 'guid' : undefined;
  if (first.includes(secondsOf(FIRST_LOAD)) && second.includes(secondsOf(SECOND_LOAD))) return 'time';
  if (first === filetimeOf(FIRST_LOAD) && second === filetimeOf(SECOND_LOAD)) return 'filetime';
  if (key === 'entryuuid') return 'uuid';
  if ((key === 'usncreated' || key === 'usnchanged') && /^\d+$/.test(first)) return 'usn';
  return undefined;
}

function usnRange(
  entries: readonly ImageEntry[],
  volatile: readonly VolatileValue[],
): [number, number] | null {
  const usns = volatile
    .filter(([, , , kind]) => kind === 'usn')
    .map(([index, key, i]) => Number(entries[index]![3].find(([k]) => k === key)![2][i]));
  return usns.length === 0 ? null : [Math.min(...usns), Math.max(...usns)];
}

const isSalted = (value: AttributeValue) =>
  /^\{S(SHA|MD5)/i.test(typeof value === 'string' ? value : value.toString('latin1'));

const sameValue = (a: AttributeValue, b: AttributeValue) =>
  typeof a === 'string' || typeof b === 'string' ? a === b : a.equals(b);

const toImageValue = (value: AttributeValue): ImageValue =>
  typeof value === 'string' ? value : { b: value.toString('base64') };

const fromImageValue = (value: ImageValue): AttributeValue =>
  typeof value === 'string' ? value : Buffer.from(value.b, 'base64');

/**
 * Where the build writes the images: dist/fixture-images/, beside the bundled code that reads them
 * (dist/chunks/, dist/server/). From the sources (src/server/) it is a folder that does not exist,
 * so code under development always loads its fixtures.
 */
export const IMAGE_FOLDER = new URL('../fixture-images/', import.meta.url);

/** The build's image of a profile's embedded fixture, if there is one. */
export function embeddedFixtureImage(profile: string): FixtureImage | undefined {
  return readFixtureImage(new URL(`${profile}.json`, IMAGE_FOLDER));
}

/** The image in `file`, or undefined when there is none or it is of another format. */
export function readFixtureImage(file: URL): FixtureImage | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const image = JSON.parse(text) as FixtureImage;
  return image.format === FORMAT ? image : undefined;
}

/** The image's entries, their volatile values made afresh as a load at `now` would make them. */
export function entriesOf(image: FixtureImage, now: Date): Entry[] {
  const entries = image.entries.map(
    ([dn, ndn, parent, attributes]) =>
      new Entry(
        dn,
        ndn,
        parent,
        new Map(attributes.map(([key, type, values]) => [key, { type, values: values.map(fromImageValue) }])),
      ),
  );
  const afresh = freshValue(image, now);
  for (const [index, key, i, kind] of image.volatile) {
    // Still this function's own arrays: nothing has seen the entries yet.
    const values = entries[index]!.get(key)!.values as AttributeValue[];
    values[i] = afresh(kind, values[i] as string);
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
