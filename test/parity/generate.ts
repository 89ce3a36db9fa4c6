import { crc32, gzipSync } from 'node:zlib';
import { stringify as yamlStringify } from 'yaml';
import { parquetWriteBuffer } from 'hyparquet-writer';

/**
 * A seeded generator of small dataset repos for the differential test: the layouts of the upstream tests
 * already ported (test/splits/*), then random layouts (split names in file and folder names, nesting,
 * README `configs:` in every form, valid and invalid, `dataset_info`, legacy `dataset_infos.json`, mixed
 * formats, archives, media folders with and without metadata). Every data file has small valid content.
 */

export interface GeneratedRepo {
  /** `parity/<name>`: unique within a run */
  id: string;
  files: Record<string, Buffer>;
  /** features used, for the deviations file to name the repos a deviation applies to */
  tags: string[];
}

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------- file contents ----------

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function wav(): Buffer {
  const samples = 8;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  return b;
}

/** A one-page PDF with a correct cross-reference table. */
function pdf(): Buffer {
  const objects = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A zip of stored (uncompressed) members. */
export function zip(members: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of members) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A ustar archive. */
export function tar(members: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, data] of members) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const byte of h) sum += byte;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** Content of `rows` rows for a file with this name (by its last known extension). */
export function content(file: string, rows: number, rng: Rng): Buffer {
  const lower = file.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf('.'));
  const ids = Array.from({ length: rows }, (_, i) => i);
  switch (ext) {
    case '.csv':
      return Buffer.from(`id,text\n${ids.map((i) => `${i},row ${i}\n`).join('')}`);
    case '.tsv':
      return Buffer.from(`id\ttext\n${ids.map((i) => `${i}\trow ${i}\n`).join('')}`);
    case '.jsonl':
    case '.ndjson':
      return Buffer.from(ids.map((i) => `${JSON.stringify({ id: i, text: `row ${i}` })}\n`).join(''));
    case '.json': {
      // the shapes the json builder reads each its own way (pyarrow, ujson then pyarrow, pandas)
      const rowsOf = ids.map((i) => ({ id: i, text: `row ${i}` }));
      switch (rng.pick(['array', 'array', 'pretty-array', 'space-array', 'pretty-objects'])) {
        case 'pretty-array':
          return Buffer.from(JSON.stringify(rowsOf, null, 2));
        case 'space-array':
          return Buffer.from(`\n  ${JSON.stringify(rowsOf)}\n`);
        case 'pretty-objects':
          return Buffer.from(rowsOf.map((r) => JSON.stringify(r, null, 2)).join('\n'));
        default:
          return Buffer.from(JSON.stringify(rowsOf));
      }
    }
    case '.txt':
      return Buffer.from(ids.map((i) => `line ${i}\n`).join(''));
    case '.parquet':
      return Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'id', data: ids.map((i) => i), type: 'INT32' }] }));
    case '.png':
      return PNG_1x1;
    case '.wav':
      return wav();
    case '.pdf':
      return pdf();
    case '.gz':
      return gzipSync(content(file.slice(0, -3), rows, rng));
    case '.conll':
      return Buffer.from(`-DOCSTART- -X- O\n\n${ids.map((i) => `word${i}\tNN\tO\n.\t.\tO\n\n`).join('')}`);
    case '.conllu':
      return Buffer.from(ids.map((i) => `# sent_id = ${i}\n# text = word${i} .\n1\tword${i}\tword\tNOUN\n2\t.\t.\tPUNCT\n\n`).join(''));
    case '.xml':
      return Buffer.from(`<rows>${ids.map((i) => `<row>${i}</row>`).join('')}</rows>`);
    default:
      return Buffer.from(`bytes of ${file} ${rng.int(0, 1e6)}`);
  }
}

// ---------- layouts ----------

/** The layouts of the upstream split-pattern cases (tests/test_data_files.py), as ported in test/splits. */
const UPSTREAM_LAYOUTS: string[][] = [
  ['train.txt', 'valid.txt', 'test.txt'],
  ['data/train.txt', 'data/valid.txt', 'data/test.txt'],
  ['train/split.txt', 'valid/split.txt', 'test/split.txt'],
  ['data/train_0.txt', 'data/train_1.txt', 'data/validation_0.txt', 'data/test_0.txt'],
  ['data/train-00000-of-00002.txt', 'data/train-00001-of-00002.txt', 'data/test-00000-of-00001.txt', 'data/random-00000-of-00001.txt'],
  ['dataset.txt'],
  ['data/dataset.txt'],
  ['data/image.png', 'metadata.jsonl'],
  ['data/image.png', 'metadata.csv'],
  ['my_train_dir/dataset.txt'],
  ['data/my_train_file.txt'],
  ['my_test_dir/dataset.txt'],
  ['data/my_validation_file.txt'],
  ['eval.txt'],
  ['eval/dataset.txt'],
  ['dev/dataset.txt'],
  ['data/val.txt'],
  ['train.parquet', 'valid.parquet', 'test.parquet'],
  ['developers_list.txt'],
  ['data/seqeval_results.txt'],
  ['contest.txt'],
  ['my.test.file.txt'],
  ['my test file.txt'],
  ['test00001.txt'],
  ['test/train.txt'],
  ['data/train.txt', 'data/test.txt', '.dummy'],
  ['cats/cat.png', 'dogs/dog.png'],
];

