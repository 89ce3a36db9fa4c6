import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BSON, ObjectId } from 'mongodb';
import { parseAllDocuments } from 'yaml';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { SplitsQueue } from '../../src/producer/splits-queue.ts';
import { countJobsByState } from '../../src/queue/count-jobs-by-state.ts';
import { JOBS_COLLECTION } from '../../src/queue/queue-backend.ts';

// The Helm chart (deploy/helm/splits-worker): helm lint, helm template with the value sets of its ci/, every
// rendered object decoded strictly into its API's Go types (deploy/validate), promtool on the rendered rules,
// and KEDA's query against the test MongoDB server. The tools are built by scripts/helm-tools.sh
// (`npm run test:helm` runs it first).

const root = path.resolve(import.meta.dirname, '../..');
const chart = path.join(root, 'deploy/helm/splits-worker');
const bin = path.join(root, '.cache/bin');
const helm = process.env.HELM ?? path.join(bin, 'helm');
const validator = path.join(bin, 'splits-validate');
const valueSets = readdirSync(path.join(chart, 'ci')).filter((f) => f.endsWith('-values.yaml'));

let tmp: string;
before(() => {
  for (const tool of [helm, validator]) {
    assert.ok(existsSync(tool), `${tool} is missing: run scripts/helm-tools.sh (npm run test:helm does)`);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'splits-helm-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown> & { template?: { spec: PodSpec } };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface PodSpec {
  terminationGracePeriodSeconds: number;
  securityContext: Record<string, unknown>;
  containers: {
    securityContext: Record<string, unknown>;
    env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
    readinessProbe: { httpGet: { path: string; port: string } };
    livenessProbe: { httpGet: { path: string; port: string } };
    ports: { containerPort: number }[];
    volumeMounts: { mountPath: string }[];
  }[];
}

function template(values: string, ...extra: string[]): string {
  return execFileSync(helm, ['template', 'rel', chart, '--namespace', 'splits', '-f', path.join(chart, 'ci', values), ...extra], {
    encoding: 'utf8',
  });
}
function objects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}
const kinds = (objs: K8sObject[]): string[] => objs.map((o) => o.kind).sort();
const only = (objs: K8sObject[], kind: string): K8sObject => {
  const found = objs.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0]!;
};

test('the chart keeps copies of the project alert rules and dashboard, equal to them', () => {
  assert.equal(readFileSync(path.join(chart, 'files/alerts.yml'), 'utf8'), readFileSync(path.join(root, 'prometheus/alerts.yml'), 'utf8'));
  assert.equal(
    readFileSync(path.join(chart, 'files/splits-worker-dashboard.json'), 'utf8'),
    readFileSync(path.join(root, 'grafana/dashboards/splits-worker.json'), 'utf8'),
  );
});

test("values.yaml names every variable of the worker's configuration", () => {
  const doc = readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
  const generated = doc.slice(doc.indexOf('<!-- BEGIN generated'), doc.indexOf('<!-- END generated'));
  const names = [...generated.matchAll(/^- `([A-Z0-9_]+)`:/gm)].map((m) => m[1]!);
  assert.ok(names.length > 30, `variables found: ${names.length}`);
  const values = readFileSync(path.join(chart, 'values.yaml'), 'utf8');
  const missing = names.filter((n) => !new RegExp(`\\b${n}\\b`).test(values));
  assert.deepEqual(missing, []);
});

