/**
 * The openldap profile's Cancel extended operation (RFC 3909) and its answer to an unknown
 * critical control, each measured against slapd 2.5 with fixtures/openldap/default.ldif.
 */
import { BerWriter } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import { RawControl } from '../interop/probe-controls.js';
import { answer, lastObserved } from './observed-session.js';

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ profile: 'openldap' });
});
afterAll(async () => {
  await server.stop();
});

const CANCEL = '1.3.6.1.1.8';

function cancelValue(id: number): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(id);
  writer.endSequence();
  return writer.buffer;
}

describe('Cancel (1.3.6.1.1.8) as slapd 2.5 answers it', () => {
  const cancel = (value?: Buffer) =>
    lastObserved(server, undefined, (s) => s.extended('cancel', CANCEL, value)).then(answer);

  it('needs a message ID that decodes', async () => {
    expect(await cancel()).toBe('2 no message ID supplied');
    expect(await cancel(Buffer.from('30020100', 'hex').subarray(0, 3))).toBe('2 message ID parse failed');
    expect(await cancel(Buffer.from('010203', 'hex'))).toBe('2 message ID parse failed');
    expect(await cancel(Buffer.from('3000', 'hex'))).toBe('2 message ID parse failed');
  });

  it('finds no other operation to cancel', async () => {
    expect(await cancel(cancelValue(5))).toBe('119 message ID not found');
    expect(await cancel(cancelValue(999))).toBe('119 message ID not found');
  });
});

describe('an unknown critical control', () => {
  it('fails the operation with slapd’s text; a non-critical one is ignored', async () => {
    const search = (critical: boolean) =>
      lastObserved(server, undefined, (s) =>
        s.search('s', {
          base: 'dc=example,dc=org',
          scope: 'base',
          attributes: ['1.1'],
          controls: [new RawControl('1.2.3.4', undefined, critical)],
        }),
      );
    const critical = (await search(true)) as { result: unknown };
    expect(answer(critical.result as never)).toBe('12 critical extension is not recognized');
    const ignored = (await search(false)) as { count: number };
    expect(ignored.count).toBe(1);
  });
});
