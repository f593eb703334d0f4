/** A profile's Refusal (code and text) as an operation's result, or thrown from any depth. */
import { LdapResultError } from '../../core/result-code.js';
import type { LdapResult, Refusal } from '../operations.js';

export function refused(refusal: Refusal): LdapResult {
  return { code: refusal.code, diagnosticMessage: refusal.message };
}

export function errorOf(refusal: Refusal): LdapResultError {
  return new LdapResultError(refusal.code, refusal.message);
}
