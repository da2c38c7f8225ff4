import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ImportError } from './errors';
import { FIELDS, IMPORT_KINDS, type ImportKind } from './fields';
import { assertReadable, type CellValue, parseDelimiter } from './read';

/** Where a contract field's value comes from: a column, with code translations, or a constant. */
export interface ColumnSource {
  column: string;
  /** The partner's codes to contract codes, e.g. { M: MALE }; matched ignoring case and spaces. */
  codes?: Record<string, string>;
  /** For multi-valued fields: the separator between values in a cell (default ";"). */
  separator?: string;
  /** Cell texts read as blank in this column, instead of the file's list. */
  nullTokens?: string[];
}
export interface ConstantSource {
  value: string | number | boolean;
}
export type FieldSource = ColumnSource | ConstantSource;

export interface Mapping {
  kind: ImportKind;
  /** XLSX: the worksheet to read (default: the first). */
  sheet?: string;
  /** The row that holds the column names (default 1); rows above it are ignored. */
  headerRow: number;
  /** Accepted text date formats, tried in order. Excel date cells are always accepted. */
  dateFormats: string[];
  /** CSV: the field delimiter (default: detected from the header line). */
  delimiter?: string;
  /** Cell texts read as blank in every column, matched ignoring case and surrounding spaces (default NULL_TOKENS). */
  nullTokens?: string[];
  fields: Record<string, FieldSource>;
}

export const DATE_FORMATS = ['YYYY-MM-DD', 'M/D/YYYY', 'D/M/YYYY', 'D.M.YYYY', 'YYYY/M/D'] as const;

/** What exports write for "no value"; matched ignoring case, so N/A, NULL and Unknown are in. */
export const NULL_TOKENS: readonly string[] = ['n/a', 'na', 'null', '-', 'unknown'];

export class MappingError extends ImportError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('MAPPING_INVALID', `Mapping ${file} is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and checks a mapping file (YAML or JSON); every problem is reported at once. */
export function loadMapping(file: string): Mapping {
  assertReadable(file, 'mapping file');
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MappingError(file, [`cannot be read as YAML or JSON: ${(error as Error).message.split('\n')[0]}`]);
  }
  return checkMapping(raw, file);
}

export function checkMapping(raw: unknown, file = 'mapping'): Mapping {
  const problems: string[] = [];
  const input = (raw ?? {}) as Record<string, unknown>;
  const kind = input.kind as ImportKind;
  if (!IMPORT_KINDS.includes(kind)) problems.push(`kind: must be one of ${IMPORT_KINDS.join(', ')}; got ${JSON.stringify(input.kind)}`);
  const headerRow = input.headerRow === undefined ? 1 : Number(input.headerRow);
  if (!Number.isInteger(headerRow) || headerRow < 1) problems.push('headerRow: must be a row number from 1');
  const dateFormats = (input.dateFormats as string[] | undefined) ?? ['YYYY-MM-DD', 'M/D/YYYY'];
  for (const format of dateFormats) {
    if (!(DATE_FORMATS as readonly string[]).includes(format)) problems.push(`dateFormats: "${format}" is not one of ${DATE_FORMATS.join(', ')}`);
  }
  const delimiter = input.delimiter === undefined ? undefined : parseDelimiter(input.delimiter);
  if (input.delimiter !== undefined && !delimiter) problems.push(`delimiter: ${DELIMITER_HINT}; got ${JSON.stringify(input.delimiter)}`);
  const nullTokens = input.nullTokens === undefined ? undefined : tokenList(input.nullTokens, 'nullTokens', problems);
  const fields: Record<string, FieldSource> = {};
  const specs = FIELDS[kind] ?? {};
  const given = (input.fields ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) problems.push('fields: must map contract fields to columns');
  for (const [name, source] of Object.entries(given)) {
    const spec = specs[name];
    if (!spec) {
      if (IMPORT_KINDS.includes(kind)) problems.push(`fields.${name}: not a field of ${kind} (known: ${Object.keys(specs).join(', ')})`);
      continue;
    }
    if (source === null || source === undefined) continue;
    if (typeof source === 'string') {
      fields[name] = { column: source };
    } else if (typeof source === 'object' && 'value' in (source as object)) {
      if ('nullTokens' in (source as object)) problems.push(`fields.${name}.nullTokens: only for a column; a constant { value } is never blank`);
      fields[name] = { value: (source as ConstantSource).value };
    } else if (typeof source === 'object' && typeof (source as ColumnSource).column === 'string') {
      const column = source as ColumnSource;
      if (column.codes !== undefined) {
        for (const [from, to] of Object.entries(column.codes ?? {})) {
          if (!spec.codes?.includes(to))
            problems.push(`fields.${name}.codes.${from}: "${to}" is not a contract code (${spec.codes?.join(', ') ?? 'this field takes no codes'})`);
        }
      }
      const tokens = column.nullTokens === undefined ? undefined : tokenList(column.nullTokens, `fields.${name}.nullTokens`, problems);
      fields[name] = { column: column.column, codes: column.codes, separator: column.separator, ...(tokens ? { nullTokens: tokens } : {}) };
    } else {
      problems.push(`fields.${name}: give a column name, { column, codes }, or { value }`);
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !fields[name]) problems.push(`fields.${name}: required for ${kind}, but not mapped`);
  }
  if (problems.length) throw new MappingError(file, problems);
  return { kind, sheet: input.sheet as string | undefined, headerRow, dateFormats, delimiter, nullTokens: nullTokens ?? [...NULL_TOKENS], fields };
}

export const DELIMITER_HINT = 'must be one character, such as "," ";" or "|", or "tab"';

/** A list of null tokens as texts; YAML reads a bare NULL, null or ~ as nothing, so those are refused with a hint. */
function tokenList(value: unknown, key: string, problems: string[]): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push(`${key}: must be a list of texts read as blank, e.g. ["N/A", "NULL", "-"]`);
    return undefined;
  }
  const tokens: string[] = [];
  value.forEach((token, i) => {
    if (typeof token === 'string' || typeof token === 'number' || typeof token === 'boolean') tokens.push(String(token));
    else if (token === null) problems.push(`${key}: item ${i + 1} is empty (put NULL, null and ~ in quotes: YAML reads them bare as nothing)`);
    else problems.push(`${key}: item ${i + 1} is not a text`);
  });
  return tokens;
}

const tokenSets = new WeakMap<readonly string[], Set<string>>();
const tokenSet = (tokens: readonly string[]) => {
  let set = tokenSets.get(tokens);
  if (!set) {
    set = new Set(tokens.map((t) => t.trim().toLowerCase()));
    tokenSets.set(tokens, set);
  }
  return set;
};

/**
 * A column's cell as a field reads it: a null token (the column's list, else the file's) is blank,
 * unless the column's codes translate that very text (say, Unknown: NOT_SELF_IDENTIFIED).
 */
export function cellOf(cells: ReadonlyMap<string, CellValue>, source: ColumnSource, mapping: Mapping): CellValue {
  const value = cells.get(source.column) ?? null;
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const key = String(value).trim().toLowerCase();
  if (!tokenSet(source.nullTokens ?? mapping.nullTokens ?? NULL_TOKENS).has(key)) return value;
  const translated = source.codes && Object.keys(source.codes).some((code) => code.trim().toLowerCase() === key);
  return translated ? value : null;
}
