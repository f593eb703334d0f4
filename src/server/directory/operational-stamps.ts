/**
 * The operational attributes slapd writes on every add and modify: who and when, entryUUID and
 * entryCSN. Also written when fixtures load, since slapd's data arrives through ldapadd.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { formatGeneralizedTime } from '../../core/generalized-time.js';
import type { NewAttribute } from './directory-changes.js';

/** A GeneralizedTime of `date`; with `fraction`, microseconds that differ within one millisecond. */
export function generalizedTime(date: Date, fraction = false): string {
  return formatGeneralizedTime(date, fraction ? date.getMilliseconds() * 1000 + microJitter() : undefined);
}

/** Sub-millisecond part, so values written in the same millisecond stay distinct (pwdFailureTime). */
let lastMicro = 0;
function microJitter(): number {
  lastMicro = (lastMicro + 1) % 1000;
  return lastMicro;
}

function csn(date: Date): string {
  return `${generalizedTime(date, true)}#000000#000#000000`;
}

export function modificationStamps(modifier: string, date: Date): NewAttribute[] {
  const stamps: NewAttribute[] = [
    { type: 'modifyTimestamp', values: [generalizedTime(date)] },
    { type: 'entryCSN', values: [csn(date)] },
  ];
  if (modifier !== '') stamps.push({ type: 'modifiersName', values: [modifier] });
  return stamps;
}

export function creationStamps(creator: string, date: Date): NewAttribute[] {
  const stamps: NewAttribute[] = [
    ...modificationStamps(creator, date),
    { type: 'createTimestamp', values: [generalizedTime(date)] },
    { type: 'entryUUID', values: [randomUUID()] },
  ];
  if (creator !== '') stamps.push({ type: 'creatorsName', values: [creator] });
  return stamps;
}

/** AD's usnCreated/usnChanged: one counter per server, every write takes the next number. */
let usn = 12_800;

/** Takes `count` numbers of the sequence at once (a directory read from a fixture image); returns the first. */
export function takeUsns(count: number): number {
  const first = usn + 1;
  usn += count;
  return first;
}

/** AD writes whenChanged and uSNChanged on every modify; the modifier is not recorded. */
export function adModificationStamps(_modifier: string, date: Date): NewAttribute[] {
  return [
    { type: 'whenChanged', values: [`${generalizedTime(date).slice(0, 14)}.0Z`] },
    { type: 'uSNChanged', values: [String(++usn)] },
  ];
}

/** What AD sets on every new user: logon counters and locale codes. */
const adUserDefaults: NewAttribute[] = [
  { type: 'codePage', values: ['0'] },
  { type: 'countryCode', values: ['0'] },
  { type: 'lastLogoff', values: ['0'] },
  { type: 'lastLogon', values: ['0'] },
  { type: 'logonCount', values: ['0'] },
  { type: 'badPwdCount', values: ['0'] },
  { type: 'badPasswordTime', values: ['0'] },
];

/** AD's stamps of a new object: objectGUID, instanceType, whenCreated, uSNCreated and the change stamps. */
export function adCreationStamps(
  creator: string,
  date: Date,
  attributes: readonly NewAttribute[],
): NewAttribute[] {
  const changed = adModificationStamps(creator, date);
  const isUser = attributes.some(
    (a) =>
      a.type.toLowerCase() === 'objectclass' &&
      a.values.some((v) => (typeof v === 'string' ? v : v.toString('utf8')).toLowerCase() === 'user'),
  );
  return [
    ...(isUser ? adUserDefaults : []),
    { type: 'objectGUID', values: [randomBytes(16)] },
    { type: 'instanceType', values: ['4'] },
    { type: 'whenCreated', values: [`${generalizedTime(date).slice(0, 14)}.0Z`] },
    { type: 'uSNCreated', values: [changed[1]!.values[0]!] },
    ...changed,
  ];
}
