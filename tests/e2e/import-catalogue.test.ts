import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../support/database';
import { startTestCoalition } from '../support/coalition';
import { tokens } from '../support/graphql';
import { runNode } from '../support/node-command';

/**
 * `coalition-import run` checks outcome rows against the coalition's indicator catalogue, read
 * once from a running gateway with a staff member's token (the partner's registry key may not
 * read it), and saved for a later run that has no gateway. Real gateway, real command.
 */
const CLI = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'import', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cg-catalogue-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const PARTICIPANTS = write('people.csv', 'Client ID,Intake Date,Gender\nC-1,2025-02-01,F\n');
const PARTICIPANTS_YAML = write(
  'people.yaml',
  'kind: participants\nfields:\n  localId: Client ID\n  enrolledOn: Intake Date\n  sex: { column: Gender, codes: { F: FEMALE } }\n  programType: { value: TRAINING }\n',
);
const OUTCOMES = write(
  'outcomes.csv',
  [
    'Client ID,Indicator,Value,Yes/No,Period,Wave,Observed',
    'C-1,EMP_Q2,,yes,Q2_AFTER_EXIT,FOLLOW_UP,2025-10-01',
    'C-1,EMP_Q9,,yes,Q4_AFTER_EXIT,FOLLOW_UP,2025-10-01',
    'C-1,EMP_Q4,7,,Q4_AFTER_EXIT,FOLLOW_UP,2025-10-01',
  ].join('\n'),
);
const OUTCOMES_YAML = write(
  'outcomes.yaml',
  'kind: outcomes\nfields:\n  localId: Client ID\n  indicatorCode: Indicator\n  valueNumber: Value\n  valueBoolean: Yes/No\n  period: Period\n  wave: Wave\n  observedOn: Observed\n',
);

describe('import checks outcomes against the catalogue read from the gateway (real gateway, real command)', () => {
  let coalition: Awaited<ReturnType<typeof startTestCoalition>>;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  const coalitionImport = (args: string[], token?: string) =>
    runNode([CLI, ...args], { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, ...(token ? { COALITION_TOKEN: token } : {}) });

  beforeAll(async () => {
    expect(existsSync(CLI)).toBe(true);
    coalition = await startTestCoalition('catalogue');
    db = await createTestDatabase('import_catalogue');
    expect((await coalitionImport(['run', PARTICIPANTS, '--mapping', PARTICIPANTS_YAML])).status).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await coalition?.dispose();
    await db?.drop();
  });

  it('refuses an unknown code and a number for a yes/no indicator, and saves the catalogue it read', async () => {
    const saved = join(dir, 'catalogue.json');
    const report = join(dir, 'outcomes.rejections.csv');
    const token = tokens.staff([...coalition.partners.keys()][0]);
    const run = await coalitionImport(
      ['run', OUTCOMES, '--mapping', OUTCOMES_YAML, '--gateway', coalition.gateway.url, '--catalogue', saved, '--report', report],
      token,
    );
    expect(run.status).toBe(1);
    const reasons = readFileSync(report, 'utf8');
    expect(reasons).toMatch(/EMP_Q9 is not in the coalition's indicator catalogue/);
    expect(reasons).toMatch(/EMP_Q4 is a yes\/no indicator: give yes or no \(valueBoolean\), not the number 7/);
    const copy = JSON.parse(readFileSync(saved, 'utf8'));
    expect(copy.from).toBe(coalition.gateway.url);
    expect(copy.indicators).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'EMP_Q2', valueType: 'BOOLEAN' })]));

    // Offline, from the saved copy: the same refusals.
    const offline = await coalitionImport(['run', OUTCOMES, '--mapping', OUTCOMES_YAML, '--catalogue', saved, '--report', report]);
    expect(offline.status).toBe(1);
    expect(readFileSync(report, 'utf8')).toBe(reasons);
  });

  it('says what is wrong with the gateway, the token or the saved copy, with exit status 2', async () => {
    const noToken = await coalitionImport(['run', OUTCOMES, '--mapping', OUTCOMES_YAML, '--gateway', coalition.gateway.url]);
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toMatch(/COALITION_TOKEN must hold your token/);
    const badToken = await coalitionImport(['run', OUTCOMES, '--mapping', OUTCOMES_YAML, '--gateway', coalition.gateway.url], 'not-a-token');
    expect(badToken.status).toBe(2);
    expect(badToken.stderr).toMatch(/--gateway .*\/graphql: /);
    const missing = await coalitionImport(['run', OUTCOMES, '--mapping', OUTCOMES_YAML, '--catalogue', join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--catalogue .*nope\.json: no such file/);
  });
});
