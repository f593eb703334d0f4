/**
 * Robustness of the wire decoding: the framer and decodeMessage see raw bytes from any client,
 * so they must either succeed or fail with their own error type, quickly and without hoarding
 * memory. decodeMessage is run on hostile input in a child process: a decoding loop that never
 * ends cannot be interrupted inside the test worker, and must show up as a failure, not a hang.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import asn1 from '@ldapjs/asn1';
import fc, { type Arbitrary } from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { filterAst } from '../../src/conformance/arbitraries/filter.js';
import { ExtendedOid } from '../../src/core/extended-operations.js';
import type { Filter } from '../../src/core/filter-ast.js';
import { PagedResultsOid } from '../../src/server/operations.js';
import { ProtocolDecodeError } from '../../src/server/wire/ber-input.js';
import { type DecodedMessage, decodeMessage } from '../../src/server/wire/decode-request.js';
import { FramingError, MessageFramer } from '../../src/server/wire/framing.js';

const RUNS = Number(process.env['WIRE_PROPERTY_RUNS'] ?? 1000);
/** A decode of a few hundred bytes takes microseconds; this much means it is not going to end. */
const HANG_MS = 1500;

type Writer = InstanceType<typeof asn1.BerWriter>;

// ---------------------------------------------------------------------------------------------
// Encoding requests (the client side), independently of the decoder under test.

function sequence(w: Writer, tag: number, body: () => void): void {
  w.startSequence(tag);
  body();
  w.endSequence();
}

function writeFilter(w: Writer, f: Filter): void {
  switch (f.type) {
    case 'and':
    case 'or':
      sequence(w, f.type === 'and' ? 0xa0 : 0xa1, () => {
        for (const child of f.filters) writeFilter(w, child);
      });
      return;
    case 'not':
      sequence(w, 0xa2, () => writeFilter(w, f.filter));
      return;
    case 'equality':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'approx': {
      const tag = { equality: 0xa3, greaterOrEqual: 0xa5, lessOrEqual: 0xa6, approx: 0xa8 }[f.type];
      sequence(w, tag, () => {
        w.writeString(f.attribute);
        w.writeBuffer(f.value, 0x04);
      });
      return;
    }
    case 'present':
      w.writeString(f.attribute, 0x87);
      return;
    case 'substrings':
      sequence(w, 0xa4, () => {
        w.writeString(f.attribute);
        sequence(w, 0x30, () => {
          if (f.initial !== undefined) w.writeBuffer(f.initial, 0x80);
          for (const piece of f.any) w.writeBuffer(piece, 0x81);
          if (f.final !== undefined) w.writeBuffer(f.final, 0x82);
        });
      });
      return;
    case 'extensible':
      sequence(w, 0xa9, () => {
        if (f.matchingRule !== undefined) w.writeString(f.matchingRule, 0x81);
        if (f.attribute !== undefined) w.writeString(f.attribute, 0x82);
        w.writeBuffer(f.value, 0x83);
        if (f.dnAttributes) w.writeBoolean(true, 0x84);
      });
      return;
  }
}

/** A request as the test generates it, with what decodeMessage must give back for it. */
interface GeneratedPdu {
  readonly bytes: Buffer;
  readonly expected: DecodedMessage;
}

const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const octets = fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));
const messageId = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const attributeName = fc.constantFrom(
  'cn',
  'uid',
  'mail',
  'objectClass',
  'userPassword',
  'member',
  '2.5.4.3',
);

type Operation = DecodedMessage['operation'];

interface GeneratedOperation {
  readonly write: (w: Writer) => void;
  readonly operation: Operation;
}

const bind: Arbitrary<GeneratedOperation> = fc
  .record({ version: fc.integer({ min: 1, max: 127 }), name: text, password: octets })
  .map(({ version, name, password }) => ({
    write: (w) =>
      sequence(w, 0x60, () => {
        w.writeInt(version);
        w.writeString(name);
        w.writeBuffer(password, 0x80);
      }),
    operation: { op: 'bind', request: { version, name, method: 'simple', password } },
  }));

