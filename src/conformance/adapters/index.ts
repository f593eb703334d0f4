/** The adapters that ship with ldapmock, by name, and the loading of a user's own. */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageFile } from '../../server/package-files.js';
import type { ConformanceAdapter } from '../adapter.js';
import { activeDirectory2Adapter } from './activedirectory2.js';
import { builtinAdapter } from './builtin.js';
import { commandAdapter } from './command.js';
import { ldapAuthenticationAdapter } from './ldap-authentication.js';
import { ldapauthForkAdapter } from './ldapauth-fork.js';
import { moduleAdapter } from './module.js';
import { passportLdapauthAdapter } from './passport-ldapauth.js';

export { builtinAdapter, errorKindOf } from './builtin.js';
export { type CommandAdapterOptions, commandAdapter } from './command.js';
export { moduleAdapter } from './module.js';

/** Adapters for third-party Node authenticators; each needs its library installed. */
export const SHIPPED_ADAPTERS: Readonly<Record<string, () => Promise<ConformanceAdapter>>> = {
  builtin: async () => builtinAdapter,
  'ldapauth-fork': ldapauthForkAdapter,
  'ldap-authentication': ldapAuthenticationAdapter,
  'passport-ldapauth': passportLdapauthAdapter,
  activedirectory2: activeDirectory2Adapter,
};

/**
 * A Node adapter (shipped name or module path) in a process of its own, speaking the JSON-lines
 * protocol: a library that crashes or hangs the process fails its scenario, not the run.
 */
export function isolatedAdapter(nameOrPath: string): Promise<ConformanceAdapter> {
  // Built, the host is an entry point of its own (scripts/build.mjs), wherever this code is bundled.
  const host = import.meta.url.endsWith('.ts')
    ? new URL('./host.ts', import.meta.url)
    : packageFile('dist/conformance/adapters/host.js');
  // From the sources (tests, development) the host needs a TypeScript loader, found from here
  // rather than from the working directory.
  const loader = host.pathname.endsWith('.ts')
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  const command = [process.execPath, ...loader, fileURLToPath(host), nameOrPath].map(shellQuote).join(' ');
  return commandAdapter(command);
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A shipped adapter by name, else a module path, in this process. */
export function loadAdapter(nameOrPath: string): Promise<ConformanceAdapter> {
  const shipped = SHIPPED_ADAPTERS[nameOrPath];
  return shipped ? shipped() : moduleAdapter(nameOrPath);
}

/**
 * The adapters a command line names: `builtin` in this process, other Node adapters isolated,
 * commands as they are; ours alone when none is named.
 */
export async function adaptersFor(
  names: readonly string[],
  commands: readonly string[],
): Promise<ConformanceAdapter[]> {
  const chosen = names.length === 0 && commands.length === 0 ? ['builtin'] : names;
  const adapters: ConformanceAdapter[] = [];
  try {
    for (const name of chosen)
      adapters.push(name === 'builtin' ? builtinAdapter : await isolatedAdapter(name));
    for (const command of commands) adapters.push(await commandAdapter(command));
  } catch (error) {
    await Promise.all(adapters.map((adapter) => adapter.close?.()));
    throw error;
  }
  return adapters;
}
