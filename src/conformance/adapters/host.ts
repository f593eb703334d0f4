/**
 * Serves a Node adapter (a shipped one by name, or a module path) over the JSON-lines protocol,
 * so the runner can keep it in a process of its own: a library that crashes or hangs takes down
 * this process, not the run.   usage: node host.js <name | path>
 */
import { createInterface } from 'node:readline';
import { adapterActions, type ConformanceAdapter } from '../adapter.js';
import { loadAdapter } from './index.js';

interface Request {
  readonly id: string;
  readonly action: string;
  readonly profile?: string;
  readonly config?: Record<string, unknown>;
  readonly username?: string;
  readonly password?: string;
  readonly newPassword?: string;
  readonly pageSize?: number;
  readonly policies?: Record<string, unknown>;
}

const answer = (body: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(body)}\n`);

function dispatch(adapter: ConformanceAdapter, request: Request): Promise<unknown> {
  const config = request.config ?? {};
  const context = {
    profile: (request.profile ?? 'openldap') as 'openldap',
    ...(request.policies ? { policies: request.policies } : {}),
  };
  switch (request.action) {
    case 'capabilities':
      return Promise.resolve({
        name: adapter.name,
        ...adapter.capabilities,
        actions: adapterActions(adapter),
      });
    case 'login':
      return adapter.login(config, request.username ?? '', request.password ?? '', context);
    case 'listUsers':
      return adapter.listUsers!(
        config,
        request.pageSize === undefined ? {} : { pageSize: request.pageSize },
        context,
      );
    case 'testConnection':
      return adapter.testConnection!(config, context);
    case 'rotatePassword':
      return adapter.rotatePassword!(config, request.username ?? '', request.newPassword ?? '', context);
    default:
      return Promise.reject(new Error(`unknown action ${JSON.stringify(request.action)}`));
  }
}

const adapter = await loadAdapter(process.argv[2] ?? 'builtin');
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let request: Request;
  try {
    request = JSON.parse(line) as Request;
  } catch {
    return;
  }
  dispatch(adapter, request).then(
    (result) => answer({ id: request.id, result }),
    (error: unknown) => {
      const { kind, message } = (error ?? {}) as { kind?: unknown; message?: unknown };
      answer({
        id: request.id,
        error: {
          ...(typeof kind === 'string' && { kind }),
          message: typeof message === 'string' ? message : String(error),
        },
      });
    },
  );
});
lines.on('close', async () => {
  await adapter.close?.();
  // Libraries may keep sockets and timers alive; the run is over.
  process.exit(0);
});
