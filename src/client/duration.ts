/**
 * Durations as OpenBao's configuration accepts them (`ParseDurationSecond` of go-secure-stdlib):
 *
 * - a number: seconds (`90` → 90 s; a fraction is kept: `1.5` → 1.5 s, where Go would truncate);
 * - a string of decimal digits: seconds (`"90"`, `"-5"`);
 * - a whole number of days with a `d` suffix (`"7d"`), a Vault extension to Go's syntax;
 * - a Go `time.ParseDuration` string: an optional sign, then one or more `<number><unit>` parts,
 *   where the number may have a fraction (`"1.5h"`, `".5s"`) and the unit is one of `ns`, `us`,
 *   `µs`, `μs`, `ms`, `s`, `m`, `h` (`"1m30s"`, `"500ms"`); `"0"` alone is allowed;
 * - the empty string: zero.
 *
 * Everything is returned in milliseconds (sub-millisecond units give a fraction), the unit
 * Node's timers and ldapts take. Anything else throws `DurationError` naming the problem.
 * The scanner is a single left-to-right pass: no regular expressions, no backtracking.
 */

/** A value that is not a duration. `position` is the 0-based index of the problem in `input`. */
export class DurationError extends Error {
  override readonly name = 'DurationError';
  /** The text that was parsed (a number is shown as its decimal form). */
  readonly input: string;
  readonly position: number;
  /** What is wrong, without the input. */
  readonly reason: string;

  constructor(reason: string, input: string, position: number) {
    super(`invalid duration ${JSON.stringify(input)}: ${reason} (at position ${position})`);
    this.input = input;
    this.position = position;
    this.reason = reason;
  }
}

/** Milliseconds per unit. Go accepts both the micro sign U+00B5 and Greek mu U+03BC. */
const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['ns', 1e-6],
  ['us', 1e-3],
  ['\u00b5s', 1e-3],
  ['\u03bcs', 1e-3],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
]);

const UNIT_LIST = 'ns, us, µs, ms, s, m, h';

/** Go's time.Duration is an int64 of nanoseconds: about 292 years. */
const MAX_MS = 9_223_372_036_854.775;

const MS_PER_DAY = 86_400_000;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when `s` is an optional sign followed by one or more decimal digits (Go ParseInt, base 10). */
function isDecimalInteger(s: string): boolean {
  let i = s.charCodeAt(0) === 0x2b || s.charCodeAt(0) === 0x2d ? 1 : 0;
  if (i >= s.length) return false;
  for (; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function checkRange(ms: number, input: string): number {
  if (Math.abs(ms) > MAX_MS) {
    throw new DurationError('out of range (more than about 292 years)', input, 0);
  }
  return ms === 0 ? 0 : ms; // never -0 (from "-0")
}

/** Go's time.ParseDuration, in milliseconds. */
function parseGoDuration(input: string): number {
  let i = 0;
  const n = input.length;
  let sign = 1;
  const first = input.charCodeAt(0);
  if (first === 0x2d || first === 0x2b) {
    if (first === 0x2d) sign = -1;
    i = 1;
  }
  if (input.slice(i) === '0') return 0;
  if (i >= n) throw new DurationError('a sign must be followed by a number and a unit', input, i);
  let total = 0;
  while (i < n) {
    const partStart = i;
    let c = input.charCodeAt(i);
    if (!(c === 0x2e || isDigit(c))) {
      throw new DurationError(`expected a number, found ${JSON.stringify(input[i])}`, input, i);
    }
    const intStart = i;
    while (i < n && isDigit(input.charCodeAt(i))) i++;
    const intDigits = input.slice(intStart, i);
    let fracDigits = '';
    if (i < n && input.charCodeAt(i) === 0x2e) {
      i++;
      const fracStart = i;
      while (i < n && isDigit(input.charCodeAt(i))) i++;
      fracDigits = input.slice(fracStart, i);
    }
    if (intDigits === '' && fracDigits === '') {
      throw new DurationError("a '.' must have digits before or after it", input, partStart);
    }
    const unitStart = i;
    while (i < n) {
      c = input.charCodeAt(i);
      if (c === 0x2e || isDigit(c)) break;
      i++;
    }
    const unit = input.slice(unitStart, i);
    if (unit === '') {
      throw new DurationError(
        `missing unit after ${JSON.stringify(input.slice(partStart, i))} (use ${UNIT_LIST})`,
        input,
        i,
      );
    }
    const perUnit = UNIT_MS.get(unit);
    if (perUnit === undefined) {
      throw new DurationError(`unknown unit ${JSON.stringify(unit)} (use ${UNIT_LIST})`, input, unitStart);
    }
    const value = Number(`${intDigits === '' ? '0' : intDigits}.${fracDigits === '' ? '0' : fracDigits}`);
    total += value * perUnit;
    if (total > MAX_MS) throw new DurationError('out of range (more than about 292 years)', input, partStart);
  }
  return total === 0 ? 0 : sign * total;
}

/**
 * Parses a duration (see the file comment) into milliseconds. Throws `DurationError` for a string
 * that is none of the accepted forms, and `TypeError` for a value that is neither a string nor a
 * finite number.
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new DurationError('a number of seconds must be finite', String(value), 0);
    }
    return checkRange(value * 1000, String(value));
  }
  if (typeof value !== 'string') {
    throw new TypeError(
      `parseDuration: expected a string or a number of seconds, got ${value === null ? 'null' : typeof value}`,
    );
  }
  if (value === '') return 0;
  if (isDecimalInteger(value)) return checkRange(Number(value) * 1000, value);
  if (value.endsWith('d')) {
    const days = value.slice(0, -1);
    if (!isDecimalInteger(days)) {
      throw new DurationError("a day count ('d' suffix) must be a whole number, such as 7d", value, 0);
    }
    return checkRange(Number(days) * MS_PER_DAY, value);
  }
  return parseGoDuration(value);
}
