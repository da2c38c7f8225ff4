#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createPartnerDataSource } from './data-source';
import { checkConformance } from './check';

// coalition-check: does this partner database (own tables, or views) serve the shared contract?
// Exit 0 when it conforms, 1 when it does not, 2 when it cannot be checked. Fits a CI step.
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { schema: { type: 'string', default: 'public' } } });
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL must name the partner database. Usage: DATABASE_URL=... coalition-check [--schema coalition]');
    return 2;
  }
  const { dataSource } = createPartnerDataSource(url, { poolSize: 1, schema: values.schema });
  await dataSource.initialize();
  try {
    const problems = await checkConformance(dataSource, values.schema!);
    if (!problems.length) {
      console.log(`schema "${values.schema}" conforms to the shared contract`);
      return 0;
    }
    console.log(`schema "${values.schema}" does not conform: ${problems.length} problem(s)`);
    for (const p of problems) console.log(`  ${p.relation}${p.column ? `.${p.column}` : ''}: ${p.problem}`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`check failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    process.exit(2);
  },
);
