/**
 * docker-compose.yml and the Dockerfile checked against the code, without a Docker engine: services, images,
 * the env vars the config reads with their defaults, mounted paths, the scrape target. `npm run test:compose`
 * (test/compose/) runs the stack for real.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONFIG_DEFAULTS } from '../../src/config/config.ts';

const root = path.resolve(import.meta.dirname, '../..');
interface Service {
  image?: string;
  build?: string | { context: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
}
const compose = parseYaml(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

/** `${NAME:-default}` → { name, default } */
function parseDefault(value: string): { name: string; fallback: string } {
  const m = /^\$\{(\w+):-(.*)\}$/.exec(value);
  assert.ok(m, `"${value}" is \${NAME:-default}`);
  return { name: m[1]!, fallback: m[2]! };
}

/** Defaults that differ in the container on purpose: the compose MongoDB and the node user's home. */
const CONTAINER_DEFAULTS: Record<string, string> = {
  MONGO_URL: 'mongodb://mongo:27017',
  HF_DATASETS_CACHE: path.posix.join('/home/node', path.relative(os.homedir(), CONFIG_DEFAULTS.HF_DATASETS_CACHE)),
  HF_MODULES_CACHE: path.posix.join('/home/node', path.relative(os.homedir(), CONFIG_DEFAULTS.HF_MODULES_CACHE)),
};

