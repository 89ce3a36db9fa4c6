/**
 * Which packaged builder of `datasets` reads the files (`infer_module_for_data_files_list`): the most
 * common extension, metadata files aside, with ties going to parquet, then jsonl, json, csv, then name.
 */
export type ModuleName = 'csv' | 'json' | 'parquet' | 'arrow' | 'text' | 'webdataset' | 'xml' | 'imagefolder' | 'audiofolder' | 'videofolder' | 'pdffolder';

const IMAGE = ['.blp', '.bmp', '.dib', '.bufr', '.cur', '.pcx', '.dcx', '.dds', '.ps', '.eps', '.fit', '.fits', '.fli', '.flc', '.ftc', '.ftu', '.gbr', '.gif', '.grib', '.h5', '.hdf', '.png', '.apng', '.jp2', '.j2k', '.jpc', '.jpf', '.jpx', '.j2c', '.icns', '.ico', '.im', '.iim', '.tif', '.tiff', '.jfif', '.jpe', '.jpg', '.jpeg', '.mpg', '.mpeg', '.msp', '.pcd', '.pxr', '.pbm', '.pgm', '.ppm', '.pnm', '.psd', '.bw', '.rgb', '.rgba', '.sgi', '.ras', '.tga', '.icb', '.vda', '.vst', '.webp', '.wmf', '.emf', '.xbm', '.xpm'];
const AUDIO = ['.aiff', '.au', '.avr', '.caf', '.flac', '.htk', '.svx', '.mat4', '.mat5', '.mpc2k', '.ogg', '.paf', '.pvf', '.raw', '.rf64', '.sd2', '.sds', '.ircam', '.voc', '.w64', '.wav', '.nist', '.wavex', '.wve', '.xi', '.mp3', '.opus', '.3gp', '.3g2', '.aac', '.ac3', '.amr', '.m4a', '.m4b', '.m4p', '.mka', '.mpc', '.spx', '.tta', '.wma', '.wv', '.webm'];
const VIDEO = ['.mkv', '.mp4', '.avi', '.mpeg', '.mov'];
const PDF = ['.pdf'];

export const EXTENSION_TO_MODULE = new Map<string, ModuleName>([
  ['.csv', 'csv'],
  ['.tsv', 'csv'],
  ['.json', 'json'],
  ['.jsonl', 'json'],
  ['.ndjson', 'json'],
  ['.parquet', 'parquet'],
  ['.geoparquet', 'parquet'],
  ['.gpq', 'parquet'],
  ['.arrow', 'arrow'],
  ['.txt', 'text'],
  ['.tar', 'webdataset'],
  ['.xml', 'xml'],
]);
for (const [exts, module] of [[IMAGE, 'imagefolder'], [AUDIO, 'audiofolder'], [VIDEO, 'videofolder'], [PDF, 'pdffolder']] as const) {
  for (const ext of exts) {
    if (!EXTENSION_TO_MODULE.has(ext)) EXTENSION_TO_MODULE.set(ext, module);
    if (!EXTENSION_TO_MODULE.has(ext.toUpperCase())) EXTENSION_TO_MODULE.set(ext.toUpperCase(), module);
  }
}

export const METADATA_FILENAMES = ['metadata.csv', 'metadata.jsonl', 'metadata.parquet'];
export const FOLDER_MODULES: ReadonlySet<ModuleName> = new Set(['imagefolder', 'audiofolder', 'videofolder', 'pdffolder']);

/** Every extension a data file may have (`ALL_ALLOWED_EXTENSIONS`). */
export const ALL_ALLOWED_EXTENSIONS: ReadonlySet<string> = new Set([...EXTENSION_TO_MODULE.keys(), '.zip']);

/** Only the first files are looked at, as the library does (DATA_FILES_MAX_NUMBER_FOR_MODULE_INFERENCE). */
const MAX_FILES_FOR_INFERENCE = 200;

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function inferModule(files: readonly string[]): ModuleName | undefined {
  const counts = new Map<string, { ext: string; isMetadata: boolean; count: number }>();
  for (const file of files.slice(0, MAX_FILES_FOR_INFERENCE)) {
    const name = basename(file);
    const isMetadata = METADATA_FILENAMES.includes(name);
    for (const suffix of name.split('.').slice(1)) {
      const ext = `.${suffix.toLowerCase()}`;
      const key = `${ext}|${isMetadata}`;
      const c = counts.get(key) ?? { ext, isMetadata, count: 0 };
      c.count++;
      counts.set(key, c);
    }
  }
  const rank = (c: { ext: string; isMetadata: boolean; count: number }) =>
    [Number(!c.isMetadata), c.count, Number(c.ext === '.parquet'), Number(c.ext === '.jsonl'), Number(c.ext === '.json'), Number(c.ext === '.csv')] as const;
  const sorted = [...counts.values()].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
    return a.ext < b.ext ? 1 : a.ext > b.ext ? -1 : 0;
  });
  for (const c of sorted) {
    const module = EXTENSION_TO_MODULE.get(c.ext);
    if (module) return module;
    // zip archives would need to be opened to know their content: not supported here
  }
  return undefined;
}

/** The files a builder keeps once its module is known (`DataFilesList.filter`). */
export function filterFilesForModule(files: readonly string[], module: ModuleName): string[] {
  const exts = [...EXTENSION_TO_MODULE].filter(([, m]) => m === module).map(([e]) => e);
  exts.push('.zip');
  const metadata = FOLDER_MODULES.has(module) ? METADATA_FILENAMES : [];
  return files.filter((f) => {
    const name = basename(f);
    if (metadata.includes(name)) return true;
    return exts.some((ext) => name.endsWith(ext) || name.includes(`${ext}.`));
  });
}