/** Data formats, with how often they are drawn. */
const FORMATS: [string, number][] = [
  ['.csv', 8],
  ['.jsonl', 8],
  ['.parquet', 8],
  ['.txt', 5],
  ['.tsv', 3],
  ['.json', 4],
  ['.png', 6],
  ['.wav', 3],
  ['.jsonl.gz', 3],
  ['.zip', 4],
  ['.tar', 2],
  ['.mp4', 1],
  ['.pdf', 1],
  ['.mpg', 1],
  ['.m4a', 1],
  ['.conll', 1],
  ['.conllu', 1],
  ['.tar.gz', 1],
  ['.xml', 1],
  ['.md', 1],
  ['.dat', 1],
  ['.CSV', 1],
];

function pickFormat(rng: Rng): string {
  const total = FORMATS.reduce((n, [, w]) => n + w, 0);
  let r = rng.next() * total;
  for (const [f, w] of FORMATS) if ((r -= w) < 0) return f;
  return '.csv';
}

const SPLIT_WORDS = ['train', 'training', 'test', 'testing', 'eval', 'evaluation', 'validation', 'valid', 'dev', 'val'];
const OTHER_WORDS = ['data', 'part', 'shard', 'contest', 'developers', 'notes', 'raw', 'extra'];
const SEPS = ['-', '_', '.', ' ', ''];

interface Builder {
  files: Record<string, Buffer>;
  tags: Set<string>;
  rng: Rng;
}

function addData(b: Builder, path: string, rows: number): void {
  const rng = b.rng;
  if (path.endsWith('.zip')) {
    const inner = rng.pick(['.csv', '.jsonl', '.png', '.txt']);
    const n = rng.int(1, 3);
    b.files[path] = zip(
      Array.from({ length: n }, (_, i) => {
        const name = `${rng.chance(0.3) ? 'inner/' : ''}member_${i}${inner}`;
        return [name, content(name, rows, rng)] as [string, Buffer];
      }),
    );
    b.tags.add(`zip${inner}`);
    return;
  }
  if (path.endsWith('.tar') || path.endsWith('.tar.gz')) {
    const archive = tar(Array.from({ length: rows }, (_, i) => [`${String(i).padStart(4, '0')}.txt`, Buffer.from(`sample ${i}`)] as [string, Buffer]));
    b.files[path] = path.endsWith('.gz') ? gzipSync(archive) : archive;
    return;
  }
  b.files[path] = content(path, rows, rng);
}

/** File names of one split, by a random naming scheme. */
function splitFiles(rng: Rng, split: string, ext: string, scheme: string, prefix: string): string[] {
  const n = rng.int(1, 3);
  const sep = rng.pick(SEPS.slice(0, 4));
  switch (scheme) {
    case 'filename':
      return Array.from(
        { length: n },
        (_, i) => `${prefix}${rng.chance(0.3) ? `${rng.pick(OTHER_WORDS)}${sep}` : ''}${split}${n > 1 || rng.chance(0.3) ? `${sep}${i}` : ''}${ext}`,
      );
    case 'dir':
      return Array.from({ length: n }, (_, i) => `${prefix}${split}${rng.chance(0.2) ? `${sep}x` : ''}/${rng.chance(0.3) ? 'sub/' : ''}file_${i}${ext}`);
    case 'sharded':
      return Array.from({ length: n }, (_, i) => `data/${split}-${String(i).padStart(5, '0')}-of-${String(n).padStart(5, '0')}${ext}`);
    default:
      return Array.from({ length: n }, (_, i) => `${prefix}${rng.pick(OTHER_WORDS)}_${i}${ext}`);
  }
}

function randomLayout(b: Builder): string[] {
  const rng = b.rng;
  const scheme = rng.pick(['filename', 'dir', 'sharded', 'flat', 'mixed']);
  b.tags.add(`layout:${scheme}`);
  const prefix = rng.pick(['', '', 'data/', 'a/b/', 'nested/deep/x/']);
  const mainFormat = pickFormat(rng);
  const files: string[] = [];
  const splits =
    scheme === 'sharded'
      ? [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(['train', 'test', 'validation', 'extra', 'my-split', 'other.part', 'dev'])))]
      : [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(SPLIT_WORDS)))];
  for (const split of splits) {
    const ext = rng.chance(0.12) ? pickFormat(rng) : mainFormat;
    b.tags.add(`ext:${ext}`);
    const s = scheme === 'mixed' ? rng.pick(['filename', 'dir', 'flat']) : scheme;
    files.push(...splitFiles(rng, split, ext, s, prefix));
  }
  if (rng.chance(0.1)) files.push(`.hidden/${rng.pick(SPLIT_WORDS)}${mainFormat}`);
  if (rng.chance(0.1)) files.push(`__pycache__/x${mainFormat}`);
  if (rng.chance(0.1)) files.push(`docs/notes.md`);
  if (rng.chance(0.1)) files.push(`config.json`);
  return [...new Set(files)];
}

