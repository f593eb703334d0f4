/**
 * Who may use the control endpoint: whoever the emulated server itself treats as its
 * administrator (slapd's rootdn; on AD a Domain Admin), checked by a real bind.
 */
import type { Engine } from '../engine/engine.js';
import { internalRequest } from './internal-request.js';

/** The administrator's DN when the credentials are an administrator's; undefined otherwise. */
export type Authenticate = (name: string, password: string) => Promise<string | undefined>;

export function administratorCheck(engine: Engine): Authenticate {
  return async (name, password) => {
    const ctx = internalRequest('control endpoint', '');
    const { session } = ctx;
    const result = await engine.bind(ctx, {
      version: 3,
      name,
      method: 'simple',
      password: Buffer.from(password, 'utf8'),
    });
    // An empty password is an anonymous bind (AD answers it with success): never an administrator.
    const administrator =
      result.code === 0 && session.bindDN !== '' && engine.isAdministrator(session.bindDN);
    return administrator ? session.bindDN : undefined;
  };
}
