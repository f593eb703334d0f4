import { describe, expect, it } from 'vitest';
import { DurationError, parseDuration } from '../../../src/client/duration.js';

function durationError(fn: () => unknown): DurationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DurationError);
    return e as DurationError;
  }
  throw new Error('expected a DurationError, nothing was thrown');
}

describe('parseDuration', () => {
  it('reads numbers and digit strings as seconds', () => {
    expect(parseDuration(30)).toBe(30_000);
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(1.5)).toBe(1500);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('+5')).toBe(5000);
    expect(parseDuration('-5')).toBe(-5000);
  });

  it('reads the empty string as zero, as OpenBao does', () => {
    expect(parseDuration('')).toBe(0);
  });

  it('reads Go durations with every unit', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('250us')).toBeCloseTo(0.25, 10);
    expect(parseDuration('250µs')).toBeCloseTo(0.25, 10);
    expect(parseDuration('250μs')).toBeCloseTo(0.25, 10);
    expect(parseDuration('1500000ns')).toBeCloseTo(1.5, 10);
    expect(parseDuration('2h45m30.5s')).toBe(2 * 3_600_000 + 45 * 60_000 + 30_500);
  });

  it('reads fractions on either side of the point, a sign, and a bare 0', () => {
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('.5s')).toBe(500);
    expect(parseDuration('5.s')).toBe(5000);
    expect(parseDuration('-1m')).toBe(-60_000);
    expect(parseDuration('+1m')).toBe(60_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('-0')).toBe(0);
    expect(parseDuration('-0s')).toBe(0);
  });

  it('reads whole days with the d suffix (Vault parseutil)', () => {
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('0d')).toBe(0);
  });

  it('rejects a number without a unit when it is not an integer', () => {
    const error = durationError(() => parseDuration('1.5'));
    expect(error.reason).toContain('missing unit');
    expect(error.position).toBe(3);
  });

  it('rejects unknown units, naming the unit and position', () => {
    const error = durationError(() => parseDuration('10x'));
    expect(error.reason).toContain('unknown unit "x"');
    expect(error.position).toBe(2);
    expect(durationError(() => parseDuration('1S')).reason).toContain('unknown unit "S"');
    expect(durationError(() => parseDuration('1 s')).reason).toContain('unknown unit " s"');
  });

  it('rejects garbage', () => {
    for (const bad of ['x', 's', '.', '.s', '+', '-', '1.5d', 'd', '1s2', '--1s', '1e3s', ' 1s']) {
      expect(() => parseDuration(bad), bad).toThrow(DurationError);
    }
  });

  it('rejects durations Go cannot hold (more than about 292 years)', () => {
    expect(durationError(() => parseDuration('3000000h')).reason).toContain('out of range');
    expect(() => parseDuration(1e13)).toThrow(DurationError);
    expect(() => parseDuration('200000d')).toThrow(DurationError);
    expect(parseDuration('2000000h')).toBe(2_000_000 * 3_600_000);
  });

  it('rejects non-finite numbers and other types', () => {
    expect(() => parseDuration(Number.NaN)).toThrow(DurationError);
    expect(() => parseDuration(Number.POSITIVE_INFINITY)).toThrow(DurationError);
    expect(() => parseDuration(null as unknown as string)).toThrow(TypeError);
    expect(() => parseDuration(true as unknown as string)).toThrow(TypeError);
  });

  it('puts the input and reason in the message', () => {
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration "5 minutes": unknown unit " minutes"/);
  });
});
