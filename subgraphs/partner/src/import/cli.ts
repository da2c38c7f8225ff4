#!/usr/bin/env node
import { readLinkageConfig } from '../config';
import { RegistryLinker } from '../enrollment/registry-client';
import { linkImports, type ImportLinking } from '../enrollment/import-linking';
import { writeFileSync } from 'node:fs';
import { DomainError } from '@coalition/shared';
import { parseArgs } from 'node:util';
import { createPartnerDataSource } from '../db/data-source';
import { loadCatalogue } from './catalogue';
import { draft } from './draft';
import { ImportError } from './errors';
import { IMPORT_KINDS, type ImportKind } from './fields';
import { importFile, type ImportResult } from './importer';
import { DELIMITER_HINT, loadMapping, type Mapping } from './mapping';
import { Progress } from './progress';
import { assertReadable, parseDelimiter } from './read';
import { leftLinksLines, linkageLine, writeReport } from './report';

const USAGE = `coalition-import: load a partner's CSV or XLSX files into its database

  coalition-import init <file> --kind ${IMPORT_KINDS.join('|')} [--sheet NAME] [--header-row N] [--delimiter CHAR] [--out mapping.yaml]
      Drafts a mapping file from the file's headers and values, to check and complete. Without
      --sheet it reads the first sheet with rows; without --header-row it finds the row of column
      names below any title rows.

  coalition-import run <file> --mapping mapping.yaml [--delimiter CHAR] [--skip-invalid] [--report rejections.csv]
                       [--gateway URL] [--catalogue FILE]
      Validates every row against the shared contract, then writes all rows in one
      transaction (or, with --skip-invalid, the valid rows). Rejected rows go to the report
      (default: <file>.rejections.csv). Needs DATABASE_URL (the partner's database).
      Outcomes are checked against the coalition's indicator catalogue: read from the gateway
      (--gateway, with your token in COALITION_TOKEN; saved to --catalogue FILE when given), or
      from a saved --catalogue FILE; without either, codes and value types are not checked.

  CSV files are split at the delimiter (, ; tab |) found on the header line; --delimiter CHAR
  (--delimiter tab for tabs) or the mapping's delimiter: sets it instead.

Exit status: 0 imported; 1 rows rejected (nothing written unless --skip-invalid); 2 usage errors, or a
file or mapping that cannot be read.`;

const OPTIONS = {
  kind: { type: 'string' },
  sheet: { type: 'string' },
  'header-row': { type: 'string' },
  out: { type: 'string' },
  mapping: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  report: { type: 'string' },
  help: { type: 'boolean' },
  'batch-size': { type: 'string' },
  delimiter: { type: 'string' },
  gateway: { type: 'string' },
  catalogue: { type: 'string' },
} as const;
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const usage = (message: string) => new ImportError('USAGE', message);

function delimiterOf(values: Values): string | undefined {
  if (values.delimiter === undefined) return undefined;
  const delimiter = parseDelimiter(values.delimiter);
  if (!delimiter) throw usage(`--delimiter ${DELIMITER_HINT}; got ${JSON.stringify(values.delimiter)}`);
  return delimiter;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, file] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (!file) throw usage(`${command}: name the file to read`);
  if (command === 'init') return init(file, values);
  if (command === 'run') return run(file, values);
  throw usage(`unknown command "${command}"`);
}

