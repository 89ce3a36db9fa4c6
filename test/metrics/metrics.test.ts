/**
 * /metrics as users see it: checked by promtool, scraped by a real Prometheus with the project's scrape
 * config and queried through its HTTP API; every Grafana panel's PromQL parses and names exposed metrics.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, BUILT_WORKER, waitFor, waitForLog, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { startLocalHub } from '../helpers/local-hub.ts';
import type { LocalHub } from '../../src/local-hub/hub-server.ts';
import { countJobsByState, JOB_STATES } from '../../src/queue/count-jobs-by-state.ts';

const root = path.resolve(import.meta.dirname, '../..');
let mongo: TestMongo;
let hub: LocalHub;
let worker: WorkerHandle;
let metricsPort: number;
let metricsText: string;
let prometheus: ChildProcess | undefined;
let promUrl: string;

before(async () => {
  mongo = await startTestMongo();
  hub = await startLocalHub();
  const names = mongo.names();
  metricsPort = await freePort();
  worker = spawnWorker(
    workerEnv(mongo, names, {
      HF_ENDPOINT: hub.url,
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-hf-')),
      METRICS_ENABLED: 'true',
      METRICS_PORT: String(metricsPort),
      METRICS_REFRESH_SECONDS: '0.2',
    }),
    BUILT_WORKER,
  );
  await waitForLog(worker, 'metrics listening on /metrics, /healthz, /readyz');
  const agenda = await producer(mongo.client, names.queue);
  for (const d of ['acme/split-in-filenames', 'acme/sharded-parquet', 'acme/missing', 'acme/empty']) await agenda.now('splits', { dataset: d });
  await waitFor(
    async () => {
      const c = await countJobsByState(mongo.client.db(names.queue));
      return c.success === 2 && c.error === 2;
    },
    30_000,
    'four jobs done',
  );
  // the queue and cache figures come from a background refresh: wait for one that began after the four jobs ended,
  // i.e. one that shows all of them in both the queue and the cache (a refresh that read the cache while the failing
  // jobs ran, then the queue once the successful ones had ended, shows the queue's figure without the cache's)
  metricsText = await waitFor(
    async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const done = [
        /^queue_jobs_total\{queue="\/splits",status="success"\} 2$/m,
        /^queue_jobs_total\{queue="\/splits",status="error"\} 2$/m,
        /^responses_in_cache_total\{path="\/splits",http_status="404",error_code="DatasetNotFoundError"\} 1$/m,
        /^responses_in_cache_total\{path="\/splits",http_status="500",error_code="EmptyDatasetError"\} 1$/m,
        /^worker_jobs_total\{outcome="cached_error"\} 2$/m,
      ];
      return done.every((re) => re.test(text)) && text;
    },
    10_000,
    'a refresh of the queue and cache figures after the four jobs',
  );
});

after(async () => {
  prometheus?.kill('SIGTERM');
  worker.child.kill('SIGTERM');
  await worker.exited;
  await hub.close();
  await mongo.close();
});

function sampleNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => /^[a-zA-Z_:][\w:]*/.exec(l)![0]),
  );
}

describe('/metrics', () => {
  it('passes promtool check metrics, but for the gauge names kept from the original and from prom-client', () => {
    const res = spawnSync('promtool', ['check', 'metrics'], { input: metricsText, encoding: 'utf8' });
    // promtool exits 1 on a format error and 3 on lint findings. The only findings allowed are the
    // "_total" suffix of gauges whose names are a contract: queue_jobs_total and responses_in_cache_total
    // (the original datasets-server admin service's names) and prom-client's own nodejs_active_* gauges.
    const allowed =
      /^(queue_jobs_total|responses_in_cache_total|nodejs_active_(handles|requests|resources)_total) non-counter metrics should not have "_total" suffix$/;
    const findings = `${res.stdout}${res.stderr}`.split('\n').filter(Boolean);
    assert.ok(res.status === 0 || res.status === 3, `promtool status ${res.status}: ${findings.join('; ')}`);
    for (const line of findings) assert.match(line, allowed);
  });

  it('exposes every documented metric with a help text', () => {
    const names = sampleNames(metricsText);
    for (const name of [
      'queue_jobs_total',
      'responses_in_cache_total',
      'worker_jobs_total',
      'worker_job_duration_seconds_bucket',
      'worker_deferrals_total',
      'machine_load_pct',
      'machine_memory_pct',
      'worker_max_load_pct',
      'worker_max_memory_pct',
      'worker_max_jobs_per_dataset',
      'worker_process_cpu_percent',
      'worker_process_resident_memory_bytes',
      'hub_requests_total',
      'hub_request_duration_seconds_bucket',
      'process_cpu_seconds_total',
      'mongodb_up',
      'queue_metrics_last_success_timestamp_seconds',
      'queue_metrics_refresh_duration_seconds',
      'queue_metrics_refresh_failures_total',
      'queue_oldest_waiting_job_age_seconds',
      'queue_oldest_started_job_age_seconds',
      'worker_preflight_holding',
    ]) {
      assert.ok(names.has(name), `${name} exposed`);
    }
    for (const m of metricsText.matchAll(/^# TYPE (\S+)/gm)) assert.match(metricsText, new RegExp(`^# HELP ${m[1]} \\S`, 'm'), `${m[1]} has a help text`);
    assert.match(metricsText, /^queue_jobs_total\{queue="\/splits",status="success"\} 2$/m);
    assert.match(metricsText, /^responses_in_cache_total\{path="\/splits",http_status="404",error_code="DatasetNotFoundError"\} 1$/m);
    assert.match(metricsText, /^worker_jobs_total\{outcome="cached_error"\} 2$/m);
  });

  it('answers /healthz and /readyz', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status, 200);
  });
});

