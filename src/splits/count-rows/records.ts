import { CountFormatError, CountLimitError } from './errors.ts';

/** Counts the rows of one file from its (decompressed) bytes, pushed in order. */
export interface RecordCounter {
  push(chunk: Uint8Array): void;
  /** the row count; throws CountFormatError when the bytes are not something the library reads for sure */
  finish(): number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Lines as the `text` builder splits them (every line a row), or non-blank lines for JSON Lines. */
export class LineCounter implements RecordCounter {
  private count = 0;
  private lineHasContent = false;
  private lineStarted = false;
  private lastWasCR = false;
  constructor(private readonly skipBlank: boolean) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LF || b === CR) {
        if (b === LF && this.lastWasCR) {
          this.lastWasCR = false;
          continue;
        }
        this.endLine();
        this.lastWasCR = b === CR;
        continue;
      }
      this.lastWasCR = false;
      this.lineStarted = true;
      if (b !== 0x20 && b !== 0x09) this.lineHasContent = true;
    }
  }

  private endLine(): void {
    if (!this.skipBlank || this.lineHasContent) this.count++;
    this.lineHasContent = false;
    this.lineStarted = false;
  }

  finish(): number {
    if (this.lineStarted) this.endLine();
    return this.count;
  }
}

/** CSV records (RFC 4180 quoting: newlines inside quotes do not end a record), blank lines skipped as pandas does. */
export class CsvRecordCounter implements RecordCounter {
  private count = 0;
  private inQuotes = false;
  private recordHasContent = false;

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === QUOTE) {
        this.inQuotes = !this.inQuotes;
        this.recordHasContent = true;
      } else if (b === LF && !this.inQuotes) {
        if (this.recordHasContent) this.count++;
        this.recordHasContent = false;
      } else if (b !== CR) {
        this.recordHasContent = true;
      }
    }
  }

  /** records less the header; a file without even a header (0 bytes, or blank lines only) fails in pandas (EmptyDataError) */
  finish(): number {
    if (this.recordHasContent) this.count++;
    if (this.count === 0) throw new CountFormatError('An empty file read as CSV (the library fails: no columns to parse)');
    return this.count - 1;
  }
}

/** The json builder's AGENT_TRACES_FEATURES_MARKERS (datasets 5.2): columns that make it read agent traces. */
const AGENT_TRACES_KEYS = [
  ['type', 'message'],
  ['type', 'payload'],
  ['id', 'source', 'model', 'system_prompt', 'messages'],
  ['type', 'id', 'version', 'cwd'],
];

/** Nesting deeper than this is not counted (ujson itself stops at 1024). */
export const MAX_JSON_DEPTH = 512;

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const BACKSLASH = 0x5c;

/**
 * The json builder's block size (datasets 5.2: `chunksize // 32`, at least 16 KiB): pyarrow parses a file of
 * JSON objects laid out otherwise than one a line (pretty-printed, or several on a line) only when it fits one
 * block; a bigger one fails in the library (measured: a 0.8 MB pretty-printed file does).
 */
export const JSON_BLOCK_SIZE = (10 << 20) / 32;

/**
 * Rows of a `.json`/`.jsonl` file as the `json` builder reads it:
 * - a file whose first byte (after a BOM, in the split's first file only) is `[` is one JSON array, a row per
 *   element; counted only when the elements are all objects or all strings (the two shapes the library turns
 *   into JSON Lines), with nothing but whitespace after the closing `]`; `[]` is 0 rows;
 * - a file with whitespace before its `[` fails pyarrow and goes to pandas (`read_json`), a row per element;
 *   counted only without a BOM (pandas does not skip one) and when the elements are all strings, or all flat
 *   objects whose values keep one JSON type per key (pandas→Arrow fails on mixed columns);
 * - otherwise objects for pyarrow, a row per top-level object: one a line (JSON Lines, blank lines skipped), or
 *   laid out otherwise (pretty-printed, several on a line) in a file of at most JSON_BLOCK_SIZE bytes; a
 *   top-level value that is not an object is not counted (the library fails).
 * Only brackets, strings and commas are tracked, so memory is O(depth) plus the rows' top-level key names (first
 * file only, at most 10,000): rows with the columns of one of the library's agent-traces shapes are not counted,
 * since the library then makes a row per traced session.
 */
