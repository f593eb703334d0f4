/**
 * Reading secrets (and the user name) for the authenticator commands without putting them on the
 * command line, where they would end up in shell history and `ps`:
 *
 * - `readStdinLine`: the first line of stdin (`--password-stdin`, `rotate-password`), as
 *   `docker login --password-stdin` reads it: the line ending (`\n` or `\r\n`) is removed, any
 *   further lines are ignored, and end of input without a newline ends the line.
 * - `promptLine`: asks on a terminal, in raw mode so the password is not echoed (`hidden`);
 *   Backspace and Ctrl-U edit, Enter ends, Ctrl-C cancels (PromptCancelled), Ctrl-D on an empty
 *   line ends the input. The prompt goes to stderr so stdout stays clean for `--format json`.
 */

/** What a prompt reads from: process.stdin, or a stand-in in tests. */
export interface TerminalInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean | undefined;
  setRawMode?(mode: boolean): unknown;
}

/** Where a prompt writes its question (and the echo of visible input). */
export interface TerminalOutput {
  write(text: string): unknown;
}

/** The user pressed Ctrl-C at a prompt. */
export class PromptCancelled extends Error {
  override readonly name = 'PromptCancelled';
  constructor() {
    super('cancelled');
  }
}

/** True when prompts can be shown: stdin is a terminal. */
export function canPrompt(input: TerminalInput = process.stdin): boolean {
  return input.isTTY === true && typeof input.setRawMode === 'function';
}

/** The first line of `input` without its line ending; "" when the input is empty. */
export function readStdinLine(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      if (error) return reject(error);
      const text = Buffer.concat(chunks).toString('utf8');
      const newline = text.indexOf('\n');
      const line = newline < 0 ? text : text.slice(0, newline);
      resolve(line.endsWith('\r') ? line.slice(0, -1) : line);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      chunks.push(buffer);
      if (buffer.includes(0x0a)) finish();
    };
    const onEnd = () => finish();
    const onError = (error: Error) => finish(error);
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    input.resume();
  });
}

export interface PromptOptions {
  /** Do not echo what is typed (a password). */
  readonly hidden: boolean;
  readonly input?: TerminalInput;
  readonly output?: TerminalOutput;
}

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACE = new Set(['\u007f', '\b']);
const ESCAPE = '\u001b';

/** Asks `question` on a terminal and reads one line (see the file comment). */
export function promptLine(question: string, options: PromptOptions): Promise<string> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  if (!canPrompt(input)) return Promise.reject(new Error('no terminal to prompt on'));
  output.write(question);
  input.setRawMode?.(true);
  if ('setEncoding' in input) input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    // Code points, so Backspace removes a whole character, not half a surrogate pair.
    const typed: string[] = [];
    // Inside an escape sequence (arrow keys, function keys): skipped until its final byte.
    let inEscape: 'none' | 'start' | 'csi' = 'none';
    const done = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed.join(''));
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (inEscape === 'start') {
          inEscape = ch === '[' || ch === 'O' ? 'csi' : 'none';
          continue;
        }
        if (inEscape === 'csi') {
          if (ch >= '@' && ch <= '~') inEscape = 'none';
          continue;
        }
        if (ENTER.has(ch)) return done();
        if (ch === CTRL_C) return done(new PromptCancelled());
        if (ch === CTRL_D) {
          if (typed.length === 0) return done();
          continue;
        }
        if (ch === ESCAPE) {
          inEscape = 'start';
          continue;
        }
        if (BACKSPACE.has(ch)) {
          if (typed.pop() !== undefined && !options.hidden) output.write('\b \b');
          continue;
        }
        if (ch === CTRL_U) {
          if (!options.hidden) output.write('\b \b'.repeat(typed.length));
          typed.length = 0;
          continue;
        }
        if (ch < ' ') continue; // other control characters
        typed.push(ch);
        if (!options.hidden) output.write(ch);
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
