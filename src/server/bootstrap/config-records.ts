/**
 * A bootstrap file's records parted by where they go: records under `cn=config` configure the
 * server, the rest are data. Only the cn=config records are parsed here; the data stays text for
 * the fixture loader (which parses it once, or not at all when an image of it is kept:
 * image-cache.ts). Both keep every record at its own line, so errors name the file's lines.
 */

export interface PartedFile {
  /** The cn=config records, every other line blank; undefined when the file has none. */
  readonly config: string | undefined;
  /** The file with its cn=config records commented out. */
  readonly data: string;
  /** The DN of each data record, as written (unfolded, base64 decoded). */
  readonly dataDNs: readonly string[];
}

/** `dn:` or `dn::` at the start of a line, with its continuation lines. */
const DN_LINE = /^dn(::?)[ \t]*([^\n]*(?:\n [^\n]*)*)/gim;

export function underConfig(dn: string): boolean {
  return /(^|,)\s*cn\s*=\s*config\s*$/i.test(dn);
}

export function partConfigRecords(text: string): PartedFile {
  const dataDNs: string[] = [];
  /** Offsets of the cn=config records' DN lines. */
  const configAt: number[] = [];
  for (const match of text.matchAll(DN_LINE)) {
    const dn = dnOf(match[1]!, match[2]!);
    if (underConfig(dn)) configAt.push(match.index);
    else dataDNs.push(dn);
  }
  if (configAt.length === 0) return { config: undefined, data: text, dataDNs };
  const lines = text.split('\n');
  const config = lines.map(() => '');
  const data = [...lines];
  let line = 0;
  let offset = 0;
  for (const at of configAt) {
    while (offset < at) offset += lines[line++]!.length + 1;
    // The record runs to the next blank line.
    for (let i = line; i < lines.length && lines[i]!.trim() !== ''; i++) {
      config[i] = lines[i]!;
      if (!lines[i]!.startsWith(' ')) data[i] = `# ${lines[i]}`;
    }
  }
  return { config: config.join('\n'), data: data.join('\n'), dataDNs };
}

function dnOf(separator: string, written: string): string {
  const value = written
    .replace(/\r?\n /g, '')
    .replace(/\r$/, '')
    .trim();
  return separator === '::' ? Buffer.from(value, 'base64').toString('utf8') : value;
}
