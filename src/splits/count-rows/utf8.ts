import { CountFormatError } from './errors.ts';
import type { RecordCounter } from './records.ts';

/**
 * A counter whose bytes must also be strict UTF-8, as for the builders that open files in text mode with the
 * `utf-8` codec (text): a file that is not fails in the library, so it is not counted. The check is a streaming
 * decode whose output is dropped; the inner counter sees the bytes unchanged.
 */
export class Utf8Checked implements RecordCounter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  constructor(private readonly inner: RecordCounter) {}

  push(chunk: Uint8Array): void {
    this.check(chunk, true);
    this.inner.push(chunk);
  }

  finish(): number {
    this.check(undefined, false);
    return this.inner.finish();
  }

  private check(chunk: Uint8Array | undefined, stream: boolean): void {
    try {
      this.decoder.decode(chunk, { stream });
    } catch (err) {
      throw new CountFormatError('A file that is not UTF-8 (the library fails on it)', { cause: err });
    }
  }
}
