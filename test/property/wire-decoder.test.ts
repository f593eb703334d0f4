/**
 * Robustness of the wire decoding: the framer and decodeMessage see raw bytes from any client,
 * so they must either succeed or fail with their own error type, quickly and without hoarding
 * memory. decodeMessage is run on hostile input in a child process: a decoding loop that never
 * ends cannot be interrupted inside the test worker, and must show up as a failure, not a hang.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../src/server/wire/ber-input.js';
import { decodeMessage } from '../../src/server/wire/decode-request.js';
import { FramingError, MessageFramer } from '../../src/server/wire/framing.js';
import {
  berLength,
  corruptedPdu,
  hostileBytes,
  nestedFilter,
  searchWithFilter,
  tlv,
  validPdu,
} from './wire-arbitraries.js';

const RUNS = Number(process.env['WIRE_PROPERTY_RUNS'] ?? 1000);
/** A decode of a few hundred bytes takes microseconds; this much means it is not going to end. */
const HANG_MS = 1500;

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
