import { dayNumber, type PathwaySummaryColumns } from '@coalition/shared';
import { tallyFunnel } from './funnel';
import { PeopleIndex } from './people';
import { summarizeChanges, tallyChanges, tCritical95 } from './prepost';
import { buildLattice } from '../lattice';
import type { SuppressionReason } from '../disclosure';
import { decideFunnel, funnelModel, type FunnelCounts } from '../protection/funnel';
import { auditModel } from '../protection/protect';

/** A partner's summary columns from readable records: [gsid, sex, events [stage, date], observations [measure, value, date]]. */
function columns(records: Array<[string | null, string, Array<[number, string]>, Array<[number, number, string]>?]>): PathwaySummaryColumns {
  const sexes = [...new Set(records.map((r) => r[1]))];
  const out: PathwaySummaryColumns = {
    dimensions: ['SEX'],
    gsid: [],
    dimensionValues: [sexes],
    dimensionCodes: [[]],
    eventRecord: [],
    eventStage: [],
    eventDay: [],
    observationRecord: [],
    observationMeasure: [],
    observationValue: [],
    observationDay: [],
  };
  records.forEach(([gsid, sex, events, observations = []], r) => {
    out.gsid.push(gsid);
    out.dimensionCodes[0].push(sexes.indexOf(sex));
    for (const [stage, date] of events) {
      out.eventRecord.push(r);
      out.eventStage.push(stage);
      out.eventDay.push(dayNumber(date));
    }
    for (const [measure, value, date] of observations) {
      out.observationRecord.push(r);
      out.observationMeasure.push(measure);
      out.observationValue.push(value);
      out.observationDay.push(dayNumber(date));
    }
  });
  return out;
}

describe('funnel tally', () => {
  it('follows a person across partners, stage by stage in time order, from their first entry', () => {
    const index = new PeopleIndex(
      [
        {
          partnerId: 'a',
          columns: columns([
            [
              'gs_1',
              'F',
              [
                [0, '2024-01-01'],
                [1, '2024-01-10'],
              ],
            ],
            ['gs_2', 'M', [[0, '2024-02-01']]],
          ]),
        },
        {
          partnerId: 'b',
          columns: columns([
            [
              'gs_1',
              'F',
              [
                [0, '2024-05-01'],
                [2, '2024-05-20'],
              ],
            ],
            [
              null,
              'M',
              [
                [0, '2024-03-01'],
                [2, '2024-03-02'],
              ],
            ],
          ]),
        },
      ],
      new Map(),
    );
    expect(index.people.length).toBe(3);
    const tally = tallyFunnel(index, 3, null);
    expect(tally.people).toBe(3);
    const counts = tally.stages.map((cells) => [...cells.values()].reduce((n, c) => n + c.count, 0));
    // gs_1 reaches all three (training at a, stage 2 at b); gs_2 stops at 0; the unlinked person has no stage 1.
    expect(counts).toEqual([3, 1, 1]);
    expect([...tally.stages[2].values()][0].days).toEqual([dayNumber('2024-05-20') - dayNumber('2024-01-10')]);
    // Partner 0 to 0 once, 0 to nowhere (null) once, 1 to nowhere once.
    expect(tally.transitions[0]).toEqual(
      new Map([
        [
          0,
          new Map([
            [0, 1],
            [null, 1],
          ]),
        ],
        [1, new Map([[null, 1]])],
      ]),
    );
    expect(tally.transitions[1]).toEqual(new Map([[0, new Map([[1, 1]])]]));
  });

  it('does not count a stage entered before the stage before it, and starts in the cohort', () => {
    const index = new PeopleIndex(
      [
        {
          partnerId: 'a',
          columns: columns([
            [
              'gs_1',
              'F',
              [
                [1, '2023-12-01'],
                [0, '2024-01-01'],
                [0, '2024-08-01'],
                [1, '2024-09-01'],
              ],
            ],
          ]),
        },
      ],
      new Map(),
    );
    expect(tallyFunnel(index, 2, null).stages[1].get(0)!.days).toEqual([dayNumber('2024-09-01') - dayNumber('2024-01-01')]);
    const cohort = { from: dayNumber('2024-07-01'), before: dayNumber('2025-07-01') };
    expect(tallyFunnel(index, 2, cohort).stages[1].get(0)!.days).toEqual([31]);
    expect(tallyFunnel(index, 2, { from: dayNumber('2025-07-01'), before: dayNumber('2026-07-01') }).people).toBe(0);
  });

  it('groups a merged GSID with its survivor', () => {
    const index = new PeopleIndex(
      [
        { partnerId: 'a', columns: columns([['gs_old', 'F', [[0, '2024-01-01']]]]) },
        { partnerId: 'b', columns: columns([['gs_new', 'F', [[1, '2024-02-01']]]]) },
      ],
      new Map([['a gs_old', 'gs_new']]),
    );
    expect(index.people).toEqual([[0, 1]]);
    expect(tallyFunnel(index, 2, null).transitions[0]).toEqual(new Map([[0, new Map([[1, 1]])]]));
  });
});

