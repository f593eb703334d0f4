/**
 * The PDUs of one operation, written together: a search's entries and its result leave in one
 * `writev` instead of one socket write (and one syscall) each. A large result goes out every
 * `highWater` bytes, so the batch never holds more than that.
 */
export class OutputBatch {
  private readonly pdus: Buffer[] = [];
  private bytes = 0;

  constructor(
    private readonly write: (pdus: readonly Buffer[]) => void,
    private readonly highWater = 64 * 1024,
  ) {}

  add(pdu: Buffer): void {
    this.pdus.push(pdu);
    this.bytes += pdu.length;
    if (this.bytes >= this.highWater) this.flush();
  }

  flush(): void {
    if (this.pdus.length === 0) return;
    this.write(this.pdus.splice(0));
    this.bytes = 0;
  }
}
