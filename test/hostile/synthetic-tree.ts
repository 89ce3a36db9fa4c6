/**
 * A synthetic repository of any number of files, for the fake Hub: its tree is generated page by page as it is
 * asked for (Link pagination, as the Hub pages it), never held in memory, so that a test or a measurement can list
 * hundreds of thousands of files cheaply. Every file is an image (the imagefolder builder counts one row per
 * image from the listing alone, with no request per file).
 */
import { DATASET, SHA, json, notFound, type Handler } from './fake-hub.ts';

export interface SyntheticTree {
  /** how many files */
  files: number;
  /** files of the split `train` (the first ones); the rest are `test` (default: all `train`) */
  trainFiles?: number;
  /** length of each path (or one less), padded with folders (default: `data/<split>/<i>.jpg`) */
  pathChars?: number;
  /** entries per tree page */
  pageSize?: number;
}

/** The path of file `i`: `<padding folders>/<split>/<i>.jpg`. */
export function syntheticPath(tree: SyntheticTree, i: number): string {
  const split = i < (tree.trainFiles ?? tree.files) ? 'train' : 'test';
  const name = `${split}/${String(i).padStart(7, '0')}.jpg`;
  // folders of at most 100 characters in front, until the path is pathChars long (or one less)
  let prefix = '';
  for (let need = (tree.pathChars ?? 0) - name.length; need >= 2; need = (tree.pathChars ?? 0) - name.length - prefix.length) {
    prefix += `${'d'.repeat(Math.min(100, need - 1))}/`;
  }
  return prefix ? `${prefix}${name}` : `data/${name}`;
}

/** The fake Hub's handler for the synthetic repository: repo info and the paged tree; any file is not found. */
export function syntheticTreeHandler(tree: SyntheticTree): Handler {
  const pageSize = tree.pageSize ?? 10_000;
  return (_req, res, url) => {
    const p = decodeURIComponent(url.pathname);
    if (p === `/api/datasets/${DATASET}/revision/HEAD`) return json(res, 200, { _id: 'x', id: DATASET, sha: SHA, private: false, gated: false });
    if (!p.startsWith(`/api/datasets/${DATASET}/tree/`)) return notFound(res);
    const start = Number(url.searchParams.get('cursor') ?? '0');
    const end = Math.min(start + pageSize, tree.files);
    const entries = [];
    for (let i = start; i < end; i++) entries.push({ type: 'file', path: syntheticPath(tree, i), size: 1000, oid: '0' });
    const headers: Record<string, string> = {};
    if (end < tree.files) {
      const next = new URL(url.href);
      next.searchParams.set('cursor', String(end));
      headers.link = `<${next.href}>; rel="next"`;
    }
    json(res, 200, entries, headers);
  };
}
