/** Unfolding LDIF text into logical lines, each located by the physical lines it spans, block by block. */
import { LdifError } from './ldif.js';

const SPACE = 0x20;
const HASH = 0x23;
const CR = 0x0d;
const BYTE_ORDER_MARK = 0xfeff;

/** What a continuation line met by the scanner would continue. */
const Inside = { nothing: 0, line: 1, comment: 2 } as const;

/**
 * The logical (unfolded, comment-free) lines of the block being read, with the physical lines
 * each starts and ends on, and the file's error list that problems found in them go to. Reused
 * from block to block: `count` says how many of the entries are the current block's.
 */
export class LdifLines {
  readonly texts: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  count = 0;

  constructor(
    readonly file: string,
    readonly errors: LdifError[],
  ) {}

  push(text: string, start: number, end: number): void {
    const i = this.count++;
    this.texts[i] = text;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  /** An error at the physical line where logical line `index` starts; the caller throws it. */
  fail(index: number, reason: string): LdifError {
    return new LdifError(this.file, this.starts[index]!, reason);
  }

  /** Records an LdifError and lets reading go on; anything else is a bug and propagates. */
  collect(error: unknown): void {
    if (!(error instanceof LdifError)) throw error;
    this.errors.push(error);
  }
}

/**
 * Splits the text into logical lines and hands each blank-line-separated block on: `onBlock`
 * reads `lines` (it is not called for an empty block), then the lines are reused for the next one.
 */
export function scanLdifLines(text: string, lines: LdifLines, onBlock: () => void): void {
  const endBlock = (): void => {
    if (lines.count === 0) return;
    onBlock();
    lines.count = 0;
  };
  const length = text.length;
  let pos = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  let lineNo = 0;
  let open: number = Inside.nothing;
  let current = '';
  // Set only when the current line is folded; joined once, so folding stays linear.
  let pieces: string[] | undefined;
  let currentStart = 0;
  let currentEnd = 0;

  while (pos < length) {
    let next = text.indexOf('\n', pos);
    if (next === -1) next = length;
    let end = next;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    lineNo++;
    if (end === pos) {
      if (open === Inside.line) lines.push(pieces ? pieces.join('') : current, currentStart, currentEnd);
      open = Inside.nothing;
      endBlock();
    } else {
      const first = text.charCodeAt(pos);
      if (first === SPACE) {
        if (open === Inside.line) {
          if (pieces === undefined) pieces = [current];
          pieces.push(text.slice(pos + 1, end));
          currentEnd = lineNo;
        } else if (open === Inside.nothing) {
          lines.errors.push(
            new LdifError(
              lines.file,
              lineNo,
              lineNo === 1
                ? 'continuation line (starting with a space) at the start of the file'
                : 'continuation line (starting with a space) after a blank line: there is no line to continue',
            ),
          );
        }
      } else {
        if (open === Inside.line) lines.push(pieces ? pieces.join('') : current, currentStart, currentEnd);
        if (first === HASH) {
          open = Inside.comment;
        } else {
          open = Inside.line;
          current = text.slice(pos, end);
          pieces = undefined;
          currentStart = lineNo;
          currentEnd = lineNo;
        }
      }
    }
    pos = next + 1;
  }
  if (open === Inside.line) lines.push(pieces ? pieces.join('') : current, currentStart, currentEnd);
  endBlock();
}

/** A short, quoted, escaped piece of the input for an error message. */
export function excerpt(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
