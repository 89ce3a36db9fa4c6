import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ConllSentenceCounter, conllCommentPrefix } from '../../src/splits/count-rows/conll.ts';
import { StrictCsvCounter } from '../../src/splits/count-rows/records.ts';
import { SplitsNamesError } from '../../src/splits/errors.ts';
import { CountFormatError } from '../../src/splits/count-rows/errors.ts';
import { LocalHubRepos } from './local-hub-repos.ts';

function countConll(text: string | Uint8Array, commentPrefix?: string, chunk = 3): number {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const c = new ConllSentenceCounter(commentPrefix);
  for (let i = 0; i < bytes.length; i += chunk) c.push(bytes.subarray(i, i + chunk));
  return c.finish();
}

// CoNLL-2003 NER, as in the original files: a document marker, sentences of "token POS chunk NER"
const CONLL2003 = `-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- -X- O

BRUSSELS NNP B-NP B-LOC
1996-08-22 CD I-NP O
`;

// CoNLL-U (Universal Dependencies): comment lines before each sentence
const CONLLU = `# newdoc id = weblog-juancole.com_juancole_20051126063000_ENG_20051126_063000
# sent_id = weblog-juancole.com_juancole_20051126063000_ENG_20051126_063000-0001
# text = Al-Zaman : American forces killed Shaikh Abdullah al-Ani.
1\tAl\tAl\tPROPN\tNNP\tNumber=Sing\t0\troot\t0:root\tSpaceAfter=No
2\t-\t-\tPUNCT\tHYPH\t_\t1\tpunct\t1:punct\tSpaceAfter=No
3\tZaman\tZaman\tPROPN\tNNP\tNumber=Sing\t1\tflat\t1:flat\t_

# sent_id = weblog-juancole.com_juancole_20051126063000_ENG_20051126_063000-0002
# text = [This killing of a respected cleric.]
1\t[\t[\tPUNCT\t-LRB-\t_\t2\tpunct\t2:punct\tSpaceAfter=No
2\tThis\tthis\tDET\tDT\tNumber=Sing|PronType=Dem\t0\troot\t0:root\t_

`;

// each expected number is what datasets 5.2.0 streamed from the same bytes (load_dataset_builder("conll"))
describe('CoNLL sentences as the conll builder reads them', () => {
  it('counts the sentences of a CoNLL-2003 file, document markers skipped', () => {
    assert.equal(countConll(CONLL2003), 3);
    assert.equal(countConll(CONLL2003, undefined, 1), 3);
  });

  it('counts CoNLL-U sentences with the # comment prefix of .conllu, and comment lines as tokens without it', () => {
    assert.equal(countConll(CONLLU, '#'), 2);
    // a comment line alone between blank lines is a sentence of its own when comments are not skipped
    assert.equal(countConll('# c\n\n1\tx\n\n#only\n\n'), 3);
    assert.equal(countConll('# c\n\n1\tx\n\n#only\n\n', '#'), 1);
  });

  it('splits lines on \\n, \\r\\n and \\r, treats Python whitespace as blank and keeps a BOM as content', () => {
    assert.equal(countConll('a\r\nb\r\rc\rd\r\n\r\nlast'), 3);
    // U+00A0 and U+001C are whitespace for Python's str.strip(), U+200B is not
    assert.equal(countConll('a\n\u00a0\nb\n\u001c\nc\n\u200bd\n'), 3);
    assert.equal(countConll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n\na\n\n')])), 2);
    // a marker after whitespace is a token: the builder tests line.startswith
    assert.equal(countConll(' -DOCSTART-\n'), 1);
  });

  it('does not count a file that is not UTF-8 (the library raises UnicodeDecodeError)', () => {
    assert.throws(() => countConll(Buffer.from([0x61, 0x0a, 0xff, 0x0a])), CountFormatError);
    assert.throws(() => countConll(Buffer.from([0x61, 0x0a, 0xe2, 0x82])), CountFormatError);
  });

  it('reads the comment prefix from the inferred module kwargs', () => {
    assert.equal(conllCommentPrefix('{"comment_prefix": "#"}'), '#');
    assert.equal(conllCommentPrefix('{}'), undefined);
  });
});

function countStrictCsv(text: string, sep = ','): number {
  const c = new StrictCsvCounter(sep);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += 2) c.push(bytes.subarray(i, i + 2));
  return c.finish();
}

