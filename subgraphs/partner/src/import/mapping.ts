import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ImportError } from './errors';
import { FIELDS, IMPORT_KINDS, type ImportKind } from './fields';

/** Where a contract field's value comes from: a column, with code translations, or a constant. */
export interface ColumnSource {
  column: string;
  /** The partner's codes to contract codes, e.g. { M: MALE }; matched ignoring case and spaces. */
  codes?: Record<string, string>;
  /** For multi-valued fields: the separator between values in a cell (default ";"). */
  separator?: string;
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
  fields: Record<string, FieldSource>;
}

export const DATE_FORMATS = ['YYYY-MM-DD', 'M/D/YYYY', 'D/M/YYYY', 'D.M.YYYY', 'YYYY/M/D'] as const;

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
      fields[name] = { value: (source as ConstantSource).value };
    } else if (typeof source === 'object' && typeof (source as ColumnSource).column === 'string') {
      const column = source as ColumnSource;
      if (column.codes !== undefined) {
        for (const [from, to] of Object.entries(column.codes ?? {})) {
          if (!spec.codes?.includes(to))
            problems.push(`fields.${name}.codes.${from}: "${to}" is not a contract code (${spec.codes?.join(', ') ?? 'this field takes no codes'})`);
        }
      }
      fields[name] = { column: column.column, codes: column.codes, separator: column.separator };
    } else {
      problems.push(`fields.${name}: give a column name, { column, codes }, or { value }`);
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !fields[name]) problems.push(`fields.${name}: required for ${kind}, but not mapped`);
  }
  if (problems.length) throw new MappingError(file, problems);
  return { kind, sheet: input.sheet as string | undefined, headerRow, dateFormats, fields };
}