const search: Arbitrary<GeneratedOperation> = fc
  .record({
    baseDN: text,
    scope: fc.constantFrom('base', 'one', 'sub'),
    derefAliases: fc.integer({ min: 0, max: 3 }),
    sizeLimit: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    timeLimit: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    typesOnly: fc.boolean(),
    filter: filterAst({ maxDepth: 4 }),
    attributes: fc.array(text, { maxLength: 4 }),
  })
  .map((fields) => ({ ...fields }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x63, () => {
        w.writeString(request.baseDN);
        w.writeEnumeration(['base', 'one', 'sub'].indexOf(request.scope));
        w.writeEnumeration(request.derefAliases);
        w.writeInt(request.sizeLimit);
        w.writeInt(request.timeLimit);
        w.writeBoolean(request.typesOnly);
        writeFilter(w, request.filter);
        sequence(w, 0x30, () => {
          for (const a of request.attributes) w.writeString(a);
        });
      }),
    operation: { op: 'search', request },
  }));

const modify: Arbitrary<GeneratedOperation> = fc
  .record({
    dn: text,
    changes: fc.array(
      fc.record({
        operation: fc.constantFrom('add', 'delete', 'replace', 'increment'),
        type: attributeName,
        values: fc.array(octets, { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ dn, changes }) => ({ dn, changes: changes.map((c) => ({ ...c })) }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x66, () => {
        w.writeString(request.dn);
        sequence(w, 0x30, () => {
          for (const change of request.changes) {
            sequence(w, 0x30, () => {
              w.writeEnumeration(['add', 'delete', 'replace', 'increment'].indexOf(change.operation));
              sequence(w, 0x30, () => {
                w.writeString(change.type);
                sequence(w, 0x31, () => {
                  for (const v of change.values) w.writeBuffer(v, 0x04);
                });
              });
            });
          }
        });
      }),
    operation: { op: 'modify', request },
  }));

const add: Arbitrary<GeneratedOperation> = fc
  .record({
    dn: text,
    attributes: fc.array(fc.record({ type: attributeName, values: fc.array(octets, { maxLength: 3 }) }), {
      maxLength: 4,
    }),
  })
  .map(({ dn, attributes }) => ({ dn, attributes: attributes.map((a) => ({ ...a })) }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x68, () => {
        w.writeString(request.dn);
        sequence(w, 0x30, () => {
          for (const attribute of request.attributes) {
            sequence(w, 0x30, () => {
              w.writeString(attribute.type);
              sequence(w, 0x31, () => {
                for (const v of attribute.values) w.writeBuffer(v, 0x04);
              });
            });
          }
        });
      }),
    operation: { op: 'add', request },
  }));

const modifyDN: Arbitrary<GeneratedOperation> = fc
  .record({
    dn: text,
    newRDN: text,
    deleteOldRDN: fc.boolean(),
    newSuperior: fc.option(text, { nil: undefined }),
  })
  .map(({ dn, newRDN, deleteOldRDN, newSuperior }) => ({
    write: (w) =>
      sequence(w, 0x6c, () => {
        w.writeString(dn);
        w.writeString(newRDN);
        w.writeBoolean(deleteOldRDN);
        if (newSuperior !== undefined) w.writeString(newSuperior, 0x80);
      }),
    operation: {
      op: 'modifyDN',
      request: { dn, newRDN, deleteOldRDN, ...(newSuperior !== undefined && { newSuperior }) },
    },
  }));

const compare: Arbitrary<GeneratedOperation> = fc
  .record({ dn: text, attribute: attributeName, value: octets })
  .map((fields) => ({ ...fields }))
  .map((request) => ({
    write: (w) =>
      sequence(w, 0x6e, () => {
        w.writeString(request.dn);
        sequence(w, 0x30, () => {
          w.writeString(request.attribute);
          w.writeBuffer(request.value, 0x04);
        });
      }),
    operation: { op: 'compare', request },
  }));

const passwordModify: Arbitrary<GeneratedOperation> = fc
  .record({
    userIdentity: fc.option(text, { nil: undefined }),
    oldPassword: fc.option(octets, { nil: undefined }),
    newPassword: fc.option(octets, { nil: undefined }),
  })
  .map((fields) => {
    const v = new asn1.BerWriter();
    sequence(v, 0x30, () => {
      if (fields.userIdentity !== undefined) v.writeString(fields.userIdentity, 0x80);
      if (fields.oldPassword !== undefined) v.writeBuffer(fields.oldPassword, 0x81);
      if (fields.newPassword !== undefined) v.writeBuffer(fields.newPassword, 0x82);
    });
    const value = v.buffer;
    const passwordModify = {
      ...(fields.userIdentity !== undefined && { userIdentity: fields.userIdentity }),
      ...(fields.oldPassword !== undefined && { oldPassword: fields.oldPassword }),
      ...(fields.newPassword !== undefined && { newPassword: fields.newPassword }),
    };
    return {
      write: (w: Writer) =>
        sequence(w, 0x77, () => {
          w.writeString(ExtendedOid.passwordModify, 0x80);
          w.writeBuffer(value, 0x81);
        }),
      operation: { op: 'extended', request: { oid: ExtendedOid.passwordModify, value, passwordModify } },
    };
  });

