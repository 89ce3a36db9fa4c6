// The architecture, as rules `npm run lint` checks (dependency-cruiser): the layers of src/ and jobs/, bottom
// first, and no import cycle. A folder imports only from folders of lower layers (and from itself); two folders
// of one layer do not import each other. docs/layout.md says what each layer is for.
const layers = [
  // what everything reads: the configuration (with how a MongoDB URL is shown), then the error classes
  ['src/config'],
  ['src/errors'],
  // the logger; worker threads with their own heap and time limits, for parses a stranger's input may make long
  ['src/log', 'src/threads'],
  // the two databases: the queue's guarantees, the cache's documents (and the answer's types)
  ['src/queue', 'src/cache'],
  ['src/metrics', 'src/retention', 'src/producer'],
  // the Hub client, and the local Hub that speaks the Hub's API for the tests and the demo
  ['src/hub', 'src/local-hub'],
  // the computation of the answer, from the Hub
  ['src/splits'],
  // the splits job: computation, cache and queue composed
  ['jobs'],
  ['src/worker'],
  // the offline demo (the local Hub, a MongoDB-protocol server, a worker and the dashboard, fed by the producer); the Hub's webhook receiver, fed to the producer and the cache
  ['src/demo', 'src/webhook'],
  // the CLI runs the worker (start) and the producer; the dashboard uses the CLI's argument conventions
  ['src/cli'],
  ['src/dashboard'],
  // the package's entry points
  ['src/main.ts', 'src/index.ts'],
];

const pattern = (unit) => (unit.endsWith('.ts') ? `^${unit.replace('.', '\\.')}$` : `^${unit}/`);

const layerRules = layers.flatMap((layer, i) =>
  layer.map((unit) => {
    const above = [...layers.slice(i + 1).flat(), ...layer.filter((u) => u !== unit)];
    return {
      name: `layer:${unit}`,
      severity: 'error',
      comment: `${unit} (layer ${i}) imports only from lower layers: not from ${above.join(', ')} (see docs/layout.md)`,
      from: { path: pattern(unit) },
      to: { path: above.map(pattern) },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import cycle: move what both sides need into a module of its own, below both',
      from: { path: '^(src|jobs)/' },
      to: { circular: true },
    },
    ...layerRules,
  ],
  options: {
    includeOnly: '^(src|jobs)/',
    // `import type` counts: a type is a dependency of the design even when the build erases it
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
