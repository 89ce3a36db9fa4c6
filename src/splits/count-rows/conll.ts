import { CountFormatError } from './errors.ts';
import type { RecordCounter } from './records.ts';

/** Python's `str.isspace()` characters: what `line.strip()` removes (wider than JavaScript's `\s`, and not U+FEFF). */
const PY_SPACE = new Set(
  [
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
    0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
  ].map((c) => String.fromCharCode(c)),
);

const DOCSTART = '-DOCSTART-';

/**
 * Sentences of a CoNLL file as the `conll` builder (datasets 5.2) reads it, a row per sentence: the file is
 * decoded as strict UTF-8 (a BOM is kept, as Python's `utf-8` codec does), split in lines on `\n`, `\r\n` or `\r`
 * (text mode's universal newlines), a blank line (only Python whitespace) ends a sentence, a line starting with
 * `-DOCSTART-` (skip_docstart, on by default) or with the comment prefix (`#` for `.conllu`) is skipped without
 * ending one, and any other line is a token of the current sentence. A sentence at the end of the file without
 * a blank line after it counts too. Memory: O(1) besides the decoder's carry-over.
 */
export class ConllSentenceCounter implements RecordCounter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private count = 0;
  private inSentence = false;
  private lineNonSpace = false;
  private lineLength = 0;
  /** the line's first characters, enough for the prefixes */
  private head = '';
  private lastWasCR = false;

  constructor(private readonly commentPrefix: string | undefined) {}

  push(chunk: Uint8Array): void {
    this.text(this.decode(chunk, true));
  }

  private decode(chunk: Uint8Array | undefined, stream: boolean): string {
    try {
      return this.decoder.decode(chunk, { stream });
    } catch (err) {
      throw new CountFormatError('A CoNLL file that is not UTF-8 (the library fails on it)', { cause: err });
    }
  }

  private text(s: string): void {
    for (const ch of s) {
      if (ch === '\n' || ch === '\r') {
        if (ch === '\n' && this.lastWasCR) {
          this.lastWasCR = false;
          continue;
        }
        this.lastWasCR = ch === '\r';
        this.endLine();
        continue;
      }
      this.lastWasCR = false;
      this.lineLength++;
      if (this.head.length < DOCSTART.length) this.head += ch;
      if (!PY_SPACE.has(ch)) this.lineNonSpace = true;
    }
  }

  private endLine(): void {
    if (!this.lineNonSpace) {
      // a sentence boundary
      if (this.inSentence) this.count++;
      this.inSentence = false;
    } else if (!this.head.startsWith(DOCSTART) && !(this.commentPrefix !== undefined && this.head.startsWith(this.commentPrefix))) {
      this.inSentence = true;
    }
    this.lineNonSpace = false;
    this.lineLength = 0;
    this.head = '';
  }

  finish(): number {
    this.text(this.decode(undefined, false));
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
  if (typeof parsed.comment_prefix !== 'string' || parsed.comment_prefix.length > DOCSTART.length) {
    throw new CountFormatError(`A comment prefix this counter does not check: ${JSON.stringify(parsed.comment_prefix)}`);
  }
  return parsed.comment_prefix;
}
