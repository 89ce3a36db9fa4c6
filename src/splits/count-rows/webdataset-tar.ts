import { CountFormatError, CountLimitError } from './errors.ts';
import { AdaptiveReader, StreamReader, type FileSource } from './source.ts';

const BLOCK = 512;
/** A GNU long name or a pax header bigger than this is not read. */
const MAX_EXTENDED_HEADER = 1 << 20;
/** Range requests one tar may cost; beyond, the count is not known. */
export const MAX_TAR_REQUESTS = 20_000;

export interface TarEntry {
  name: string;
  size: number;
}

/**
 * The regular files of a tar, as Python's `tarfile` lists them in stream mode (`r|*`), from the headers
 * only: bodies are skipped by reading the next header at its offset (through an AdaptiveReader). Handles ustar
 * prefixes, GNU long names and pax `path`/`size`; a compressed tar fails the header checksum (not counted).
 * When the first requests show that skipping would take more than `maxRequests`, the file is streamed once;
 * `streamOnly` streams it from the start (a decompressed tar, which has no Range reads and an unknown size).
 */
export async function* tarEntries(source: FileSource, maxRequests = MAX_TAR_REQUESTS, streamOnly = false): AsyncGenerator<TarEntry> {
  const ranged = new AdaptiveReader(source, maxRequests);
  const probe = Math.max(1, Math.min(64, Math.floor(maxRequests / 4)));
  let streamed: StreamReader | undefined = streamOnly ? new StreamReader(source) : undefined;
  const read = (offset: number, n: number) => {
    // Range reads cost a request per big body: when the first ones show that the whole file would need more
    // than the bound, stream it once instead (every byte, one request), still within the byte budget
    if (!streamed && ranged.requests >= probe && offset > 0 && source.size / (offset / ranged.requests) > maxRequests) {
      streamed = new StreamReader(source);
    }
    return streamed ? streamed.read(offset, n) : ranged.read(offset, n);
  };
  try {
    yield* walk(source, read);
  } finally {
    await streamed?.close();
  }
}

async function* walk(source: FileSource, read: (offset: number, n: number) => Promise<Uint8Array>): AsyncGenerator<TarEntry> {
  let offset = 0;
  let longName: string | undefined;
  let pax: Map<string, string> | undefined;
  for (;;) {
    if (offset + BLOCK > source.size) {
      if (offset === source.size && offset > 0) return; // ends without the zero blocks: tarfile accepts it
      throw new CountFormatError(`Truncated tar header in ${source.path}`);
    }
    const h = await read(offset, BLOCK);
    if (h.length < BLOCK) throw new CountFormatError(`Truncated tar header in ${source.path}`);
    if (h.every((b) => b === 0)) {
      if (offset === 0) throw new CountFormatError(`Empty tar ${source.path}`);
      return;
    }
    if (!checksumOk(h)) throw new CountFormatError(`Invalid tar header at offset ${offset} of ${source.path}`);
    const type = String.fromCharCode(h[156]!);
    let size = parseNumber(h.subarray(124, 136));
    if (pax?.has('size')) size = Number(pax.get('size'));
    if (!Number.isSafeInteger(size) || size < 0) throw new CountFormatError(`Invalid tar entry size at offset ${offset}`);
    const bodyStart = offset + BLOCK;
    const next = bodyStart + Math.ceil(size / BLOCK) * BLOCK;
    // a header claiming more than the file holds: tarfile fails reading the body
    if (bodyStart + size > source.size) throw new CountFormatError(`A tar entry claims ${size} bytes past the end of ${source.path}`);

    if (type === 'L' || type === 'x' || type === 'g' || type === 'K') {
      if (size > MAX_EXTENDED_HEADER) throw new CountLimitError(`A tar extended header of ${size} bytes`);
      const body = size === 0 ? new Uint8Array(0) : await read(bodyStart, size);
      if (type === 'L') longName = nts(body);
      else if (type === 'x') pax = parsePax(body);
      offset = next;
      continue;
    }
    let name = longName ?? nts(h.subarray(0, 100));
    const magic = Buffer.from(h.subarray(257, 265)).toString('latin1');
    if (longName === undefined && magic === 'ustar\u000000') {
      const prefix = nts(h.subarray(345, 500));
      if (prefix) name = `${prefix}/${name}`;
    }
    if (pax?.has('path')) name = pax.get('path')!;
    longName = undefined;
    pax = undefined;
    offset = next;
    const regular = type === '0' || type === '\u0000' || type === '7';
    if (!regular || (type === '\u0000' && name.endsWith('/'))) continue;
    yield { name, size };
  }
}

