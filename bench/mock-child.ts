/**
 * Child-process mock server for the throughput cells: the server gets a Node process (and event
 * loop) of its own, as slapd does, instead of sharing one with the 16 load-generating clients.
 *
 *   node --import tsx bench/mock-child.ts '<MockServerOptions as JSON>'
 *
 * Prints `READY <url>` when listening; stops on SIGTERM or when the parent closes stdin.
 */
import { importBuiltMockServer, type MockServerModule } from './paths.js';

type Options = Parameters<MockServerModule['startMockServer']>[0];

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const { startMockServer } = await importBuiltMockServer();
const server = await startMockServer(options);
process.stdout.write(`READY ${server.url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop).resume();
