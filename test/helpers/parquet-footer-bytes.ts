/**
 * A parquet file made of a footer only ("PAR1", the thrift FileMetaData, its length, "PAR1") with any number
 * of row groups, each of one INT32 column chunk: hyparquet-writer takes 15 s for 100,000 row groups, this a
 * few milliseconds. The row groups point at no data: only the footer is ever read.
 */
export function parquetFooterFile(rowGroups: number, numRows = rowGroups): Uint8Array {
  const out: number[] = [];
  const varint = (n: number) => {
    while (n >= 0x80) {
      out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    out.push(n);
  };
  const zigzag = (n: number) => varint(n >= 0 ? 2 * n : -2 * n - 1);
  const text = (s: string) => {
    varint(s.length);
    for (const c of Buffer.from(s)) out.push(c);
  };
  const listHeader = (size: number, type: number) => {
    if (size < 15) out.push((size << 4) | type);
    else {
      out.push(0xf0 | type);
      varint(size);
    }
  };
  out.push(...Buffer.from('PAR1'));
  const start = out.length;
  out.push(0x15, ...[]); // 1: version (i32)
  zigzag(1);
  out.push(0x19); // 2: schema (list<struct>)
  listHeader(2, 12);
  out.push(0x48); // root: 4: name
  text('schema');
  out.push(0x15); // 5: num_children
  zigzag(1);
  out.push(0x00);
  out.push(0x15); // column: 1: type INT32
  zigzag(1);
  out.push(0x25); // 3: repetition REQUIRED
  zigzag(0);
  out.push(0x18); // 4: name
  text('id');
  out.push(0x00);
  out.push(0x16); // 3: num_rows (i64)
  zigzag(numRows);
  out.push(0x19); // 4: row_groups (list<struct>)
  listHeader(rowGroups, 12);
  const rowGroup: number[] = [];
  {
    const mark = out.length;
    out.push(0x19); // 1: columns
    listHeader(1, 12);
    out.push(0x26); // 2: file_offset (i64)
    zigzag(4);
    out.push(0x1c); // 3: meta_data (struct)
    out.push(0x15); // 1: type INT32
    zigzag(1);
    out.push(0x19); // 2: encodings list<i32>
    listHeader(1, 5);
    zigzag(0);
    out.push(0x19); // 3: path_in_schema list<binary>
    listHeader(1, 8);
    text('id');
    out.push(0x15); // 4: codec UNCOMPRESSED
    zigzag(0);
    for (const v of [1, 4, 4]) {
      out.push(0x16); // 5-7: num_values, total_uncompressed_size, total_compressed_size
      zigzag(v);
    }
    out.push(0x26); // 9: data_page_offset
    zigzag(4);
    out.push(0x00, 0x00); // end of meta_data, of the column chunk
    out.push(0x16); // 2: total_byte_size
    zigzag(4);
    out.push(0x16); // 3: num_rows
    zigzag(1);
    out.push(0x00);
    rowGroup.push(...out.splice(mark));
  }
  const head = Buffer.from(out);
  const one = Buffer.from(rowGroup);
  const metadataLength = head.length - start + one.length * rowGroups + 1;
  const file = Buffer.alloc(head.length + one.length * rowGroups + 1 + 8);
  head.copy(file, 0);
  for (let i = 0, at = head.length; i < rowGroups; i++, at += one.length) one.copy(file, at);
  file[head.length + one.length * rowGroups] = 0x00; // end of FileMetaData
  file.writeUInt32LE(metadataLength, file.length - 8);
  file.write('PAR1', file.length - 4);
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
}
