/** RFC 4517 GeneralizedTime (§3.3.13): written as slapd and AD write it, read in every allowed form. */
import { BoundedMemo } from './bounded-memo.js';

/** `YYYYMMDDHHMMSSZ`, or with `microseconds` `YYYYMMDDHHMMSS.ffffffZ` (slapd's pwdFailureTime). */
export function formatGeneralizedTime(date: Date, microseconds?: number): string {
  const base = secondsOf(date);
  return microseconds === undefined ? `${base}Z` : `${base}.${String(microseconds).padStart(6, '0')}Z`;
}

/** `YYYYMMDDHHMMSS` of a date; the last one is kept, as every entry a load stamps asks for the same second. */
let lastSecond = Number.NaN;
let lastSecondText = '';
function secondsOf(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  }
  return lastSecondText;
}

const generalizedTimePattern =
  /^(\d{4})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:(\d{2}))?)?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/;

/**
 * Nanoseconds since the epoch of an RFC 4517 GeneralizedTime, or undefined if invalid. Kept exact
 * (BigInt): slapd writes microsecond timestamps (pwdFailureTime), and two failures within one
 * millisecond must stay distinct values.
 */
export function generalizedTimeNanos(value: string): bigint | undefined {
  // Every entry of a fixture carries the same few timestamps, compared and validated again and again.
  return parsedTimes.get(value, nanosOf);
}

const parsedTimes = new BoundedMemo<bigint | undefined>(4096);

function nanosOf(value: string): bigint | undefined {
  const m = generalizedTimePattern.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m;
  // Out-of-range fields are invalid, not rolled over into the next month or day (RFC 4517 §3.3.13).
  const day = Number(d);
  const month = Number(mo);
  const daysInMonth = new Date(Date.UTC(2000 + (Number(y) % 400), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (Number(h) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi ?? 0), Number(s ?? 0), 0);
  if (Number.isNaN(date.getTime())) return undefined;
  // A fraction belongs to the last unit given: seconds, minutes or hours (RFC 4517 §3.3.13).
  const unit = s !== undefined ? 1_000_000_000n : mi !== undefined ? 60_000_000_000n : 3_600_000_000_000n;
  const digits = fraction.slice(0, 18);
  const fractionNanos = digits ? (BigInt(digits) * unit) / 10n ** BigInt(digits.length) : 0n;
  let nanos = BigInt(date.getTime()) * 1_000_000n + fractionNanos;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1n : 1n;
    const minutes = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || '0'));
    nanos -= sign * minutes * 60_000_000_000n;
  }
  return nanos;
}

/** Milliseconds since the epoch of a GeneralizedTime, or undefined if invalid. */
export function parseGeneralizedTime(value: string): number | undefined {
  const nanos = generalizedTimeNanos(value);
  return nanos === undefined ? undefined : Number(nanos / 1_000_000n);
}
