import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { resolvePostgres, waitForPostgres } from '@coalition/demo';
import { importScenario, type ScenarioResult } from './import-scenario';
import { linkageScenario, type LinkageScenarioResult } from './linkage-scenario';
import { linkageAccuracyScenario, printLinkageAccuracy, type LinkageAccuracyRow } from './linkage-accuracy';
import { coalitionScenarios, type CoalitionScenarioOptions } from './coalition-scenarios';
import { scalingScenario } from './scaling-scenario';
import { themesScenario } from './themes-scenario';
import { type BenchArgs, parseBenchArgs, USAGE } from './args';

/** What every scenario of one run shares: the command line, the server, where service logs go. */
interface RunContext {
  args: BenchArgs;
  adminUrl: string;
  logDir: string;
  log: (message: string) => void;
  wants: (name: string) => boolean;
}

interface RunResults {
  results: ScenarioResult[];
  /** kept apart as well: its accuracy is printed below the table */
  linkage?: LinkageScenarioResult;
  linkageAccuracy?: LinkageAccuracyRow[];
}

function coalitionOptions({ args, adminUrl, logDir, log, wants }: RunContext): CoalitionScenarioOptions {
  const { quick } = args;
  return {
    adminUrl,
    logDir,
    log,
    seed: args.seed,
    profile: args.profile,
    partners: args.partners ?? (quick ? 3 : 12),
    perPartner: args.perPartner ?? (quick ? 5_000 : 50_000),
    networkRuns: quick ? 5 : 10,
    people: quick ? 20 : 100,
    dashboard: { concurrency: 16, durationMs: quick ? 5_000 : 30_000 },
    cacheMemory: { megabytes: 16 },
    scenarios: ['network', 'pushdown', 'cache', 'person', 'dashboard', 'funnel', 'replicas', 'routers'].filter(wants) as CoalitionScenarioOptions['scenarios'],
  };
}

// Quick: four small sizes that still vary both K and N; full: 3, 12, 48 partners x 10,000, 50,000 records (see USAGE).
function scalingGrid(args: BenchArgs): Array<{ partners: number; perPartner: number }> {
  return (
    args.grid ??
    (args.quick
      ? [
          { partners: 3, perPartner: 2_000 },
          { partners: 6, perPartner: 2_000 },
          { partners: 3, perPartner: 5_000 },
          { partners: 6, perPartner: 5_000 },
        ]
      : [3, 12, 48].flatMap((partners) => [10_000, 50_000].map((perPartner) => ({ partners, perPartner }))))
  );
}

/** Runs the wanted scenarios one after another, so no scenario's timings include another's load. */
async function runScenarios(context: RunContext): Promise<RunResults> {
  const { args, adminUrl, logDir, log, wants } = context;
  const { quick } = args;
  const results: ScenarioResult[] = [];
  const coalition = coalitionOptions(context);
  if (coalition.scenarios.length) results.push(...(await coalitionScenarios(coalition)));
  if (wants('themes')) {
    const { partners, perPartner, seed, networkRuns: runs } = coalition;
    results.push(...(await themesScenario({ adminUrl, logDir, log, seed, partners, perPartner, answers: quick ? 5_000 : 100_000, runs })));
  }
  if (wants('scaling')) {
    const grid = scalingGrid(args);
    results.push(...(await scalingScenario({ grid, seed: args.seed, runs: quick ? 3 : 5, people: quick ? 5 : 20, adminUrl, logDir, log })));
  }
  if (wants('import')) results.push(await importScenario(adminUrl, quick ? { rows: 20_000, runs: 3, log } : { rows: 100_000, runs: 5, log }));
  let linkage: LinkageScenarioResult | undefined;
  if (wants('linkage')) {
    // Full: about 300,000 known records and 100,000 incoming (242,000 people, four partners).
    linkage = await linkageScenario(adminUrl, quick ? { people: 12_000, runs: 1, log } : { people: 242_000, runs: 3, log });
    results.push(linkage);
  }
  // Accuracy on two independent populations, hand-set against estimated weights.
  const linkageAccuracy = wants('linkage') ? await linkageAccuracyScenario(adminUrl, { people: quick ? 6_000 : 60_000, log }) : undefined;
  return { results, linkage, linkageAccuracy };
}

function resultsTable(results: readonly ScenarioResult[]): string {
  const ms = (x: number) => `${x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US')} ms`;
  const notes = (r: ScenarioResult) => r.rate ?? (r.rowsPerSecond ? `${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s` : '');
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    '| scenario | median | p95 | baseline | baseline median | ratio | notes |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) =>
      row([r.scenario, ms(r.subject.median), ms(r.subject.p95), r.baseline.name, ms(r.baseline.median), `${r.ratio.toFixed(2)}x`, notes(r)]),
    ),
  ].join('\n');
}

// Broken down by sex and race group as well, so a gap in accuracy for one group shows next to the totals.
function printLinkage(linkage: LinkageScenarioResult): void {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const a = linkage.accuracy;
  console.log(
    `\nlinkage: encoding ${linkage.known + (linkage.rows ?? 0)} records took ${linkage.encodeMs} ms (partner side); resolving the ${linkage.known} known took ${linkage.preloadMs} ms`,
  );
  console.log(
    `linkage accuracy over ${a.records} records of ${a.people} people: auto-link precision ${pct(a.autoLink.precision)}, recall ${pct(a.autoLink.recall)}; auto + review precision ${pct(a.autoPlusReview.precision)}, recall ${pct(a.autoPlusReview.recall)}; review queue ${a.reviewQueue}`,
  );
  for (const [group, g] of Object.entries({ ...a.bySex, ...a.byRaceGroup })) {
    console.log(
      `  ${group}: auto precision ${pct(g.autoLink.precision)}, recall ${pct(g.autoLink.recall)}; auto + review recall ${pct(g.autoPlusReview.recall)}`,
    );
  }
}

// The machine is written with the results because timings are only comparable on the same machine.
function writeLatest(root: string, args: BenchArgs, embeddedPostgres: boolean, results: readonly ScenarioResult[]): void {
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: embeddedPostgres ? 'embedded' : 'DATABASE_URL',
  };
  writeFileSync(
    join(root, 'bench-results', 'latest.json'),
    JSON.stringify({ date: new Date().toISOString(), mode: args.quick ? 'quick' : 'full', only: args.only ?? null, machine, results }, null, 2),
  );
}

/**
 * npm run bench [-- --quick] [-- --only=network,scaling]: each scenario against its baseline,
 * measured in the same run. Results print as a table and are written to bench-results/latest.json.
 */
async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const { quick, only } = args;
  const root = join(__dirname, '..', '..');
  const log = (m: string) => console.error(m);
  const postgres = await resolvePostgres(process.env.DATABASE_URL, join(root, '.data', 'bench-postgres'), log);
  const wants = (name: string) => !only || (only as readonly string[]).includes(name);
  try {
    await waitForPostgres(postgres.adminUrl);
    console.error(`Coalition Graph benchmarks (${quick ? 'quick' : 'full'} mode${only ? `, only ${only.join(', ')}` : ''})`);
    const logDir = join(root, '.data', 'bench-logs');
    const { results, linkage, linkageAccuracy } = await runScenarios({ args, adminUrl: postgres.adminUrl, logDir, log, wants });
    console.log(resultsTable(results));
    if (linkage) printLinkage(linkage);
    if (linkageAccuracy) printLinkageAccuracy(linkageAccuracy);
    writeLatest(root, args, postgres.embedded, results);
    console.error('written: bench-results/latest.json');
  } finally {
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(`benchmark failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