function checksumOk(h: Uint8Array): boolean {
  const stored = parseNumber(h.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** An octal field, or GNU base-256 when the high bit of its first byte is set. */
function parseNumber(field: Uint8Array): number {
  if (field[0]! & 0x80) {
    let n = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = Buffer.from(field).toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return NaN;
  return parseInt(text, 8);
}

function nts(field: Uint8Array): string {
  const end = field.indexOf(0);
  return Buffer.from(end === -1 ? field : field.subarray(0, end)).toString('utf8');
}

function parsePax(body: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const buf = Buffer.from(body);
  let at = 0;
  while (at < buf.length && buf[at] !== 0) {
    const space = buf.indexOf(0x20, at);
    const len = Number(buf.subarray(at, space).toString('latin1'));
    if (space === -1 || !Number.isSafeInteger(len) || len <= 0 || at + len > buf.length) throw new CountFormatError('Invalid pax header');
    const record = buf.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return out;
}

/** webdataset's `base_plus_ext`: the sample key (folder + name up to its first dot) and the field. */
export function basePlusExt(path: string): [string, string] | undefined {
  const m = /^((?:.*\/|)[^.]+)[.]([^/]*)$/.exec(path);
  return m ? [m[1]!, m[2]!] : undefined;
}

/**
 * Samples of a webdataset shard as the `webdataset` builder groups them: consecutive files sharing a key make
 * one sample; hidden files (`.x`, `__x`) and names without an extension are skipped; a field seen twice in a
 * sample is the library's ValueError, so not counted. A compressed tar (`.tar.gz`, `.tar.bz2`, `.tar.xz`:
 * tarfile's `r|*` reads them all) is given decompressed, `streamOnly`, of size Infinity: a stream that ends
 * without the end-of-archive blocks is then not counted (Python accepts it, but the end cannot be told from a cut).
 */
export async function countWebdatasetSamples(source: FileSource, maxRequests = MAX_TAR_REQUESTS, streamOnly = false): Promise<number> {
  let count = 0;
  for await (const _ of samples(source, maxRequests, streamOnly)) count++;
  return count;
}

/**
 * The field names of the first `n` samples of a webdataset shard, grouped as the builder's pipeline groups them
 * (`_get_pipeline_from_tar`): it stops once the `n`th sample is complete, so only the first headers are read. A field
 * seen twice in a sample is the library's ValueError (CountFormatError here).
 */
export async function firstSampleFields(source: FileSource, n: number, streamOnly = false): Promise<Set<string>[]> {
  const first: Set<string>[] = [];
  if (n <= 0) return first;
  for await (const fields of samples(source, MAX_TAR_REQUESTS, streamOnly)) {
    first.push(fields);
    if (first.length === n) break;
  }
  return first;
}

/** Each sample's field names, once the sample is complete (the next key starts, or the tar ends). */
async function* samples(source: FileSource, maxRequests: number, streamOnly: boolean): AsyncGenerator<Set<string>> {
  let key: string | undefined;
  let fields: Set<string> | undefined;
  for await (const entry of tarEntries(source, maxRequests, streamOnly)) {
    const base = entry.name.slice(entry.name.lastIndexOf('/') + 1);
    if (base.startsWith('.') || base.startsWith('__')) continue;
    const parts = basePlusExt(entry.name);
    if (!parts) continue;
    const [k, field] = parts;
    if (k !== key) {
      if (fields) yield fields;
      key = k;
      fields = new Set();
    }
    if (fields!.has(field)) throw new CountFormatError(`Duplicate field ${field} for sample ${k} in ${source.path}`);
    fields!.add(field);
  }
  if (fields) yield fields;
}