test('helm lint passes with every value set', () => {
  for (const values of valueSets) {
    const r = spawnSync(helm, ['lint', '--strict', chart, '-f', path.join(chart, 'ci', values)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${values}:\n${r.stdout}${r.stderr}`);
  }
});

test('every object of every value set decodes strictly into its API type, and promtool accepts the rules', () => {
  for (const values of valueSets) {
    const rules = mkdtempSync(path.join(tmp, 'rules-'));
    const r = spawnSync(validator, ['-rules', rules], { input: template(values), encoding: 'utf8' });
    assert.equal(r.status, 0, `${values}:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\d+ objects, 0 invalid/);
    for (const file of readdirSync(rules)) {
      const p = spawnSync('promtool', ['check', 'rules', path.join(rules, file)], { encoding: 'utf8' });
      assert.equal(p.status, 0, `${values} ${file}:\n${p.stdout}${p.stderr}`);
      assert.match(p.stdout, /SUCCESS: 7 rules found/);
    }
  }
});

test('the validator refuses a field its type does not have', () => {
  const text = template('default-values.yaml').replace('terminationGracePeriodSeconds:', 'terminationGracePeriod: 1\n      terminationGracePeriodSeconds:');
  const r = spawnSync(validator, [], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /INVALID apps\/v1\/Deployment rel-splits-worker: .*unknown field "terminationGracePeriod"/);
});

test('defaults: a hardened worker Deployment, the Secret, an HPA on CPU, the dashboard; no Operator objects', () => {
  const objs = objects(template('default-values.yaml'));
  assert.deepEqual(kinds(objs), ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'Service', 'ServiceAccount']);
  const pod = only(objs, 'Deployment').spec!.template!.spec;
  assert.equal(pod.terminationGracePeriodSeconds, 60 + 30);
  assert.equal(pod.securityContext.runAsNonRoot, true);
  const c = pod.containers[0]!;
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(c.volumeMounts.map((m) => m.mountPath).sort(), ['/cache', '/tmp']);
  assert.deepEqual([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path], ['/healthz', '/readyz']);
  assert.equal(c.ports[0]!.containerPort, 9464);
  assert.equal(c.env.find((e) => e.name === 'HF_DATASETS_CACHE')?.value, '/cache/huggingface/datasets');
  assert.deepEqual(c.env.find((e) => e.name === 'MONGO_URL')?.valueFrom?.secretKeyRef, { name: 'rel-splits-worker', key: 'MONGO_URL' });
  assert.equal(only(objs, 'ConfigMap').metadata.labels?.grafana_dashboard, '1');
  // the Operator's objects when the cluster serves its API (monitoring.enabled: auto)
  const withOperator = objects(template('default-values.yaml', '--api-versions', 'monitoring.coreos.com/v1'));
  assert.deepEqual(kinds(withOperator.filter((o) => o.apiVersion === 'monitoring.coreos.com/v1')), ['PrometheusRule', 'ServiceMonitor']);
});

test('KEDA + Prometheus Operator: a ScaledObject instead of the HPA, the rules of prometheus/alerts.yml, the configuration as env', () => {
  const objs = objects(template('keda-operator-values.yaml'));
  assert.ok(!kinds(objs).includes('HorizontalPodAutoscaler'));
  const so = only(objs, 'ScaledObject').spec as { minReplicaCount: number; triggers: { type: string; metadata: Record<string, string> }[] };
  assert.equal(so.minReplicaCount, 0);
  assert.equal(so.triggers[0]!.type, 'mongodb');
  assert.equal(so.triggers[0]!.metadata.dbName, 'queue_db');
  assert.equal(so.triggers[0]!.metadata.queryValue, '3');
  assert.ok(!('replicas' in only(objs, 'Deployment').spec!));
  const rule = only(objs, 'PrometheusRule');
  const project = parseAllDocuments(readFileSync(path.join(root, 'prometheus/alerts.yml'), 'utf8'))[0]!.toJS() as unknown;
  assert.deepEqual(rule.spec, project);
  const pod = only(objs, 'Deployment').spec!.template!.spec;
  assert.equal(pod.terminationGracePeriodSeconds, 120 + 30);
  const env = Object.fromEntries(pod.containers[0]!.env.map((e) => [e.name, e.value]));
  assert.equal(env.WORKER_CONCURRENCY, '2');
  assert.equal(env.FIRST_ROWS_HANDOFF_ENABLED, 'false');
  assert.equal(env.COUNT_ROWS_MAX_BYTES, '104857600', 'a large number as the worker reads it, not 1.048576e+08');
  assert.equal(pod.containers[0]!.ports[0]!.containerPort, 9500);
  assert.ok(only(objs, 'ServiceMonitor').metadata.labels?.release === 'kube-prometheus-stack');
});

const worker = (objs: K8sObject[]): K8sObject => {
  const found = objs.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'worker');
  assert.equal(found.length, 1, 'one worker Deployment');
  return found[0]!;
};

test('existing secret: no Secret rendered, the keys read from the named one', () => {
  const objs = objects(template('existing-secret-values.yaml'));
  assert.ok(!kinds(objs).includes('Secret'));
  assert.ok(!kinds(objs).includes('HorizontalPodAutoscaler'));
  const dep = worker(objs);
  assert.equal(dep.spec!.replicas, 3);
  const env = dep.spec!.template!.spec.containers[0]!.env;
  assert.deepEqual(env.find((e) => e.name === 'MONGO_URL')?.valueFrom?.secretKeyRef, { name: 'splits-worker-credentials', key: 'mongo-url' });
  assert.deepEqual(env.find((e) => e.name === 'HF_TOKEN')?.valueFrom?.secretKeyRef, {
    name: 'splits-worker-credentials',
    key: 'token',
    optional: true,
  });
});

