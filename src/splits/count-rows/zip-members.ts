import { comparePython } from '../python-order.ts';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { CountFormatError, CountLimitError } from './errors.ts';
import type { FileSource, ReadBudget } from './source.ts';

export interface ZipMember {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Central directories listing more members than this are not counted. */
export const MAX_ZIP_MEMBERS = 1_000_000;
const EOCD_MIN = 22;
const EOCD_SEARCH = EOCD_MIN + 0xffff;
const MEMBER_CHUNK = 1 << 20;

/**
 * The members of a zip from its central directory only: one Range read of the end (the end-of-central-
 * directory record, zip64 included), one of the directory. Sizes the directory claims are checked against
 * the archive's size before anything is read; the directory itself is charged to the caller's budget.
 */
export async function zipMembers(source: FileSource): Promise<ZipMember[]> {
  if (source.size < EOCD_MIN) throw new CountFormatError(`Not a zip archive: ${source.path}`);
  const tailStart = Math.max(0, source.size - EOCD_SEARCH);
  const tail = Buffer.from(await source.readRange(tailStart, source.size));
  let eocd = -1;
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + EOCD_MIN + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new CountFormatError(`No end of central directory in ${source.path}`);
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: the locator sits just before the end record
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw new CountFormatError(`A zip64 archive without its locator: ${source.path}`);
    const eocd64Offset = Number(tail.readBigUInt64LE(loc + 8));
    if (eocd64Offset + 56 > source.size) throw new CountFormatError(`A zip64 end record past the end of ${source.path}`);
    const rec = Buffer.from(await source.readRange(eocd64Offset, eocd64Offset + 56));
    if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) throw new CountFormatError(`A malformed zip64 end record in ${source.path}`);
    entries = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (entries > MAX_ZIP_MEMBERS) throw new CountLimitError(`A zip of ${entries} members`);
  if (cdOffset + cdSize > source.size || cdSize < entries * 46) {
    throw new CountFormatError(`A central directory of ${cdSize} bytes at ${cdOffset} does not fit ${source.path} (${source.size} bytes)`);
  }
  const cd = Buffer.from(await source.readRange(cdOffset, cdOffset + cdSize));
  const members: ZipMember[] = [];
  let at = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) throw new CountFormatError(`A malformed central directory in ${source.path}`);
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    let compressedSize = cd.readUInt32LE(at + 20);
    let size = cd.readUInt32LE(at + 24);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    let localHeaderOffset = cd.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw new CountFormatError(`A malformed central directory in ${source.path}`);
    const name = cd.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // zip64 extended information: the 0xffffffff fields, in order
    let e = at + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        const next = () => {
          if (f + 8 > e + 4 + len) throw new CountFormatError(`A malformed zip64 field in ${source.path}`);
          const v = Number(cd.readBigUInt64LE(f));
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
      }
      e += 4 + len;
    }
    if (localHeaderOffset + 30 + compressedSize > source.size) {
      throw new CountFormatError(`Member ${name} claims ${compressedSize} bytes past the end of ${source.path}`);
    }
    members.push({ name, method, compressedSize, size, localHeaderOffset });
    at = end;
  }
  return members;
}

/**
 * The files the library iterates in an extracted archive (`iter_files` over the zip): directories and
 * hidden files or folders (`.x`, `__x`) left out, sorted as its directory walk visits them.
 */
export function visibleFiles(members: ZipMember[]): ZipMember[] {
  const files = members.filter((m) => !m.name.endsWith('/') && !m.name.split('/').some((part) => part.startsWith('.') || part.startsWith('__')));
  return files.sort((a, b) => compareWalk(a.name, b.name));
}

/** os.walk order with sorted names: a folder's files before its subfolders, each level sorted. */
function compareWalk(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; ; i++) {
    const lastA = i === pa.length - 1;
    const lastB = i === pb.length - 1;
    if (lastA !== lastB) return lastA ? -1 : 1;
    if (pa[i] !== pb[i]) return comparePython(pa[i]!, pb[i]!);
    if (lastA) return 0;
  }
}

/**
 * A member's uncompressed bytes, streamed by Range reads of its data (stored or deflated members only), charged
 * to `budget.inflated`; a member inflating to another size than the directory says is CountFormatError.
 */
export async function* memberBytes(source: FileSource, member: ZipMember, budget: ReadBudget): AsyncGenerator<Uint8Array> {
  if (member.method !== 0 && member.method !== 8) throw new CountFormatError(`Zip compression method ${member.method} is not read by this worker`);
  const local = Buffer.from(await source.readRange(member.localHeaderOffset, member.localHeaderOffset + 30));
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new CountFormatError(`A malformed local header for ${member.name}`);
  const dataStart = member.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const dataEnd = dataStart + member.compressedSize;
  if (dataEnd > source.size) throw new CountFormatError(`Member ${member.name} runs past the end of the archive`);
  const raw = (async function* () {
    for (let at = dataStart; at < dataEnd; at += MEMBER_CHUNK) yield await source.readRange(at, Math.min(dataEnd, at + MEMBER_CHUNK));
  })();
  let produced = 0;
  const check = (n: number) => {
    produced += n;
    budget.inflated(n);
    if (produced > member.size) throw new CountFormatError(`Member ${member.name} inflates past the ${member.size} bytes its directory entry says`);
  };
  if (member.method === 0) {
    for await (const chunk of raw) {
      check(chunk.byteLength);
      yield chunk;
    }
  } else {
    const src = Readable.from(raw);
    const inflate = createInflateRaw();
    src.on('error', (err) => inflate.destroy(err));
    src.pipe(inflate);
    try {
      for await (const chunk of inflate as AsyncIterable<Buffer>) {
        check(chunk.byteLength);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof CountFormatError || err instanceof CountLimitError) throw err;
      if (err instanceof Error && 'code' in err && String(err.code).startsWith('Z_')) {
        throw new CountFormatError(`Cannot inflate member ${member.name}: ${err.message}`, { cause: err });
      }
      throw err;
    } finally {
      src.destroy();
      inflate.destroy();
    }
  }
  if (produced !== member.size) throw new CountFormatError(`Member ${member.name} inflates to ${produced} bytes, not ${member.size}`);
}
