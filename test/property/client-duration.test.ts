import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { DurationError, parseDuration } from '../../src/client/duration.js';

const RUNS = { numRuns: Number(process.env['CLIENT_PROPERTY_RUNS'] ?? 500) };

const UNITS: [string, number][] = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
  ['us', 0.001],
  ['ns', 0.000001],
];

describe('parseDuration', () => {
  test.prop(
    [
      fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(...UNITS)), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.boolean(),
    ],
    RUNS,
  )('a Go duration is the signed sum of its parts', (parts, negative) => {
    const text = (negative ? '-' : '') + parts.map(([n, [unit]]) => `${n}${unit}`).join('');
    const expected = parts.reduce((sum, [n, [, ms]]) => sum + n * ms, 0);
    const got = parseDuration(text);
    expect(got).toBeCloseTo(negative && expected !== 0 ? -expected : expected, 6);
  });

  test.prop([fc.integer({ min: -1_000_000_000, max: 1_000_000_000 })], RUNS)(
    'an integer, as a number or a digit string, is seconds',
    (seconds) => {
      expect(parseDuration(seconds)).toBe(seconds * 1000 || 0);
      expect(parseDuration(String(seconds))).toBe(seconds * 1000 || 0);
    },
  );

  test.prop([fc.string()], RUNS)(
    'any string either parses to a finite number or throws DurationError',
    (text) => {
      try {
        expect(Number.isFinite(parseDuration(text))).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(DurationError);
        const e = error as DurationError;
        expect(e.position).toBeGreaterThanOrEqual(0);
        expect(e.position).toBeLessThanOrEqual(text.length);
        expect(e.input).toBe(text);
      }
    },
  );
});