const simpleOperations: Arbitrary<GeneratedOperation> = fc.oneof(
  text.map((dn) => ({
    write: (w: Writer) => w.writeString(dn, 0x4a),
    operation: { op: 'delete', request: { dn } } as Operation,
  })),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((abandonId) => ({
    write: (w: Writer) => w.writeInt(abandonId, 0x50),
    operation: { op: 'abandon', abandonId } as Operation,
  })),
  fc.constant({
    write: (w: Writer) => w.writeBuffer(Buffer.alloc(0), 0x42),
    operation: { op: 'unbind' } as Operation,
  }),
);

const anyOperation = fc.oneof(bind, search, modify, add, modifyDN, compare, passwordModify, simpleOperations);

interface GeneratedControl {
  readonly write: (w: Writer) => void;
  readonly control: DecodedMessage['controls'][number];
}

const control: Arbitrary<GeneratedControl> = fc.oneof(
  fc
    .record({ critical: fc.boolean(), size: fc.integer({ min: 0, max: 2 ** 31 - 1 }), cookie: octets })
    .map(({ critical, size, cookie }) => {
      const v = new asn1.BerWriter();
      sequence(v, 0x30, () => {
        v.writeInt(size);
        v.writeBuffer(cookie, 0x04);
      });
      const value = v.buffer;
      return {
        write: (w: Writer) =>
          sequence(w, 0x30, () => {
            w.writeString(PagedResultsOid);
            w.writeBoolean(critical);
            w.writeBuffer(value, 0x04);
          }),
        control: { oid: PagedResultsOid, critical, value, paged: { size, cookie } },
      };
    }),
  fc
    .record({
      oid: fc.constantFrom('1.2.3', '2.16.840.1.113730.3.4.2'),
      value: fc.option(octets, { nil: undefined }),
    })
    .map(({ oid, value }) => ({
      write: (w: Writer) =>
        sequence(w, 0x30, () => {
          w.writeString(oid);
          if (value !== undefined) w.writeBuffer(value, 0x04);
        }),
      control: { oid, critical: false, ...(value !== undefined && { value }) },
    })),
);

const validPdu: Arbitrary<GeneratedPdu> = fc
  .record({
    messageId,
    operation: anyOperation,
    controls: fc.option(fc.array(control, { maxLength: 3 }), { nil: undefined }),
  })
  .map(({ messageId: id, operation, controls }) => {
    const w = new asn1.BerWriter();
    sequence(w, 0x30, () => {
      w.writeInt(id);
      operation.write(w);
      if (controls !== undefined) {
        sequence(w, 0xa0, () => {
          for (const c of controls) c.write(w);
        });
      }
    });
    return {
      bytes: w.buffer,
      expected: {
        messageId: id,
        operation: operation.operation,
        controls: (controls ?? []).map((c) => c.control),
      },
    };
  });

// ---------------------------------------------------------------------------------------------
// BER by hand, for inputs the writer cannot produce.

function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(content.length), content]);
}

/** The content octets of the outer SEQUENCE of a PDU written with definite lengths. */
function outerContent(pdu: Buffer): Buffer {
  const first = pdu[1]!;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return pdu.subarray(header);
}

/** `depth` nested constructed filters of `tag` around (x=*), built in linear time. */
function nestedFilter(tag: number, depth: number): Buffer {
  const inner = Buffer.from([0x87, 0x01, 0x78]);
  const headers: Buffer[] = [];
  let length = inner.length;
  for (let level = 1; level < depth; level++) {
    const header = Buffer.concat([Buffer.from([tag]), berLength(length)]);
    headers.push(header);
    length += header.length;
  }
  return Buffer.concat([...headers.reverse(), inner]);
}

function searchWithFilter(filter: Buffer): Buffer {
  const request = tlv(
    0x63,
    Buffer.concat([
      Buffer.from('0400' + '0a0102' + '0a0100' + '020100' + '020100' + '010100', 'hex'),
      filter,
      Buffer.from('3000', 'hex'),
    ]),
  );
  return tlv(0x30, Buffer.concat([Buffer.from('020101', 'hex'), request]));
}

