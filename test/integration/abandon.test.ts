/**
 * wire: Abandon reaches the server. ldapjs' server routes AbandonRequest to a built-in no-op, so
 * a search in flight runs to completion and still sends its SearchResultDone; ldapts has no
 * abandon(), so this test speaks raw PDUs.
 */
import net from 'node:net';
import { BerWriter } from 'ldapts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type MockServer, startMockServer } from '../../src/server/index.js';
import {
  completeElementLength,
  decodeResponse,
  type ResponseMessage,
} from '../interop/wire/response-decoder.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(() => server.stop());

function pdu(messageId: number, body: (w: BerWriter) => void): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(messageId);
  body(w);
  w.endSequence();
  return w.buffer;
}

const searchBase = (messageId: number) =>
  pdu(messageId, (w) => {
    w.startSequence(0x63);
    w.writeString(server.baseDN);
    w.writeEnumeration(0); // base scope
    w.writeEnumeration(0);
    w.writeInt(0);
    w.writeInt(0);
    w.writeBoolean(false);
    w.writeString('objectClass', 0x87); // (objectClass=*)
    w.startSequence();
    w.endSequence();
    w.endSequence();
  });

const abandon = (messageId: number, target: number) =>
  pdu(messageId, (w) => {
    w.writeInt(target, 0x50);
  });

test('wire: an abandoned search sends nothing more; later operations are answered', async () => {
  await server.setFaults({ latencyMs: 300 });
  const received: ResponseMessage[] = [];
  const socket = net.connect(server.port, '127.0.0.1');
  let buffer = Buffer.alloc(0);
  socket.on('data', (data) => {
    buffer = Buffer.concat([buffer, data]);
    for (
      let length = completeElementLength(buffer);
      length !== undefined;
      length = completeElementLength(buffer)
    ) {
      received.push(decodeResponse(buffer.subarray(0, length)));
      buffer = buffer.subarray(length);
    }
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(Buffer.concat([searchBase(1), abandon(2, 1), searchBase(3)]));
  await new Promise((resolve) => setTimeout(resolve, 1200));
  socket.destroy();
  await server.setFaults({});
  expect(received.filter((m) => m.messageId === 1)).toEqual([]);
  expect(received.filter((m) => m.messageId === 3).map((m) => m.kind)).toEqual(['entry', 'result']);
});