async function query(
  expr: string,
): Promise<{ status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } }> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await res.json()) as never;
}

describe('a real Prometheus scraping the worker', () => {
  before(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'splits-prom-'));
    const config = parseYaml(readFileSync(path.join(root, 'prometheus/prometheus.yml'), 'utf8')) as {
      global: Record<string, unknown>;
      scrape_configs: Record<string, unknown>[];
      rule_files: string[];
    };
    // the project's alert rules, from where they are
    config.rule_files = config.rule_files.map((f) => path.join(root, 'prometheus', f));
    // the project's scrape job, pointed at the worker on loopback instead of Docker's DNS
    const job = config.scrape_configs.find((j) => j.job_name === 'splits-worker')!;
    delete job.dns_sd_configs;
    job.static_configs = [{ targets: [`127.0.0.1:${metricsPort}`] }];
    job.scrape_interval = '1s';
    writeFileSync(path.join(dir, 'prometheus.yml'), stringifyYaml(config));
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    prometheus = spawn(
      'prometheus',
      [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`],
      { stdio: 'ignore' },
    );
    await waitFor(
      async () => {
        const r = await query('up{job="splits-worker"} == 1').catch(() => undefined);
        return r?.data?.result.length === 1;
      },
      60_000,
      'Prometheus scraping the worker',
    );
  });

  it('holds the queue and job series the jobs produced', async () => {
    const value = async (expr: string) => {
      const r = await query(expr);
      assert.equal(r.status, 'success', r.error);
      return r.data!.result.map((s) => [s.metric, Number(s.value[1])] as const);
    };
    const queue = await value('queue_jobs_total{queue="/splits"}');
    const byStatus = Object.fromEntries(queue.map(([m, v]) => [String(m.status), v]));
    // every state the queue knows is a series, at 0 when no job is in it
    assert.deepEqual(byStatus, { ...Object.fromEntries(JOB_STATES.map((s) => [s, 0])), success: 2, error: 2 });
    assert.deepEqual((await value('sum by (outcome) (worker_jobs_total) > 0')).map(([m, v]) => [m.outcome, v]).sort(), [
      ['cached_error', 2],
      ['success', 2],
    ]);
    const cache = await value('responses_in_cache_total{path="/splits"}');
    // Prometheus drops empty label values: a success has no error_code label
    assert.deepEqual(cache.map(([m, v]) => [m.http_status, m.error_code ?? '', v]).sort(), [
      ['200', '', 2],
      ['404', 'DatasetNotFoundError', 1],
      ['500', 'EmptyDatasetError', 1],
    ]);
    const hubCalls = await value('sum(hub_requests_total)');
    assert.ok(hubCalls[0]![1] > 0);
    console.log(
      `# PromQL results: queue ${JSON.stringify(byStatus)}; cache ${JSON.stringify(cache.map(([m, v]) => [m.http_status, m.error_code, v]))}; hub requests ${hubCalls[0]![1]}`,
    );
  });

  it('loads the alert rules, and none fires on a healthy worker', async () => {
    const res = (await (await fetch(`${promUrl}/api/v1/rules?type=alert`)).json()) as {
      data: { groups: { rules: { name: string; health: string; state: string }[] }[] };
    };
    const loaded = res.data.groups.flatMap((g) => g.rules);
    assert.equal(loaded.length, 7);
    for (const r of loaded) assert.notEqual(r.health, 'err', r.name);
    assert.deepEqual(
      loaded.filter((r) => r.state === 'firing').map((r) => r.name),
      [],
    );
  });

  it('evaluates every Grafana panel query, and each names only metrics the worker exposes', async () => {
    const exposed = sampleNames(metricsText);
    exposed.add('up');
    const dir = path.join(root, 'grafana/dashboards');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.ok(files.length > 0);
    let checked = 0;
    for (const file of files) {
      const dash = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        panels: { title: string; targets?: { expr: string }[]; fieldConfig?: { defaults?: { unit?: string } } }[];
      };
      for (const panel of dash.panels) {
        assert.ok(panel.title && panel.fieldConfig?.defaults?.unit, `panel "${panel.title}" has a title and a unit`);
        for (const t of panel.targets ?? []) {
          // Grafana replaces its variables before sending the query
          const expr = t.expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m').replaceAll('$instance', '.*');
          const names: string[] = [];
          let error = false;
          promqlParser.parse(expr).iterate({
            enter: (n) => {
              if (n.type.isError) error = true;
              if (n.name === 'VectorSelector') {
                const id = n.node.getChild('Identifier');
                if (id) names.push(expr.slice(id.from, id.to));
              }
            },
          });
          assert.ok(!error, `"${panel.title}": ${expr} parses`);
          assert.ok(names.length > 0, `"${panel.title}" names a metric`);
          for (const name of names) assert.ok(exposed.has(name), `"${panel.title}" uses ${name}, which the worker exposes`);
          const r = await query(expr);
          assert.equal(r.status, 'success', `"${panel.title}": Prometheus accepts ${expr}: ${r.error}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 16);
  });
});
