import { describe, expect, it } from 'vitest';
import {
  formatGeneralizedTime,
  generalizedTimeNanos,
  parseGeneralizedTime,
} from '../../../src/core/generalized-time.js';

const NANOS_PER_MS = 1_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MINUTE = 60n * NANOS_PER_SECOND;
const NANOS_PER_HOUR = 60n * NANOS_PER_MINUTE;

function isoNanos(iso: string): bigint {
  return BigInt(Date.parse(iso)) * NANOS_PER_MS;
}

describe('formatGeneralizedTime', () => {
  it('writes seconds, or microseconds when given, and reads back to the same instant', () => {
    const date = new Date('2024-02-29T23:59:58.123Z');
    expect(formatGeneralizedTime(date)).toBe('20240229235958Z');
    expect(formatGeneralizedTime(date, 123_456)).toBe('20240229235958.123456Z');
    expect(generalizedTimeNanos(formatGeneralizedTime(date, 123_456))).toBe(
      isoNanos('2024-02-29T23:59:58Z') + 123_456_000n,
    );
  });
});

describe('generalizedTimeNanos', () => {
  it('reads the epoch in every precision', () => {
    expect(generalizedTimeNanos('19700101000000Z')).toBe(0n);
    expect(generalizedTimeNanos('197001010000Z')).toBe(0n);
    expect(generalizedTimeNanos('1970010100Z')).toBe(0n);
    expect(generalizedTimeNanos('1970010101Z')).toBe(NANOS_PER_HOUR);
    expect(generalizedTimeNanos('19700102000000Z')).toBe(24n * NANOS_PER_HOUR);
  });

  it('applies a fraction to the last unit given: hour, minute or second', () => {
    expect(generalizedTimeNanos('1970010100.5Z')).toBe(30n * NANOS_PER_MINUTE);
    expect(generalizedTimeNanos('1970010100,25Z')).toBe(15n * NANOS_PER_MINUTE);
    expect(generalizedTimeNanos('197001010000.5Z')).toBe(30n * NANOS_PER_SECOND);
    expect(generalizedTimeNanos('197001010001,75Z')).toBe(NANOS_PER_MINUTE + 45n * NANOS_PER_SECOND);
    expect(generalizedTimeNanos('19700101000000.5Z')).toBe(500_000_000n);
    expect(generalizedTimeNanos('19700101000000.123456789Z')).toBe(123_456_789n);
  });

  it('keeps nanosecond precision and drops what is below it', () => {
    expect(generalizedTimeNanos('19700101000000.000000001Z')).toBe(1n);
    expect(generalizedTimeNanos('19700101000000.0000000009Z')).toBe(0n);
    expect(generalizedTimeNanos('19700101000001.9999999999Z')).toBe(NANOS_PER_SECOND + 999_999_999n);
  });

  it('subtracts positive offsets and adds negative ones', () => {
    expect(generalizedTimeNanos('19700101010000+0100')).toBe(0n);
    expect(generalizedTimeNanos('19700101013000+0130')).toBe(0n);
    expect(generalizedTimeNanos('19691231230000-01')).toBe(0n);
    expect(generalizedTimeNanos('19691231220000-0200')).toBe(0n);
    expect(generalizedTimeNanos('19700101000000+0000')).toBe(0n);
    expect(generalizedTimeNanos('1970010100.5+0100')).toBe(-30n * NANOS_PER_MINUTE);
  });

  it('handles year 0000, year 9999, leap days and times before the epoch', () => {
    expect(generalizedTimeNanos('00000101000000Z')).toBe(isoNanos('0000-01-01T00:00:00Z'));
    expect(generalizedTimeNanos('00001231235959Z')).toBe(isoNanos('0000-12-31T23:59:59Z'));
    expect(generalizedTimeNanos('99991231235959Z')).toBe(isoNanos('9999-12-31T23:59:59Z'));
    expect(generalizedTimeNanos('20240229120000Z')).toBe(isoNanos('2024-02-29T12:00:00Z'));
    expect(generalizedTimeNanos('19691231235959.5Z')).toBe(-500_000_000n);
  });

  it('ignores surrounding spaces', () => {
    expect(generalizedTimeNanos(' 19700101000000Z ')).toBe(0n);
  });

  it('accepts the leap second 60', () => {
    expect(generalizedTimeNanos('19700101000060Z')).toBe(60n * NANOS_PER_SECOND);
  });
});

describe('parseGeneralizedTime', () => {
  it('gives milliseconds since the epoch, the fraction truncated to milliseconds', () => {
    expect(parseGeneralizedTime('20240101120000Z')).toBe(Date.parse('2024-01-01T12:00:00Z'));
    expect(parseGeneralizedTime('20240101120000.9999Z')).toBe(Date.parse('2024-01-01T12:00:00.999Z'));
    expect(parseGeneralizedTime('garbage')).toBeUndefined();
  });
});
