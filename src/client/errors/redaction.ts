/** Secrets out of every text an error carries. */
/** Options every error accepts. */
export interface RedactOptions {
  /** Secrets that must not appear in any text of the error (empty strings are ignored). */
  readonly redact?: readonly string[] | undefined;
}

const REDACTED = '[REDACTED]';

/** Returns `text` with every occurrence of every non-empty secret replaced by `[REDACTED]`. */
export function redactSecrets(text: string, secrets: readonly string[] | undefined): string {
  if (secrets === undefined) return text;
  let out = text;
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret !== '' && out.includes(secret))
      out = out.split(secret).join(REDACTED);
  }
  return out;
}
