import type { Document } from 'mongodb';
import { MAX_STRING_READ } from './job-view.ts';

/**
 * The counters the worker keeps in a job (`attempts`, `failCount`) are also fields a producer writes: Agenda
 * writes `failCount: null` into every job it enqueues, another service may write anything. MongoDB refuses
 * `$inc` on null or on a non-number (code 14, see docs/mongodb-rules.md), so the worker never increments a
 * counter in place: each write that counts `$set`s the new value, computed from the value it read, and is
 * fenced on that value (`sameCounter`) in the same filter, so that nothing is counted twice or lost.
 */
export type CounterField = 'attempts' | 'failCount';

/** The count a counter's value stands for: a non-negative number (whole, at most 1e9); anything else is 0. */
export function counterOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(Math.floor(value), 1e9) : 0;
}

/**
 * A filter clause that matches the counter as it was read (its value when a number, its kind otherwise: the
 * new value does not depend on which string or object a producer wrote, and a long one is not sent back). It
 * serves any field read at a bounded size (job-view.ts) that a write is fenced on.
 */
export function sameCounter(field: string, value: unknown): Document {
  if (value === null || value === undefined) return { [field]: null };
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return { [field]: value };
  // a string read whole is matched as it is; one cut at the bounded size, by its kind
  if (typeof value === 'string') return { [field]: value.length < MAX_STRING_READ ? value : { $type: 'string' } };
  if (Array.isArray(value)) return { [field]: { $type: 'array' } };
  if (Object.getPrototypeOf(value) === Object.prototype) return { [field]: { $type: 'object' } };
  // a BSON value of another type (Long, Decimal128, ObjectId, Binary…): small, matched as it is
  return { [field]: value };
}
