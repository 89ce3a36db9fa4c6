import { isHubRepoId } from '../queue/job-data.ts';

/**
 * What a Hub webhook asks of this service. The Hub's payload (the fields read here):
 * `{ event: { action, scope }, repo: { type, name, headSha }, movedTo?: { name } }`.
 */
export type WebhookAction =
  | { kind: 'enqueue'; action: 'create' | 'update'; dataset: string }
  | { kind: 'delete'; dataset: string }
  | { kind: 'move'; from: string; to: string }
  | { kind: 'ignore'; action: string; reason: string };

/** A payload this service cannot read: answered 400 with the reason. */
export class MalformedWebhookError extends Error {
  readonly errorCode = 'MalformedWebhookError';
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedWebhookError';
  }
}

/** The actions counted by name in `webhook_requests_total`; any other is counted as `other`. */
export const KNOWN_ACTIONS = ['create', 'update', 'delete', 'move'] as const;

/** Reads the Hub's payload (already parsed JSON); throws MalformedWebhookError with the reason when it is not one. */
export function parseWebhookPayload(body: unknown): WebhookAction {
  const payload = objectAt(body, 'the payload');
  const event = objectAt(payload.event, 'event');
  const repo = objectAt(payload.repo, 'repo');
  const action = stringAt(event.action, 'event.action');
  const scope = stringAt(event.scope, 'event.scope');
  const type = stringAt(repo.type, 'repo.type');
  const name = stringAt(repo.name, 'repo.name');
  // not ours: models, spaces; counted and answered 200, as the Hub expects of a receiver
  if (type !== 'dataset') return { kind: 'ignore', action, reason: `repo.type is ${JSON.stringify(cut(type))}, not "dataset"` };
  const dataset = datasetId(name, 'repo.name');
  if (action === 'delete') return { kind: 'delete', dataset };
  if (action === 'move') {
    const movedTo = objectAt(payload.movedTo, 'movedTo (an object, for a move)');
    return { kind: 'move', from: dataset, to: datasetId(stringAt(movedTo.name, 'movedTo.name'), 'movedTo.name') };
  }
  if ((action === 'update' || action === 'create') && (scope.startsWith('repo.content') || scope.startsWith('repo.config'))) {
    return { kind: 'enqueue', action, dataset };
  }
  return { kind: 'ignore', action, reason: `event ${JSON.stringify(cut(action))} on scope ${JSON.stringify(cut(scope))} changes no answer` };
}

function objectAt(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MalformedWebhookError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function stringAt(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new MalformedWebhookError(`${what} must be a string`);
  return value;
}

function datasetId(name: string, what: string): string {
  if (!isHubRepoId(name)) throw new MalformedWebhookError(`${what} is not a Hub dataset id: ${JSON.stringify(cut(name))}`);
  return name;
}

function cut(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
