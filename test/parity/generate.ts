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