export class JsonRowCounter implements RecordCounter {
  private started = false;
  private bomSeen = 0;
  private leadingSpace = false;
  private mode: 'array' | 'lines' | undefined;
  /** an array after leading whitespace: read by pandas in the library */
  private viaPandas = false;
  private bytes = 0;
  /** objects not laid out one a line: pyarrow reads them in one block only */
  private notLines = false;
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private count = 0;
  // array mode
  private expectElement = true;
  private closed = false;
  private elementKind: number | undefined;
  // lines mode
  private lineDone = false;
  // top-level keys of the rows (first file only), to see the library's agent-traces shapes
  private readonly keys = new Set<string>();
  private expectKey = false;
  private key: number[] | undefined;
  // pandas path: the JSON type of each key's values (a string, a number, a boolean; null goes with any)
  private readonly keyTypes = new Map<string, number>();
  private lastKey: string | undefined;
  private expectValue = false;

  constructor(private readonly firstFile: boolean) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    this.bytes += chunk.length;
    if (!this.started) {
      // a UTF-8 BOM (EF BB BF) may precede the content
      while (!this.leadingSpace && i < chunk.length && this.bomSeen < 3 && chunk[i] === [0xef, 0xbb, 0xbf][this.bomSeen]) {
        this.bomSeen++;
        i++;
      }
      if (i < chunk.length && this.bomSeen > 0 && this.bomSeen < 3) throw new CountFormatError('Broken byte order mark');
      // whitespace before the first value decides how the library reads the file
      while (i < chunk.length && WS.has(chunk[i]!)) {
        this.leadingSpace = true;
        i++;
      }
      if (i >= chunk.length) return;
      this.started = true;
      this.mode = chunk[i] === OPEN_ARR ? 'array' : 'lines';
      if (this.mode === 'array' && this.bomSeen === 3 && (!this.firstFile || this.leadingSpace)) {
        throw new CountFormatError('A JSON array after a byte order mark is read by pandas in the library');
      }
      this.viaPandas = this.mode === 'array' && this.leadingSpace;
    }
    if (this.bytes > JSON_BLOCK_SIZE && this.notLines) throw new CountFormatError('JSON objects over several lines, in more than one block');
    for (; i < chunk.length; i++) this.step(chunk[i]!);
  }

  private step(b: number): void {
    if (this.inString) {
      if (this.key && b !== QUOTE && this.key.length < 256) this.key.push(b);
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.key) {
          const name = Buffer.from(this.key).toString('utf8');
          if (this.keys.size < 10_000) this.keys.add(name);
          this.lastKey = name;
          this.key = undefined;
        }
        if (this.stack.length === 1 && this.mode === 'array') this.expectElement = false;
      } else if (b === LF) throw new CountFormatError('Newline inside a JSON string');
      return;
    }
    if (this.mode === 'array') this.arrayStep(b);
    else this.lineStep(b);
  }

  private open(b: number): void {
    if (this.stack.length >= MAX_JSON_DEPTH) throw new CountLimitError(`JSON nested deeper than ${MAX_JSON_DEPTH}`);
    this.stack.push(b);
  }

  private close(b: number): void {
    const top = this.stack.pop();
    if ((b === CLOSE_OBJ && top !== OPEN_OBJ) || (b === CLOSE_ARR && top !== OPEN_ARR)) throw new CountFormatError('Unbalanced JSON brackets');
  }

  private arrayStep(b: number): void {
    if (this.closed) {
      if (!WS.has(b)) throw new CountFormatError('Data after the end of the JSON array');
      return;
    }
    const depth = this.stack.length;
    if (depth === 0) {
      // the very first byte: `[`
      this.open(b);
      return;
    }
    if (depth === 1) {
      if (WS.has(b)) return;
      if (b === COMMA) {
        if (this.expectElement) throw new CountFormatError('Empty JSON array element');
        this.expectElement = true;
        return;
      }
      if (b === CLOSE_ARR) {
        if (this.expectElement && this.count > 0) throw new CountFormatError('Trailing comma in a JSON array');
        this.close(b);
        this.closed = true;
        return;
      }
      if (!this.expectElement) throw new CountFormatError('Missing comma in a JSON array');
      if (b !== OPEN_OBJ && b !== QUOTE) throw new CountFormatError('A JSON array of other than objects or strings');
      if (this.elementKind !== undefined && this.elementKind !== b) throw new CountFormatError('A JSON array of mixed objects and strings');
      this.elementKind = b;
      this.count++;
      if (b === QUOTE) this.inString = true;
      else {
        this.open(b);
        this.expectKey = true;
      }
      return;
    }
    this.nestedStep(b);
    if (this.stack.length === 1) this.expectElement = false;
  }

  private nestedStep(b: number): void {
    const atRow = this.stack.length === this.rowDepth();
    if (atRow && this.viaPandas) this.pandasValue(b);
    if (b === QUOTE) {
      this.inString = true;
      if (atRow && this.expectKey && (this.firstFile || this.viaPandas)) this.key = [];
      this.expectKey = false;
    } else if (b === OPEN_OBJ || b === OPEN_ARR) this.open(b);
    else if (b === CLOSE_OBJ || b === CLOSE_ARR) this.close(b);
    else if (b === COMMA && atRow) this.expectKey = true;
  }

  /** pandas makes columns of the objects: only flat values of one JSON type per key convert to Arrow for sure */
  private pandasValue(b: number): void {
    if (b === COLON) {
      this.expectValue = true;
      return;
    }
    if (!this.expectValue || WS.has(b)) return;
    this.expectValue = false;
    if (b === OPEN_OBJ || b === OPEN_ARR) throw new CountFormatError('A nested value in a JSON array read by pandas');
    if (b === 0x6e) return; // null
    const type = b === QUOTE ? QUOTE : b === 0x74 || b === 0x66 ? 0x74 : 0x30;
    const key = this.lastKey ?? '';
    const seen = this.keyTypes.get(key);
    if (seen !== undefined && seen !== type) throw new CountFormatError(`Values of several types for "${key}" in a JSON array read by pandas`);
    if (seen === undefined) {
      if (this.keyTypes.size >= 10_000) throw new CountLimitError('More than 10,000 keys to check for pandas');
      this.keyTypes.set(key, type);
    }
  }

  /** the depth inside a row object: 1 in JSON Lines, 2 in an array */
  private rowDepth(): number {
    return this.mode === 'array' ? 2 : 1;
  }

  private lineStep(b: number): void {
    if (b === LF || b === CR) {
      // an object over several lines: pyarrow reads it in one block only
      if (this.stack.length > 0) this.setNotLines();
      this.lineDone = false;
      return;
    }
    if (this.stack.length === 0) {
      if (WS.has(b)) return;
      // several objects on a line: likewise
      if (this.lineDone) this.setNotLines();
      if (b !== OPEN_OBJ) throw new CountFormatError('A top-level JSON value that is not an object');
      this.count++;
      this.open(b);
      this.expectKey = true;
      return;
    }
    this.nestedStep(b);
    if (this.stack.length === 0) this.lineDone = true;
  }

  private setNotLines(): void {
    this.notLines = true;
    if (this.bytes > JSON_BLOCK_SIZE) throw new CountFormatError('JSON objects over several lines, in more than one block');
  }

  finish(): number {
    if (this.inString || this.stack.length > 0) throw new CountFormatError('Truncated JSON');
    // rows whose columns look like agent traces are turned into one row per session by the library
    if (AGENT_TRACES_KEYS.some((set) => set.every((k) => this.keys.has(k)))) throw new CountFormatError('Rows shaped like agent traces');
    if (this.mode === 'array' && !this.closed) throw new CountFormatError('Truncated JSON array');
    return this.count;
  }
}

