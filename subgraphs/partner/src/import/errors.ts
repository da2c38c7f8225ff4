/**
 * Why an import stopped before writing anything. These messages name files, columns and
 * problems, never a row's values, so the command shows them as they are; anything else that
 * escapes an import is reported by its class only.
 */
export type ImportErrorCode =
  /** the command line is wrong: the command also prints its usage */
  | 'USAGE'
  /** the mapping file cannot be used */
  | 'MAPPING_INVALID'
  /** the data file cannot be read as a sheet */
  | 'FILE_UNREADABLE'
  /** the mapping names columns the file does not have */
  | 'COLUMNS_MISSING';

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
