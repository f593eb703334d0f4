/**
 * A small HTTP endpoint on loopback to switch faults on a running server without a restart:
 *
 *   GET    /faults   the faults in force, as words
 *   PUT    /faults   replace them (body: words as `serve --fault` takes them, or JSON {"faults": [...]})
 *   DELETE /faults   clear them
 *
 * and, with the console on, the web console and what it reads (console-routes.ts).
 *
 * Every request needs HTTP Basic credentials of the server's administrator (the rootdn, or on AD
 * a Domain Admin); the answer is JSON. A request another web site's page makes (an Origin that is
 * not this endpoint) is refused, so a browser holding the credentials cannot be used against it.
 */
import http from 'node:http';
import { FaultSpecError, formatFaults, parseFaults } from '../layers/fault-spec.js';
import type { Faults } from '../layers/faults.js';
import type { Authenticate } from './administrator.js';
import { type ConsoleSource, consoleRoute } from './console-routes.js';

export interface ControlEndpointOptions {
  /** Default 0: a free port. Always bound to 127.0.0.1. */
  readonly port?: number;
  readonly authenticate: Authenticate;
  readonly faults: { get(): Faults; set(faults: Faults): Promise<void> };
  /** Serve the web console at / (journal, directory tree, faults). */
  readonly console?: ConsoleSource;
}

export interface ControlEndpoint {
  readonly url: string;
  stop(): Promise<void>;
}

/** Fault words fit in far less; a larger body is refused unread. */
const MAX_BODY = 64 * 1024;

export async function startControlEndpoint(options: ControlEndpointOptions): Promise<ControlEndpoint> {
  const server = http.createServer((request, response) => {
    handle(request, response, options).then(
      (answer) => {
        if (answer === 'answered') return;
        const { status, body, headers } = answer;
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(`${JSON.stringify(body)}\n`);
      },
      () => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(`${JSON.stringify({ error: 'internal error' })}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

async function handle(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  options: ControlEndpointOptions,
): Promise<Answer | 'answered'> {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${request.headers.host}`) {
    request.resume();
    return { status: 403, body: { error: `requests from ${origin} are not accepted` } };
  }
  const credentials = basicCredentials(request.headers.authorization);
  const administrator = credentials && (await options.authenticate(credentials.name, credentials.password));
  if (!administrator) {
    request.resume();
    return {
      status: 401,
      body: {
        error: "the administrator's credentials are required (HTTP Basic: the rootdn and its password)",
      },
      headers: { 'www-authenticate': 'Basic realm="ldapmock", charset="UTF-8"' },
    };
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (options.console && path !== '/faults') {
    return consoleRoute(
      options.console,
      { method: request.method ?? 'GET', url, administrator },
      request,
      response,
    );
  }
  if (path !== '/faults') {
    request.resume();
    return { status: 404, body: { error: `no such resource '${path}' (try /faults)` } };
  }
  switch (request.method) {
    case 'GET':
      return state(options);
    case 'DELETE':
      await options.faults.set({});
      return state(options);
    case 'PUT': {
      const body = await readBody(request);
      if (body === undefined) return { status: 413, body: { error: `body larger than ${MAX_BODY} bytes` } };
      let faults: Faults;
      try {
        faults = parseFaults(wordsOf(body));
      } catch (error) {
        if (error instanceof FaultSpecError || error instanceof SyntaxError) {
          return { status: 400, body: { error: error.message } };
        }
        throw error;
      }
      try {
        await options.faults.set(faults);
      } catch (error) {
        // A fault this server cannot produce (a certificate fault without a generated CA).
        if (error instanceof TypeError) return { status: 400, body: { error: error.message } };
        throw error;
      }
      return state(options);
    }
    default:
      request.resume();
      return {
        status: 405,
        body: { error: `${request.method} is not allowed on /faults (GET, PUT, DELETE)` },
      };
  }
}

function state(options: ControlEndpointOptions): Answer {
  return { status: 200, body: { faults: formatFaults(options.faults.get()) } };
}

/** `{"faults": ["busy", …]}` or the words as plain text. */
function wordsOf(body: string): string[] {
  if (!body.trimStart().startsWith('{')) return [body];
  const parsed = JSON.parse(body) as { faults?: unknown };
  if (!Array.isArray(parsed.faults) || !parsed.faults.every((word) => typeof word === 'string')) {
    throw new FaultSpecError('expected {"faults": ["busy", "latency=200ms", …]}');
  }
  return parsed.faults;
}

function basicCredentials(header: string | undefined): { name: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  // RFC 7617: the user-id holds no colon, so the first one ends it; the password may hold more.
  const at = decoded.indexOf(':');
  return at < 0 ? undefined : { name: decoded.slice(0, at), password: decoded.slice(at + 1) };
}

function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return chunks.push(chunk);
      // Read the rest without keeping it, so that the 413 can still be sent.
      request.removeListener('data', onData);
      request.resume();
      resolve(undefined);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