// ---------------------------------------------------------------------------------------------
// decodeMessage in a child process, so that an endless loop is a failed check, not a hung run.

type Outcome =
  | { readonly kind: 'returned' }
  | {
      readonly kind: 'threw';
      readonly protocolError: boolean;
      readonly name: string;
      readonly message: string;
    }
  | { readonly kind: 'hung' }
  | { readonly kind: 'crashed'; readonly detail: string };

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const sandboxScript = `
import { createInterface } from 'node:readline';
const { decodeMessage } = await import(${JSON.stringify(new URL('../../src/server/wire/decode-request.ts', import.meta.url).href)});
const { ProtocolDecodeError } = await import(${JSON.stringify(new URL('../../src/server/wire/ber-input.ts', import.meta.url).href)});
process.stdout.write('ready\\n');
for await (const line of createInterface({ input: process.stdin })) {
  let outcome;
  try {
    decodeMessage(Buffer.from(line, 'hex'));
    outcome = { kind: 'returned' };
  } catch (error) {
    outcome = {
      kind: 'threw',
      protocolError: error instanceof ProtocolDecodeError,
      name: error?.constructor?.name ?? typeof error,
      message: String(error?.message ?? error),
    };
  }
  process.stdout.write(JSON.stringify(outcome) + '\\n');
}`;

class DecoderSandbox {
  private child: ChildProcessWithoutNullStreams | undefined;
  private lines: Interface | undefined;
  private waiting: ((line: string | undefined) => void) | undefined;
  private ready: Promise<void> | undefined;