/** A metadata file for the media files of a folder, listing all, some, or extra file names. */
function addMetadata(b: Builder, media: string[]): void {
  const rng = b.rng;
  const byDir = new Map<string, string[]>();
  for (const m of media) {
    const dir = m.includes('/') ? m.slice(0, m.lastIndexOf('/') + 1) : '';
    byDir.set(dir, [...(byDir.get(dir) ?? []), m.slice(dir.length)]);
  }
  const useRoot = rng.chance(0.5);
  const kind = rng.pick(['metadata.jsonl', 'metadata.csv']);
  b.tags.add(`metadata:${kind}`);
  const groups = useRoot ? ([['', media]] as [string, string[]][]) : [...byDir].map(([d, names]) => [d, names.map((n) => d + n)] as [string, string[]]);
  for (const [dir, paths] of groups) {
    const names = paths.map((p) => p.slice(dir.length));
    const rows = names.map((n, i) => ({ file_name: n, label: i }));
    b.files[`${dir}${kind}`] = Buffer.from(
      kind.endsWith('.csv')
        ? `file_name,label\n${rows.map((r) => `${r.file_name},${r.label}`).join('\n')}\n`
        : rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
  }
}

/** A metadata file at a given place, listing the media files under its folder by relative path. */
function addMetadataFile(b: Builder, file: string, media: string[]): void {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const names = media.filter((m) => m.startsWith(dir)).map((m) => m.slice(dir.length));
  const rows = names.map((n, i) => ({ file_name: n, label: i }));
  b.files[file] = Buffer.from(
    file.endsWith('.csv')
      ? `file_name,label\n${rows.map((r) => `${r.file_name},${r.label}`).join('\n')}\n`
      : rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
}

const CONFIG_NAMES = ['default', 'main', 'v1', 'v2', 'en', 'fr', 'small', 'cfg-2', 'with space'];

/** A README `configs:` in one of the forms the library accepts or rejects. */
function randomConfigs(b: Builder, files: string[]): unknown {
  const rng = b.rng;
  const dirs = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))))];
  const exts = [...new Set(files.map((f) => f.slice(f.lastIndexOf('.'))))];
  const pattern = (): string =>
    rng.pick([
      () => rng.pick(files),
      () => `**/*${rng.pick(exts)}`,
      () => (dirs.length ? `${rng.pick(dirs)}/*` : '*'),
      () => (dirs.length ? `${rng.pick(dirs)}/**` : '**'),
      () => `missing/*.csv`,
      () => `missing.csv`,
      () => `*${rng.pick(SPLIT_WORDS)}*`,
      () => `./${rng.pick(files)}`,
      () => (dirs.length ? `${rng.pick(dirs)}` : 'data'),
      () => `**/*.${rng.pick(['CSV', 'Parquet', 'jsonl', 'png'])}`,
    ])();
  const form = rng.pick(['string', 'list', 'split-list', 'split-list', 'mapping', 'split-list-bad-name', 'none', 'data_dir', 'bad-item']);
  b.tags.add(`configs:${form}`);
  const n = rng.chance(0.6) ? 1 : rng.int(2, 3);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const c: Record<string, unknown> = {};
    const nameForm = rng.next();
    if (nameForm < 0.05) b.tags.add('config:no-name');
    else if (nameForm < 0.08) {
      c.config_name = rng.pick(['a/b', 'x:y', 'q?']);
      b.tags.add('config:bad-name');
    } else if (nameForm < 0.1) {
      c.config_name = rng.int(1, 9);
      b.tags.add('config:int-name');
    } else c.config_name = rng.pick(CONFIG_NAMES);
    switch (form) {
      case 'string':
        c.data_files = pattern();
        break;
      case 'list':
        c.data_files = [pattern(), ...(rng.chance(0.3) ? [pattern()] : [])];
        break;
      case 'split-list':
      case 'split-list-bad-name': {
        const splits = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(['train', 'test', 'validation', 'extra', 'dev'])))];
        if (form === 'split-list-bad-name') splits.push(rng.pick(['my-split', 'a b', 'x.', 'ok.name']));
        c.data_files = splits.map((s) => ({ split: s, path: rng.chance(0.3) ? [pattern(), pattern()] : pattern() }));
        break;
      }
      case 'mapping':
        c.data_files = { train: pattern(), test: pattern() };
        break;
      case 'data_dir':
        c.data_dir = dirs.length ? rng.pick([...dirs, ...dirs.map((d) => `./${d}`), ...dirs.map((d) => `${d}/`)]) : rng.pick(['data', 'nope']);
        if (rng.chance(0.3)) c.data_files = rng.pick(['*', '**', 'train*', [{ split: 'test', path: '*' }]]);
        break;
      case 'bad-item':
        c.data_files = [{ split: 'train' }];
        break;
    }
    if (rng.chance(0.15)) c.default = rng.pick([true, true, false, 'yes', 1]);
    if (rng.chance(0.1)) c.drop_labels = true;
    out.push(c);
  }
  if (rng.chance(0.03)) return { config_name: 'not-a-list' };
  if (rng.chance(0.03)) return [];
  return out;
}

function randomDatasetInfo(b: Builder, configNames: string[]): unknown {
  const rng = b.rng;
  b.tags.add('dataset_info');
  const infos = configNames.map((name) => {
    const splits = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(['train', 'test', 'validation'])))].map((s) => {
      const split: Record<string, unknown> = { name: s, num_bytes: rng.int(10, 1000) };
      if (rng.chance(0.8)) split.num_examples = rng.int(1, 5);
      if (rng.chance(0.1)) {
        split.unknown_key = 1;
        b.tags.add('dataset_info:unknown-key');
      }
      return split;
    });
    return { config_name: name, splits };
  });
  return infos.length === 1 && rng.chance(0.5) ? infos[0] : infos;
}

function legacyInfos(b: Builder, names: string[]): Buffer {
  const rng = b.rng;
  b.tags.add(names.length === 1 ? 'legacy-infos:single' : 'legacy-infos:several');
  const out: Record<string, unknown> = {};
  for (const n of names) {
    out[n] = { splits: Object.fromEntries(['train', 'test'].slice(0, rng.int(1, 2)).map((s) => [s, { name: s, num_bytes: 10, num_examples: rng.int(1, 5) }])) };
  }
  return Buffer.from(JSON.stringify(out));
}