describe('pre/post tally', () => {
  it('pairs the first before value with the first after value on or after it, across partners', () => {
    const index = new PeopleIndex(
      [
        {
          partnerId: 'a',
          columns: columns([
            [
              'gs_1',
              'F',
              [],
              [
                [0, 100, '2024-01-01'],
                [1, 50, '2023-12-01'],
                [0, 300, '2024-06-01'],
              ],
            ],
          ]),
        },
        {
          partnerId: 'b',
          columns: columns([
            [
              'gs_1',
              'F',
              [],
              [
                [1, 180, '2024-04-01'],
                [1, 999, '2024-09-01'],
              ],
            ],
            ['gs_2', 'M', [], [[1, 10, '2024-01-01']]],
          ]),
        },
      ],
      new Map(),
    );
    const tally = tallyChanges(index, null);
    expect(tally.people).toBe(1);
    expect([...tally.cells.values()]).toEqual([{ changes: [80], sumBefore: 100, sumAfter: 180 }]);
  });

  it('summarizes with the sample standard deviation and a t interval', () => {
    const s = summarizeChanges([1, 2, 3, 4], 10, 20);
    expect(s.meanChange).toBe(2.5);
    expect(s.medianChange).toBe(2.5);
    expect(s.standardDeviation).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.ciHigh! - s.meanChange!).toBeCloseTo((3.182 * Math.sqrt(5 / 3)) / 2, 9);
    expect(summarizeChanges([7], 1, 8)).toMatchObject({ n: 1, meanChange: 7, standardDeviation: null, ciLow: null });
  });

  it('has the t critical values of the tables', () => {
    expect(tCritical95(10)).toBe(2.228);
    expect(tCritical95(40)).toBeCloseTo(2.021, 3);
    expect(tCritical95(120)).toBeCloseTo(1.98, 3);
    expect(tCritical95(1e9)).toBeCloseTo(1.96, 3);
  });
});

describe('handoff protection', () => {
  const lattice = (cells: Record<string, number>) =>
    buildLattice(
      ['PARTNER'],
      Object.entries(cells).map(([partner, count]) => ({
        key: `PARTNER=${partner}`,
        values: [{ dimension: 'PARTNER', value: partner }],
        count,
        measures: null,
      })),
      () => null,
    );
  // Entered at a: 68 (40 to b, 25 to c, 3 stopped); at b: 90 (60 to c, 30 stopped).
  const counts: FunnelCounts = {
    dimensions: ['PARTNER'],
    stages: [lattice({ a: 68, b: 90 }), lattice({ a: 65, b: 60 })],
    transitions: [
      [
        { from: 'a', to: 'b', people: 40 },
        { from: 'a', to: 'c', people: 25 },
        { from: 'a', to: null, people: 3 },
        { from: 'b', to: 'c', people: 60 },
        { from: 'b', to: null, people: 30 },
      ],
    ],
  };

  it('hides a small handoff, and enough others that neither stage totals nor any partner narrow it', async () => {
    const rule = { k: 11, p: 3 };
    const decision = await decideFunnel(counts, rule);
    const hidden = counts.transitions[0].filter((_h, i) => decision.handoffs[0][i] !== null).map((h) => `${h.from}>${h.to}`);
    expect(decision.handoffs[0][2]).toBe('SMALL_CELL');
    // Row a adds up to a's first-stage cell, and its onward part to a's second-stage cell: with both
    // cells and the other handoffs shown, the stopped 3 would be 68 - 65. Something more is hidden.
    const stageHidden = decision.stages.flatMap((stage) => [...(stage.get('PARTNER')?.keys() ?? [])]);
    expect(hidden.length + stageHidden.length).toBeGreaterThanOrEqual(2);
    const { model, stageCells, handoffCells, attackers } = funnelModel(counts);
    const status = new Map<number, SuppressionReason>();
    decision.stages.forEach((suppressions, s) => {
      for (const [id, reasons] of suppressions) for (const [key, reason] of reasons) status.set(stageCells[s].get(id)!.get(key)!, reason);
    });
    decision.handoffs[0].forEach((reason, i) => {
      if (reason) status.set(handoffCells[0][i], reason);
    });
    expect(await auditModel(model, status, attackers, rule)).toEqual([]);
  });
});