  private start(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=256', '--import', 'tsx', '--input-type=module', '-e', sandboxScript],
      { cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.lines = createInterface({ input: child.stdout });
    this.lines.on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(line);
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', () => {
      // A process killed after a hang is already replaced; only the current one's exit matters.
      if (this.child !== child) return;
      this.reset();
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(undefined);
    });
    return new Promise<void>((resolve, reject) => {
      this.waiting = (line) =>
        line === 'ready'
          ? resolve()
          : reject(new Error(`decoder sandbox did not start: ${line ?? ''} ${stderr}`));
    });
  }

  private reset(): void {
    this.lines?.close();
    this.child = undefined;
    this.lines = undefined;
    this.ready = undefined;
  }

  async decode(pdu: Uint8Array): Promise<Outcome> {
    this.ready ??= this.start();
    await this.ready;
    const child = this.child!;
    const answer = new Promise<string | undefined>((resolve) => {
      this.waiting = resolve;
    });
    child.stdin.write(`${Buffer.from(pdu).toString('hex')}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), HANG_MS);
    });
    const line = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    if (line === 'hung') {
      this.waiting = undefined;
      this.reset();
      child.kill('SIGKILL');
      return { kind: 'hung' };
    }
    if (line === undefined) return { kind: 'crashed', detail: 'the decoder process exited' };
    return JSON.parse(line) as Outcome;
  }

  stop(): void {
    const child = this.child;
    this.reset();
    child?.kill('SIGKILL');
  }
}

const sandbox = new DecoderSandbox();
afterAll(() => sandbox.stop());

/** What a decode of hostile bytes may do: return, or throw a ProtocolDecodeError. */
function expectContained(outcome: Outcome, input: Uint8Array): void {
  const acceptable = outcome.kind === 'returned' || (outcome.kind === 'threw' && outcome.protocolError);
  if (!acceptable) {
    throw new Error(`decodeMessage(${Buffer.from(input).toString('hex')}) → ${JSON.stringify(outcome)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile input generators.

/** Bytes that look more and more like an LDAPMessage, so the decoder gets past the first checks. */
const hostileBytes: Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((content) => new Uint8Array(tlv(0x30, Buffer.from(content)))),
  fc
    .tuple(
      fc.constantFrom(0x60, 0x42, 0x63, 0x66, 0x68, 0x4a, 0x6c, 0x6e, 0x50, 0x77),
      fc.uint8Array({ maxLength: 200 }),
      fc.option(fc.uint8Array({ maxLength: 60 }), { nil: undefined }),
    )
    .map(([tag, op, controls]) => {
      const parts = [Buffer.from('020107', 'hex'), tlv(tag, Buffer.from(op))];
      if (controls) parts.push(tlv(0xa0, Buffer.from(controls)));
      return new Uint8Array(tlv(0x30, Buffer.concat(parts)));
    }),
);

type Mutation =
  | { kind: 'replace'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'remove'; at: number; count: number }
  | { kind: 'truncate'; at: number };

const mutation: Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x00, 0x7f, 0x80, 0x81, 0x84, 0x85, 0xff),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(content: Buffer, m: Mutation): Buffer {
  const at = content.length === 0 ? 0 : m.at % content.length;
  switch (m.kind) {
    case 'replace': {
      const copy = Buffer.from(content);
      if (copy.length > 0) copy[at] = m.byte;
      return copy;
    }
    case 'insert':
      return Buffer.concat([content.subarray(0, at), Buffer.from(m.bytes), content.subarray(at)]);
    case 'remove':
      return Buffer.concat([content.subarray(0, at), content.subarray(at + m.count)]);
    case 'truncate':
      return content.subarray(0, at);
  }
}

/**
 * A valid PDU damaged inside: the mutations apply to the content of the outer SEQUENCE, which
 * is then re-wrapped with its true length (so the damage reaches the inner decoders, as it
 * would through the framer), or, with `keepOuterLength`, left with its now wrong length.
 */
const corruptedPdu: Arbitrary<Uint8Array> = fc
  .tuple(validPdu, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([pdu, mutations, keepOuterLength]) => {
    if (keepOuterLength) return new Uint8Array(mutations.reduce(mutate, pdu.bytes));
    return new Uint8Array(tlv(0x30, mutations.reduce(mutate, outerContent(pdu.bytes))));
  });

// ---------------------------------------------------------------------------------------------

describe('MessageFramer', () => {
  const MAX = 4096;

  /** Split points for a byte stream: chunk lengths that cover it exactly. */
  function chunked(stream: Buffer, cuts: number[]): Buffer[] {
    const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let from = 0;
    for (const point of [...points, stream.length]) {
      chunks.push(stream.subarray(from, point));
      from = point;
    }
    return chunks;
  }

  it('gives back exactly the messages sent, however the stream is cut', () => {
    fc.assert(
      fc.property(
        fc.array(validPdu, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (pdus, cuts) => {
          const messages = pdus.map((p) => p.bytes).filter((b) => b.length <= MAX);
          const framer = new MessageFramer(MAX);
          const frames: Buffer[] = [];
          for (const chunk of chunked(Buffer.concat(messages), cuts)) frames.push(...framer.push(chunk));
          expect(frames.map((f) => f.toString('hex'))).toStrictEqual(messages.map((m) => m.toString('hex')));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on arbitrary chunks either returns whole frames or throws FramingError, never buffering past the limit', () => {
    const stream = fc.oneof(
      fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }),
      // Mostly well-formed headers with arbitrary lengths, so that content does get buffered.
      fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: 3 * MAX }), fc.uint8Array({ maxLength: 64 }))
          .map(
            ([length, rest]) =>
              new Uint8Array(Buffer.concat([Buffer.from([0x30]), berLength(length), Buffer.from(rest)])),
          ),
        { maxLength: 10 },
      ),
    );
    fc.assert(
      fc.property(stream, (chunks) => {
        const framer = new MessageFramer(MAX);
        let pending = 0;
        for (const chunk of chunks) {
          let frames: Buffer[];
          try {
            frames = framer.push(Buffer.from(chunk));
          } catch (error) {
            expect(error).toBeInstanceOf(FramingError);
            return;
          }
          pending += chunk.length;
          for (const frame of frames) {
            expect(frame[0]).toBe(0x30);
            expect(frame.length).toBeLessThanOrEqual(MAX);
            const first = frame[1]!;
            const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
            expect(frame.length).toBe(header + outerContentLength(frame));
            pending -= frame.length;
          }
          expect(pending).toBeGreaterThanOrEqual(0);
          expect(pending).toBeLessThan(MAX);
        }
      }),
      { numRuns: RUNS },
    );
  });

  function outerContentLength(frame: Buffer): number {
    const first = frame[1]!;
    if (first < 0x80) return first;
    let length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + frame[2 + i]!;
    return length;
  }

  it('refuses an announced length over the limit as soon as the header is complete', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX - 1, max: 2 ** 32 - 1 }), (length) => {
        const header = Buffer.concat([Buffer.from([0x30]), berLength(length)]);
        const framer = new MessageFramer(MAX);
        for (let i = 0; i < header.length - 1; i++)
          expect(framer.push(header.subarray(i, i + 1))).toStrictEqual([]);
        expect(() => framer.push(header.subarray(header.length - 1))).toThrow(FramingError);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses what is not an LDAPMessage header', () => {
    expect(() => new MessageFramer(MAX).push(Buffer.from([0x31, 0x00]))).toThrow(/first byte 0x31/);
    expect(() => new MessageFramer(MAX).push(Buffer.from([0x30, 0x80]))).toThrow(/indefinite/);
    expect(() => new MessageFramer(MAX).push(Buffer.from([0x30, 0x85, 0, 0, 0, 0, 1]))).toThrow(
      /5 bytes is too large/,
    );
    const framer = new MessageFramer(MAX);
    expect(framer.push(Buffer.from([0x31]))).toStrictEqual([]);
    expect(() => framer.push(Buffer.from([0x00]))).toThrow(FramingError);
  });

  it('takes a message of exactly the limit and refuses one byte more', () => {
    const exact = tlv(0x30, Buffer.alloc(MAX - 4));
    expect(exact.length).toBe(MAX);
    expect(new MessageFramer(MAX).push(exact)).toStrictEqual([exact]);
    expect(() => new MessageFramer(MAX).push(tlv(0x30, Buffer.alloc(MAX - 3)))).toThrow(FramingError);
  });
});