function readme(card: Record<string, unknown>): Buffer {
  return Buffer.from(`---\n${yamlStringify(card)}---\n# A generated dataset\n`);
}

/** Rarer repos: private or gated, with a script, without data, with invalid YAML or a `.huggingface.yaml`. */
function addOddities(b: Builder, name: string): void {
  const rng = b.rng;
  const r = rng.next();
  if (r < 0.02) {
    b.files['.hub-repo.json'] = Buffer.from(JSON.stringify({ private: true }));
    b.tags.add('private');
  } else if (r < 0.04) {
    b.files['.hub-repo.json'] = Buffer.from(JSON.stringify({ gated: 'auto' }));
    b.tags.add('gated');
  } else if (r < 0.06) {
    b.files[`${name}.py`] = Buffer.from('import datasets\n');
    b.tags.add('script');
  } else if (r < 0.08) {
    for (const k of Object.keys(b.files)) if (k !== 'README.md') delete b.files[k];
    b.tags.add('no-data');
  } else if (r < 0.1) {
    b.files['README.md'] = Buffer.from('---\nconfigs: [unclosed\n  - a: : b\n---\n');
    b.tags.add('bad-yaml');
  } else if (r < 0.12) {
    b.files['.huggingface.yaml'] = Buffer.from(yamlStringify({ configs: [{ config_name: 'from_yaml_file', data_files: '**' }] }));
    b.tags.add('huggingface-yaml');
  }
}

// ---------- repos in the shapes of real Hub datasets (issue 22) ----------

/**
 * Tabular formats of the real-shape repos, written as their builder reads them. The `opts` of a file say how it
 * is written (csv separator, comment lines, a json `field`…), the same as the builder options of its config.
 */
interface TableOpts {
  sep?: string;
  comment?: boolean;
  skiprows?: number;
  noHeader?: boolean;
  field?: string;
  paragraphs?: boolean;
  bom?: boolean;
  latin1?: boolean;
}

function table(ext: string, rows: number, rng: Rng, o: TableOpts = {}): Buffer {
  const lower = ext.toLowerCase();
  const ids = Array.from({ length: rows }, (_, i) => i);
  let out: Buffer;
  if (lower.endsWith('.gz')) return gzipSync(table(ext.slice(0, -3), rows, rng, o));
  if (lower === '.csv' || lower === '.tsv') {
    const sep = o.sep ?? (lower === '.tsv' ? '\t' : ',');
    const lines = [...(o.noHeader ? [] : [`id${sep}text`]), ...ids.map((i) => `${i}${sep}${o.latin1 ? 'caf\u00e9' : `row ${i}`}`)];
    if (o.comment) lines.splice(1, 0, '# a comment line');
    const pre = Array.from({ length: o.skiprows ?? 0 }, (_, i) => `junk line ${i}`);
    out = o.latin1 ? Buffer.from([...pre, ...lines].join('\n') + '\n', 'latin1') : Buffer.from([...pre, ...lines].join('\n') + '\n');
  } else if (lower === '.jsonl') {
    out = Buffer.from(ids.map((i) => `${JSON.stringify({ id: i, text: `row ${i}` })}\n`).join(''));
  } else if (lower === '.json') {
    const rowsOf = ids.map((i) => ({ id: i, text: `row ${i}` }));
    out = Buffer.from(o.field ? JSON.stringify({ version: '1.0', [o.field]: rowsOf }) : JSON.stringify(rowsOf));
  } else if (lower === '.txt') {
    out = Buffer.from(o.paragraphs ? ids.map((i) => `line ${i}\nmore of ${i}\n\n`).join('') : ids.map((i) => `line ${i}\n`).join(''));
  } else if (lower === '.parquet') {
    return Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: ids, type: 'INT32' },
          { name: 'text', data: ids.map((i) => `row ${i}`), type: 'STRING' },
        ],
      }),
    );
  } else out = content(`x${lower}`, rows, rng);
  return o.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), out]) : out;
}

/** A YAML value written as is (`yes`, `~`, `2020-01-01`, `0o10`…), where the emitter would quote it. */
function raw(text: string): { raw: string } {
  return { raw: text };
}

type YamlValue = string | number | boolean | null | { raw: string } | YamlValue[] | { [k: string]: YamlValue };

/** Flow-style YAML: JSON for strings (valid YAML double-quoted scalars), `raw` values as they are. */
function flow(v: YamlValue): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'raw' in v && typeof v.raw === 'string') return v.raw;
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${flow(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v);
}

interface RealConfig {
  entries: [string, YamlValue][];
}

/**
 * The `configs:` block: one mapping per config. With `merge`, the shared builder options are a top-level
 * mapping anchored `&base` and merged into every config (`<<: *base`), not repeated in each.
 */
function configsYaml(configs: RealConfig[], merge: [string, YamlValue][] | undefined): string {
  const lines: string[] = [];
  if (merge) lines.push(`builder_options: &base ${flow(Object.fromEntries(merge))}`);
  lines.push('configs:');
  for (const c of configs) {
    let entries = c.entries;
    let first = '- ';
    if (merge) {
      lines.push('- <<: *base');
      first = '  ';
      entries = entries.filter(([k]) => !merge.some(([m]) => m === k));
    }
    entries.forEach(([k, v], j) => lines.push(`${j === 0 ? first : '  '}${k}: ${flow(v)}`));
  }
  return lines.join('\n') + '\n';
}

