/**
 * The vocabulary of the differential suite. A probe is data: a name and an async action that talks
 * to one target and records observations; the runner runs it against two targets (real slapd and
 * the mock) and compares what was recorded, step by step.
 */
import type { Observed } from './normalise.js';
import type { ProbeSession } from './probe-session.js';

/** A server under test, as both a real slapd and startMockServer() expose it. */
export interface ProbeTarget {
  /** Short name shown in diffs: "slapd", "mock"… */
  readonly name: string;
  readonly url: string;
  readonly ldapsUrl: string;
  /** PEM of the CA that signed the server certificate. */
  readonly caCertificate: string;
  readonly baseDN: string;
  readonly rootDN: string;
  readonly rootPassword: string;
}

export interface Step {
  readonly label: string;
  readonly observed: Observed;
}

export interface ProbeContext {
  readonly target: ProbeTarget;
  /** A new connection (ldap:// unless `ldaps`), closed after the probe. Connect errors are recorded. */
  open(label: string, options?: { readonly ldaps?: boolean }): Promise<ProbeSession>;
  /** A connection bound as the rootdn, recording nothing: for set-up checks and clean-up. */
  admin(): Promise<ProbeSession>;
  /** Records an observation computed by the probe itself. */
  observe(label: string, observed: Observed): void;
  /** Runs after the probe (also when it fails), in reverse order; must undo the probe's writes. */
  cleanup(action: () => Promise<unknown>): void;
}

export interface Probe {
  /** Unique, human readable; shown in the fidelity report. */
  readonly name: string;
  readonly run: (context: ProbeContext) => Promise<void>;
}
