import { zipMembers } from './count-rows/zip-members.ts';
import { budgeted, ReadBudget, type FileSource } from './count-rows/source.ts';
import { CountFormatError, CountLimitError } from './count-rows/errors.ts';
import { SplitsNamesError } from './errors.ts';

/**
 * The member paths of a zip archive (folders left out), in the order of its central directory, for the builder's
 * inference: two Range reads of the archive's end (the end record, then the directory), whatever the archive's size,
 * as the library's `zip://` file system reads it. Only the directory is read, and its bytes are charged to
 * `maxBytes` (COUNT_ROWS_MAX_BYTES); an archive that is not a zip, or a directory over the bound, is the dataset's
 * fault (SplitsNamesError).
 */
export async function zipMemberNames(source: FileSource, maxBytes: number): Promise<string[]> {
  try {
    const members = await zipMembers(budgeted(source, new ReadBudget(maxBytes, maxBytes)));
    return members.filter((m) => !m.name.endsWith('/')).map((m) => m.name);
  } catch (err) {
    if (err instanceof CountFormatError || err instanceof CountLimitError) {
      throw new SplitsNamesError(`Cannot infer the format of ${source.path}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
