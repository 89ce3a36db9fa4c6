import { ByteBuffer } from 'flatbuffers';
import { CountFormatError, CountLimitError } from './errors.ts';
import { AdaptiveReader, type FileSource } from './source.ts';

const MAGIC = 'ARROW1';
const CONTINUATION = 0xffffffff;
/** Metadata (one flatbuffer message, or the file footer) bigger than this is not read. */
const MAX_METADATA = 16 << 20;
export const MAX_ARROW_REQUESTS = 20_000;
// Message.header_type values (format/Message.fbs)
const RECORD_BATCH = 3;

/**
 * Rows of an Arrow IPC file as the `arrow` builder reads it (`pa.ipc.open_stream`, else `pa.ipc.open_file`):
 * the sum of the record batches' `length`, read from the flatbuffer message headers only, never the bodies.
 * File format: the footer's record batch blocks, then each block's message header. Stream format: one
 * message header after the other, each body skipped by its `bodyLength`.
 */
export async function countArrowRows(source: FileSource): Promise<number> {
  const reader = new AdaptiveReader(source, MAX_ARROW_REQUESTS);
  const head = await reader.read(0, 8);
  if (Buffer.from(head.subarray(0, 6)).toString('latin1') === MAGIC) return countFileFormat(source, reader);
  return countStreamFormat(source, reader, 0);
}

async function countStreamFormat(source: FileSource, reader: AdaptiveReader, start: number): Promise<number> {
  let offset = start;
  let rows = 0;
  let first = true;
  for (;;) {
    if (offset === source.size) break; // a stream may end without its end-of-stream marker
    const message = await readMessage(source, reader, offset);
    if (!message) break; // end-of-stream marker
    if (first && message.type !== 1) throw new CountFormatError(`An Arrow stream must start with its schema: ${source.path}`);
    first = false;
    if (message.type === RECORD_BATCH) rows += message.length;
    offset = message.end;
  }
  if (first) throw new CountFormatError(`An empty Arrow stream: ${source.path}`);
  return rows;
}

interface Message {
  type: number;
  /** rows, for a record batch */
  length: number;
  /** offset just past the body */
  end: number;
}

async function readMessage(source: FileSource, reader: AdaptiveReader, offset: number): Promise<Message | undefined> {
  const prefix = await reader.read(offset, 8);
  if (prefix.length < 4) throw new CountFormatError(`Truncated Arrow message at ${offset} of ${source.path}`);
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let metaLength = view.getUint32(0, true);
  let metaStart = offset + 4;
  if (metaLength === CONTINUATION) {
    if (prefix.length < 8) throw new CountFormatError(`Truncated Arrow message at ${offset} of ${source.path}`);
    metaLength = view.getUint32(4, true);
    metaStart = offset + 8;
  }
  if (metaLength === 0) return undefined;
  if (metaStart + metaLength > source.size) throw new CountFormatError(`An Arrow message header past the end of ${source.path}`);
  if (metaLength > MAX_METADATA) throw new CountLimitError(`An Arrow message header of ${metaLength} bytes`);
  const meta = await reader.read(metaStart, metaLength);
  const parsed = parseMessage(meta);
  const end = metaStart + metaLength + parsed.bodyLength;
  if (end > source.size) throw new CountFormatError(`An Arrow message body past the end of ${source.path}`);
  return { type: parsed.type, length: parsed.length, end };
}

/** Message { version: short; header_type: ubyte; header: MessageHeader; bodyLength: long } */
export function parseMessage(bytes: Uint8Array): { type: number; length: number; bodyLength: number } {
  const bb = new ByteBuffer(bytes);
  const table = rootTable(bb);
  const typeField = field(bb, table, 1, 1);
  const type = typeField ? bb.readUint8(table + typeField) : 0;
  const bodyField = field(bb, table, 3, 8);
  const bodyLength = bodyField ? safe(bb.readInt64(table + bodyField)) : 0;
  let length = 0;
  if (type === RECORD_BATCH) {
    const headerField = field(bb, table, 2, 4);
    if (!headerField) throw new CountFormatError('A record batch message without its header');
    const batch = indirect(bb, table + headerField);
    // RecordBatch { length: long; ... }
    const lengthField = field(bb, batch, 0, 8);
    length = lengthField ? safe(bb.readInt64(batch + lengthField)) : 0;
  }
  return { type, length, bodyLength };
}

async function countFileFormat(source: FileSource, reader: AdaptiveReader): Promise<number> {
  if (source.size < 6 + 2 + 4 + 6) throw new CountFormatError(`Truncated Arrow file ${source.path}`);
  const tail = await source.readRange(source.size - 10, source.size);
  if (Buffer.from(tail.subarray(4)).toString('latin1') !== MAGIC) throw new CountFormatError(`An Arrow file without its footer: ${source.path}`);
  const footerLength = new DataView(tail.buffer, tail.byteOffset, 4).getInt32(0, true);
  if (footerLength <= 0 || footerLength > MAX_METADATA || footerLength > source.size - 18) {
    throw new CountFormatError(`An Arrow footer of ${footerLength} bytes in ${source.path}`);
  }
  const footer = await source.readRange(source.size - 10 - footerLength, source.size - 10);
  const bb = new ByteBuffer(footer);
  const table = rootTable(bb);
  // Footer { version; schema; dictionaries: [Block]; recordBatches: [Block] }
  const batchesField = field(bb, table, 3, 4);
  if (!batchesField) return 0;
  const vector = table + batchesField + bb.readUint32(table + batchesField);
  const count = bb.readUint32(vector);
  if (vector + 4 + count * 24 > footer.length) throw new CountFormatError(`A malformed Arrow footer in ${source.path}`);
  let rows = 0;
  for (let i = 0; i < count; i++) {
    // Block { offset: long; metaDataLength: int; (pad); bodyLength: long }
    const at = vector + 4 + i * 24;
    const offset = safe(bb.readInt64(at));
    const message = await readMessage(source, reader, offset);
    if (!message || message.type !== RECORD_BATCH) throw new CountFormatError(`An Arrow footer block that is not a record batch in ${source.path}`);
    rows += message.length;
  }
  return rows;
}

function rootTable(bb: ByteBuffer): number {
  if (bb.capacity() < 8) throw new CountFormatError('A truncated flatbuffer');
  const table = bb.readUint32(0);
  if (table + 4 > bb.capacity()) throw new CountFormatError('A malformed flatbuffer');
  return table;
}

/** the offset of field `index` (of `width` bytes) in the table at `table`, 0 when absent, checked against the buffer */
function field(bb: ByteBuffer, table: number, index: number, width: number): number {
  const vtable = table - bb.readInt32(table);
  if (vtable < 0 || vtable + 4 > bb.capacity()) throw new CountFormatError('A malformed flatbuffer vtable');
  const off = bb.__offset(table, 4 + 2 * index);
  if (off && table + off + width > bb.capacity()) throw new CountFormatError('A flatbuffer field past its buffer');
  return off;
}

function indirect(bb: ByteBuffer, at: number): number {
  const target = at + bb.readUint32(at);
  if (target + 4 > bb.capacity()) throw new CountFormatError('A flatbuffer offset past its buffer');
  return target;
}

function safe(n: bigint): number {
  if (n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER)) throw new CountFormatError(`An Arrow length out of range: ${n}`);
  return Number(n);
}
