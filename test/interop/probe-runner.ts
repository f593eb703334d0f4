/**
 * Runs a probe catalogue against two targets and compares the recorded steps. Both targets run
 * the same probe at the same time (they are independent servers); probes run one after another
 * because write probes must not overlap.
 */

import type { Observed } from './normalise.js';
import { diffObservations } from './observation-diff.js';
import type { Probe, ProbeContext, ProbeTarget, Step } from './probe.js';
import { ProbeSession } from './probe-session.js';
import { ProbeConnection } from './wire/probe-connection.js';

export interface ProbeRun {
  readonly steps: readonly Step[];
  /** Set when the probe itself threw: a harness bug or an unexpected client-side failure. */
  readonly failure: string | undefined;
}

export async function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeRun> {
  const steps: Step[] = [];
  const connections: ProbeConnection[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  const record = (label: string, observed: Observed): void => {
    steps.push({ label, observed });
  };
  const connect = async (ldaps: boolean): Promise<ProbeConnection> => {
    const connection = await ProbeConnection.open(ldaps ? target.ldapsUrl : target.url, {
      ca: target.caCertificate,
    });
    connections.push(connection);
    return connection;
  };
  const context: ProbeContext = {
    target,
    async open(label, options) {
      try {
        const session = new ProbeSession(await connect(options?.ldaps === true), record);
        record(label, { connected: true, tls: session.isTls });
        return session;
      } catch (error) {
        record(label, { error: (error as Error).message });
        throw new ConnectError(`${label}: ${(error as Error).message}`);
      }
    },
    async admin() {
      const session = new ProbeSession(await connect(false), undefined);
      const bound = await session.bind('admin', target.rootDN, target.rootPassword);
      if (bound?.result.resultCode !== 0) {
        throw new Error(`rootdn bind failed on ${target.name}: ${JSON.stringify(bound?.result)}`);
      }
      return session;
    },
    observe: record,
    cleanup(action) {
      cleanups.push(action);
    },
  };

  let failure: string | undefined;
  try {
    await probe.run(context);
  } catch (error) {
    // A connect failure is already recorded as a step; the remaining steps cannot run.
    if (!(error instanceof ConnectError)) failure = (error as Error).stack ?? String(error);
  }
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failure ??= `clean-up failed: ${(error as Error).message}`;
    }
  }
  await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  return { steps, failure };
}

class ConnectError extends Error {}

export interface ProbeComparison {
  readonly name: string;
  readonly matches: boolean;
  /** Readable differences; empty when the probe matches. */
  readonly differences: readonly string[];
  readonly left: ProbeRun;
  readonly right: ProbeRun;
}

function stepsAsObservation(run: ProbeRun): Observed {
  return run.steps.map((step) => ({ step: step.label, observed: step.observed }));
}

export function compareRuns(
  name: string,
  left: ProbeRun,
  right: ProbeRun,
  names: { left: string; right: string },
) {
  const differences: string[] = [];
  if (left.failure !== undefined) differences.push(`probe failed on ${names.left}: ${left.failure}`);
  if (right.failure !== undefined) differences.push(`probe failed on ${names.right}: ${right.failure}`);
  const a = stepsAsObservation(left);
  const b = stepsAsObservation(right);
  for (const line of diffObservations(a, b, names)) {
    // Paths start with the step index; name the step so the reader need not count.
    const match = /^\[(\d+)\]/.exec(line);
    const step = match ? (left.steps[Number(match[1])] ?? right.steps[Number(match[1])]) : undefined;
    differences.push(step ? `step "${step.label}" ${line}` : line);
  }
  const comparison: ProbeComparison = { name, matches: differences.length === 0, differences, left, right };
  return comparison;
}

export interface DifferentialReport {
  readonly left: string;
  readonly right: string;
  readonly comparisons: readonly ProbeComparison[];
}

export async function runDifferential(
  probes: readonly Probe[],
  left: ProbeTarget,
  right: ProbeTarget,
): Promise<DifferentialReport> {
  const comparisons: ProbeComparison[] = [];
  for (const probe of probes) {
    const [a, b] = await Promise.all([runProbe(probe, left), runProbe(probe, right)]);
    comparisons.push(compareRuns(probe.name, a, b, { left: left.name, right: right.name }));
  }
  return { left: left.name, right: right.name, comparisons };
}

/** The one line CI shows per pair, e.g. `differential openldap: hand probes 162/162 matched`. */
export function handProbeSummary(pair: string, report: DifferentialReport): string {
  const matching = report.comparisons.filter((c) => c.matches).length;
  return `differential ${pair}: hand probes ${matching}/${report.comparisons.length} matched (${report.left} vs ${report.right})`;
}

export function formatReport(report: DifferentialReport): string {
  const matching = report.comparisons.filter((c) => c.matches).length;
  const lines = [
    `fidelity: ${matching}/${report.comparisons.length} probes match (${report.left} vs ${report.right})`,
  ];
  for (const comparison of report.comparisons) {
    if (comparison.matches) continue;
    lines.push(`✗ ${comparison.name}`);
    for (const difference of comparison.differences) lines.push(`    ${difference}`);
  }
  return lines.join('\n');
}
