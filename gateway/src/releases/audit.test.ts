import { cellKey, type Dimension } from '@coalition/shared';
import { publish, tablesFor, type FigureTable } from '../analytics/figures';
import { auditInline } from '../analytics/suppression-pool';
import { auditRelease, indicatorFigure } from './audit';
import type { ReleasedIndicator } from './content';

/** A COUNT indicator over PARTNER x SEX: its tables as published (rule or none) and as computed. */
async function indicator(counts: Record<string, number>, rule: { k: number; p: number } | null): Promise<FigureTable[]> {
  const dims = ['PARTNER', 'SEX'] as Dimension[];
  const cells = Object.entries(counts).map(([key, count]) => {
    const [partner, sex] = key.split('/');
    const values = [
      { dimension: 'PARTNER', value: partner },
      { dimension: 'SEX', value: sex },
    ];
    return { key: cellKey(values), values, count, measures: { numerator: null, sum: null, values: null } };
  });
  const publication = await publish(dims, { cells }, rule);
  return tablesFor('COUNT', dims, publication, null, 'ALL');
}

const released = (tables: FigureTable[]): ReleasedIndicator => ({
  code: 'EXITERS',
  version: 1,
  name: 'Exiters',
  kind: 'COUNT',
  unit: 'people',
  countUnit: 'PEOPLE',
  dimensions: ['PARTNER', 'SEX'],
  disclosureControl: { applied: true, minimumCellSize: 11, protection: 3, cubeDimensions: ['PARTNER', 'SEX'] },
  tables,
  coverage: { partnersAsked: 2, partnersAnswered: 2, missing: [] },
});

describe('the audit of a release', () => {
  const counts = { 'a/F': 40, 'a/M': 2, 'b/F': 30, 'b/M': 25, 'a/X': 12, 'b/X': 9 };
  const rule = { k: 11, p: 3 };

  it('passes figures protected by the gateway, and says what they cost each role', async () => {
    const truth = await indicator(counts, null);
    const audit = await auditRelease([indicatorFigure(released(await indicator(counts, rule)), { tables: truth })], rule, auditInline.audit);
    expect(audit.exposures).toEqual([]);
    expect(audit.attackers).toEqual(['funder', 'staff:a', 'staff:b']);
    const funder = audit.informationLoss.find((l) => l.role === 'funder')!;
    // The small cells (2 and 9) are hidden at least; people are summed over every table the funder reads.
    expect(funder.cellsSuppressed).toBeGreaterThanOrEqual(2);
    expect(funder.peopleInSuppressedCells).toBeGreaterThanOrEqual(11);
    expect(funder.cells).toBe(6 + 3 + 2 + 1);
  });

  it('finds a small cell a funder could pin from what the release shows, naming where (never how many)', async () => {
    const truth = await indicator(counts, null);
    // Everything shown but a/M: the partner total a = 54 minus a/F and a/X gives it exactly.
    const leaky = truth.map((table) => ({
      ...table,
      cells: table.cells.map((cell) =>
        cell.key ===
        cellKey([
          { dimension: 'PARTNER', value: 'a' },
          { dimension: 'SEX', value: 'M' },
        ])
          ? { ...cell, current: { ...cell.current, people: null, suppressed: true, suppression: 'PROTECTED' as const } }
          : cell,
      ),
    }));
    const audit = await auditRelease([indicatorFigure(released(leaky), { tables: truth })], rule, auditInline.audit);
    expect(audit.exposures).toContainEqual({ figure: 'EXITERS v1', attacker: 'funder', table: 'PARTNER,SEX', cell: 'PARTNER=a|SEX=M' });
    // b/X (9) is shown: pinned for every reader who sees it.
    expect(audit.exposures.some((e) => e.cell === 'PARTNER=b|SEX=X')).toBe(true);
    expect(JSON.stringify(audit.exposures)).not.toMatch(/"(truth|low|high)"/);
  });
});
