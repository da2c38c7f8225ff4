import { stringify } from 'yaml';
import { FIELDS, type ImportKind } from './fields';
import { NULL_TOKENS } from './mapping';
import { openSheet } from './read';

const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9/]+/g, ' ')
    .trim();

/**
 * A first mapping drafted from a file's headers (and, for code fields, the values found), for
 * a person to check: unmatched fields and unknown codes are left as TODOs.
 */
export async function draftMapping(file: string, kind: ImportKind, options: { sheet?: string; headerRow?: number; delimiter?: string } = {}): Promise<string> {
  const sheet = await openSheet(file, { sheet: options.sheet, headerRow: options.headerRow ?? 1, delimiter: options.delimiter });
  const distinct = new Map<string, Set<string>>(sheet.headers.map((h) => [h, new Set()]));
  // Null tokens (N/A, -) are read as blank on import, so they get no code; the draft lists them instead.
  const blanks = new Map<string, Set<string>>();
  let sampled = 0;
  for await (const row of sheet.rows) {
    for (const [header, value] of row.cells) {
      const text = value === null ? '' : String(value).trim();
      if (NULL_TOKENS.includes(text.toLowerCase())) blanks.set(header, (blanks.get(header) ?? new Set()).add(text));
      else if (text && distinct.get(header)!.size < 50) distinct.get(header)!.add(text);
    }
    if (++sampled >= 5_000) break;
  }
  const fields: Record<string, unknown> = {};
  const todo: string[] = [];
  const used = new Set<string>();
  for (const [field, spec] of Object.entries(FIELDS[kind])) {
    const column = sheet.headers.find((h) => !used.has(h) && (spec.aliases.includes(normalize(h)) || normalize(h) === normalize(field)));
    if (!column) {
      if (spec.required) todo.push(`${field} (required): ${spec.description}`);
      continue;
    }
    used.add(column);
    if (spec.codes) {
      const codes: Record<string, string> = {};
      for (const value of distinct.get(column)!) {
        for (const part of spec.type === 'codes' ? value.split(/[;,|]/) : [value]) {
          const key = part.trim();
          if (!key) continue;
          const guess = spec.codes.find((code) => normalize(code) === normalize(key)) ?? spec.codes.find((code) => normalize(code).startsWith(normalize(key)));
          codes[key] = guess ?? `TODO: one of ${spec.codes.join(', ')}`;
        }
      }
      fields[field] = { column, codes };
    } else {
      fields[field] = column;
    }
  }
  const unmapped = sheet.headers.filter((h) => !used.has(h));
  const header = [
    `# Draft mapping for ${file}: check every line before importing.`,
    ...(todo.length ? ['# Not found in the file (map them, or give a constant as { value: ... }):', ...todo.map((t) => `#   ${t}`)] : []),
    ...(unmapped.length ? [`# Columns not imported: ${unmapped.join(', ')}`] : []),
    ...(blanks.size
      ? [
          `# Read as blank (null tokens): ${[...blanks].map(([column, tokens]) => `${column} (${[...tokens].join(', ')})`).join('; ')}.`,
          "#   To keep one as a value, map it in the column's codes.",
        ]
      : []),
  ];
  const mapping = {
    kind,
    ...(options.sheet ? { sheet: options.sheet } : {}),
    headerRow: options.headerRow ?? 1,
    // A delimiter given to init is kept, so run reads the file the same way.
    ...(options.delimiter ? { delimiter: options.delimiter === '\t' ? 'tab' : options.delimiter } : {}),
    dateFormats: ['YYYY-MM-DD', 'M/D/YYYY'],
    fields,
  };
  return `${header.join('\n')}\n${stringify(mapping)}`;
}
