/**
 * A strict reader over one BER element, on ldapjs' own BER codec. @ldapjs/asn1 returns `null` or
 * throws TypeErrors on truncated input; every read here either returns a value or throws a
 * {@link ProtocolDecodeError}, so a hostile PDU can never get past decoding half-read.
 */
import asn1 from '@ldapjs/asn1';

export class ProtocolDecodeError extends Error {
  override name = 'ProtocolDecodeError';
}

type Reader = InstanceType<typeof asn1.BerReader>;

export class BerInput {
  private readonly reader: Reader;
  private readonly end: number;

  constructor(
    buffer: Buffer,
    private readonly what = 'message',
  ) {
    this.reader = new asn1.BerReader(buffer);
    this.end = buffer.length;
  }

  get offset(): number {
    return this.reader.offset;
  }

  /** The tag of the next element, or undefined at the end of `limit`. */
  peek(limit = this.end): number | undefined {
    if (this.reader.offset >= limit) return undefined;
    const tag = this.reader.peek();
    return tag === null ? undefined : tag;
  }

  /** Enter a constructed element; returns the offset where it ends. */
  sequence(tag: number): number {
    this.expect(tag);
    const found = this.reader.readSequence(tag);
    if (found === null) throw this.error(`truncated ${describeTag(tag)}`);
    const end = this.reader.offset + this.reader.length;
    if (end > this.end) throw this.error(`${describeTag(tag)} runs past the end of the ${this.what}`);
    return end;
  }

  octets(tag = 0x04): Buffer {
    this.expect(tag);
    const value = this.reader.readString(tag, true);
    if (value === null) throw this.error(`truncated ${describeTag(tag)}`);
    return Buffer.from(value as Buffer);
  }

  string(tag = 0x04): string {
    return this.octets(tag).toString('utf8');
  }

  integer(tag = 0x02): number {
    this.expect(tag);
    const value = this.reader.readInt(tag);
    if (value === null || value === undefined || Number.isNaN(value)) throw this.error('bad INTEGER');
    return value;
  }

  enumeration(): number {
    return this.integer(0x0a);
  }

  boolean(tag = 0x01): boolean {
    this.expect(tag);
    return this.reader.readBoolean(tag);
  }

  /** The whole next element (tag, length and value) without decoding it. */
  raw(): Buffer {
    const tag = this.peek();
    if (tag === undefined) throw this.error('unexpected end of data');
    const value = this.reader.readRawBuffer(tag);
    if (value === null) throw this.error(`truncated ${describeTag(tag)}`);
    return value;
  }

  skip(): void {
    this.raw();
  }

  seek(offset: number): void {
    this.reader.setOffset(offset);
  }

  error(reason: string): ProtocolDecodeError {
    return new ProtocolDecodeError(`malformed ${this.what}: ${reason} at byte ${this.reader.offset}`);
  }

  private expect(tag: number): void {
    const found = this.peek();
    if (found === undefined) throw this.error(`expected ${describeTag(tag)}, found end of data`);
    if (found !== tag) throw this.error(`expected ${describeTag(tag)}, found tag 0x${found.toString(16)}`);
  }
}

function describeTag(tag: number): string {
  return `tag 0x${tag.toString(16).padStart(2, '0')}`;
}
