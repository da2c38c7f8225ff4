#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DomainError } from '@coalition/shared';
import { builtInCoder, codeFile } from './code-file';

const USAGE = `npm run themes -- code --codebook CODE --version N --in answers.csv --out coded.csv

  Codes open-ended answers with a codebook, without storing or sending anything: a partner checks
  the coder on its own answers. The input has columns "id" and "answer", one answer per row; the
  output has id, status (CODED or REFUSED), themes and the rules that fired (";"-separated), and
  the reason an answer was refused (empty, over 10,000 characters, binary, not English).

Exit status: 0 coded; 2 usage errors, or a file or codebook that cannot be read.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { codebook: { type: 'string' }, version: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals[0] !== 'code') {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  for (const option of ['codebook', 'version', 'in', 'out'] as const) {
    if (!values[option]) {
      console.error(`themes: --${option} is required\n\n${USAGE}`);
      return 2;
    }
  }
  const version = Number(values.version);
  if (!Number.isInteger(version) || version < 1) {
    console.error(`themes: --version must be a whole number of at least 1; got "${values.version}"`);
    return 2;
  }
  try {
    const coder = builtInCoder(values.codebook!, version);
    const started = Date.now();
    const result = await codeFile(values.in!, values.out!, coder, (n) => console.error(`  ${n.toLocaleString('en-US')} answers coded`));
    const seconds = (Date.now() - started) / 1000;
    console.error(
      `themes: ${result.answers} answers, ${result.coded} coded, ${result.refused} refused, in ${seconds.toFixed(1)} s with ${coder.id}; written: ${values.out}`,
    );
    for (const [theme, count] of Object.entries(result.themes).sort()) console.error(`  ${theme}: ${count}`);
    return 0;
  } catch (error) {
    // Only the reason: a message never quotes an answer.
    const message = error instanceof DomainError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`themes: ${message}`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
