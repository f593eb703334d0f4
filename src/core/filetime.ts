/**
 * Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC, written by AD as a decimal
 * string (pwdLastSet, lockoutTime, accountExpires, badPasswordTime). Durations (lockoutDuration,
 * maxPwdAge) are negative intervals.
 */

/** FILETIME of the Unix epoch. */
const epochOffset = 116_444_736_000_000_000n;

/** accountExpires values that mean "never": 0 and the largest signed 64-bit integer. */
export const filetimeNever = 9_223_372_036_854_775_807n;

export function dateToFiletime(date: Date): bigint {
  return BigInt(date.getTime()) * 10_000n + epochOffset;
}

/** Parses AD's decimal FILETIME or interval text; undefined if it is not an integer. */
export function parseFiletime(text: string | undefined): bigint | undefined {
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  return BigInt(text.trim());
}