async function init(file: string, values: Values): Promise<number> {
  const kind = values.kind as ImportKind;
  if (!IMPORT_KINDS.includes(kind)) throw usage(`init: --kind must be one of ${IMPORT_KINDS.join(', ')}`);
  const headerRow = values['header-row'] === undefined ? undefined : Number(values['header-row']);
  if (headerRow !== undefined && !(Number.isInteger(headerRow) && headerRow >= 1)) {
    throw usage(`init: --header-row must be a row number from 1; got ${JSON.stringify(values['header-row'])}`);
  }
  const { text, notes } = await draft(file, kind, { sheet: values.sheet, headerRow, delimiter: delimiterOf(values) });
  // What init chose (sheet, header row) and found (footer rows, date order) goes to stderr; stdout stays the mapping.
  for (const note of notes) console.error(`${file}: ${note}`);
  if (values.out) {
    writeFileSync(values.out, text);
    console.error(`draft mapping written to ${values.out}: check it before importing`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

async function run(file: string, values: Values): Promise<number> {
  if (!values.mapping) throw usage('run: --mapping is required');
  const delimiter = delimiterOf(values);
  // File problems first: they need no database, and are the likelier mistake.
  assertReadable(file);
  const mapping = loadMapping(values.mapping);
  if (delimiter) mapping.delimiter = delimiter;
  const indicators =
    mapping.kind === 'outcomes' ? await loadCatalogue({ gateway: values.gateway, token: process.env.COALITION_TOKEN, file: values.catalogue }) : undefined;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw usage('run: DATABASE_URL must name the partner database');
  const { dataSource } = createPartnerDataSource(databaseUrl, { poolSize: 2, logError: (m) => console.error(m) });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const linking = linkingFor(mapping);
    const result = await importFile({
      file,
      mapping,
      dataSource,
      skipInvalid: values['skip-invalid'],
      progress: new Progress(process.stderr),
      batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
      indicators,
      resolveGsids: linking?.resolveGsids,
      withdrawGsids: linking?.withdrawResolved,
      revokeGsids: linking?.revoke,
    }).finally(() => reportLeftLinks(linking?.left ?? []));
    return summarize(file, result, linking, values.report ?? `${file}.rejections.csv`);
  } finally {
    await dataSource.destroy();
  }
}

/** Registry linking for a participants file, when this partner is configured for it. */
function linkingFor(mapping: Mapping): ImportLinking | undefined {
  const linkage = readLinkageConfig(process.env);
  const partnerId = process.env.PARTNER_ID;
  if (linkage && !partnerId) throw usage('run: PARTNER_ID is required to link participants through the registry (LINKAGE_SECRET and REGISTRY_URL are set)');
  const linking = linkage && mapping.kind === 'participants' ? linkImports(new RegistryLinker(partnerId!, linkage)) : undefined;
  if (mapping.kind === 'participants' && !linking) console.error('linkage not configured (LINKAGE_SECRET, REGISTRY_URL): GSIDs only from the file');
  return linking;
}

/** Prints what the import did, writes the rejection report, and returns the exit status. */
function summarize(file: string, result: ImportResult, linking: ImportLinking | undefined, reportPath: string): number {
  if (result.linkage) console.log(linkageLine(result.linkage));
  if (linking?.skipped.length) {
    const some = linking.skipped
      .slice(0, 5)
      .map((s) => `${s.localId} (${s.reason})`)
      .join('; ');
    console.log(`${linking.skipped.length} participants were not linked to a GSID: ${some}${linking.skipped.length > 5 ? '; ...' : ''}`);
  }
  if (result.rejections.length) writeReport(reportPath, result.rejections);
  const rejectedRows = new Set(result.rejections.map((r) => r.row)).size;
  console.log(
    `${file}: ${result.rows} rows (${result.blankRows} blank skipped), ${rejectedRows} rejected` +
      (result.status === 'imported'
        ? `; written: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged.`
        : '; nothing written (fix the rows, or use --skip-invalid to write the valid ones).'),
  );
  if (result.rejections.length) console.log(`rejection report: ${reportPath} (${result.rejections.length} problems)`);
  return result.status === 'imported' && !result.rejections.length ? 0 : 1;
}

function reportLeftLinks(left: ReadonlyArray<{ localId: string; gsid: string; reason: string }>): void {
  for (const line of leftLinksLines(left, 'records this import did not store', 'importing the file again reuses them')) console.error(line);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const known = error instanceof ImportError || error instanceof DomainError;
    console.error(known ? error.message : `import failed: ${error instanceof Error ? error.name : 'error'}; nothing was written.`);
    if (error instanceof ImportError && error.code === 'USAGE') console.error(`\n${USAGE}`);
    process.exit(2);
  },
);
