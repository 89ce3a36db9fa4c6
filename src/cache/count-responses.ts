import type { Db } from 'mongodb';
import { splitsResponseCollection } from './splits-response.ts';

export interface ResponseCount {
  http_status: number;
  error_code: string | null;
  count: number;
}

/** Cache entries by (http_status, error_code), in one aggregation over the `splits_by_status` index. */
export async function countResponsesByStatus(cacheDb: Db): Promise<ResponseCount[]> {
  const rows = await splitsResponseCollection(cacheDb)
    .aggregate<{ _id: { http_status: number; error_code: string | null }; count: number }>([
      // in the order of the {http_status, error_code} index: counted from the index alone, no entry read
      { $sort: { http_status: 1, error_code: 1 } },
      { $group: { _id: { http_status: '$http_status', error_code: '$error_code' }, count: { $sum: 1 } } },
    ])
    .toArray();
  return rows.map((r) => ({ http_status: r._id.http_status, error_code: r._id.error_code ?? null, count: r.count }));
}
