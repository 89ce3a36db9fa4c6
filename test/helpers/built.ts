/**
 * The built worker (`npm run build` → dist/), which `npm start`, the installed CLI and the Docker image run: the
 * processes the tests start run it, so that what is tested is what ships. `npm test` builds first (`pretest`); a
 * test file run on its own after a change to src/ needs `npm run build` first, and says so rather than test old code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '../..');

let checked = false;

/** Throws unless every file of src/ and jobs/ has a built counterpart in dist/ at least as new as itself. */
export function assertBuilt(): void {
  if (checked) return;
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const built = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
        if (!existsSync(built) || statSync(built).mtimeMs < statSync(path.join(root, rel)).mtimeMs) stale.push(rel);
      }
    }
  };
  walk('src');
  walk('jobs');
  if (stale.length) throw new Error(`dist/ is missing or older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? '…' : ''}: run npm run build`);
  checked = true;
}

/** The absolute path of a built file, e.g. `builtPath('src/main.js')` → `<root>/dist/src/main.js` (checked fresh). */
export function builtPath(rel: string): string {
  assertBuilt();
  return path.join(root, 'dist', rel);
}

/** The file URL of a built module, for `import()`. */
export function builtModule(rel: string): string {
  return pathToFileURL(builtPath(rel)).href;
}
