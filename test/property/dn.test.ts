import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  attributeType,
  dnAttributeValue,
  dnRdns,
  guidString,
  hostileUsername,
  rdn,
  sidString,
} from '../../src/conformance/arbitraries/dn.js';
import {
  DNSyntaxError,
  escapeDNValue,
  escapeDNValueOpenBao,
  unescapeDNValue,
} from '../../src/core/dn-escape.js';
import { formatDN } from '../../src/core/dn-format.js';
import { isDescendantOrSelf } from '../../src/core/dn-hierarchy.js';
import { dnEquals, normalizeDN } from '../../src/core/dn-normalize.js';
import { type AVA, parseDN, type RDN } from '../../src/core/dn-parse.js';
import { adDn, dn } from '../../src/core/dn-template.js';
import { decodeGuid, encodeGuid } from '../../src/core/guid.js';
import { decodeSid, encodeSid } from '../../src/core/sid.js';

const RUNS = { numRuns: Number(process.env['DN_PROPERTY_RUNS'] ?? 500) };
const styles = ['rfc4514', 'ad'] as const;

/** Small deterministic PRNG so one generated seed drives all the choices of a rewrite. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) | 0;
  };
}

const MUST_ESCAPE = new Set(['"', '+', ',', ';', '<', '>', '\\', '\0']);
const CHAR_ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);

function hexEscape(ch: string, pick: (n: number) => number): string {
  let out = '';
  for (const b of Buffer.from(ch, 'utf8')) {
    const h = b.toString(16).padStart(2, '0');
    out += '\\' + (pick(2) === 0 ? h : h.toUpperCase());
  }
  return out;
}

/**
 * Change the case of code points whose lower-case form does not depend on it (so `ß`→`SS` and
 * `ı`→`I`, which change the lower-case form, are left alone).
 */
function recase(value: string, pick: (n: number) => number): string {
  let out = '';
  for (const ch of value) {
    const upper = ch.toUpperCase();
    const lower = ch.toLowerCase();
    const choice = pick(3);
    if (choice === 1 && upper.toLowerCase() === lower) out += upper;
    else if (choice === 2) out += lower;
    else out += ch;
  }
  return out;
}

/** Write `value` as DN text choosing, per character, raw / `\c` / `\hh` wherever that is legal. */
function rewriteValue(value: string, pick: (n: number) => number): string {
  const chars = [...value];
  let out = '';
  chars.forEach((ch, i) => {
    const mustEscape =
      MUST_ESCAPE.has(ch) ||
      (i === 0 && (ch === ' ' || ch === '#')) ||
      (i === chars.length - 1 && ch === ' ');
    const choice = pick(3);
    if (choice === 0 && !mustEscape) out += ch;
    else if (choice === 1 && CHAR_ESCAPABLE.has(ch)) out += '\\' + ch;
    else out += hexEscape(ch, pick);
  });
  return out;
}

function spaces(pick: (n: number) => number): string {
  return ' '.repeat(pick(3) === 0 ? pick(3) : 0);
}

/** A DN string equivalent to `rdns` but spelled differently: case, escapes, spaces, `;`, `OID.`. */
function rewriteDN(rdns: readonly RDN[], seed: number): string {
  const pick = prng(seed);
  return rdns
    .map((r) =>
      r
        .map((a) => {
          let type = recase(a.type, pick);
          if (/^[0-9]/.test(type) && pick(4) === 0) type = (pick(2) === 0 ? 'OID.' : 'oid.') + type;
          const value =
            a.ber === undefined
              ? rewriteValue(recase(a.value, pick), pick)
              : '#' + recase(a.ber.toString('hex'), pick);
          return spaces(pick) + type + spaces(pick) + '=' + spaces(pick) + value + spaces(pick);
        })
        .join('+'),
    )
    .join(pick(4) === 0 ? ';' : ',');
}

/** Reference for isDescendantOrSelf: compare the per-RDN normal forms as a list suffix. */
function rdnKeys(dnText: string): string[] {
  return parseDN(dnText).map((r) => normalizeDN(formatDN([r])));
}

