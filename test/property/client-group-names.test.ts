import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { extractGroupNames, getCN } from '../../src/client/group-names.js';
import { dnAttributeValue } from '../../src/conformance/arbitraries/dn.js';
import { formatDN } from '../../src/core/dn-format.js';

const RUNS = { numRuns: Number(process.env['CLIENT_PROPERTY_RUNS'] ?? 500) };

describe('group names', () => {
  test.prop([dnAttributeValue(), dnAttributeValue(), fc.constantFrom('cn', 'CN', 'Cn')], RUNS)(
    'getCN returns the CN value of any DN, whatever it holds',
    (value, other, type) => {
      const dn = formatDN([
        [{ type: 'ou', value: other }],
        [{ type, value }],
        [{ type: 'dc', value: 'example' }],
      ]);
      expect(getCN(dn)).toBe(value);
      expect(getCN(dn, { pre111: true })).toBe(type === 'CN' ? value : dn);
    },
  );

  test.prop([fc.array(fc.array(dnAttributeValue(), { maxLength: 4 }), { maxLength: 8 })], RUNS)(
    'extractGroupNames gives each distinct CN once, in order of first appearance',
    (valueLists) => {
      const entries = valueLists.map((values, i) => ({
        dn: `cn=g${i},dc=x`,
        attributes: {
          memberOf: values.map((v) => formatDN([[{ type: 'cn', value: v }], [{ type: 'dc', value: 'x' }]])),
        },
      }));
      const expected: string[] = [];
      valueLists.forEach((values, i) => {
        for (const v of values.length === 0 ? [`g${i}`] : values) if (!expected.includes(v)) expected.push(v);
      });
      expect(extractGroupNames(entries, { groupattr: 'memberOf' })).toEqual(expected);
    },
  );
});
