/**
 * The properties the conformance kit exports for users' own code, held by ours: DN escaping
 * round-trips (RFC 4514 and AD forms, and through ldapts's DN builder), filter templating keeps
 * any user name one assertion value (through our parser and ldapts's), and a planted escaping
 * bug is caught with a readable counterexample.
 */
import { fc, test } from '@fast-check/vitest';
import { DN, EqualityFilter, FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_FILTER } from '../../src/client/config/index.js';
import { compileTemplate } from '../../src/client/template.js';
import { dnAttributeValue, hostileUsername } from '../../src/conformance/arbitraries/index.js';
import { DNSyntaxError, escapeDNValue } from '../../src/core/dn-escape.js';
import { parseDN } from '../../src/core/dn-parse.js';
import type { Filter } from '../../src/core/filter-ast.js';
import { parseFilter } from '../../src/core/filter-parse.js';
import { PROPERTY_RUNS, propertySeed } from './seed.js';

const seed = propertySeed('conformance-kit');
const RUNS = { numRuns: PROPERTY_RUNS, seed };

/** A user name: hostile fragments, DN values, or any string without lone surrogates. */
const username = fc.oneof(hostileUsername(), dnAttributeValue(), fc.string({ unit: 'grapheme' }));

describe('DN escaping round-trips', () => {
  test.prop([dnAttributeValue(), fc.constantFrom('rfc4514' as const, 'ad' as const)], RUNS)(
    'escapeDNValue then parseDN gives the value back, in RFC 4514 and AD form',
    (value, style) => {
      const [first] = parseDN(`cn=${escapeDNValue(value, style)},dc=example,dc=org`);
      expect(first).toEqual([{ type: 'cn', value }]);
    },
  );

  test.prop([dnAttributeValue()], RUNS)(
    "ldapts's DN builder and our parser agree, except that ldapts leaves NUL unescaped (RFC 4514 requires \\00), which we refuse",
    (value) => {
      const text = new DN({ cn: value }).toString();
      if (value.includes('\0')) {
        expect(() => parseDN(text)).toThrow(DNSyntaxError);
        expect(() => parseDN(text)).toThrow(/NUL/);
      } else {
        expect(parseDN(text)[0]![0]!.value).toBe(value);
      }
    },
  );
});

const single = compileTemplate(DEFAULT_USER_FILTER);

describe('filter templating is injection-proof', () => {
  const template = compileTemplate('(&(objectClass=person)({{.UserAttr}}={{.Username}}))');

  test.prop([username], RUNS)(
    'the rendered filter parses and holds the name as exactly one assertion value',
    (name) => {
      const text = template.render({ UserAttr: 'uid', Username: name }, { escapeNonAscii: false });
      expect(parseFilter(text)).toStrictEqual({
        type: 'and',
        filters: [
          { type: 'equality', attribute: 'objectClass', value: Buffer.from('person') },
          { type: 'equality', attribute: 'uid', value: Buffer.from(name, 'utf8') },
        ],
      });
    },
  );

  test.prop([username], RUNS)("ldapts's filter parser reads the same one value back", (name) => {
    // With non-ASCII left raw: ldapts decodes each \hh escape as a latin1 character, so an
    // escaped UTF-8 sequence would come back as mojibake (why our client sends its own BER).
    const parsed = FilterParser.parseString(
      single.render({ UserAttr: 'uid', Username: name }, { escapeNonAscii: false }),
    );
    expect(parsed).toBeInstanceOf(EqualityFilter);
    const { attribute, value } = parsed as EqualityFilter;
    expect([attribute, Buffer.from(value as string, 'utf8')]).toEqual(['uid', Buffer.from(name, 'utf8')]);
  });
});

describe('a planted escaping bug is caught', () => {
  /** A copy of the user-filter rendering with the classic bug: `*()` escaped, `\` and NUL not. */
  const buggyRender = (name: string) =>
    `(uid=${name.replace(/[*()]/g, (c) => `\\${c.charCodeAt(0).toString(16)}`)})`;

  const holdsName = (render: (name: string) => string) =>
    fc.property(username, (name) => {
      let filter: Filter;
      try {
        filter = parseFilter(render(name));
      } catch {
        return false;
      }
      return filter.type === 'equality' && filter.value.equals(Buffer.from(name, 'utf8'));
    });

  it('the property fails on the bug, with a short counterexample that shows the unescaped character', () => {
    const result = fc.check(holdsName(buggyRender), { numRuns: PROPERTY_RUNS, seed });
    expect(result.failed).toBe(true);
    const [counterexample] = result.counterexample as [string];
    // Shrunk to a name of a few characters that holds a backslash or a NUL.
    expect(counterexample.length).toBeLessThanOrEqual(6);
    expect(counterexample).toMatch(/[\\\0]/);
    const report = fc.defaultReportMessage(result)!;
    expect(report).toContain(`Counterexample: [${JSON.stringify(counterexample)}]`);
    expect(report).toContain(`seed: ${seed}`);
  });

  it('and holds on the real template', () => {
    const real = (name: string) =>
      single.render({ UserAttr: 'uid', Username: name }, { escapeNonAscii: false });
    expect(fc.check(holdsName(real), { numRuns: PROPERTY_RUNS, seed }).failed).toBe(false);
  });
});
