/**
 * The response writer (server/wire/ber-output.ts) against the BER writer of @ldapjs/asn1, which
 * ldapts and ldapjs read with: for any tree of elements — integers of every size and sign,
 * strings in any script, octets, constructed elements whose content crosses the short and long
 * length forms — both write the same bytes, message after message from the one reused buffer.
 */
import asn1 from '@ldapjs/asn1';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerOutput } from '../../src/server/wire/ber-output.js';
import { PROPERTY_RUNS, propertySeed } from './seed.js';

type Element =
  | { readonly kind: 'integer'; readonly tag: number; readonly value: number }
  | { readonly kind: 'enumerated'; readonly tag: number; readonly value: number }
  | { readonly kind: 'string'; readonly tag: number; readonly value: string }
  | { readonly kind: 'octets'; readonly tag: number; readonly value: Uint8Array }
  | { readonly kind: 'constructed'; readonly tag: number; readonly children: readonly Element[] };

const tag = fc.constantFrom(0x02, 0x04, 0x0a, 0x30, 0x31, 0x64, 0x80, 0x81, 0x8a, 0xa0, 0xa3);
const int32 = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(0, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 8388607, 8388608),
);
const { element } = fc.letrec<{ element: Element }>((tie) => ({
  element: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('integer' as const), tag, value: int32 }),
    fc.record({
      kind: fc.constant('enumerated' as const),
      tag,
      value: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    }),
    fc.record({
      kind: fc.constant('string' as const),
      tag,
      value: fc.oneof(
        fc.string(),
        fc.string({ unit: 'grapheme' }),
        fc.string({ minLength: 100, maxLength: 400 }),
      ),
    }),
    fc.record({ kind: fc.constant('octets' as const), tag, value: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({
      kind: fc.constant('constructed' as const),
      tag,
      children: fc.array(tie('element'), { maxLength: 6 }),
    }),
  ),
}));

function writeOurs(out: BerOutput, e: Element): void {
  if (e.kind === 'integer') out.integer(e.value, e.tag);
  else if (e.kind === 'enumerated') out.enumerated(e.value, e.tag);
  else if (e.kind === 'string') out.string(e.value, e.tag);
  else if (e.kind === 'octets') out.octets(e.value, e.tag);
  else {
    out.start(e.tag);
    for (const child of e.children) writeOurs(out, child);
    out.end();
  }
}

function writeTheirs(w: InstanceType<typeof asn1.BerWriter>, e: Element): void {
  if (e.kind === 'integer') w.writeInt(e.value, e.tag);
  else if (e.kind === 'enumerated') w.writeEnumeration(e.value, e.tag);
  else if (e.kind === 'string') w.writeString(e.value, e.tag);
  else if (e.kind === 'octets') w.writeBuffer(Buffer.from(e.value), e.tag);
  else {
    w.startSequence(e.tag);
    for (const child of e.children) writeTheirs(w, child);
    w.endSequence();
  }
}

const seed = propertySeed('ber-output');

describe('BerOutput', () => {
  it('writes what the @ldapjs/asn1 writer writes, message after message', () => {
    const out = new BerOutput();
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 3 }), (messages) => {
        for (const message of messages) {
          const theirs = new asn1.BerWriter();
          writeTheirs(theirs, { kind: 'constructed', tag: 0x30, children: [message] });
          writeOurs(out, { kind: 'constructed', tag: 0x30, children: [message] });
          expect(out.take().toString('hex')).toBe(theirs.buffer.toString('hex'));
        }
      }),
      { seed, numRuns: PROPERTY_RUNS },
    );
  });

  it('a content of 70,000 bytes takes the three-byte long form, and the next message starts clean', () => {
    const out = new BerOutput();
    out.start(0x30);
    out.octets(new Uint8Array(70_000).fill(7));
    out.end();
    const big = out.take();
    // 70,005 bytes of content (0x011175): the octets' own header is 5 bytes.
    expect([...big.subarray(0, 10)]).toEqual([0x30, 0x83, 0x01, 0x11, 0x75, 0x04, 0x83, 0x01, 0x11, 0x70]);
    expect(big.length).toBe(5 + 5 + 70_000);
    out.start(0x30);
    out.integer(5);
    out.end();
    expect([...out.take()]).toEqual([0x30, 0x03, 0x02, 0x01, 0x05]);
  });

  it('after a failed message (reset), the next one is whole', () => {
    const out = new BerOutput();
    out.start(0x30);
    out.string('half written');
    out.reset();
    out.start(0x30);
    out.enumerated(0);
    out.end();
    expect([...out.take()]).toEqual([0x30, 0x03, 0x0a, 0x01, 0x00]);
    expect(() => out.end()).toThrow(/end\(\) without start\(\)/);
  });
});
