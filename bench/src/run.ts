import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { resolvePostgres, waitForPostgres } from '@coalition/demo';
import { importScenario, type ScenarioResult } from './import-scenario';

/**
 * npm run bench [-- --quick]: each scenario against its baseline, measured in the same run.
 * Results print as a table and are written to bench-results/latest.json.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const root = join(__dirname, '..', '..');
  const postgres = await resolvePostgres(process.env.DATABASE_URL, join(root, '.data', 'bench-postgres'), (m) => console.error(m));
  try {
    await waitForPostgres(postgres.adminUrl);
    const log = (m: string) => console.error(m);
    console.error(`Coalition Graph benchmarks (${quick ? 'quick' : 'full'} mode)`);
    const results: ScenarioResult[] = [await importScenario(postgres.adminUrl, quick ? { rows: 20_000, runs: 3, log } : { rows: 100_000, runs: 5, log })];
    const table = [
      '| scenario | median | p95 | baseline | baseline median | ratio | rate |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...results.map((r) => `| ${r.scenario} | ${r.subject.median.toFixed(0)} ms | ${r.subject.p95.toFixed(0)} ms | ${r.baseline.name} | ${r.baseline.median.toFixed(0)} ms | ${r.ratio.toFixed(2)}x | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s |`),
    ];
    console.log(table.join('\n'));
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: postgres.embedded ? 'embedded' : 'DATABASE_URL' };
    writeFileSync(join(root, 'bench-results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine, results }, null, 2));
    console.error('written: bench-results/latest.json');
  } finally {
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
