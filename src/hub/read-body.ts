import type { HubResponse } from './hub-fetch.ts';

/** A body longer than the reader allows: it was not read further. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly declared: number | undefined,
  ) {
    super(
      declared !== undefined ? `the answer declares ${declared} bytes, more than the ${limit} allowed` : `the answer sent more than the ${limit} bytes allowed`,
    );
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The whole body, if it is at most `maxBytes`; else BodyTooLargeError as soon as the Content-Length or the
 * bytes received say so (the rest is never read, the connection is closed). Only what arrived is kept.
 */
export async function readBodyBounded(res: HubResponse, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const total = await forEachChunkBounded(res, maxBytes, (chunk) => chunks.push(chunk));
  return concat(chunks, total);
}

/** `readBodyBounded` as UTF-8 text, decoded chunk by chunk (the bytes are never held twice). */
export async function readBodyTextBounded(res: HubResponse, maxBytes: number): Promise<{ text: string; bytes: number }> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  const total = await forEachChunkBounded(res, maxBytes, (chunk) => parts.push(decoder.decode(chunk, { stream: true })));
  parts.push(decoder.decode());
  return { text: parts.join(''), bytes: total };
}

/**
 * Hands each chunk of the body to `onChunk`, and stops with BodyTooLargeError as soon as the body is over
 * `maxBytes`: at once when its Content-Length says so, else at the chunk that crosses it. Returns the bytes read.
 */
async function forEachChunkBounded(res: HubResponse, maxBytes: number, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  const declared = res.headers.get('content-encoding') ? undefined : Number(res.headers.get('content-length') ?? NaN);
  if (declared !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new BodyTooLargeError(maxBytes, declared);
  }
  if (!res.body) return 0;
  let total = 0;
  for (;;) {
    const value = await res.body.read();
    if (value === undefined) return total;
    total += value.byteLength;
    if (total > maxBytes) {
      await res.body.cancel();
      throw new BodyTooLargeError(maxBytes, undefined);
    }
    onChunk(value);
  }
}

/**
 * The first `length` bytes of the body (fewer if it ends before); what follows is never read and the
 * connection is closed. `length` is the caller's bound, never a size the server claimed.
 */
export async function readBodyPrefix(res: HubResponse, length: number): Promise<Uint8Array> {
  if (!res.body || length === 0) {
    await res.body?.cancel();
    return new Uint8Array(0);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < length) {
    const value = await res.body.read();
    if (value === undefined) return concat(chunks, total);
    const take = Math.min(value.byteLength, length - total);
    chunks.push(take === value.byteLength ? value : value.subarray(0, take));
    total += take;
  }
  // A body of exactly the declared length has ended: reading its end (at once, it is already here) instead
  // of cancelling keeps the connection alive for the next request; anything else is cancelled unread.
  if (isWholeBody(res, total) && (await res.body.read()) === undefined) return concat(chunks, total);
  await res.body.cancel();
  return concat(chunks, total);
}

function isWholeBody(res: HubResponse, total: number): boolean {
  return !res.headers.get('content-encoding') && res.headers.get('content-length') === String(total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
