/**
 * A strict reader over one BER element, on ldapjs' own BER codec. @ldapjs/asn1 returns `null`,
 * throws TypeErrors on truncated input, and reads 4-octet lengths as signed numbers (a length of
 * 0xfffffffa moves its offset backwards and loops forever). So every element's header is checked
 * here first — definite length, unsigned, inside the enclosing data — and every read either
 * returns a value or throws a {@link ProtocolDecodeError}.
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
    private readonly buffer: Buffer,
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
    return this.buffer[this.reader.offset];
  }

  /** Enter a constructed element; returns the offset where it ends. */
  sequence(tag: number): number {
    const end = this.checkElement(tag);
    this.read(() => this.reader.readSequence(tag));
    return end;
  }

  octets(tag = 0x04): Buffer {
    this.checkElement(tag);
    return Buffer.from(this.read(() => this.reader.readString(tag, true)));
  }

  string(tag = 0x04): string {
    return this.octets(tag).toString('utf8');
  }

  integer(tag = 0x02): number {
    const end = this.checkElement(tag);
    if (end - this.contentStart() === 0) throw this.error('empty INTEGER');
    if (end - this.contentStart() > 4) throw this.error('INTEGER too large');
    return this.read(() => this.reader.readInt(tag));
  }

  enumeration(): number {
    return this.integer(0x0a);
  }

  boolean(tag = 0x01): boolean {
    const end = this.checkElement(tag);
    if (end - this.contentStart() !== 1) throw this.error('BOOLEAN is not one octet');
    return this.read(() => this.reader.readBoolean(tag));
  }

  skip(): void {
    this.reader.setOffset(this.elementEnd());
  }

  /** Where the next element, whatever its tag, ends. */
  elementEnd(): number {
    const tag = this.peek();
    if (tag === undefined) throw this.error('unexpected end of data');
    return this.checkElement(tag);
  }

  error(reason: string): ProtocolDecodeError {
    return new ProtocolDecodeError(`malformed ${this.what}: ${reason} at byte ${this.reader.offset}`);
  }

  private headerLength = 0;

  /**
   * Checks the element at the offset: the expected tag, a definite length of at most four
   * octets read as unsigned, and content that ends inside the data. Returns where it ends.
   */
  private checkElement(tag: number): number {
    const start = this.reader.offset;
    const found = this.buffer[start];
    if (found === undefined) throw this.error(`expected ${describeTag(tag)}, found end of data`);
    if (found !== tag) throw this.error(`expected ${describeTag(tag)}, found tag 0x${found.toString(16)}`);
    const first = this.buffer[start + 1];
    if (first === undefined) throw this.error(`truncated ${describeTag(tag)}`);
    let length = first;
    let header = 2;
    if (first & 0x80) {
      const octets = first & 0x7f;
      if (octets === 0) throw this.error('indefinite length is not allowed in LDAP (RFC 4511 §5.1)');
      if (octets > 4) throw this.error(`length of ${octets} octets is too large`);
      if (start + 2 + octets > this.end) throw this.error(`truncated length of ${describeTag(tag)}`);
      length = 0;
      for (let i = 0; i < octets; i++) length = length * 256 + this.buffer[start + 2 + i]!;
      header += octets;
    }
    const end = start + header + length;
    if (end > this.end) throw this.error(`${describeTag(tag)} runs past the end of the ${this.what}`);
    this.headerLength = header;
    return end;
  }

  private contentStart(): number {
    return this.reader.offset + this.headerLength;
  }

  /** A read the header check has made safe; anything the codec still throws is a decoding error. */
  private read<T>(read: () => T | null | undefined): T {
    let value: T | null | undefined;
    try {
      value = read();
    } catch (error) {
      throw this.error(error instanceof Error ? error.message : String(error));
    }
    if (value === null || value === undefined) throw this.error('truncated element');
    return value;
  }
}

function describeTag(tag: number): string {
  return `tag 0x${tag.toString(16).padStart(2, '0')}`;
}
