// The shapes of a Hub request and its answer, apart from the fetch that makes them, so that the error
// classifier (hub-errors.ts) reads an answer without importing the fetch (which raises its errors).

/** What a Hub request may carry: the few things the client sends. */
export interface HubRequestInit {
  method?: 'GET' | 'HEAD' | 'POST';
  /** header names in any case; `authorization` is dropped on any origin but HF_ENDPOINT's */
  headers?: Record<string, string>;
  body?: string;
  /** 'manual': a 3xx is returned as is (an access check needs no CDN hop); default: followed here, hop by hop */
  redirect?: 'follow' | 'manual';
  /**
   * never send the token, even to HF_ENDPOINT's origin: for a URL learnt from an answer that had left the
   * Hub's origin (see HubResponse.leftHub)
   */
  withoutToken?: boolean;
  signal?: AbortSignal;
}

/** The answer's headers, by case-insensitive name (a repeated header joined by ", "). */
export interface HubHeaders {
  get(name: string): string | null;
}

/**
 * An answer's body, read chunk by chunk. Each read waits at most the idle time-out; a body that ends
 * before its Content-Length, breaks off or stalls is a HubNetworkError. `cancel` stops reading: a small
 * remainder (a redirect's or an error's few bytes) is drained in the background so that the kept-alive
 * connection serves the next request, anything else closes the connection unread.
 */
export interface HubBody {
  /** the next chunk, or undefined at the end */
  read(): Promise<Uint8Array | undefined>;
  cancel(): Promise<void>;
}

export interface HubResponse {
  readonly status: number;
  readonly ok: boolean;
  /** the URL the answer finally came from (after the redirects followed) */
  readonly url: string;
  /**
   * a hop of this request went to another origin than HF_ENDPOINT's: whatever it pointed at afterwards (this
   * answer's URL, a Link of its headers) is not the Hub's word, and gets no token (`withoutToken`)
   */
  readonly leftHub: boolean;
  readonly headers: HubHeaders;
  readonly body: HubBody | null;
}

export type HubFetch = ((url: string, init?: HubRequestInit) => Promise<HubResponse>) & {
  /** requests made so far (what the budget counts) */
  readonly requests: () => number;
};
