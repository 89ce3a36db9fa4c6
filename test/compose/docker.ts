/**
 * The Docker engine the compose test talks to: the one that already answers (DOCKER_HOST or the default
 * socket), or a `dockerd` of its own, started here as root with its own exec root and socket in a temporary
 * folder and stopped at the end. Its data root is kept under .cache/ so that the base images built by
 * base-images.ts (and Docker's layer cache) survive from one run to the next.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../helpers/process.ts';

export interface DockerEngine {
  /** environment for `docker` and `docker compose` (DOCKER_HOST set when the daemon is ours) */
  env: NodeJS.ProcessEnv;
  /** whether this run started the daemon */
  own: boolean;
  stop(): Promise<void>;
}

/** A command's failure, with what it printed: the compose test's errors must say what Docker said. */
export class CommandError extends Error {
  constructor(cmd: string[], status: number | null, output: string) {
    super(`${cmd.join(' ')} exited ${status}:\n${output.slice(-4000)}`);
  }
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string | Buffer;
  /** bound on the command's time (default 10 minutes) */
  timeoutMs?: number;
  /** a non-zero exit is returned, not thrown */
  allowFailure?: boolean;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string[], opts: RunOptions = {}): RunResult {
  const spawnOpts: SpawnSyncOptions = {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  };
  const res = spawnSync(cmd[0]!, cmd.slice(1), spawnOpts);
  const out: RunResult = { status: res.status, stdout: String(res.stdout ?? ''), stderr: String(res.stderr ?? '') };
  if (res.error) throw new CommandError(cmd, null, String(res.error));
  if (res.status !== 0 && !opts.allowFailure) throw new CommandError(cmd, res.status, out.stdout + out.stderr);
  return out;
}

/** Like run, without blocking the event loop (the test serves and polls while builds run). */
export function runAsync(cmd: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: { out: Buffer[]; err: Buffer[] } = { out: [], err: [] };
    child.stdout.on('data', (b: Buffer) => chunks.out.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CommandError(cmd, null, String(e)));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      const res = { status, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
      if (status !== 0 && !opts.allowFailure) reject(new CommandError(cmd, status, res.stdout + res.stderr));
      else resolve(res);
    });
    child.stdin.end(opts.input);
  });
}

function answers(env: NodeJS.ProcessEnv): boolean {
  return run(['docker', 'version', '--format', '{{.Server.Version}}'], { env, allowFailure: true, timeoutMs: 15_000 }).status === 0;
}

/** The engine to use: an existing one, else our own dockerd (root only). */
export async function startDockerEngine(cacheDir: string, log: (msg: string) => void): Promise<DockerEngine> {
  const base = { ...process.env, DOCKER_BUILDKIT: '0' };
  if (answers(base)) {
    log(`using the Docker engine that answers at ${process.env.DOCKER_HOST ?? 'the default socket'}`);
    return { env: base, own: false, stop: async () => {} };
  }
  if (process.getuid?.() !== 0) throw new Error('no Docker engine answers, and starting one needs root');
  const dataRoot = path.join(cacheDir, 'docker');
  mkdirSync(dataRoot, { recursive: true });
  // one daemon per data root: a second run in the same checkout would wait on the first one's locks
  const lock = path.join(cacheDir, 'dockerd.lock');
  const holder = existsSync(lock) ? Number(readFileSync(lock, 'utf8')) : 0;
  if (holder && isAlive(holder)) throw new Error(`another compose test (pid ${holder}) runs a Docker engine on ${dataRoot}`);
  writeFileSync(lock, String(process.pid));
  // short path: containerd's sockets live in the exec root, and a socket path is limited to 108 bytes
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-dockerd-'));
  const sock = path.join(tmp, 'docker.sock');
  const logFile = path.join(tmp, 'dockerd.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(
    'dockerd',
    [
      '--data-root',
      dataRoot,
      '--exec-root',
      path.join(tmp, 'exec'),
      '--pidfile',
      path.join(tmp, 'docker.pid'),
      '-H',
      `unix://${sock}`,
      // the default bridge (build steps use it) and compose networks in ranges unlikely to be taken
      '--bip',
      '10.213.0.1/24',
      '--default-address-pool',
      'base=10.214.0.0/16,size=24',
    ],
    { stdio: ['ignore', fd, fd], detached: true },
  );
  closeSync(fd);
  const env = { ...base, DOCKER_HOST: `unix://${sock}` };
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const started = Date.now();
  while (!answers(env)) {
    if (exited !== undefined || Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`dockerd did not start (exit ${exited}):\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    await sleep(500);
  }
  log(`started dockerd (pid ${child.pid}), data root ${dataRoot}, socket ${sock}`);
  return {
    env,
    own: true,
    async stop() {
      if (exited === undefined) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        // dockerd stops its containers first (10 s each at most), then containerd
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(tmp, { recursive: true, force: true });
      rmSync(lock, { force: true });
    },
  };
}

/** `docker compose` (v2 plugin) when the client has it, else Debian's `docker-compose` (1.29). */
export function composeCommand(env: NodeJS.ProcessEnv): string[] {
  if (run(['docker', 'compose', 'version'], { env, allowFailure: true }).status === 0) return ['docker', 'compose'];
  if (run(['docker-compose', 'version'], { env, allowFailure: true }).status === 0) return ['docker-compose'];
  throw new Error('neither `docker compose` nor `docker-compose` is installed');
}
