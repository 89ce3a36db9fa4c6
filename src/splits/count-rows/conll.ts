import { CountFormatError, CountLimitError } from './errors.ts';
import type { RecordCounter } from './records.ts';

/** Python's `str.isspace()` characters: what `line.strip()` removes (wider than JavaScript's `\s`, and not U+FEFF). */
const PY_SPACE = new Set(
  [
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
    0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
  ].map((c) => String.fromCharCode(c)),
);

const DOCSTART = Buffer.from('-DOCSTART-');
/** A line of only whitespace, non-ASCII included, longer than this is not decoded to be checked: not counted. */
const MAX_NON_ASCII_BLANK_LINE = 1 << 16;

/**
 * Sentences of a CoNLL file as the `conll` builder (datasets 5.2) reads it, a row per sentence: the file is
 * decoded as strict UTF-8 (a BOM is kept, as Python's `utf-8` codec does), split in lines on `\n`, `\r\n` or `\r`
 * (text mode's universal newlines), a blank line (only Python whitespace) ends a sentence, a line starting with
 * `-DOCSTART-` (skip_docstart, on by default) or with the comment prefix (`#` for `.conllu`) is skipped without
 * ending one, and any other line is a token of the current sentence. A sentence at the end of the file without
 * a blank line after it counts too. Bytes are scanned as they are (an ASCII character other than whitespace
 * makes a line non-blank); only a line with no such character and some non-ASCII bytes is decoded to be
 * checked against Python's whitespace. The UTF-8 check is a streaming decode whose output is dropped.
 */
export class ConllSentenceCounter implements RecordCounter {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly prefix: Buffer | undefined;
  private count = 0;
  private inSentence = false;
  private lineLength = 0;
  private asciiContent = false;
  /** the bytes of a line without ASCII content but with non-ASCII bytes, to decode at its end */
  private pending: number[] = [];
  /** the line's first bytes, enough for the prefixes */
  private readonly head = Buffer.alloc(DOCSTART.length);
  private lastWasCR = false;

  constructor(commentPrefix: string | undefined) {
    this.prefix = commentPrefix === undefined ? undefined : Buffer.from(commentPrefix);
    if (this.prefix && this.prefix.length > DOCSTART.length) throw new CountFormatError('A comment prefix longer than this counter checks');
  }

  push(chunk: Uint8Array): void {
    this.checkUtf8(chunk, true);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a || b === 0x0d) {
        if (b === 0x0a && this.lastWasCR) {
          this.lastWasCR = false;
          continue;
        }
        this.lastWasCR = b === 0x0d;
        this.endLine();
        continue;
      }
      this.lastWasCR = false;
      if (this.lineLength < DOCSTART.length) this.head[this.lineLength] = b;
      this.lineLength++;
      if (this.asciiContent) continue;
      if (b >= 0x80) {
        if (this.pending.length >= MAX_NON_ASCII_BLANK_LINE) throw new CountLimitError('A long line of non-ASCII whitespace');
        this.pending.push(b);
      } else if (!(b === 0x20 || (b >= 0x09 && b <= 0x0d) || (b >= 0x1c && b <= 0x1f))) this.asciiContent = true;
    }
  }

  private checkUtf8(chunk: Uint8Array | undefined, stream: boolean): void {
    try {
      this.utf8.decode(chunk, { stream });
    } catch (err) {
      throw new CountFormatError('A CoNLL file that is not UTF-8 (the library fails on it)', { cause: err });
    }
  }

  private blank(): boolean {
    if (this.asciiContent) return false;
    if (this.pending.length === 0) return true;
    for (const ch of Buffer.from(this.pending).toString('utf8')) if (!PY_SPACE.has(ch)) return false;
    return true;
  }

  private startsWith(p: Buffer): boolean {
    return this.lineLength >= p.length && this.head.subarray(0, p.length).equals(p);
  }

  private endLine(): void {
    if (this.blank()) {
      // a sentence boundary
      if (this.inSentence) this.count++;
      this.inSentence = false;
    } else if (!this.startsWith(DOCSTART) && !(this.prefix && this.startsWith(this.prefix))) {
      this.inSentence = true;
    }
    this.asciiContent = false;
    this.pending = [];
    this.lineLength = 0;
  }

  finish(): number {
    this.checkUtf8(undefined, false);
    if (this.lineLength > 0) this.endLine();
    if (this.inSentence) this.count++;
    this.inSentence = false;
    return this.count;
  }
}

/** The conll builder's comment prefix from the module's builder kwargs (`{"comment_prefix": "#"}` for `.conllu`). */
export function conllCommentPrefix(kwargs: string | undefined): string | undefined {
  if (!kwargs) return undefined;
  const parsed = JSON.parse(kwargs) as { comment_prefix?: unknown };
  if (parsed.comment_prefix === undefined || parsed.comment_prefix === null) return undefined;
  if (typeof parsed.comment_prefix !== 'string' || Buffer.byteLength(parsed.comment_prefix) > DOCSTART.length) {
    throw new CountFormatError(`A comment prefix this counter does not check: ${JSON.stringify(parsed.comment_prefix)}`);
  }
  return parsed.comment_prefix;
}