describe('docker-compose.yml', () => {
  it('has the five services', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['grafana', 'mongo', 'prometheus', 'webhook', 'worker']);
  });

  it('runs the webhook receiver only under its profile, from the worker image, with the settings it reads and a health check on its port', () => {
    const webhook = compose.services.webhook! as Service & { profiles?: string[]; command?: string[]; healthcheck?: { test: string[] } };
    assert.deepEqual(webhook.profiles, ['webhook']);
    assert.deepEqual(webhook.build, compose.services.worker!.build);
    assert.deepEqual(webhook.command, ['node', 'dist/src/cli/main.js', 'webhook']);
    assert.deepEqual(webhook.depends_on, { mongo: { condition: 'service_healthy' } });
    assert.deepEqual(Object.keys(webhook.environment!).sort(), [
      'LOG_LEVEL',
      'MONGO_CACHE_DATABASE',
      'MONGO_CONNECT_TIMEOUT_SECONDS',
      'MONGO_QUEUE_DATABASE',
      'MONGO_URL',
      'WEBHOOK_ALLOW_NO_SECRET',
      'WEBHOOK_PORT',
      'WEBHOOK_SECRET',
    ]);
    assert.equal(webhook.environment!.WEBHOOK_SECRET, '${WEBHOOK_SECRET:-}', 'no default secret');
    const port = webhook.environment!.WEBHOOK_PORT!;
    assert.match(webhook.healthcheck!.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${port}/healthz`));
    assert.deepEqual(webhook.ports, [`127.0.0.1:\${WEBHOOK_HOST_PORT:-${port}}:${port}`]);
  });

  it('runs the official mongo image at a pinned major version, with a health check and a named volume', () => {
    const mongo = compose.services.mongo!;
    assert.match(mongo.image!, /^mongo:\d+(\.\d+)*$/);
    assert.ok(mongo.healthcheck?.test.join(' ').includes('ping'));
    const volume = mongo.volumes![0]!.split(':')[0]!;
    assert.ok(volume in compose.volumes, `${volume} is a named volume`);
  });

  it('passes every variable the worker reads, with its default, and no other', () => {
    const env = compose.services.worker!.environment!;
    assert.deepEqual(Object.keys(env).sort(), Object.keys(CONFIG_DEFAULTS).sort());
    for (const [key, value] of Object.entries(env)) {
      const { name, fallback } = parseDefault(value);
      assert.equal(name, key);
      assert.equal(fallback, CONTAINER_DEFAULTS[key] ?? CONFIG_DEFAULTS[key as keyof typeof CONFIG_DEFAULTS], `default of ${key}`);
    }
  });

  it('starts the worker after MongoDB is healthy, and binds no host port so that --scale works', () => {
    const worker = compose.services.worker!;
    assert.deepEqual(worker.depends_on, { mongo: { condition: 'service_healthy' } });
    assert.equal(worker.ports, undefined);
    assert.deepEqual(worker.expose, [CONFIG_DEFAULTS.METRICS_PORT]);
  });

  it('publishes host ports on 127.0.0.1 only, each movable by a variable', () => {
    const ports = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    assert.equal(ports.length, 4);
    for (const p of ports) assert.match(p, /^127\.0\.0\.1:\$\{[A-Z_]+_PORT:-\d+\}:\d+$/);
  });

  it("builds the worker from the Dockerfile on a base image chosen by WORKER_BASE_IMAGE, by default the Dockerfile's own", () => {
    const build = compose.services.worker!.build as { context: string; args: Record<string, string> };
    assert.equal(build.context, '.');
    const { name, fallback } = parseDefault(build.args.BASE_IMAGE!);
    assert.equal(name, 'WORKER_BASE_IMAGE');
    const nodeVersion = /^ARG NODE_VERSION=(\d+)$/m.exec(dockerfile)![1];
    assert.match(dockerfile, /^ARG BASE_IMAGE=node:\$\{NODE_VERSION\}-bookworm-slim$/m);
    assert.equal(fallback, `node:${nodeVersion}-bookworm-slim`);
  });

  it('mounts only paths that exist in the repo', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const v of service.volumes ?? []) {
        const source = v.split(':')[0]!;
        if (source.startsWith('.')) assert.ok(existsSync(path.join(root, source)), `${name} mounts ${source}`);
        else assert.ok(source in compose.volumes, `${name} uses the named volume ${source}`);
      }
    }
  });

  it("scrapes the worker service on the worker's metrics port", () => {
    const prom = compose.services.prometheus!;
    const mount = prom.volumes!.find((v) => v.endsWith('/etc/prometheus/prometheus.yml:ro'))!;
    const config = parseYaml(readFileSync(path.join(root, mount.split(':')[0]!), 'utf8')) as {
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
    };
    const job = config.scrape_configs.find((j) => j.job_name === 'splits-worker')!;
    assert.deepEqual(job.dns_sd_configs[0]!.names, ['worker']);
    assert.equal(String(job.dns_sd_configs[0]!.port), CONFIG_DEFAULTS.METRICS_PORT);
  });

  it('provisions Grafana from grafana/ with anonymous read-only access', () => {
    const grafana = compose.services.grafana!;
    assert.equal(grafana.environment!.GF_AUTH_ANONYMOUS_ENABLED, 'true');
    assert.equal(grafana.environment!.GF_AUTH_ANONYMOUS_ORG_ROLE, 'Viewer');
    assert.ok(grafana.volumes!.includes('./grafana/provisioning:/etc/grafana/provisioning:ro'));
    const provider = parseYaml(readFileSync(path.join(root, 'grafana/provisioning/dashboards/dashboards.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardsMount = grafana.volumes!.find((v) => v.startsWith('./grafana/dashboards:'))!;
    assert.equal(dashboardsMount.split(':')[1], provider.providers[0]!.options.path);
    const datasource = parseYaml(readFileSync(path.join(root, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: { url: string; uid: string }[];
    };
    assert.equal(datasource.datasources[0]!.url, 'http://prometheus:9090');
    const dash = JSON.parse(readFileSync(path.join(root, 'grafana/dashboards/splits-worker.json'), 'utf8')) as { panels: { datasource: { uid: string } }[] };
    assert.ok(dash.panels.every((p) => p.datasource.uid === datasource.datasources[0]!.uid));
  });
});

describe('Dockerfile', () => {
  it('is multi-stage, installs production dependencies only, and runs as a non-root user', () => {
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 2);
    assert.match(dockerfile, /npm ci --omit=dev/);
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    assert.ok(users.length > 0 && users.at(-1) !== 'root');
    // node itself, in exec form, runs the built entry point: no shell or npm in between to swallow SIGTERM
    assert.match(dockerfile, /^CMD \["node", "dist\/src\/main\.js"\]$/m);
    assert.match(dockerfile, /^RUN npm run build$/m);
    const build = JSON.parse(readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
    assert.equal(path.join(build.compilerOptions.outDir, path.relative(build.compilerOptions.rootDir, 'src/main.js')), 'dist/src/main.js');
    assert.ok(existsSync(path.join(root, 'src/main.ts')));
  });
  it('exposes the metrics port', () => {
    assert.match(dockerfile, new RegExp(`^EXPOSE ${CONFIG_DEFAULTS.METRICS_PORT}$`, 'm'));
  });
});