// a text file read by the csv builder (pandas), each answer as datasets 5.2.0 streamed it
describe('a file of another format read as CSV by the csv builder', () => {
  it('counts its lines less the header, empty lines skipped, lines ending at \n, \r\n or \r', () => {
    assert.equal(countStrictCsv('line 0\nline 1\n\nline 2\r\nline 3\rline 4'), 4);
    assert.equal(countStrictCsv('# Notes\nSome text\n'), 1);
  });

  it('does not count where pandas rules are not checked: quotes, whitespace-only lines, more fields than the header, no header', () => {
    for (const text of ['h\n"a\nb"\n', 'h\n  \nx\n', 'h\nx,y\nz\n', '', '\n\n']) {
      assert.throws(() => countStrictCsv(text), CountFormatError, JSON.stringify(text));
    }
    // with a tab separator, commas are text
    assert.equal(countStrictCsv('h\nx,y\n', '\t'), 1);
  });
});

const hubRepos = new LocalHubRepos();
const repo = (id: string, files: Record<string, string | Uint8Array>) => hubRepos.repo(id, files);

before(async () => {
  repo('acme/ner', { 'train.conll': CONLL2003, 'test.conll.gz': gzipSync(CONLL2003 + CONLL2003) });
  repo('acme/ud', { 'data/en_ewt-ud-train.conllu': CONLLU, 'data/en_ewt-ud-test.conllu': CONLLU.split('\n\n')[0]! });
  repo('acme/text-with-notes', {
    'README.md': '---\nconfigs:\n- config_name: default\n  data_files: "data/*"\n---\n',
    'data/a.txt': 'one\ntwo\nthree\n',
    'data/notes.md': '# Notes\n\nSome text.\n',
  });
  repo('acme/csv-with-txt', {
    'README.md': '---\nconfigs:\n- config_name: default\n  data_files: "data/*"\n---\n',
    'data/a.csv': 'id,text\n0,a\n1,b\n',
    'data/notes.txt': 'line 0\nline 1\n\nline 2\r\nline 3\rline 4',
  });
  repo('acme/csv-with-jsonl', {
    'README.md': '---\nconfigs:\n- config_name: default\n  data_files: "data/*"\n---\n',
    'data/a.csv': 'id,text\n0,a\n1,b\n',
    'data/b.csv': 'id,text\n2,c\n',
    'data/rows.jsonl': '{"id": 3, "text": "d"}\n',
  });
  repo('acme/csv-with-tar', {
    'README.md': '---\nconfigs:\n- config_name: default\n  data_files: "data/*"\n---\n',
    'data/a.csv': 'id,text\n0,a\n',
    'data/extra.tar.gz': gzipSync(Buffer.alloc(1024)),
  });
  repo('acme/text-with-binary', {
    'README.md': '---\nconfigs:\n- config_name: default\n  data_files: "data/*"\n---\n',
    'data/a.txt': 'one\ntwo\n',
    'data/b.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a]),
  });
  await hubRepos.start();
});
after(() => hubRepos.close());

const counts = (dataset: string) => hubRepos.counts(dataset);

describe('num_examples of conll and text splits through the local Hub', () => {
  it('counts the sentences of plain and gzip CoNLL files', async () => {
    assert.deepEqual(await counts('acme/ner'), [
      ['train', 3],
      ['test', 6],
    ]);
  });

  it('skips CoNLL-U comments, the builder kwargs of .conllu', async () => {
    assert.deepEqual(await counts('acme/ud'), [
      ['train', 2],
      ['test', 1],
    ]);
  });

  it('counts the lines of every file of a YAML config read by the text builder, a .md included', async () => {
    assert.deepEqual(await counts('acme/text-with-notes'), [['train', 6]]);
  });

  it('counts a .txt file of a YAML config read by the csv builder as pandas reads it', async () => {
    assert.deepEqual(await counts('acme/csv-with-txt'), [['train', 6]]);
  });

  it('does not count a .jsonl read by the csv builder (its quotes are pandas rules not checked here)', async () => {
    assert.deepEqual(await counts('acme/csv-with-jsonl'), [['train', null]]);
  });

  // datasets 5.2.0: NotImplementedError ("Extraction protocol for TAR archives ... is not implemented in streaming
  // mode") from the csv builder's dl_manager.extract, hence SplitsNotFoundError
  it('answers SplitsNamesError for a tar archive in a split of a builder that extracts its files', async () => {
    await assert.rejects(counts('acme/csv-with-tar'), SplitsNamesError);
  });

  it('does not count a text split with a file that is not UTF-8', async () => {
    assert.deepEqual(await counts('acme/text-with-binary'), [['train', null]]);
  });
});
