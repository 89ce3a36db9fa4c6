import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, readSync, closeSync, statSync, createReadStream, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileSource } from '../../src/splits/count-rows/source.ts';

/** A local file behind the counters' FileSource, counting the bytes and requests it serves. */
export interface CountingSource extends FileSource {
  bytesRead: number;
  requests: number;
}

export function localSource(file: string, name = path.basename(file)): CountingSource {
  const size = statSync(file).size;
  const src: CountingSource = {
    path: name,
    size,
    bytesRead: 0,
    requests: 0,
    async openStream() {
      src.requests++;
      const stream = createReadStream(file);
      return (async function* () {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          src.bytesRead += chunk.byteLength;
          yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        }
      })();
    },
    async readRange(start, endExclusive) {
      src.requests++;
      const end = Math.min(endExclusive, size);
      const buf = Buffer.alloc(Math.max(0, end - start));
      const fd = openSync(file, 'r');
      try {
        let at = 0;
        while (at < buf.length) {
          const n = readSync(fd, buf, at, buf.length - at, start + at);
          if (n === 0) break;
          at += n;
        }
        src.bytesRead += at;
        return new Uint8Array(buf.buffer, buf.byteOffset, at);
      } finally {
        closeSync(fd);
      }
    },
  };
  return src;
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'counts-test-'));
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
}

/** Runs a real tool (tar, zip, bzip2, xz, zstd) in `cwd`. */
export function run(cwd: string, cmd: string, args: string[]): void {
  execFileSync(cmd, args, { cwd, stdio: 'pipe' });
}

export function jsonl(n: number): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ id: i, text: `row ${i} with "quotes", [brackets] and {braces}` })).join('\n') + '\n';
}
