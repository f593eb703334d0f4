/**
 * Splits the TCP byte stream into LDAPMessage PDUs by their BER header, before any decoding.
 * ldapjs' own parser re-concatenates its whole buffer on every chunk and has no size limit, so a
 * client announcing a 100 MB message would make the server buffer it; here the announced length
 * is checked as soon as the header is complete.
 */
export class FramingError extends Error {
  override name = 'FramingError';
}

export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxMessageSize: number) {}

  /** Adds received bytes; returns the complete PDUs now available, in order. */
  push(data: Buffer): Buffer[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const frames: Buffer[] = [];
    for (;;) {
      const header = this.peekHeader();
      if (header === undefined) break;
      const total = header.headerLength + header.contentLength;
      if (this.buffered < total) break;
      frames.push(this.take(total));
    }
    return frames;
  }

  private peekHeader(): { headerLength: number; contentLength: number } | undefined {
    if (this.buffered < 2) return undefined;
    const head = this.head(Math.min(this.buffered, 6));
    if (head[0] !== 0x30) {
      throw new FramingError(`not an LDAPMessage: first byte 0x${head[0]!.toString(16).padStart(2, '0')}`);
    }
    const first = head[1]!;
    if (first < 0x80) return this.checked(2, first);
    const lengthBytes = first & 0x7f;
    if (lengthBytes === 0)
      throw new FramingError('indefinite BER length is not allowed in LDAP (RFC 4511 §5.1)');
    if (lengthBytes > 4) throw new FramingError(`BER length of ${lengthBytes} bytes is too large`);
    if (head.length < 2 + lengthBytes) return undefined;
    let length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + head[2 + i]!;
    return this.checked(2 + lengthBytes, length);
  }

  private checked(headerLength: number, contentLength: number) {
    if (contentLength + headerLength > this.maxMessageSize) {
      throw new FramingError(
        `message of ${contentLength + headerLength} bytes exceeds the limit of ${this.maxMessageSize} bytes`,
      );
    }
    return { headerLength, contentLength };
  }

  private head(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    let first = this.chunks[0]!;
    if (first.length < n) {
      first = Buffer.concat(this.chunks);
      this.chunks = [first];
    }
    const frame = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return frame;
  }
}
