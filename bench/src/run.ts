import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { resolvePostgres, waitForPostgres } from '@coalition/demo';
import { importScenario, type ScenarioResult } from './import-scenario';
import { linkageScenario, type LinkageScenarioResult } from './linkage-scenario';

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
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
    const results: ScenarioResult[] = [];
    if (!only || only === 'import') results.push(await importScenario(postgres.adminUrl, quick ? { rows: 20_000, runs: 3, log } : { rows: 100_000, runs: 5, log }));
    let linkage: LinkageScenarioResult | undefined;
    if (!only || only === 'linkage') {
      // Full: about 300,000 known records and 100,000 incoming (242,000 people, four partners).
      linkage = await linkageScenario(postgres.adminUrl, quick ? { people: 12_000, runs: 1, log } : { people: 242_000, runs: 3, log });
      results.push(linkage);
    }
    const table = [
      '| scenario | median | p95 | baseline | baseline median | ratio | rate |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...results.map((r) => `| ${r.scenario} | ${r.subject.median.toFixed(0)} ms | ${r.subject.p95.toFixed(0)} ms | ${r.baseline.name} | ${r.baseline.median.toFixed(0)} ms | ${r.ratio.toFixed(2)}x | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s |`),
    ];
    console.log(table.join('\n'));
    if (linkage) {
      const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
      const a = linkage.accuracy;
      console.log(`\nlinkage: encoding ${linkage.known + linkage.rows} records took ${linkage.encodeMs} ms (partner side); resolving the ${linkage.known} known took ${linkage.preloadMs} ms`);
      console.log(`linkage accuracy over ${a.records} records of ${a.people} people: auto-link precision ${pct(a.autoLink.precision)}, recall ${pct(a.autoLink.recall)}; auto + review precision ${pct(a.autoPlusReview.precision)}, recall ${pct(a.autoPlusReview.recall)}; review queue ${a.reviewQueue}`);
      for (const [group, g] of Object.entries({ ...a.bySex, ...a.byRaceGroup })) {
        console.log(`  ${group}: auto precision ${pct(g.autoLink.precision)}, recall ${pct(g.autoLink.recall)}; auto + review recall ${pct(g.autoPlusReview.recall)}`);
      }
    }
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
