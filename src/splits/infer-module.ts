import { comparePython } from './python-order.ts';
import {
  ALL_METADATA_FILENAMES,
  EXTENSION_TO_MODULE as EXTENSION_TO_MODULE_AND_KWARGS,
  MODULE_TO_EXTENSIONS,
  MODULE_TO_METADATA_EXTENSIONS,
  MODULE_TO_METADATA_FILE_NAMES,
  type ModuleName,
} from './library-rules.ts';

/**
 * Which packaged builder of `datasets` reads a split's files (`infer_module_for_data_files_list`, the release
 * in library-rules.ts): the most common extension (every suffix of the file name counts), metadata files
 * after data files, ties going to parquet, lance, vortex, arrow, jsonl, json, csv, then the greater extension.
 * A zip archive met first is looked into: the most common extension of its members decides.
 */
export type { ModuleName };
export { ALL_ALLOWED_EXTENSIONS } from './library-rules.ts';

/** extension → builder, without the builder's arguments (what the row counters need) */
export const EXTENSION_TO_MODULE: ReadonlyMap<string, ModuleName> = new Map([...EXTENSION_TO_MODULE_AND_KWARGS].map(([ext, [module]]) => [ext, module]));

/** A builder and its keyword arguments (JSON): `.tsv` is `csv` with a tab separator, not the same as `.csv`. */
export interface InferredModule {
  module: ModuleName;
  kwargs: string;
}

/** Lists the member paths of the first zip archives of a split (at most ARCHIVES_MAX_NUMBER_FOR_MODULE_INFERENCE). */
export type ArchiveLister = (zipFiles: readonly string[]) => Promise<string[]>;

export const FOLDER_MODULES: ReadonlySet<ModuleName> = new Set(['imagefolder', 'audiofolder', 'videofolder', 'pdffolder', 'meshfolder', 'niftifolder']);
/** Media folders read metadata files beside the media (imagefolder's METADATA_FILENAMES). */
export const METADATA_FILENAMES = MODULE_TO_METADATA_FILE_NAMES.imagefolder;

const TIE_BREAK = ['.parquet', '.lance', '.vortex', '.arrow', '.jsonl', '.json', '.csv'];

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Every suffix of a file name, lower-cased: `a.tar.gz` has `.tar` and `.gz`. */
export function suffixes(p: string): string[] {
  return basename(p)
    .split('.')
    .slice(1)
    .map((s) => `.${s.toLowerCase()}`);
}

interface Count {
  ext: string;
  isMetadata: boolean;
  count: number;
}

/** The extensions of the files, most telling first, as the library sorts them. */
function rankedExtensions(files: readonly string[]): Count[] {
  const counts = new Map<string, Count>();
  for (const file of files) {
    const isMetadata = ALL_METADATA_FILENAMES.has(basename(file));
    for (const ext of suffixes(file)) {
      const key = `${ext}|${isMetadata}`;
      const c = counts.get(key) ?? { ext, isMetadata, count: 0 };
      c.count++;
      counts.set(key, c);
    }
  }
  const rank = (c: Count) => [Number(!c.isMetadata), c.count, ...TIE_BREAK.map((e) => Number(c.ext === e))];
  return [...counts.values()].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
    return -comparePython(a.ext, b.ext);
  });
}

function fromExtension(ext: string): InferredModule | undefined {
  const found = EXTENSION_TO_MODULE_AND_KWARGS.get(ext);
  return found ? { module: found[0], kwargs: found[1] } : undefined;
}

/** Synchronous inference; a split whose deciding extension is `.zip` gives `'zip'` (its members must be listed). */
export function inferModuleSync(files: readonly string[]): InferredModule | 'zip' | undefined {
  for (const c of rankedExtensions(files)) {
    const found = fromExtension(c.ext);
    if (found) return found;
    if (c.ext === '.zip') return 'zip';
  }
  return undefined;
}

/** `infer_module_for_data_files_list_in_archives`: the most common extension among the archives' members. */
export function inferModuleFromArchiveMembers(members: readonly string[]): InferredModule | undefined {
  const counts = new Map<string, number>();
  for (const m of members) for (const ext of suffixes(m)) counts.set(ext, (counts.get(ext) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  // Counter.most_common keeps the first-seen extension on a tie
  for (const [ext, n] of counts) {
    if (n > bestCount) {
      best = ext;
      bestCount = n;
    }
  }
  return best === undefined ? undefined : fromExtension(best);
}

export async function inferModule(files: readonly string[], listArchives?: ArchiveLister): Promise<InferredModule | undefined> {
  const found = inferModuleSync(files);
  if (found !== 'zip') return found;
  if (!listArchives) return undefined;
  return inferModuleFromArchiveMembers(await listArchives(files.filter((f) => f.endsWith('.zip'))));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The files a builder keeps once its module is known (`DataFilesList.filter`): the library's regexes, run on
 * the whole path and case-sensitive (so `train.CSV` is inferred as csv, then dropped by the csv filter).
 */
export function filterFilesForModule(files: readonly string[], module: ModuleName): string[] {
  const exts = [...MODULE_TO_EXTENSIONS[module], ...MODULE_TO_METADATA_EXTENSIONS[module]];
  const names = MODULE_TO_METADATA_FILE_NAMES[module];
  const byExt = exts.length > 0 ? new RegExp(`^.*(${exts.map(escape).join('|')})(\\..+)?$`, 's') : undefined;
  const byName = names.length > 0 ? new RegExp(`^.*[/]?(${names.map(escape).join('|')})$`, 's') : undefined;
  return files.filter((f) => !!byExt?.test(f) || !!byName?.test(f));
}
