import { ObjectId, type Document } from 'mongodb';

/**
 * What the queue reads of a job a producer wrote: only the fields it needs, each at a bounded size, computed on
 * the server (an aggregation `$project`), so that a job with a 12 MB dataset name (or data, or counter) costs
 * the lock step and the recovery sweep a few hundred bytes, not megabytes per read.
 *
 * A string is cut at `MAX_STRING_READ` characters (a dataset id is at most 193: a longer one is invalid
 * whatever follows); an array or an object stands as an empty one of its kind (only the kind is used: the
 * error message of invalid data, the counters' fence); other values (numbers, dates, booleans, null) as they
 * are. A job's `data` is read as `{ dataset, force }` when it is an object, the only fields the worker uses.
 *
 * The kinds are told apart by MongoDB's order of BSON types (null < numbers < strings < objects < arrays),
 * which every MongoDB-protocol server implements; `$type` as an expression is not on all of them.
 */
export const MAX_STRING_READ = 256;

const isString = (x: string): Document => ({ $and: [{ $gte: [x, ''] }, { $lt: [x, { $literal: {} }] }] });
const isObject = (x: string): Document => ({ $and: [{ $gte: [x, { $literal: {} }] }, { $lt: [x, { $literal: [] }] }] });

/** The value of field path `x` at a bounded size (see above). */
export function bounded(x: string): Document {
  return {
    // What sorts before '' (a missing field, null, a number: every counter and priority as Agenda writes them) is
    // small: as it is, for one comparison (the read is computed for each job of a batch).
    $cond: [
      { $lt: [x, ''] },
      x,
      {
        // $substrCP is given a string whatever x is: an engine that evaluates both branches of a $cond (DocumentDB
        // does) would otherwise fail on a non-string ("can't convert from BSON type object to String")
        $cond: [
          isString(x),
          { $substrCP: [{ $cond: [isString(x), x, ''] }, 0, MAX_STRING_READ] },
          { $cond: [{ $isArray: x }, { $literal: [] }, { $cond: [isObject(x), { $literal: {} }, x] }] },
        ],
      },
    ],
  };
}

/** The `data` of a job as the worker reads it: `{ dataset, force }` (bounded) when it is an object, else its bounded value. */
export const BOUNDED_DATA: Document = { $cond: [isObject('$data'), { dataset: bounded('$data.dataset'), force: bounded('$data.force') }, bounded('$data')] };

/** A job's `_id` for logs and messages: an ObjectId's hex, else its kind and a short form. */
export function describeJobId(id: unknown): string {
  if (id instanceof ObjectId) return id.toHexString();
  if (typeof id === 'string') return JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);
  if (typeof id === 'number' || typeof id === 'boolean') return String(id);
  return `a value of type ${id === null ? 'null' : Array.isArray(id) ? 'array' : typeof id}`;
}

/** The kind of a job `_id` that is not an ObjectId, for the reason a malformed job ends with. */
export function idKind(id: unknown): string {
  if (typeof id === 'string') return 'a string';
  if (typeof id === 'number') return 'a number';
  if (id === null) return 'null';
  if (Array.isArray(id)) return 'an array';
  if (typeof id === 'object') return `an object (${(id as { _bsontype?: string })._bsontype ?? 'document'})`;
  return typeof id;
}
