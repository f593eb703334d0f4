import { describe, expect, it } from 'vitest';
import { decodeGuid, encodeGuid } from '../../../src/core/guid.js';

// objectGUID vector from research server-anchors §B: the first three groups are byte-reversed.
const RAW = Buffer.from('e218213b9cf3ec40af576190389660df', 'hex');
const TEXT = '3b2118e2-f39c-40ec-af57-6190389660df';

describe('decodeGuid', () => {
  it('decodes the objectGUID vector', () => {
    expect(decodeGuid(RAW)).toBe(TEXT);
    expect(decodeGuid(new Uint8Array(RAW))).toBe(TEXT);
  });

  it('orders every byte as MS-DTYP 2.3.4 says', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);
    expect(decodeGuid(bytes)).toBe('03020100-0504-0706-0809-0a0b0c0d0e0f');
  });

  it.each([0, 15, 17])('rejects %i bytes', (n) => {
    expect(() => decodeGuid(new Uint8Array(n))).toThrow(new RangeError(`a GUID is 16 bytes, got ${n}`));
  });
});

describe('encodeGuid', () => {
  it.each([TEXT, TEXT.toUpperCase(), `{${TEXT}}`, `{${TEXT.toUpperCase()}}`])('encodes %s', (text) => {
    expect(encodeGuid(text)).toEqual(RAW);
  });

  it.each([
    '',
    '3b2118e2f39c40ecaf576190389660df',
    '3b2118e2-f39c-40ec-af57-6190389660d',
    '3b2118e2-f39c-40ec-af57-6190389660dff',
    '3b2118e2-f39c-40ec-af57-6190389660dg',
    '{3b2118e2-f39c-40ec-af57-6190389660df',
    '3b2118e2-f39c-40ec-af57-6190389660df}',
    ' 3b2118e2-f39c-40ec-af57-6190389660df',
    '3b2118e2-f39c-40ec-af576190389660df',
  ])('rejects %j', (text) => {
    expect(() => encodeGuid(text)).toThrow(
      new SyntaxError(
        `malformed GUID ${JSON.stringify(text)}: expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex, optionally in braces)`,
      ),
    );
  });
});
