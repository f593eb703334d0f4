/**
 * Consistent pseudonyms for one capture: a value gets the same pseudonym wherever it appears (an
 * RDN, a member value, a memberUid, a mail's local part), case-insensitively, with its shape kept
 * (pseudonym.ts); domain labels map one to one (so `corp.example.com` and `DC=corp,DC=example`
 * stay the same domain); SIDs keep their domain/RID structure; GUIDs stay unique. Names kept as
 * they are (built-in principals, well-known containers) map to themselves.
 */
import { randomBytes } from 'node:crypto';
import { formatDN } from '../core/dn-format.js';
import { parseDN, type RDN } from '../core/dn-parse.js';
import { decodeSid, encodeSid } from '../core/sid.js';
import { foldCase, pseudonymBytes, shapePseudonym } from './pseudonym.js';

/** Top-level and reserved labels that identify no one. */
const KEPT_LABELS = new Set([
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'int',
  'local',
  'lan',
  'internal',
  'example',
  'test',
  'invalid',
  'localhost',
]);

/** The characters shapePseudonym replaces: ASCII letters and digits, and other letters. */
const REPLACED = /[0-9a-zA-Z]|\p{L}/u;
/** Draws before a pseudonym already given is taken again (uniqueness is a courtesy, not a promise). */
const MAX_ROUNDS = 64;

export class Anonymiser {
  readonly #secret: Buffer;
  /** Folded original → folded pseudonym, per space; and the reverse, to refuse collisions. */
  readonly #forward = new Map<string, string>();
  readonly #taken = new Set<string>();
  readonly #kept = new Set<string>();
  readonly #domains = new Map<string, string>();
  /** How many distinct values each space pseudonymised (for the report). */
  readonly counts = { names: 0, labels: 0, sidDomains: 0, guids: 0 };

  constructor(secret: Buffer = randomBytes(32)) {
    this.#secret = secret;
  }

  /** Values (any case) that stay as they are: built-in names, well-known containers. */
  keep(value: string): void {
    const folded = foldCase(value);
    this.#kept.add(folded);
    this.#taken.add(`text\u0000${folded}`);
  }

  isKept(value: string): boolean {
    return this.#kept.has(foldCase(value));
  }

  /** Text of a name, a description, a phone number: shape kept, letters and digits replaced. */
  text(value: string): string {
    return this.#pseudonym('text', value, this.#kept);
  }

  /** One DNS label (`corp`); public suffixes and reserved labels are kept. */
  label(value: string): string {
    return this.#pseudonym('label', value, KEPT_LABELS);
  }

  /** A DNS name, label by label. */
  domain(value: string): string {
    return value
      .split('.')
      .map((label) => (label === '' ? label : this.label(label)))
      .join('.');
  }

  /** `local@domain` (mail, userPrincipalName): the local part as text, the domain as a domain. */
  address(value: string): string {
    const at = value.lastIndexOf('@');
    if (at < 0) return this.text(value);
    const prefix = /^(smtp|sip|x400|x500):/i.exec(value)?.[0] ?? '';
    return `${prefix}${this.text(value.slice(prefix.length, at))}@${this.domain(value.slice(at + 1))}`;
  }

  /** A DN: DC components as labels, other values as text, everything under CN=Configuration kept. */
  dn(dn: string): string {
    let rdns: RDN[];
    try {
      rdns = parseDN(dn);
    } catch {
      return this.text(dn);
    }
    const schemaPart = rdns.findIndex((rdn) =>
      rdn.some((ava) => /^cn$/i.test(ava.type) && /^configuration$/i.test(ava.value)),
    );
    return formatDN(
      rdns.map((rdn, i) =>
        rdn.map((ava) => {
          if (ava.ber) return ava;
          if (/^dc$/i.test(ava.type)) return { type: ava.type, value: this.label(ava.value) };
          if (schemaPart >= 0 && i <= schemaPart) return ava;
          return { type: ava.type, value: this.text(ava.value) };
        }),
      ),
    );
  }

  /** A binary SID: a domain's sub-authorities replaced (the same domain, the same replacement), the RID kept. */
  sid(bytes: Buffer): Buffer {
    let sid: string;
    try {
      sid = decodeSid(bytes);
    } catch {
      return pseudonymBytes(this.#secret, 'bytes', bytes, bytes.length);
    }
    const domain = /^S-1-5-21-(\d+)-(\d+)-(\d+)(-\d+)?$/.exec(sid);
    if (!domain) return bytes; // a well-known SID (S-1-5-32-544, S-1-1-0 …) names no one
    const key = `${domain[1]}-${domain[2]}-${domain[3]}`;
    let replaced = this.#domains.get(key);
    if (!replaced) {
      const random = pseudonymBytes(this.#secret, 'sid', Buffer.from(key), 12);
      replaced = [0, 4, 8].map((offset) => random.readUInt32LE(offset)).join('-');
      this.#domains.set(key, replaced);
      this.counts.sidDomains++;
    }
    return encodeSid(`S-1-5-21-${replaced}${domain[4] ?? ''}`);
  }

  /** A GUID: sixteen other octets, the same for the same GUID. */
  guid(bytes: Buffer): Buffer {
    this.counts.guids++;
    return pseudonymBytes(this.#secret, 'guid', bytes, bytes.length);
  }

  #pseudonym(space: string, value: string, kept: ReadonlySet<string>): string {
    const folded = foldCase(value);
    if (kept.has(folded) || value === '') return value;
    const key = `${space}\u0000${folded}`;
    let chosen = this.#forward.get(key);
    if (chosen === undefined) {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const candidate = foldCase(shapePseudonym(this.#secret, space, value, round));
        // A value with nothing shapePseudonym replaces (`-`, `*`, `²`) has no other shape: it stays.
        if (!REPLACED.test(value)) break;
        if (candidate !== folded && !this.#taken.has(`${space}\u0000${candidate}`)) {
          chosen = candidate;
          break;
        }
        // A shape with no free pseudonym left (a hundred two-digit values) takes a used one.
        if (round === MAX_ROUNDS - 1) chosen = candidate;
      }
      chosen ??= folded;
      this.#forward.set(key, chosen);
      this.#taken.add(`${space}\u0000${chosen}`);
      if (space === 'text') this.counts.names++;
      else this.counts.labels++;
    }
    return applyCase(value, chosen);
  }
}

/** The pseudonym with the original's case, character by character. */
function applyCase(original: string, folded: string): string {
  const source = [...original];
  return [...folded]
    .map((char, i) =>
      source[i] !== undefined && source[i] !== source[i]!.toLowerCase() ? char.toUpperCase() : char,
    )
    .join('');
}
