import { SplitsNamesError } from './errors.ts';

/**
 * The member paths of a zip archive, from its central directory (the end-of-central-directory record, then
 * one 46-byte header per member). Zip64 archives keep their counts in another record: their members are
 * read from the central directory all the same, which runs to the end-of-central-directory record.
 */
export function zipMemberNames(buf: Buffer): string[] {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SplitsNamesError('Not a zip archive: no end of central directory');
  let offset = buf.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || offset >= buf.length) {
    // zip64 (or a prefixed archive): find the first central directory header by its signature
    offset = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    if (offset < 0) throw new SplitsNamesError('Not a zip archive: no central directory');
  }
  const names: string[] = [];
  while (offset + 46 <= eocd && buf.readUInt32LE(offset) === 0x02014b50) {
    const nameLen = buf.readUInt16LE(offset + 28);
    const extraLen = buf.readUInt16LE(offset + 30);
    const commentLen = buf.readUInt16LE(offset + 32);
    const name = buf.subarray(offset + 46, offset + 46 + nameLen).toString('utf8');
    if (!name.endsWith('/')) names.push(name);
    offset += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
