/**
 * The alert rules shipped beside the Prometheus config: valid, loaded by prometheus.yml and by the compose
 * Prometheus, each unit-tested with promtool on synthetic series, and written only with metrics the worker exposes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { createMetrics } from '../../src/metrics/registry.ts';
import { QueueFigures } from '../../src/metrics/queue-figures.ts';
import { createLogger } from '../../src/log/logger.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'prometheus');
const rules = parseYaml(readFileSync(path.join(dir, 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
const alerts = rules.groups.flatMap((g) => g.rules);

function promtool(...args: string[]): { status: number | null; out: string } {
  const res = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

/** Every metric name the worker can expose: its registry (the queue figures included) and Prometheus's `up`. */
function exposedNames(): Set<string> {
  const metrics = createMetrics();
  new QueueFigures(metrics.registry, { mongoUrl: 'mongodb://127.0.0.1:1', queueDatabase: 'q', cacheDatabase: 'c', refreshMs: 1000, timeoutMs: 1000, logger: createLogger('ERROR') });
  const names = new Set(['up']);
  for (const m of metrics.registry.getMetricsAsArray()) {
    names.add(m.name);
    for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${m.name}${suffix}`);
  }
  return names;
}

describe('the alert rules', () => {
  it('cover backlog, error rate, no worker, stuck and long-waiting jobs, preflight holding and stale figures', () => {
    assert.deepEqual(alerts.map((a) => a.alert).sort(), [
      'SplitsJobErrorRate',
      'SplitsJobStuck',
      'SplitsJobsWaitingLong',
      'SplitsQueueBacklogGrowing',
      'SplitsQueueFiguresStale',
      'SplitsWorkerNoneUp',
      'SplitsWorkerPreflightHolding',
    ]);
  });

  it('pass promtool test rules on synthetic series, where each alert fires at least once', () => {
    const res = promtool('test', 'rules', 'alerts.test.yml');
    console.log(`# promtool test rules prometheus/alerts.test.yml (exit ${res.status}):\n${res.out.trim().replace(/^/gm, '#   ')}`);
    assert.equal(res.status, 0, res.out);
    const tests = parseYaml(readFileSync(path.join(dir, 'alerts.test.yml'), 'utf8')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] };
    const firing = new Set(tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    const quiet = new Set(tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length === 0).map((a) => a.alertname)));
    for (const { alert } of alerts) {
      assert.ok(firing.has(alert), `${alert} is tested firing`);
      assert.ok(quiet.has(alert), `${alert} is tested quiet`);
    }
  });

  it('are loaded by prometheus.yml (promtool check config) and mounted beside it in the compose Prometheus', () => {
    const res = promtool('check', 'config', 'prometheus.yml');
    assert.equal(res.status, 0, res.out);
    assert.match(res.out, /SUCCESS: 7 rules found/);
    const compose = parseYaml(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as { services: { prometheus: { volumes: string[] } } };
    const config = parseYaml(readFileSync(path.join(dir, 'prometheus.yml'), 'utf8')) as { rule_files: string[] };
    for (const file of config.rule_files) assert.ok(compose.services.prometheus.volumes.includes(`./prometheus/${file}:/etc/prometheus/${file}:ro`), `${file} mounted`);
  });

  it('use only metrics the worker exposes', () => {
    const exposed = exposedNames();
    for (const { alert, expr } of alerts) {
      const names: string[] = [];
      promqlParser.parse(expr).iterate({
        enter: (n) => {
          if (n.name === 'VectorSelector') {
            const id = n.node.getChild('Identifier');
            if (id) names.push(expr.slice(id.from, id.to));
          }
        },
      });
      assert.ok(names.length > 0, alert);
      for (const name of names) assert.ok(exposed.has(name), `${alert} uses ${name}, which the worker exposes`);
    }
  });
});
