/**
 * The web console's routes on the control endpoint, all GET:
 *
 *   /              the page (console-page.ts)
 *   /api/journal   the journal, oldest first
 *   /api/events    the journal as server-sent events: what it holds, then each operation as it ends
 *   /api/tree?dn=  the naming contexts (dn empty) or an entry's children
 *   /api/entry?dn= an entry with its computed attributes
 */
import type http from 'node:http';
import type { Journal } from '../journal/journal.js';
import { journalJSON } from '../journal/journal.js';
import type { ConsoleEntry, ConsoleNode } from './console-data.js';
import { CONSOLE_PAGE } from './console-page.js';
import type { Answer } from './control-endpoint.js';

export interface ConsoleSource {
  readonly journal: Journal;
  children(dn: string): ConsoleNode[] | undefined;
  entry(dn: string, viewer: string): Promise<ConsoleEntry | undefined>;
}

interface ConsoleRequest {
  readonly method: string;
  readonly url: URL;
  /** The authenticated administrator's DN: whom the console reads entries as. */
  readonly administrator: string;
}

/** Operations sent to a console that connects: the newest ones, enough to fill its list. */
const REPLAYED = 500;

export async function consoleRoute(
  source: ConsoleSource,
  { method, url, administrator }: ConsoleRequest,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<Answer | 'answered'> {
  request.resume();
  if (method !== 'GET')
    return { status: 405, body: { error: `${method} is not allowed on ${url.pathname} (GET)` } };
  const dn = url.searchParams.get('dn') ?? '';
  switch (url.pathname) {
    case '/':
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        // The page runs only its own inline script and talks only to this endpoint.
        'content-security-policy':
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
        'cache-control': 'no-store',
      });
      response.end(CONSOLE_PAGE);
      return 'answered';
    case '/api/journal':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`[${source.journal.all().map(journalJSON).join(',\n')}]\n`);
      return 'answered';
    case '/api/events': {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      // A comment first, so that the client sees the stream open before any operation arrives.
      response.write(': ldapmock journal\n\n');
      for (const entry of source.journal.all().slice(-REPLAYED))
        response.write(`data: ${journalJSON(entry)}\n\n`);
      const stop = source.journal.subscribe((entry) => response.write(`data: ${journalJSON(entry)}\n\n`));
      response.on('close', stop);
      return 'answered';
    }
    case '/api/tree': {
      const children = source.children(dn);
      return children ? { status: 200, body: { dn, children } } : notFound(dn);
    }
    case '/api/entry': {
      const entry = await source.entry(dn, administrator);
      return entry ? { status: 200, body: entry } : notFound(dn);
    }
    default:
      return {
        status: 404,
        body: { error: `no such resource '${url.pathname}' (try /, /api/journal, /faults)` },
      };
  }
}

function notFound(dn: string): Answer {
  return { status: 404, body: { error: `no entry ${JSON.stringify(dn)}` } };
}