test('webhook on: the receiver as a Deployment and a Service of its own, hardened, its secret from the Secret, selected apart from the workers', () => {
  const objs = objects(template('existing-secret-values.yaml'));
  const deployments = objs.filter((o) => o.kind === 'Deployment');
  assert.deepEqual(deployments.map((d) => d.metadata.labels?.['app.kubernetes.io/component']).sort(), ['webhook', 'worker']);
  const hook = deployments.find((d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'webhook')!;
  const selector = (o: K8sObject) => (o.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
  // neither Deployment's selector matches the other's pods (a shared selector would make each fight the other's replicas)
  assert.equal(selector(hook)['app.kubernetes.io/component'], 'webhook');
  assert.equal(selector(worker(objs))['app.kubernetes.io/component'], 'worker');
  const pod = hook.spec!.template!.spec;
  assert.equal(pod.securityContext.runAsNonRoot, true);
  const c = pod.containers[0]! as PodSpec['containers'][number] & { command: string[] };
  assert.deepEqual(c.command, ['node', 'dist/src/cli/main.js', 'webhook']);
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.deepEqual([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path], ['/healthz', '/readyz']);
  const env = Object.fromEntries(c.env.map((e) => [e.name, e]));
  assert.deepEqual(env.WEBHOOK_SECRET?.valueFrom?.secretKeyRef, { name: 'splits-worker-credentials', key: 'webhook-secret' });
  assert.deepEqual(env.MONGO_URL?.valueFrom?.secretKeyRef, { name: 'splits-worker-credentials', key: 'mongo-url' });
  assert.equal(env.WEBHOOK_PORT?.value, String(c.ports[0]!.containerPort));
  assert.equal(env.HF_TOKEN, undefined, 'the receiver never talks to the Hub: no token');
  const services = objs.filter((o) => o.kind === 'Service');
  const hookService = services.find((o) => o.metadata.name === 'rel-splits-worker-webhook')!;
  assert.equal((hookService.spec as { selector: Record<string, string> }).selector['app.kubernetes.io/component'], 'webhook');
  // with the chart's own Secret: the secret is in it, and a missing one is refused
  const made = objects(template('default-values.yaml', '--set', 'webhook.enabled=true', '--set', 'secret.webhookSecret=s3cret'));
  assert.equal(only(made, 'Secret').stringData?.WEBHOOK_SECRET, 's3cret');
  assert.equal(objects(template('default-values.yaml')).filter((o) => o.metadata.name.endsWith('-webhook')).length, 0, 'off by default');
});

test('the chart refuses a secret in config, METRICS_ENABLED=false and the webhook without its secret', () => {
  for (const [set, message] of [
    ['config.HF_TOKEN=hf_x', /config.HF_TOKEN: a secret/],
    ['config.METRICS_ENABLED=false', /METRICS_ENABLED=false/],
    ['webhook.enabled=true', /set secret.webhookSecret/],
  ] as const) {
    const r = spawnSync(helm, ['template', 'rel', chart, '--set', set], { encoding: 'utf8' });
    assert.notEqual(r.status, 0, set);
    assert.match(r.stderr, message);
  }
});

test("KEDA's query, as rendered and as docs/deployment.md gives it, counts the due waiting jobs that `status` counts", async () => {
  const so = only(objects(template('keda-operator-values.yaml')), 'ScaledObject').spec as { triggers: { metadata: { query: string } }[] };
  const query = so.triggers[0]!.metadata.query;
  assert.ok(readFileSync(path.join(root, 'docs/deployment.md'), 'utf8').includes(query), 'docs/deployment.md gives the query the chart renders');
  const mongo: TestMongo = await startTestMongo();
  try {
    const names = mongo.names();
    const queue = await SplitsQueue.connect(mongo.url, { queueDatabase: names.queue });
    const ids = await queue.enqueue(['a/one', 'a/two', 'b/three', 'c/four', 'd/five', 'e/six']);
    await queue.close();
    const db = mongo.client.db(names.queue);
    const jobs = db.collection(JOBS_COLLECTION);
    const count = () => jobs.countDocuments(BSON.EJSON.parse(query) as Record<string, unknown>);
    assert.equal(await count(), 6);
    assert.equal((await countJobsByState(db, 'splits')).waiting, 6);
    // one locked (started), one finished: neither is waiting nor counted
    await jobs.updateOne({ _id: new ObjectId(ids[0]) }, { $set: { lockedAt: new Date(), lockToken: 't' } });
    await jobs.updateOne({ _id: new ObjectId(ids[1]) }, { $set: { nextRunAt: null, lastFinishedAt: new Date() } });
    const counts = await countJobsByState(db, 'splits');
    assert.deepEqual([counts.waiting, counts.started, counts.success], [4, 1, 1]);
    assert.equal(await count(), counts.waiting);
    // a job waiting for a retry delay is waiting for `status`, not due: KEDA does not count it
    await jobs.updateOne({ _id: new ObjectId(ids[2]) }, { $set: { nextRunAt: new Date(Date.now() + 3_600_000) } });
    assert.equal((await countJobsByState(db, 'splits')).waiting, 4);
    assert.equal(await count(), 3);
    // another job name is not counted
    await jobs.insertOne({ name: 'first-rows', nextRunAt: new Date(0), lockedAt: null, data: {} });
    assert.equal(await count(), 3);
  } finally {
    await mongo.close();
  }
});
