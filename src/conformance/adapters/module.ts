/**
 * A Node module as an adapter: it exports `login(config, username, password)` and optionally
 * `name`, `capabilities`, `listUsers`, `testConnection`, `rotatePassword` and `close` — as named
 * exports or as the properties of its default export.
 */
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConformanceAdapter } from '../adapter.js';

export async function moduleAdapter(path: string): Promise<ConformanceAdapter> {
  const url = pathToFileURL(resolve(path)).href;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot load the adapter module ${path}: ${(error as Error).message}`);
  }
  const exported = (typeof loaded['login'] === 'function' ? loaded : loaded['default']) as
    | Partial<ConformanceAdapter>
    | undefined;
  if (typeof exported?.login !== 'function') {
    throw new Error(`the adapter module ${path} exports no login(config, username, password) function`);
  }
  return { ...exported, name: exported.name ?? basename(path) } as ConformanceAdapter;
}