function frontMatter(b: Builder, yaml: string): Buffer {
  const rng = b.rng;
  const r = rng.next();
  let text = `---\n${yaml}---\n# A dataset\n\nSome words.\n`;
  if (r < 0.03) {
    text = `\n${text}`;
    b.tags.add('front-matter:leading-blank-line');
  } else if (r < 0.06) {
    text = text.replace(/^---\n/, '--- \n');
    b.tags.add('front-matter:trailing-space');
  } else if (r < 0.1) {
    text = text.replace(/\n/g, '\r\n');
    b.tags.add('front-matter:crlf');
  } else if (r < 0.13) {
    text = `\uFEFF${text}`;
    b.tags.add('front-matter:bom');
  }
  return Buffer.from(text);
}

const LANGS = ['en', 'fr', 'de', 'zh', 'ja', 'pt-BR', 'sw'];
const SPLIT_SETS: string[][] = [
  ['train', 'validation', 'test'],
  ['train', 'test'],
  ['train'],
  ['train', 'validation_matched', 'validation_mismatched'],
  ['train.clean.100', 'validation.clean', 'test.clean', 'test.other'],
  ['train', 'dev', 'test'],
  ['train', 'eval'],
];
// mixed-case extensions are rare: the library's patterns find some of them only (then no data files)
const TABULAR = [
  ...['.parquet', '.parquet', '.parquet', '.jsonl', '.jsonl', '.csv', '.csv', '.json', '.txt', '.tsv', '.jsonl.gz', '.csv.gz'],
  ...['.parquet', '.parquet', '.parquet', '.jsonl', '.jsonl', '.csv', '.csv', '.json', '.txt', '.tsv', '.jsonl.gz', '.csv.gz'],
  ...['.JSONL', '.CSV', '.Parquet'],
];