/**
 * Rows of a file of another format read by the `csv` builder (a `.txt` in a YAML config's split of CSV, a text
 * member of a zip of CSV), which pandas parses as CSV. Counted only where pandas' rules leave no doubt: no quote
 * character at all, no line of whitespace only, and no record with more fields than the header (pandas then
 * infers an index column, or fails); lines end at `\n`, `\r\n` or `\r`, empty ones skipped. Bytes must also be
 * UTF-8 (checked by the caller). An empty file fails in the library (EmptyDataError).
 */
export class StrictCsvCounter implements RecordCounter {
  private count = 0;
  private headerFields: number | undefined;
  private fields = 1;
  private lineLength = 0;
  private lineNonSpace = false;
  private readonly sep: number;

  constructor(sep: string) {
    if (sep.length !== 1 || sep.charCodeAt(0) > 0x7f) throw new CountFormatError(`A CSV separator this counter does not check: ${JSON.stringify(sep)}`);
    this.sep = sep.charCodeAt(0);
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LF || b === CR) {
        this.endLine();
        continue;
      }
      if (b === QUOTE) throw new CountFormatError('A quote in a file read as CSV by pandas');
      this.lineLength++;
      if (b === this.sep) this.fields++;
      if (b !== 0x20 && b !== 0x09) this.lineNonSpace = true;
    }
  }

  private endLine(): void {
    if (this.lineLength > 0) {
      if (!this.lineNonSpace) throw new CountFormatError('A line of whitespace only in a file read as CSV by pandas');
      if (this.headerFields === undefined) this.headerFields = this.fields;
      else if (this.fields > this.headerFields) throw new CountFormatError('A record with more fields than the header');
      else this.count++;
    }
    this.fields = 1;
    this.lineLength = 0;
    this.lineNonSpace = false;
  }

  finish(): number {
    this.endLine();
    if (this.headerFields === undefined) throw new CountFormatError('An empty file read as CSV (the library fails)');
    return this.count;
  }
}
