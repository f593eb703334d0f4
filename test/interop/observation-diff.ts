/**
 * Readable structural diff of two observations: one line per differing leaf, named by its path,
 * e.g. `[2] search alice + › entries[0].attributes.memberOf: slapd ["cn=…"] ≠ mock (absent)`.
 * Lists of strings (DN lists, attribute values) are diffed as sets so one missing element does not
 * make every later index differ.
 */
import type { Observed } from './normalise.js';

const ABSENT = Symbol('absent');
type Side = Observed | typeof ABSENT;

function show(value: Side): string {
  if (value === ABSENT) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function isRecord(value: Side): value is { readonly [key: string]: Observed } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: Side): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/** `a.b` for identifier-like keys, `a["uid=x,dc=y"]` for DNs and other keys. */
function childPath(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

export interface DiffNames {
  readonly left: string;
  readonly right: string;
}

function diffInto(a: Side, b: Side, path: string, names: DiffNames, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isStringList(a) && isStringList(b) && a.length + b.length > 0) {
      const inB = new Set(b);
      const inA = new Set(a);
      const onlyA = a.filter((v) => !inB.has(v));
      const onlyB = b.filter((v) => !inA.has(v));
      if (onlyA.length > 0 || onlyB.length > 0) {
        const where = path === '' ? '(root)' : path;
        out.push(
          `${where}: ${a.length} vs ${b.length} values; only in ${names.left} ${show(onlyA)}; only in ${names.right} ${show(onlyB)}`,
        );
        return;
      }
      if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
        out.push(`${path}: same values, different order or multiplicity: ${show(a)} ≠ ${show(b)}`);
      }
      return;
    }
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      diffInto(
        i < a.length ? (a[i] as Observed) : ABSENT,
        i < b.length ? (b[i] as Observed) : ABSENT,
        `${path}[${i}]`,
        names,
        out,
      );
    }
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const left = Object.hasOwn(a, key) ? (a[key] as Observed) : ABSENT;
      const right = Object.hasOwn(b, key) ? (b[key] as Observed) : ABSENT;
      diffInto(left, right, childPath(path, key), names, out);
    }
    return;
  }
  if (a !== b)
    out.push(`${path === '' ? '(root)' : path}: ${names.left} ${show(a)} ≠ ${names.right} ${show(b)}`);
}

/** Differences between two observations, at most `limit` lines (plus a count of the rest). */
export function diffObservations(a: Observed, b: Observed, names: DiffNames, limit = 12): string[] {
  const out: string[] = [];
  diffInto(a, b, '', names, out);
  if (out.length <= limit) return out;
  return [...out.slice(0, limit), `… and ${out.length - limit} more differences`];
}
