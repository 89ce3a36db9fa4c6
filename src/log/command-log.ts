import { appendFileSync } from 'node:fs';
import { BSON, type Document, type MongoClient } from 'mongodb';

/**
 * MONGO_COMMAND_LOG=<file>: every command a client of the worker sends (the queue's, the cache's, the metrics
 * refresh's, Agenda's) is appended to <file> as one JSON line, `{client, db, command, collection, filters}`,
 * where `filters` are the query shapes it carries: `{filter, sort}` of a find, a count, a findAndModify, each
 * statement of an update or a delete, and the leading `$match`/`$sort` of an aggregate (and its `pipeline`). The index check (test/queue/index-shapes.test.ts) reads it. Off when the variable is unset.
 * The values are kept (EJSON), so a line can hold a dataset name; this is a test and diagnosis aid, not a log.
 */
export function logCommandsOf(client: MongoClient, clientName: string, file = process.env.MONGO_COMMAND_LOG): MongoClient {
  if (!file) return client;
  // the driver's setter (not in its typings): read when the client connects
  (client as unknown as { monitorCommands: boolean }).monitorCommands = true;
  client.on('commandStarted', (ev) => {
    const line = { client: clientName, db: ev.databaseName, ...commandShape(ev.commandName, ev.command) };
    appendFileSync(file, `${BSON.EJSON.stringify(line, { relaxed: true })}\n`);
  });
  return client;
}

export interface QueryShape {
  filter: Document;
  sort?: Document;
}

export interface CommandShape {
  command: string;
  collection?: string;
  filters: QueryShape[];
  /** an aggregate's stages */
  pipeline?: Document[];
}

/** The collection a command names and the filters and sorts it carries. */
export function commandShape(name: string, command: Document): CommandShape {
  const cmd = command as Record<string, Document | undefined>;
  const target: unknown = command[name];
  const collection = typeof target === 'string' ? target : undefined;
  const base = { command: name, ...(collection ? { collection } : {}) };
  switch (name) {
    case 'find':
      return { ...base, filters: [{ filter: cmd.filter ?? {}, ...(cmd.sort ? { sort: cmd.sort } : {}) }] };
    case 'count':
      return { ...base, filters: [{ filter: cmd.query ?? {} }] };
    case 'distinct':
      return { ...base, filters: [{ filter: cmd.query ?? {} }] };
    case 'findAndModify':
      return { ...base, filters: [{ filter: cmd.query ?? {}, ...(cmd.sort ? { sort: cmd.sort } : {}) }] };
    case 'update':
      return {
        ...base,
        filters: ((cmd.updates ?? []) as unknown as Record<string, Document | undefined>[]).map((u) => ({
          filter: u.q ?? {},
          ...(u.sort ? { sort: u.sort } : {}),
        })),
      };
    case 'delete':
      return { ...base, filters: ((cmd.deletes ?? []) as unknown as Record<string, Document | undefined>[]).map((d) => ({ filter: d.q ?? {} })) };
    case 'aggregate': {
      const stages = (cmd.pipeline ?? []) as unknown as Document[];
      const first = stages[0] && '$match' in stages[0] ? (stages[0].$match as Document) : {};
      const second = stages[0] && '$match' in stages[0] ? stages[1] : stages[0];
      const sort = second && '$sort' in second ? (second.$sort as Document) : undefined;
      return { ...base, filters: [{ filter: first, ...(sort ? { sort } : {}) }], pipeline: stages };
    }
    default:
      return { ...base, filters: [] };
  }
}
