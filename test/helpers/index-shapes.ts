/**
 * Whether a query shape (a filter and a sort, as the worker sent them: src/log/command-log.ts) is served by one
 * of a collection's indexes, under the equality–sort–range rule. Static: it reads the shapes and the index
 * definitions, not a query plan (the test server has no planner). The rule, per `$or` branch (the fields outside
 * the `$or` are part of every branch):
 *
 * - a point lookup (equality on every key of a unique index, `_id` included) is served;
 * - otherwise an index serves the branch when its keys are, in order: equality fields, then the sort fields in
 *   the sort's order (all in its direction or all reversed; equality fields may sit between them), then a
 *   range field of the branch (a range that excludes null and missing: `$lt`, `$gte`, `$type`, `$ne: null`…;
 *   or a sort field the branch bounds); its first key is constrained by the branch; every equality field of the
 *   branch is one of its keys. Once the equality prefix holds two keys or more with values other than null
 *   (the job's name and a dataset, say: the scan is narrowed to one dataset's jobs), further equalities and
 *   ranges may filter instead.
 *   Predicates that bound nothing (`$ne: true`, `$not`, `$exists: false`, `$expr`) may stay outside the
 *   index: they only filter what the index found;
 * - a partial index only when the branch implies its partialFilterExpression, a sparse one only when the branch
 *   excludes null on its keys;
 * - the sort of an `$or` is not checked (the server sorts the union of what the branches' indexes found);
 * - an aggregate whose `$group` reads the documents must be covered: every field of its `$match` and of the
 *   stages up to its `$group` is a key of the serving index (a count from the index, no document read), and
 *   then its first key need not be constrained (a covered scan of the whole index is how a count is taken).
 */
import type { Document } from 'mongodb';

export interface IndexInfo {
  name: string;
  key: Record<string, number>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

type Kind = 'eq' | 'bound' | 'loose';
interface Pred {
  kind: Kind;
  raw: unknown[];
}
type Branch = Map<string, Pred>;

const isOperatorObject = (v: unknown): v is Document =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.getPrototypeOf(v) === Object.prototype &&
  Object.keys(v).length > 0 &&
  Object.keys(v).every((k) => k.startsWith('$'));

function kindOf(cond: unknown): Kind {
  if (!isOperatorObject(cond)) return 'eq';
  let kind: Kind = 'loose';
  for (const [op, v] of Object.entries(cond)) {
    if (op === '$eq' || (op === '$in' && Array.isArray(v) && v.every((x) => !(x instanceof RegExp)))) return 'eq';
    // one point of the index, as `field: null` is
    if (op === '$type' && (v === 'null' || v === 10)) return 'eq';
    if (['$lt', '$lte', '$gt', '$gte', '$type'].includes(op)) kind = 'bound';
    if (op === '$ne' && v === null) kind = 'bound';
  }
  return kind;
}

function merge(a: Branch, b: Branch): Branch {
  const out: Branch = new Map(a);
  for (const [f, p] of b) {
    const q = out.get(f);
    if (!q) out.set(f, p);
    else {
      const rank = { eq: 2, bound: 1, loose: 0 };
      out.set(f, { kind: rank[p.kind] > rank[q.kind] ? p.kind : q.kind, raw: [...q.raw, ...p.raw] });
    }
  }
  return out;
}

/** The branches of a filter: one per combination of its `$or` branches, each a field → predicate map. */
export function branchesOf(filter: Document): Branch[] {
  let branches: Branch[] = [new Map<string, Pred>()];
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and') {
      for (const sub of v as Document[]) branches = branches.flatMap((b) => branchesOf(sub).map((s) => merge(b, s)));
    } else if (k === '$or') {
      const alts = (v as Document[]).flatMap((sub) => branchesOf(sub));
      branches = branches.flatMap((b) => alts.map((s) => merge(b, s)));
    } else if (k.startsWith('$')) {
      continue; // $expr, $comment, $nor: filter only
    } else {
      const one: Branch = new Map([[k, { kind: kindOf(v), raw: [v] }]]);
      branches = branches.map((b) => merge(b, one));
    }
  }
  return branches;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The branch implies `field: cond` of a partialFilterExpression. */
function implies(pred: Pred | undefined, cond: unknown): boolean {
  if (!pred) return false;
  if (!isOperatorObject(cond)) return pred.raw.some((r) => same(r, cond) || (isOperatorObject(r) && same(r.$eq, cond)));
  return Object.entries(cond).every(([op, v]) => {
    if (op === '$exists' && v === true) return excludesNull(pred);
    return pred.raw.some((r) => isOperatorObject(r) && same(r[op], v));
  });
}

function excludesNull(pred: Pred | undefined): boolean {
  if (!pred) return false;
  return pred.raw.some((r) => {
    if (!isOperatorObject(r)) return r !== null;
    if ('$ne' in r) return r.$ne === null;
    if ('$in' in r) return Array.isArray(r.$in) && !r.$in.includes(null);
    if ('$type' in r) return r.$type !== 'null' && r.$type !== 10;
    return ['$lt', '$lte', '$gt', '$gte'].some((op) => op in r && r[op] !== null);
  });
}

