/**
 * Starts the mock with the openldap profile and the same fixture slapd is loaded with.
 * The server module is imported by a computed specifier so this harness type-checks on its own;
 * MockServerLike is the part of SPEC §3's MockServer that the probes need.
 */
import type { ProbeTarget } from './probe.js';
import { DEFAULT_OPENLDAP_LDIF } from './slapd.js';

export interface MockServerLike {
  readonly url: string;
  readonly ldapsUrl: string;
  readonly caCertificate: string;
  readonly baseDN: string;
  stop(): Promise<void>;
}

interface ServerModule {
  startMockServer(options: {
    profile: 'openldap';
    ldif: string[];
    strictSchema: boolean;
  }): Promise<MockServerLike>;
}

const SERVER_MODULE = '../../src/server/index.js';

export async function startOpenldapMock(): Promise<MockServerLike> {
  let module: ServerModule;
  try {
    module = (await import(SERVER_MODULE)) as ServerModule;
  } catch (error) {
    throw new Error(`cannot load the mock server (${SERVER_MODULE}): ${(error as Error).message}`);
  }
  // slapd always checks the schema; the mock does so only when asked (fixtures may carry custom attributes).
  return module.startMockServer({ profile: 'openldap', ldif: [DEFAULT_OPENLDAP_LDIF], strictSchema: true });
}

export function mockTarget(server: MockServerLike): ProbeTarget {
  return {
    name: 'mock',
    url: server.url,
    ldapsUrl: server.ldapsUrl,
    caCertificate: server.caCertificate,
    baseDN: server.baseDN,
    rootDN: 'cn=admin,dc=example,dc=org',
    rootPassword: 'admin',
  };
}
