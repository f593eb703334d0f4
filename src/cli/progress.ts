/**
 * A one-line progress indicator for long directory reads (`sync-users`). It draws only when its
 * stream is a terminal: piped or redirected stderr (CI logs, `2>file`) gets nothing, so the
 * output stays clean. With a known total it is a bar with a percentage; without one (most paged
 * searches do not say how many entries will come) it is a running count.
 */

/** The stream to draw on: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` items so far, of `total` when known. */
  update(done: number, total?: number): void;
  /** Erases the line. */
  finish(): void;
}

export interface ProgressOptions {
  /** What is counted, e.g. `users`. */
  readonly noun: string;
  /** Least time between two redraws; default 80 ms. */
  readonly intervalMs?: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

const BAR_WIDTH = 30;
const CLEAR_LINE = '\r\u001b[K';

export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  if (stream.isTTY !== true) return { update: () => {}, finish: () => {} };
  const interval = options.intervalMs ?? 80;
  const now = options.now ?? Date.now;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done, total) {
      const time = now();
      // Redraws are throttled, but the last one (done = total) always shows.
      if (time - lastDraw < interval && done !== total) return;
      lastDraw = time;
      drawn = true;
      stream.write(CLEAR_LINE + fitToWidth(progressLine(done, total, options.noun), stream.columns));
    },
    finish() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}

/** The text of the line: `[#####-----]  50% 800/1600 users`, or `1200 users…`. */
export function progressLine(done: number, total: number | undefined, noun: string): string {
  if (total === undefined || total <= 0) return `${done} ${noun}…`;
  const ratio = Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * BAR_WIDTH);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent} ${done}/${total} ${noun}`;
}

/** Cuts the line to the terminal width: a wrapped line would not be erased by the next draw. */
function fitToWidth(line: string, columns: number | undefined): string {
  if (columns === undefined || columns <= 1 || line.length < columns) return line;
  return line.slice(0, columns - 1);
}
