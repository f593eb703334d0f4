/**
 * The operational attributes slapd writes on every add and modify: who and when, entryUUID and
 * entryCSN. Also written when fixtures load, since slapd's data arrives through ldapadd.
 */
import { randomUUID } from 'node:crypto';
import type { NewAttribute } from '../directory/directory.js';

export function generalizedTime(date: Date, fraction = false): string {
  const base = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return fraction
    ? `${base}.${String(date.getMilliseconds() * 1000 + microJitter()).padStart(6, '0')}Z`
    : `${base}Z`;
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
