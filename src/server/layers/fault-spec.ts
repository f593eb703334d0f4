/**
 * Faults written as words, for `serve --fault` and the control endpoint:
 * `refuse`, `hang` (either one listener only: `ldaps:refuse`), `latency=200ms`, `drop-after=3`,
 * `busy`, `unavailable`, `cert=expired`, `cert=wrong-host`; `none` clears them all.
 */
import type { Listener } from '../connection-faults.js';
import type { Faults } from './faults.js';

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

const FAULT_FORMS = [
  'refuse',
  'hang',
  'ldap:refuse',
  'ldaps:refuse',
  'ldap:hang',
  'ldaps:hang',
  'latency=<n>ms|<n>s',
  'drop-after=<n>',
  'busy',
  'unavailable',
  'cert=expired',
  'cert=wrong-host',
  'none',
] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every spec combined into one set of faults; a word that is not a fault names itself. */
export function parseFaults(specs: readonly string[]): Faults {
  const faults: Mutable<Faults> = {};
  const words = specs.flatMap((spec) => spec.split(/[\s,]+/)).filter((word) => word !== '');
  for (const word of words) {
    if (word === 'none') {
      if (words.length > 1) throw new FaultSpecError("'none' clears every fault and cannot be combined");
      return {};
    }
    applyWord(faults, word);
  }
  return faults;
}

function applyWord(faults: Mutable<Faults>, word: string): void {
  const [name = '', value] = splitOnce(word, '=');
  const [scope, bare] = name.includes(':') ? splitOnce(name, ':') : [undefined, name];
  if (
    scope !== undefined &&
    ((scope !== 'ldap' && scope !== 'ldaps') || (bare !== 'refuse' && bare !== 'hang'))
  ) {
    throw unknown(word, 'only refuse and hang take a listener (ldap: or ldaps:)');
  }
  const listener = scope as Listener | undefined;
  switch (bare) {
    case 'refuse':
    case 'hang':
      noValue(word, value);
      faults[bare] = widen(faults[bare], listener);
      return;
    case 'busy':
    case 'unavailable':
      noValue(word, value);
      if (faults.answer && faults.answer !== bare) {
        throw new FaultSpecError(
          `'${bare}' conflicts with '${faults.answer}': a server answers one or the other`,
        );
      }
      faults.answer = bare;
      return;
    case 'latency':
      faults.latencyMs = duration(word, value);
      return;
    case 'drop-after':
      faults.dropAfter = count(word, value);
      return;
    case 'cert':
      if (value === 'expired') faults.certificate = 'expired';
      else if (value === 'wrong-host') faults.certificate = 'wrongHost';
      else throw unknown(word, 'cert= takes expired or wrong-host');
      return;
    default:
      throw unknown(word);
  }
}

/**
 * The words that give these faults back (for the banner and the control endpoint). A canned bind
 * failure, which only the API sets, shows as `bind-failure=CODE` and has no word to set it.
 */
export function formatFaults(faults: Faults): string[] {
  const words: string[] = [];
  const scoped = (name: string, on: boolean | Listener | undefined) => {
    if (on === true) words.push(name);
    else if (on) words.push(`${on}:${name}`);
  };
  scoped('refuse', faults.refuse);
  scoped('hang', faults.hang);
  if (faults.latencyMs) words.push(`latency=${faults.latencyMs}ms`);
  if (faults.dropAfter !== undefined) words.push(`drop-after=${faults.dropAfter}`);
  if (faults.answer) words.push(faults.answer);
  if (faults.certificate) words.push(`cert=${faults.certificate === 'wrongHost' ? 'wrong-host' : 'expired'}`);
  if (faults.bindFailure) words.push(`bind-failure=${faults.bindFailure.code}`);
  return words;
}

/** `ldap:refuse` then `ldaps:refuse` is both listeners. */
function widen(current: boolean | Listener | undefined, listener: Listener | undefined): boolean | Listener {
  if (listener === undefined || current === true) return true;
  if (current !== undefined && current !== listener) return true;
  return listener;
}

function duration(word: string, value: string | undefined): number {
  const match = /^(\d+)(ms|s)?$/.exec(value ?? '');
  if (!match) throw unknown(word, 'latency= takes a duration such as 200ms or 2s');
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

function count(word: string, value: string | undefined): number {
  if (!/^\d+$/.test(value ?? '')) throw unknown(word, 'drop-after= takes a number of operations');
  return Number(value);
}

function noValue(word: string, value: string | undefined): void {
  if (value !== undefined) throw unknown(word, `${word.split('=')[0]} takes no value`);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function unknown(word: string, hint?: string): FaultSpecError {
  return new FaultSpecError(
    `unknown fault '${word}'${hint ? `: ${hint}` : ''} (faults: ${FAULT_FORMS.join(', ')})`,
  );
}
