/**
 * The endpoints a scenario's configuration names symbolically (`$URL`, `$CA`, …), filled in with
 * the running servers' addresses and certificates.
 */
import { createServer } from 'node:net';

export interface Endpoints {
  readonly URL: string;
  readonly LDAPS_URL: string;
  readonly PEER_URL?: string;
  readonly PEER_LDAPS_URL?: string;
  /** A loopback port nothing listens on: connections are refused. */
  readonly CLOSED_URL: string;
  /** PEM of the CA that signed both servers' certificates. */
  readonly CA: string;
  /** PEM of a CA that signed neither. */
  readonly OTHER_CA: string;
}

const TOKEN = /\$([A-Z_]+)/g;

/** Names of the endpoints a configuration refers to. */
export function endpointsUsed(config: Readonly<Record<string, unknown>>): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') for (const match of value.matchAll(TOKEN)) names.add(match[1]!);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  Object.values(config).forEach(visit);
  return names;
}

/** The configuration with every `$NAME` replaced; an unknown or unavailable name is an error. */
export function fillEndpoints(
  config: Readonly<Record<string, unknown>>,
  endpoints: Endpoints,
): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(TOKEN, (token, name: string) => {
        const filled = (endpoints as unknown as Record<string, string | undefined>)[name];
        if (filled === undefined) throw new Error(`unknown endpoint ${token}`);
        return filled;
      });
    }
    return Array.isArray(value) ? value.map(fill) : value;
  };
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, fill(value)]));
}

/** A loopback port that was free a moment ago and on which nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
