/**
 * Per-connection state a layer keeps (a paging cursor, an operation count), typed: each layer
 * owns a slot object, and only it can read or write what it stored.
 */
import type { Session } from '../operations.js';

export class SessionSlot<T> {
  /** `description` names the slot in a debugger; the slot object itself is the key. */
  constructor(readonly description: string) {}

  get(session: Session): T | undefined {
    return session.state.get(this) as T | undefined;
  }

  set(session: Session, value: T): void {
    session.state.set(this, value);
  }

  clear(session: Session): void {
    session.state.delete(this);
  }
}
