import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { DEFAULT_GROUP_FILTER, DEFAULT_USER_FILTER } from '../../src/client/config/index.js';
import { compileTemplate } from '../../src/client/template.js';
import { dnAttributeValue, hostileUsername } from '../../src/conformance/arbitraries/dn.js';
import { parseFilter } from '../../src/core/filter-parse.js';

const RUNS = { numRuns: Number(process.env['CLIENT_PROPERTY_RUNS'] ?? 500) };

/** Any UTF-16 string, lone surrogates included (they are sent as U+FFFD, as Buffer.from does). */
const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

const username = fc.oneof(hostileUsername(), fc.string({ unit: 'binary' }), anyUtf16, dnAttributeValue());

const userFilter = compileTemplate(DEFAULT_USER_FILTER);
const groupFilter = compileTemplate(DEFAULT_GROUP_FILTER);

describe('filter templates keep every value a value', () => {
  test.prop([username, fc.boolean()], RUNS)(
    'parseFilter(render({Username})) has the username byte-exact as the assertion value',
    (name, escapeNonAscii) => {
      const text = userFilter.render({ UserAttr: 'cn', Username: name }, { escapeNonAscii });
      expect(parseFilter(text)).toStrictEqual({
        type: 'equality',
        attribute: 'cn',
        value: Buffer.from(name, 'utf8'),
      });
    },
  );

  test.prop([username], RUNS)('with escapeNonAscii (the default) the filter is pure ASCII', (name) => {
    const text = userFilter.render({ UserAttr: 'cn', Username: name });
    // Every character below 0x80: OpenBao's EscapeFilter output, byte for byte ASCII.
    expect([...text].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
  });

  test.prop([username], RUNS)('both renderings parse to the same filter', (name) => {
    const data = { UserAttr: 'uid', Username: name };
    expect(parseFilter(userFilter.render(data, { escapeNonAscii: false }))).toStrictEqual(
      parseFilter(userFilter.render(data, { escapeNonAscii: true })),
    );
  });

  test.prop([username, username, fc.boolean()], RUNS)(
    'the group filter keeps its three clauses whatever Username and UserDN hold',
    (name, userDN, escapeNonAscii) => {
      const ast = parseFilter(groupFilter.render({ Username: name, UserDN: userDN }, { escapeNonAscii }));
      const u = Buffer.from(name, 'utf8');
      const d = Buffer.from(userDN, 'utf8');
      expect(ast).toStrictEqual({
        type: 'or',
        filters: [
          { type: 'equality', attribute: 'memberUid', value: u },
          { type: 'equality', attribute: 'member', value: d },
          { type: 'equality', attribute: 'uniqueMember', value: d },
        ],
      });
    },
  );

  test.prop([fc.string().filter((s) => !s.includes('{{'))], RUNS)(
    'text without actions renders to itself',
    (text) => {
      expect(compileTemplate(text).render({})).toBe(text);
    },
  );

  test.prop([username, username], RUNS)(
    'values are substituted once: the output is the template text around the escaped values',
    (name, dn) => {
      const t = compileTemplate('A{{.Username}}B{{.UserDN}}C');
      const out = t.render({ Username: name, UserDN: dn }, { escapeNonAscii: false });
      const u = compileTemplate('{{.X}}').render({ X: name }, { escapeNonAscii: false });
      const d = compileTemplate('{{.X}}').render({ X: dn }, { escapeNonAscii: false });
      expect(out).toBe(`A${u}B${d}C`);
    },
  );
});