describe('decodeMessage on valid PDUs', () => {
  it('decodes every generated request back to exactly what was encoded', () => {
    fc.assert(
      fc.property(validPdu, (pdu) => {
        expect(decodeMessage(pdu.bytes)).toStrictEqual(pdu.expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses every strict prefix of a valid PDU with a ProtocolDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(validPdu, fc.nat(), async (pdu, cut) => {
        const prefix = pdu.bytes.subarray(0, cut % pdu.bytes.length);
        const outcome = await sandbox.decode(prefix);
        expect(outcome).toMatchObject({ kind: 'threw', protocolError: true });
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe('filter nesting bombs', () => {
  it.each([
    ['NOT', 0xa2],
    ['AND', 0xa0],
    ['OR', 0xa1],
  ])('a %s chain 100 000 deep fails fast with a ProtocolDecodeError', (_name, tag) => {
    const pdu = searchWithFilter(nestedFilter(tag, 100_000));
    expect(pdu.length).toBeGreaterThan(400_000);
    const start = performance.now();
    let error: unknown;
    try {
      decodeMessage(pdu);
    } catch (e) {
      error = e;
    }
    expect(performance.now() - start).toBeLessThan(200);
    expect(error).toBeInstanceOf(ProtocolDecodeError);
    expect((error as Error).message).toContain('nested deeper than');
  });

  it('the framer passes the bomb through whole when the limit allows it', () => {
    const pdu = searchWithFilter(nestedFilter(0xa2, 100_000));
    const frames = new MessageFramer(1 << 20).push(pdu);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.equals(pdu)).toBe(true);
  });
});

describe('decodeMessage throws only ProtocolDecodeErrors and never loops', () => {
  // Plain Error / TypeError cases: test/unit/server/wire-decode.test.ts. Guards against reading
  // 4-octet lengths as signed: @ldapjs/asn1's readLength built them with `<< 8`, so 2^31 or more
  // turned negative and readString moved the offset backwards. An OCTET STRING of length
  // 0xfffffffa (-6) in a value set landed back on its own tag, and decodeAttributeList's loop
  // re-read it forever until out of memory: one 24-byte PDU blocked the event loop.
  it('an OCTET STRING whose length is 0xfffffffa inside an AddRequest does not hang', async () => {
    const pdu = Buffer.from('301602010168110400300d300b04016131060484fffffffa', 'hex');
    const outcome = await sandbox.decode(pdu);
    expect(outcome).toMatchObject({ kind: 'threw', protocolError: true });
  }, 30_000);

  it('a present filter whose length is 0xfffffffa inside an AND does not hang', async () => {
    const pdu = searchWithFilter(tlv(0xa0, Buffer.from('8784fffffffa', 'hex')));
    const outcome = await sandbox.decode(pdu);
    expect(outcome).toMatchObject({ kind: 'threw', protocolError: true });
  }, 30_000);

  it('arbitrary bytes: decodeMessage returns or throws a ProtocolDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBytes, async (bytes) => {
        expectContained(await sandbox.decode(bytes), bytes);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('corrupted and truncated valid PDUs: decodeMessage returns or throws a ProtocolDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(corruptedPdu, async (bytes) => {
        expectContained(await sandbox.decode(bytes), bytes);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