export interface Verdict {
  served: boolean;
  index?: string;
}

/**
 * Which index serves one branch with this sort (undefined: none). `covered`: the fields a covered aggregate
 * reads besides the branch's.
 */
function servingIndex(branch: Branch, sort: [string, number][], indexes: IndexInfo[], covered: string[] | undefined): string | undefined {
  for (const ix of indexes) {
    const keys = Object.entries(ix.key);
    const names = keys.map(([k]) => k);
    const keyAt = (j: number) => keys[j]?.[0] ?? '';
    if (ix.partialFilterExpression && !Object.entries(ix.partialFilterExpression).every(([f, c]) => implies(branch.get(f), c))) continue;
    if (ix.sparse && !names.every((k) => excludesNull(branch.get(k)))) continue;
    const unique = ix.unique || ix.name === '_id_';
    if (unique && !covered && names.every((k) => branch.get(k)?.kind === 'eq')) return ix.name;
    // fields the partial filter already restricts are not the index's to bound
    const b: Branch = new Map([...branch].filter(([f]) => !(ix.partialFilterExpression && f in ix.partialFilterExpression)));
    // equality, then sort, then the rest
    let i = 0;
    while (i < keys.length && b.get(keyAt(i))?.kind === 'eq') i++;
    const eqPrefix = i;
    let sortOk = true;
    let dir = 0;
    let sortBounds = false;
    for (const [f, d] of sort) {
      if (b.get(f)?.kind === 'eq' && names.indexOf(f) < i) continue;
      while (i < keys.length && b.get(keyAt(i))?.kind === 'eq' && keyAt(i) !== f) i++;
      if (i >= keys.length || keyAt(i) !== f) {
        sortOk = false;
        break;
      }
      const rel = Math.sign(keys[i]?.[1] ?? 1) === Math.sign(d) ? 1 : -1;
      if (dir !== 0 && rel !== dir) {
        sortOk = false;
        break;
      }
      dir = rel;
      if (b.get(f)?.kind === 'bound') sortBounds = true;
      i++;
    }
    if (!sortOk) continue;
    // once the equality prefix narrowed the scan beyond one constant (the job's name) by values (not by a
    // field left unset: `nextRunAt: null` holds for every finished job), the rest may filter
    const narrowed = keys.slice(0, eqPrefix).filter(([k]) => excludesNull(b.get(k))).length >= 2;
    const eqFields = [...b].filter(([, p]) => p.kind === 'eq').map(([f]) => f);
    if (!narrowed && !eqFields.every((f) => names.includes(f))) continue;
    const ranges = [...b].filter(([f, p]) => p.kind === 'bound' && !sort.some(([s]) => s === f)).map(([f]) => f);
    if (ranges.length > 0 && !sortBounds && !narrowed && !(i < keys.length && ranges.includes(keyAt(i)))) continue;
    if (covered) {
      if (![...b.keys(), ...covered].every((f) => names.includes(f) || f === '_id')) continue;
      return ix.name;
    }
    if (b.size > 0 && (b.get(names[0] ?? '')?.kind ?? 'loose') === 'loose') continue;
    if (b.size === 0 && !ix.partialFilterExpression) continue;
    return ix.name;
  }
  return undefined;
}

/** The field paths an aggregation expression reads (`'$field'` strings). */
function fieldRefs(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string' && v.startsWith('$') && !v.startsWith('$$')) out.push(v.slice(1));
  else if (Array.isArray(v)) for (const x of v) fieldRefs(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) fieldRefs(x, out);
  return out;
}

/** The verdict on one query shape: served when every branch is (see the module's comment). */
export function check(
  shape: { filter: Document; sort?: Document },
  indexes: IndexInfo[],
  pipeline?: Document[],
): { served: boolean; branches: { branch: string; index?: string }[] } {
  const branches = branchesOf(shape.filter);
  const hasOr = branches.length > 1;
  const sort: [string, number][] = hasOr ? [] : Object.entries(shape.sort ?? {}).map(([k, v]) => [k, Number(v)]);
  let covered: string[] | undefined;
  if (pipeline) {
    const groupAt = pipeline.findIndex((s) => '$group' in s);
    if (groupAt >= 0) covered = pipeline.slice(0, groupAt + 1).flatMap((s) => ('$match' in s || '$sort' in s ? [] : fieldRefs(s)));
  }
  const out = branches.map((b) => ({
    branch: JSON.stringify(Object.fromEntries([...b].map(([f, p]) => [f, p.raw.length === 1 ? p.raw[0] : p.raw]))),
    index: servingIndex(b, sort, indexes, covered),
  }));
  return { served: out.every((b) => b.index !== undefined), branches: out };
}