describe('DN round trips', () => {
  for (const style of styles) {
    test.prop([dnRdns()], RUNS)(`parseDN(formatDN(x, '${style}')) equals x`, (rdns) => {
      expect(parseDN(formatDN(rdns, style))).toEqual(rdns);
    });

    test.prop([dnAttributeValue()], RUNS)(`unescapeDNValue(escapeDNValue(v, '${style}')) === v`, (v) => {
      expect(unescapeDNValue(escapeDNValue(v, style))).toBe(v);
    });
  }

  test.prop([dnAttributeValue()], RUNS)('escapeDNValueOpenBao output unescapes to the input', (v) => {
    expect(unescapeDNValue(escapeDNValueOpenBao(v))).toBe(v);
  });

  test.prop([dnRdns(), fc.integer()], RUNS)('parseDN reads any legal respelling of a DN', (rdns, seed) => {
    const parsed = parseDN(rewriteDN(rdns, seed));
    expect(parsed.length).toBe(rdns.length);
    parsed.forEach((r, i) => {
      expect(r.length).toBe(rdns[i]!.length);
    });
  });
});

describe('normalizeDN', () => {
  test.prop([dnRdns()], RUNS)('is idempotent', (rdns) => {
    const once = normalizeDN(formatDN(rdns, 'ad'));
    expect(normalizeDN(once)).toBe(once);
  });

  test.prop([dnRdns(), fc.integer()], RUNS)(
    'is invariant under type case, value case, escaping form, spaces and separators',
    (rdns, seed) => {
      expect(normalizeDN(rewriteDN(rdns, seed))).toBe(normalizeDN(formatDN(rdns)));
    },
  );

  test.prop([fc.array(rdn(), { minLength: 1, maxLength: 4 }), fc.integer()], RUNS)(
    'does not depend on the order of AVAs in a multi-valued RDN',
    (rdns, seed) => {
      const pick = prng(seed);
      const shuffled = rdns.map((r) => [...r].sort(() => pick(3) - 1));
      expect(normalizeDN(formatDN(shuffled))).toBe(normalizeDN(formatDN(rdns)));
    },
  );

  const plainValue = fc.string({
    unit: fc.constantFrom('a', 'B', 'z', 'Z', '0', '-', '.', ' ', '=', '#', '_', '@'),
  });
  const plainRdns = fc.array(
    fc.tuple(attributeType(), plainValue).map(([type, value]): RDN => [{ type, value }]),
    { minLength: 1, maxLength: 5 },
  );
  test.prop(
    [
      fc.oneof(
        plainRdns,
        dnRdns().filter((r) => r.length > 0),
      ),
    ],
    RUNS,
  )('gives the same result on the fast path for plain DNs as the full parser does', (rdns) => {
    const text = formatDN(rdns);
    // A leading space is insignificant but always sends normalizeDN to the full parser.
    expect(normalizeDN(text)).toBe(normalizeDN(' ' + text));
  });

  test.prop([dnRdns()], RUNS)('dnEquals holds between the two output styles', (rdns) => {
    expect(dnEquals(formatDN(rdns, 'rfc4514'), formatDN(rdns, 'ad'))).toBe(true);
  });

  test.prop([dnRdns()], RUNS)('keeps the number of RDNs and AVAs', (rdns) => {
    const back = parseDN(normalizeDN(formatDN(rdns)));
    expect(back.map((r) => r.length)).toEqual(rdns.map((r) => r.length));
  });

  const dnish = fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        'a',
        'B',
        '1',
        '.',
        '-',
        '=',
        ',',
        ';',
        '+',
        ' ',
        '#',
        '"',
        '\\',
        '\0',
        'é',
        'c',
        'n',
        'O',
        'I',
        'D',
      ),
      fc.constantFrom('\\2C', '\\C3\\A9', '\\C3', '\\zz', '#04026869', 'cn=', 'OID.2.5.4.3='),
    ),
    maxLength: 30,
  });
  test.prop([dnish], { numRuns: 2000 })(
    'parseDN either succeeds (and normalizeDN is then idempotent) or throws DNSyntaxError with a position',
    (text) => {
      let ok = true;
      try {
        parseDN(text);
      } catch (e) {
        ok = false;
        expect(e).toBeInstanceOf(DNSyntaxError);
        const err = e as DNSyntaxError;
        expect(err.input).toBe(text);
        expect(err.position).toBeGreaterThanOrEqual(0);
        expect(err.position).toBeLessThanOrEqual(text.length);
        expect(() => normalizeDN(text)).toThrow(DNSyntaxError);
      }
      if (ok) {
        const n = normalizeDN(text);
        expect(normalizeDN(n)).toBe(n);
      }
    },
  );
});

