import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runNode } from '../support/node-command';

const CLI = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'themes', 'cli.js');

describe('npm run themes -- code: coding answers in a file, storing nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-themes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => runNode([CLI, ...args], { PATH: process.env.PATH });

  it('writes each answer id with its themes, rules and refusals, and prints counts without any answer', async () => {
    const input = join(dir, 'answers.csv');
    const output = join(dir, 'coded.csv');
    writeFileSync(
      input,
      [
        'id,answer',
        'A1,"No problem with transport, but the daycare closed at five."',
        'A2,"The bus was always late. My case manager helped me with a resume, and I feel more confident now."',
        'A3,',
        'A4,"No tengo coche y el autobús siempre llega tarde a la clase de la mañana."',
        'A5,"Marisol Quintero-Vance said it was fine"',
      ].join('\n'),
    );
    const result = await run(['code', '--codebook', 'WORKFORCE_BARRIERS', '--version', '1', '--in', input, '--out', output]);
    expect(result.status).toBe(0);
    const rows = parse(readFileSync(output, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.A1).toMatchObject({ status: 'CODED', themes: 'CHILDCARE' });
    expect(byId.A2.themes.split(';').sort()).toEqual(['CONFIDENCE', 'SKILLS_GAINED', 'STAFF_SUPPORT', 'TRANSPORTATION']);
    expect(byId.A3).toMatchObject({ status: 'REFUSED', reason: 'the answer is empty' });
    expect(byId.A4).toMatchObject({ status: 'REFUSED' });
    expect(byId.A4.reason).toContain('English');
    expect(byId.A5).toMatchObject({ status: 'CODED', themes: '' });
    expect(result.stderr).toContain('5 answers, 3 coded, 2 refused');
    expect(result.stderr).not.toMatch(/daycare|Quintero|autobús/);
  });

  it('refuses a file without an answer column, leaving no output behind', async () => {
    const input = join(dir, 'wrong.csv');
    const output = join(dir, 'wrong-coded.csv');
    writeFileSync(input, 'id,text\nB1,"the bus was late"\n');
    const result = await run(['code', '--codebook', 'WORKFORCE_BARRIERS', '--version', '1', '--in', input, '--out', output]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no "answer" column');
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.partial`)).toBe(false);
  });

  it('names the codebooks it knows when asked for another, and the option that is missing', async () => {
    const unknown = await run(['code', '--codebook', 'HOUSING_NEEDS', '--version', '1', '--in', 'x.csv', '--out', 'y.csv']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('there is no codebook HOUSING_NEEDS version 1; known: WORKFORCE_BARRIERS version 1');
    const missing = await run(['code', '--codebook', 'WORKFORCE_BARRIERS', '--in', 'x.csv', '--out', 'y.csv']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--version is required');
  });
});