function shardNames(dir: string, split: string, ext: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${dir}${split}-${String(i).padStart(5, '0')}-of-${String(n).padStart(5, '0')}${ext}`);
}

/** Builder options for a config whose files have this extension: a valid value, mostly one the count honours. */
function builderOptions(b: Builder, ext: string): { entries: [string, YamlValue][]; opts: TableOpts; rare: boolean } {
  const rng = b.rng;
  const e = ext.toLowerCase().replace(/\.gz$/, '');
  const entries: [string, YamlValue][] = [];
  const opts: TableOpts = {};
  if (!rng.chance(0.45)) return { entries, opts, rare: false };
  // options off their default that the worker does not read (its count is null, the streamed share lower) are
  // rare, and their repos have one config
  const rare = rng.chance(0.06);
  const tag = (name: string) => b.tags.add(`option:${e.slice(1)}:${name}`);
  switch (e) {
    case '.csv': {
      const pick = rare
        ? rng.pick(['skiprows', 'header', 'comment', 'encoding-latin1'])
        : rng.pick(['sep', 'sep', 'delimiter', 'header-infer', 'encoding', 'na_values', 'skipinitialspace']);
      tag(pick);
      if (pick === 'sep') {
        opts.sep = rng.pick([';', '|']);
        entries.push(['sep', opts.sep]);
      } else if (pick === 'delimiter') {
        opts.sep = '\t';
        entries.push(['delimiter', '\t']);
        if (rng.chance(0.5)) entries.push(['sep', ';']); // delimiter wins over sep
      } else if (pick === 'header-infer') entries.push(['header', 'infer']);
      else if (pick === 'encoding') entries.push(['encoding', rng.pick(['utf-8', 'utf8', 'UTF-8'])]);
      else if (pick === 'na_values') entries.push(['na_values', ['NA', '-']]);
      else if (pick === 'skipinitialspace') entries.push(['skipinitialspace', raw(rng.pick(['yes', 'true', 'on']))]);
      else if (pick === 'skiprows') {
        opts.skiprows = 1;
        entries.push(['skiprows', 1]);
      } else if (pick === 'header') {
        opts.noHeader = true;
        entries.push(['header', raw(rng.pick(['~', 'null']))]);
      } else if (pick === 'comment') {
        opts.comment = true;
        entries.push(['comment', '#']);
      } else {
        opts.latin1 = true;
        entries.push(['encoding', 'latin-1']);
      }
      break;
    }
    case '.tsv':
      tag('sep-tab');
      entries.push(['sep', '\t']);
      break;
    case '.json':
    case '.jsonl': {
      // `features: ~` is an invalid value: the library refuses the configs (ConfigNamesError)
      const pick = rare && e === '.json' ? 'field' : rng.pick(['encoding', 'encoding', 'features', 'features', 'chunksize', 'features-null']);
      tag(pick);
      if (pick === 'field') {
        opts.field = 'data';
        entries.push(['field', 'data']);
      } else if (pick === 'encoding') entries.push(['encoding', 'utf-8']);
      else if (pick === 'chunksize') entries.push(['chunksize', 1 << 20]);
      else if (pick === 'features')
        entries.push([
          'features',
          [
            { name: 'id', dtype: 'int64' },
            { name: 'text', dtype: 'string' },
          ],
        ]);
      else entries.push(['features', raw('~')]);
      break;
    }
    case '.txt': {
      const pick = rare ? rng.pick(['sample_by-paragraph', 'sample_by-document']) : rng.pick(['keep_linebreaks', 'sample_by-line', 'encoding']);
      tag(pick);
      if (pick === 'keep_linebreaks') entries.push(['keep_linebreaks', raw(rng.pick(['yes', 'on', 'true']))]);
      else if (pick === 'sample_by-line') entries.push(['sample_by', 'line']);
      else if (pick === 'encoding') entries.push(['encoding', 'utf-8']);
      else {
        opts.paragraphs = true;
        entries.push(['sample_by', pick.slice('sample_by-'.length)]);
      }
      break;
    }
    case '.parquet': {
      const pick = rare ? 'filters' : rng.pick(['columns', 'columns', 'batch_size']);
      tag(pick);
      if (pick === 'columns') entries.push(['columns', rng.pick([['id'], ['text', 'id']])]);
      else if (pick === 'batch_size') entries.push(['batch_size', 100]);
      else entries.push(['filters', [['id', '>', 0]]]);
      break;
    }
  }
  // every builder but tsv's and jsonl's has a rare option off its default
  return { entries, opts, rare: rare && ['.csv', '.json', '.txt', '.parquet'].includes(e) };
}

/** Several configs, each in its own folder (`data_dir`, or `data_files` with `**`), sharded, one the default. */
function realConfigs(b: Builder): string {
  const rng = b.rng;
  const ext = rng.pick(TABULAR);
  const shared = builderOptions(b, ext);
  const n = shared.rare ? 1 : rng.int(1, 4);
  const langs = [...new Set(Array.from({ length: n }, () => rng.pick(LANGS)))];
  b.tags.add(`real:configs`);
  b.tags.add(`real-ext:${ext}`);
  if (ext !== ext.toLowerCase()) b.tags.add('mixed-case-extension');
  if (ext.endsWith('.gz')) b.tags.add('compressed-shards');
  const defaultAt = rng.chance(0.6) ? rng.int(0, langs.length - 1) : -1;
  const merge = langs.length > 1 && shared.entries.length > 0 && rng.chance(0.8);
  if (merge) b.tags.add('yaml:merge-key');
  const configs: RealConfig[] = [];
  langs.forEach((lang, li) => {
    const splits = shared.rare ? ['train'] : rng.pick(SPLIT_SETS);
    const standard = splits.every((s) => ['train', 'validation', 'test'].includes(s));
    const mode = standard ? rng.pick(['data_dir', 'data_dir', 'glob', 'files']) : rng.pick(['glob', 'files']);
    b.tags.add(`config:${mode}`);
    const nested = rng.chance(0.3);
    const dir = `${lang}/${mode === 'data_dir' && rng.chance(0.5) ? 'data/' : ''}`;
    const entries: [string, YamlValue][] = [];
    const name = yamlName(b, lang);
    entries.push(['config_name', name]);
    const filesOf = new Map<string, string[]>();
    for (const split of splits) {
      const shards = rng.int(1, 2);
      const sub = nested && mode === 'glob' ? `${rng.pick(['part1', 'x/y'])}/` : '';
      if (sub) b.tags.add('nested-folders');
      if (split.includes('.')) b.tags.add('split-name:dotted');
      if (split.includes('_')) b.tags.add('split-name:underscore');
      filesOf.set(split, shardNames(`${dir}${sub}`, split, ext, shards));
      for (const f of filesOf.get(split)!) b.files[f] = table(ext, rng.int(1, 4), rng, shared.opts);
    }
    if (mode === 'data_dir') entries.push(['data_dir', rng.chance(0.2) ? `${lang}/` : lang]);
    else {
      if (mode === 'glob') b.tags.add('glob:**');
      entries.push([
        'data_files',
        splits.map((s) => ({ split: s, path: mode === 'glob' ? `${lang}/**/${s}-*` : rng.chance(0.5) ? `${dir}${s}-*${ext}` : filesOf.get(s)! })),
      ]);
      if (mode === 'files') b.tags.add('data_files:split-list');
    }
    if (li === defaultAt) {
      const t = rng.pick(['true', 'true', 'yes', 'on', 'True']);
      entries.push(['default', raw(t)]);
      b.tags.add(t === 'true' ? 'default:true' : `yaml11:default-${t}`);
    } else if (rng.chance(0.1)) {
      entries.push(['default', raw(rng.pick(['false', 'no', 'off']))]);
      b.tags.add('yaml11:default-false');
    }
    entries.push(...shared.entries);
    configs.push({ entries });
  });
  return configsYaml(configs, merge ? shared.entries : undefined);
}

/** A config name: mostly a plain one, sometimes a YAML 1.1 scalar (quoted: a string; bare: what PyYAML makes of it). */
function yamlName(b: Builder, plain: string): YamlValue {
  const rng = b.rng;
  const r = rng.next();
  if (r < 0.04) {
    const v = rng.pick(['no', 'on', 'yes', 'off', 'NO', 'y']);
    if (rng.chance(0.6)) {
      b.tags.add('yaml11:quoted-bool-name');
      return v;
    }
    b.tags.add('yaml11:bare-bool-name');
    return raw(v);
  }
  if (r < 0.06) {
    b.tags.add('yaml11:number-or-date-name');
    return raw(rng.pick(['2020-01-01', '010', '1:30', '0x1f', '1_000', '3.0']));
  }
  if (r < 0.09) {
    b.tags.add('unicode:astral-config-name');
    return `${plain}-\u{1F600}`;
  }
  return plain;
}

/** An image or audio folder: split folders, labels as subfolders or metadata files in subfolders. */
function realFolder(b: Builder): string | undefined {
  const rng = b.rng;
  const ext = rng.pick(['.png', '.png', '.PNG', '.jpg', '.wav']);
  const media = ext.toLowerCase() === '.wav' ? wav() : PNG_1x1;
  b.tags.add(`real:folder${ext}`);
  if (ext !== ext.toLowerCase()) b.tags.add('mixed-case-extension');
  const splits = rng.pick([['train', 'test'], ['train'], ['train', 'validation', 'test']]);
  const root = rng.pick(['', 'data/', 'images/']);
  const withMeta = rng.chance(0.6);
  const metaKind = rng.pick(['metadata.jsonl', 'metadata.csv', 'metadata.parquet']);
  for (const split of splits) {
    const labels = rng.chance(0.5) ? ['cat', 'dog'] : [''];
    const names: string[] = [];
    for (const label of labels) {
      for (let i = 0; i < rng.int(1, 3); i++) {
        const name = `${label ? `${label}/` : ''}${split}_${i}${ext}`;
        b.files[`${root}${split}/${name}`] = media;
        names.push(name);
      }
    }
    if (withMeta) {
      b.tags.add(`folder:metadata-in-subfolder:${metaKind}`);
      const rows = names.map((n, i) => ({ file_name: n, caption: `c${i}` }));
      b.files[`${root}${split}/${metaKind}`] =
        metaKind === 'metadata.csv'
          ? Buffer.from(`file_name,caption\n${rows.map((r) => `${r.file_name},${r.caption}`).join('\n')}\n`)
          : metaKind === 'metadata.jsonl'
            ? Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
            : Buffer.from(
                parquetWriteBuffer({
                  columnData: [
                    { name: 'file_name', data: rows.map((r) => r.file_name), type: 'STRING' },
                    { name: 'caption', data: rows.map((r) => r.caption), type: 'STRING' },
                  ],
                }),
              );
    } else if (labels.length > 1) b.tags.add('folder:labels-from-dirs');
  }
  if (!rng.chance(0.4)) return undefined;
  const entries: [string, YamlValue][] = [['config_name', 'default']];
  if (rng.chance(0.5)) {
    entries.push(['data_files', splits.map((s) => ({ split: s, path: `${root}${s}/**` }))]);
    b.tags.add('glob:**');
  } else if (root) entries.push(['data_dir', root.slice(0, -1)]);
  // drop_metadata off its default makes the count null: only in one-split folders, to keep the streamed share
  const r = rng.next();
  const oneSplit = splits.length === 1;
  if (r < 0.5) {
    entries.push(['drop_labels', raw(rng.pick(['true', 'false', 'yes', 'no']))]);
    b.tags.add('option:folder:drop_labels');
  } else if (r < 0.53 && oneSplit) {
    entries.push(['drop_metadata', raw('true')]);
    b.tags.add('option:folder:drop_metadata');
  } else if (r >= 0.53 && r < 0.55 && oneSplit) {
    entries.push(['drop_metadata', raw('false')]);
    b.tags.add('option:folder:drop_metadata-false');
  }
  return configsYaml([{ entries }], undefined);
}

/** Archives of each kind: zips of tables or images, tars and tar.gz of webdataset samples. */
function realArchive(b: Builder): void {
  const rng = b.rng;
  const kind = rng.pick(['zip-table', 'zip-images', 'tar', 'tar.gz', 'tgz-table']);
  b.tags.add(`real:archive:${kind}`);
  const splits = rng.pick([['train', 'test'], ['train'], ['train', 'validation']]);
  // one format inside the zips of a repo: the library refuses splits of different formats
  const inner = rng.pick(['.csv', '.jsonl', '.parquet']);
  for (const split of splits) {
    const n = rng.int(1, 2);
    for (let s = 0; s < n; s++) {
      const shard = `${split}-${String(s).padStart(5, '0')}-of-${String(n).padStart(5, '0')}`;
      if (kind === 'zip-table') {
        b.files[`data/${shard}.zip`] = zip([[`${rng.chance(0.4) ? 'sub/' : ''}${split}_${s}${inner}`, table(inner, rng.int(1, 4), rng)]]);
      } else if (kind === 'zip-images') {
        b.files[`data/${shard}.zip`] = zip(Array.from({ length: rng.int(1, 3) }, (_, i) => [`img/${split}_${s}_${i}.png`, PNG_1x1] as [string, Buffer]));
      } else if (kind === 'tgz-table') {
        // a gzip-compressed tar of csv files is not a webdataset: the library reads it by its inner files
        b.files[`data/${shard}.tar.gz`] = gzipSync(tar([[`${split}_${s}.csv`, table('.csv', rng.int(1, 4), rng)]]));
      } else {
        const samples = rng.int(1, 4);
        const members: [string, Buffer][] = [];
        for (let i = 0; i < samples; i++) {
          const key = `${split}_${s}_${String(i).padStart(4, '0')}`;
          members.push([`${key}.png`, PNG_1x1], [`${key}.json`, Buffer.from(JSON.stringify({ label: i }))]);
          if (rng.chance(0.05)) {
            b.tags.add('webdataset:txt-field');
            members.push([`${key}.txt`, Buffer.from('x')]);
          }
        }
        const archive = tar(members);
        b.files[`data/${shard}.${kind}`] = kind === 'tar.gz' ? gzipSync(archive) : archive;
      }
    }
  }
}

/** Files at the edge of what builders read: BOM-prefixed, 0-byte, with names beyond the BMP. */
function realEdges(b: Builder): void {
  const rng = b.rng;
  const ext = rng.pick(['.csv', '.jsonl', '.txt', '.json']);
  b.tags.add(`real:edges${ext}`);
  const splits = rng.pick([['train', 'test'], ['train', '\u{1D42D}est', '\uFF54est'], ['train']]);
  if (splits.length === 3) b.tags.add('unicode:astral-split-name');
  const astralFile = rng.chance(0.3);
  if (astralFile) b.tags.add('unicode:astral-file-name');
  const empty = rng.chance(0.2) ? rng.int(0, splits.length - 1) : -1;
  splits.forEach((split, si) => {
    const files = si === empty ? 2 : rng.int(1, 2);
    for (let i = 0; i < files; i++) {
      const name = `data/${split}-${String(i).padStart(5, '0')}-of-${String(files).padStart(5, '0')}${astralFile ? '-\u{1F4DA}' : ''}${ext}`;
      const bom = rng.chance(0.3);
      if (bom) b.tags.add(`file:bom${ext}`);
      b.files[name] = table(ext, rng.int(1, 4), rng, { bom });
      if (si === empty && i === 1) {
        b.files[name] = Buffer.alloc(0);
        b.tags.add(`file:0-byte${ext}`);
      }
    }
  });
  // split names outside `data/{split}-…` need a config listing them
  if (splits.length === 3) {
    b.files['README.md'] = frontMatter(
      b,
      configsYaml(
        [
          {
            entries: [
              ['config_name', 'default'],
              ['data_files', splits.map((s) => ({ split: s, path: `data/${s}-*` }))],
            ],
          },
        ],
        undefined,
      ),
    );
  }
}

/** A repo in the shape of a real Hub dataset, valid for the library (up to the rare edges it is there to test). */
function realRepo(b: Builder): void {
  const rng = b.rng;
  const shape = rng.pick(['configs', 'configs', 'configs', 'configs', 'folder', 'folder', 'archive', 'archive', 'edges']);
  let yaml: string | undefined;
  if (shape === 'configs') yaml = realConfigs(b);
  else if (shape === 'folder') yaml = realFolder(b);
  else if (shape === 'archive') realArchive(b);
  else realEdges(b);
  if (b.files['README.md']) return;
  let card = yaml ?? '';
  if (rng.chance(0.3)) {
    b.tags.add('yaml11:scalars-elsewhere');
    card = `license: mit\npretty_name: A dataset\ndate: 2021-03-04\nversion: 010\nduration: 1:20\nflag: on\n${card}`;
  }
  if (card || rng.chance(0.5)) b.files['README.md'] = frontMatter(b, card || 'license: apache-2.0\n');
  if (rng.chance(0.1)) b.files['.gitattributes'] = Buffer.from('*.parquet filter=lfs diff=lfs merge=lfs -text\n');
}

/** Repo number `i` of the run with this seed: the same repo for the same (seed, i). */
export function generateRepo(seed: number, i: number): GeneratedRepo {
  const rng = new Rng((seed * 1000003 + i * 7919) >>> 0);
  const b: Builder = { files: {}, tags: new Set(), rng };
  let paths: string[];
  if (i < UPSTREAM_LAYOUTS.length) {
    paths = UPSTREAM_LAYOUTS[i]!;
    b.tags.add('upstream');
  } else if (rng.chance(0.03)) {
    // harbor task folders: task.toml and instruction.md, sometimes an instruction without its task
    b.tags.add('harbor');
    paths = [];
    for (let t = 0; t < rng.int(1, 3); t++) {
      const dir = `${rng.pick(['', 'tasks/', 'bench/'])}task-${t}`;
      if (rng.chance(0.85)) b.files[`${dir}/task.toml`] = Buffer.from(`[task]\nname = "org/task-${t}"\ndescription = "a task"\n`);
      b.files[`${dir}/instruction.md`] = Buffer.from(`Do task ${t}.\n`);
    }
  } else if (rng.chance(0.6)) {
    b.tags.add('real');
    realRepo(b);
    return { id: `parity/r${String(i).padStart(5, '0')}-s${seed}`, files: b.files, tags: [...b.tags].sort() };
  } else {
    paths = randomLayout(b);
  }
  // no empty data file: the builders read the first file of a split to know its columns, and fail on an empty one
  const rowsOf = () => rng.int(1, 5);
  const isMetadata = (p: string) => /(^|\/)metadata\.(csv|jsonl)$/.test(p);
  for (const p of paths) if (!isMetadata(p)) addData(b, p, rowsOf());
  const media = paths.filter((p) => /\.(png|wav|mp4|pdf)$/i.test(p));
  const upstreamMetadata = paths.find(isMetadata);
  if (upstreamMetadata) addMetadataFile(b, upstreamMetadata, media);
  else if (i >= UPSTREAM_LAYOUTS.length && media.length > 0 && rng.chance(0.4)) addMetadata(b, media);

  if (i >= UPSTREAM_LAYOUTS.length) {
    const card: Record<string, unknown> = {};
    let configNames = ['default'];
    if (rng.chance(0.45)) {
      const configs = randomConfigs(b, paths);
      card.configs = configs;
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a config_name of any type, named as the library's str() would
      if (Array.isArray(configs)) configNames = configs.map((c) => String((c as { config_name?: unknown }).config_name ?? 'default'));
    }
    if (rng.chance(0.2)) card.dataset_info = randomDatasetInfo(b, rng.chance(0.8) ? [...new Set(configNames)] : ['other']);
    if (Object.keys(card).length > 0 || rng.chance(0.3)) b.files['README.md'] = readme(card);
    if (rng.chance(0.08)) b.files['dataset_infos.json'] = legacyInfos(b, rng.chance(0.6) ? [rng.pick(['user--name', 'default', 'plain_text'])] : ['a', 'b']);
  }
  const name = `r${String(i).padStart(5, '0')}-s${seed}`;
  if (i >= UPSTREAM_LAYOUTS.length) addOddities(b, name);
  return { id: `parity/${name}`, files: b.files, tags: [...b.tags].sort() };
}

export function generateRepos(seed: number, count: number): GeneratedRepo[] {
  return Array.from({ length: count }, (_, i) => generateRepo(seed, i));
}