describe('isDescendantOrSelf', () => {
  test.prop([dnRdns(), dnRdns()], RUNS)(
    'holds for any DN below a base (or the base itself)',
    (prefix, base) => {
      const nbase = normalizeDN(formatDN(base));
      const ndn = normalizeDN(formatDN([...prefix, ...base]));
      expect(isDescendantOrSelf(ndn, nbase)).toBe(true);
    },
  );

  // Values full of `\` `,` `=` make a string suffix that is not an RDN suffix likely.
  const trickyValue = fc.string({ unit: fc.constantFrom('\\', ',', '=', 'a', 'dc', ' ', '+'), maxLength: 8 });
  const trickyRdns = fc.array(
    fc.tuple(fc.constantFrom('dc', 'DC', 'cn'), trickyValue).map(([type, value]): RDN => [{ type, value }]),
    { maxLength: 4 },
  );
  test.prop([trickyRdns, trickyRdns], { numRuns: 2000 })(
    'agrees with a comparison of parsed RDNs',
    (a, b) => {
      const na = normalizeDN(formatDN(a));
      const nb = normalizeDN(formatDN(b));
      const ka = rdnKeys(na);
      const kb = rdnKeys(nb);
      const expected = kb.length <= ka.length && kb.every((k, i) => k === ka[ka.length - kb.length + i]);
      expect(isDescendantOrSelf(na, nb)).toBe(expected);
    },
  );
});

describe('isDescendantOrSelf with a base hidden inside a value', () => {
  const plainBase = fc.array(
    fc
      .tuple(fc.constantFrom('dc', 'DC', 'ou'), fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/))
      .map(([type, value]): RDN => [{ type, value }]),
    { minLength: 1, maxLength: 3 },
  );
  const prefix = fc.string({ unit: fc.constantFrom('\\', 'a', ',', ' '), maxLength: 5 });
  test.prop([plainBase, prefix], { numRuns: 1000 })(
    'a value ending in ",<base>" (escaped comma, any backslashes before it) is not below the base',
    (base, before) => {
      const text = formatDN(base);
      // cn=<before>\,<first RDN of base>,<rest of base>: the string ends with the base text.
      const child = formatDN([
        [{ type: 'cn', value: `${before},${formatDN(base.slice(0, 1))}` }],
        ...base.slice(1),
      ]);
      expect(child.endsWith(text)).toBe(true);
      expect(isDescendantOrSelf(normalizeDN(child), normalizeDN(text))).toBe(false);
      expect(isDescendantOrSelf(normalizeDN(`${child},${text}`), normalizeDN(text))).toBe(true);
    },
  );
});

describe('dn template', () => {
  test.prop([hostileUsername()], RUNS)('a substituted value is exactly one value', (name) => {
    for (const build of [dn, adDn]) {
      const parsed = parseDN(build`uid=${name},ou=people,dc=example,dc=org`);
      expect(parsed.length).toBe(4);
      expect(parsed[0]).toEqual([{ type: 'uid', value: name }]);
    }
  });

  test.prop([dnAttributeValue(), dnAttributeValue()], RUNS)(
    'values substituted inside a value keep their text',
    (a, b) => {
      expect(parseDN(dn`cn=x${a}-${b}y`)).toEqual([[{ type: 'cn', value: `x${a}-${b}y` } satisfies AVA]]);
      expect(parseDN(adDn`cn=x${a}-${b}y`)).toEqual([[{ type: 'cn', value: `x${a}-${b}y` } satisfies AVA]]);
    },
  );
});

describe('SID and GUID codecs', () => {
  test.prop([sidString()], RUNS)('decodeSid(encodeSid(s)) === s', (s) => {
    expect(decodeSid(encodeSid(s))).toBe(s);
  });

  test.prop([sidString(), fc.uint8Array({ maxLength: 4 })], RUNS)(
    'encodeSid(decodeSid(b)) gives back the SID bytes, ignoring trailing bytes',
    (s, trailing) => {
      const bytes = encodeSid(s);
      expect(encodeSid(decodeSid(Buffer.concat([bytes, trailing])))).toEqual(bytes);
    },
  );

  test.prop([guidString()], RUNS)('decodeGuid(encodeGuid(g)) === g, in any case and with braces', (g) => {
    expect(decodeGuid(encodeGuid(g))).toBe(g);
    expect(encodeGuid(`{${g.toUpperCase()}}`)).toEqual(encodeGuid(g));
  });

  test.prop([fc.uint8Array({ minLength: 16, maxLength: 16 })], RUNS)(
    'encodeGuid(decodeGuid(b)) equals b',
    (b) => {
      expect(encodeGuid(decodeGuid(b))).toEqual(Buffer.from(b));
    },
  );
});
