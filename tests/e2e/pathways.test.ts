import { graphql, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { PooledDatabase } from '../support/pooled';
import { pooledChange, pooledFunnel } from '../support/pooled-pathways';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const STAGE = 'stage people conversion medianDaysFromPrevious suppressed suppression';
const FUNNEL_CELL = `key stages { ${STAGE} }`;
const COVERAGE = 'coverage { partnersAsked partnersAnswered missing { partnerId reason } peopleAtMissingPartners peopleSeenInPart }';
const FUNNEL = `query Funnel($code: String!, $cohort: IndicatorPeriod, $by: [Dimension!]) {
  pathwayFunnel(code: $code, cohort: $cohort, by: $by, release: "LIVE") {
    code version stages cohort dimensions people withheld disclosureControl { applied minimumCellSize }
    total { ${FUNNEL_CELL} } cells { ${FUNNEL_CELL} } margins { dimensions cells { ${FUNNEL_CELL} } }
    transitions { fromStage toStage handoffs { fromPartner toPartner people suppressed suppression } }
    ${COVERAGE}
  }
}`;
const CHANGE_CELL = 'key n meanChange medianChange standardDeviation ciLow ciHigh meanBefore meanAfter suppressed suppression';
const CHANGE = `query Change($code: String!, $version: Int, $cohort: IndicatorPeriod, $by: [Dimension!]) {
  prePostChange(code: $code, version: $version, cohort: $cohort, by: $by, release: "LIVE") {
    code version unit before { source code period wave } after { source code period wave } dimensions
    total { ${CHANGE_CELL} } cells { ${CHANGE_CELL} } margins { dimensions cells { ${CHANGE_CELL} } } ${COVERAGE}
  }
}`;
const PERSON = `query Person($gsid: ID!) { stakeholder(gsid: $gsid) { gsid pathway {
  gsid spells { partnerId localId programType enrolledOn exitedOn gapDays stages { stage enteredOn exitedOn } outcomes { indicatorCode wave valueNumber valueBoolean } }
  stagesReached { stage partnerId enteredOn }
  coverage { partnersAsked partnersAnswered missing { partnerId } }
} } }`;

const WORKFORCE = ['INTAKE', 'TRAINING', 'CREDENTIAL', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M'];
const PY2024 = { from: '2024-07-01', before: '2025-07-01' };

function tablesOf(answer: any): Array<{ dimensions: string[]; cells: any[] }> {
  return [{ dimensions: [], cells: [answer.total] }, ...answer.margins, { dimensions: answer.dimensions, cells: answer.cells }];
}

describe('pathways across partners (registry, three partners, real HTTP)', () => {
  // A funnel is protected as one publication (every stage and handoff, for a funder and each
  // partner's staff): the first time, tens of seconds on 2 cores.
  jest.setTimeout(5 * 60_000);
  let coalition: TestCoalition;
  let gateway: string;
  let pooled: PooledDatabase;

  beforeAll(async () => {
    // Live figures for every role (funders too: FUNDER_LIVE_FIGURES); released ones: tests/e2e/releases.test.ts.
    coalition = await startTestCoalition('pathways', { gateway: { audit: () => undefined, fundersSeeLive: true } });
    gateway = coalition.gateway.url;
    pooled = await PooledDatabase.load(coalition);
  });

  afterAll(async () => {
    await pooled?.close();
    await coalition?.dispose();
  });

  const ask = (query: string, variables: Record<string, unknown>, token?: string) => graphql(gateway, query, variables, token ? { token } : {});

  it('funnel counts, median days and the transition matrix equal plain SQL over one pooled database', async () => {
    const cases: Array<{ code: string; stages: string[]; by: string[]; cohort?: typeof PY2024 }> = [
      { code: 'WORKFORCE', stages: WORKFORCE, by: [] },
      { code: 'WORKFORCE', stages: WORKFORCE, by: ['PARTNER', 'SEX'] },
      { code: 'WORKFORCE', stages: WORKFORCE, by: ['RACE_GROUP', 'AGE_BAND', 'COHORT'], cohort: PY2024 },
      { code: 'PLACEMENT_RETENTION', stages: ['INTAKE', 'PLACEMENT', 'RETENTION_90D', 'RETENTION_12M'], by: ['PARTNER', 'COUNTY'] },
    ];
    let compared = 0;
    for (const { code, stages, by, cohort } of cases) {
      const result = await ask(FUNNEL, { code, by, cohort: cohort ? { from: cohort.from, to: '2025-06-30' } : null });
      expect(result.errors).toBeUndefined();
      const funnel = result.data.pathwayFunnel;
      expect(funnel).toMatchObject({ code, version: 1, stages, disclosureControl: { applied: false } });
      for (const table of tablesOf(funnel)) {
        const expected = await pooledFunnel(pooled, stages, table.dimensions, cohort);
        const label = `${code} by ${table.dimensions.join(',')}`;
        const shown = table.cells.filter((c) => c.stages[0].people > 0);
        expect({ label, keys: shown.map((c) => c.key).sort() }).toEqual({ label, keys: [...expected.cells.keys()].sort() });
        for (const cell of shown) {
          const want = expected.cells.get(cell.key)!;
          expect({ label, key: cell.key, people: cell.stages.map((s: any) => s.people) }).toEqual({ label, key: cell.key, people: want.map((s) => s.people) });
          cell.stages.forEach((s: any, i: number) => {
            expect(s.medianDaysFromPrevious).toBe(i > 0 && want[i].people > 0 ? want[i].medianDays : null);
            if (i > 0 && want[i - 1].people > 0) expect(s.conversion).toBeCloseTo((100 * want[i].people) / want[i - 1].people, 9);
          });
          compared++;
        }
      }
      const expected = await pooledFunnel(pooled, stages, [], cohort);
      expect(funnel.transitions.map((t: any) => [t.fromStage, t.toStage])).toEqual(stages.slice(1).map((s, i) => [stages[i], s]));
      funnel.transitions.forEach((t: any, i: number) => {
        const matrix = new Map(t.handoffs.map((h: any) => [`${h.fromPartner}>${h.toPartner ?? ''}`, h.people]));
        expect(matrix).toEqual(expected.transitions[i]);
      });
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('the transition matrix shows handoffs between partners and where people are lost', async () => {
    const funnel = (await ask(FUNNEL, { code: 'WORKFORCE' })).data.pathwayFunnel;
    const toPlacement = funnel.transitions.find((t: any) => t.toStage === 'PLACEMENT');
    // Training is at one partner, placement at another: the credential -> placement handoff crosses partners.
    expect(toPlacement.handoffs.some((h: any) => h.fromPartner === 'northside-training' && h.toPartner === 'bridgeway-placement' && h.people > 0)).toBe(true);
    expect(toPlacement.handoffs.some((h: any) => h.fromPartner === 'northside-training' && h.toPartner === null && h.people > 0)).toBe(true);
    const total = funnel.total.stages;
    for (const [i, t] of funnel.transitions.entries()) {
      const sum = t.handoffs.reduce((acc: number, h: any) => acc + h.people, 0);
      const reached = t.handoffs.filter((h: any) => h.toPartner !== null).reduce((acc: number, h: any) => acc + h.people, 0);
      expect([sum, reached]).toEqual([total[i].people, total[i + 1].people]);
    }
  });

  it('pre/post changes pair values recorded by different partners and equal plain SQL, with a t confidence interval', async () => {
    const cases = [
      { code: 'WAGE_GAIN', before: { outcome: 'EARN_PRE', period: 'BEFORE_INTAKE' }, after: { outcome: 'EARN_Q2', period: 'Q2_AFTER_EXIT' } },
      { code: 'CONFIDENCE_GAIN', before: { survey: 'CONFIDENCE', wave: 'INTAKE' }, after: { survey: 'CONFIDENCE', wave: 'EXIT' } },
    ];
    for (const { code, before, after } of cases) {
      for (const by of [[], ['PARTNER'], ['SEX', 'RACE_GROUP'], ['AGE_BAND', 'COUNTY', 'PROGRAM_TYPE']]) {
        const result = await ask(CHANGE, { code, by });
        expect(result.errors).toBeUndefined();
        const answer = result.data.prePostChange;
        for (const table of tablesOf(answer)) {
          const expected = await pooledChange(pooled, before, after, table.dimensions);
          const label = `${code} by ${table.dimensions.join(',')}`;
          const shown = table.cells.filter((c) => c.n > 0);
          expect({ label, keys: shown.map((c) => c.key).sort() }).toEqual({ label, keys: [...expected.keys()].sort() });
          for (const cell of shown) {
            const want = expected.get(cell.key)!;
            expect({ label, key: cell.key, n: cell.n }).toEqual({ label, key: cell.key, n: want.n });
            expect(cell.meanChange).toBeCloseTo(want.mean, 6);
            expect(cell.medianChange).toBeCloseTo(want.median, 6);
            expect(cell.meanBefore).toBeCloseTo(want.meanBefore, 6);
            expect(cell.meanAfter).toBeCloseTo(want.meanAfter, 6);
            if (want.n < 2) {
              expect([cell.standardDeviation, cell.ciLow, cell.ciHigh]).toEqual([null, null, null]);
              continue;
            }
            expect(cell.standardDeviation).toBeCloseTo(want.sd!, 6);
            // Symmetric around the mean, half-width t * sd / sqrt(n) with t between z and t(1).
            const half = (cell.ciHigh - cell.ciLow) / 2;
            expect(cell.ciLow + half).toBeCloseTo(want.mean, 6);
            const t = half / (want.sd! / Math.sqrt(want.n));
            if (want.sd! > 0) expect(t).toBeGreaterThan(1.959);
            if (want.sd! > 0 && want.n > 30) expect(t).toBeLessThan(2.05);
          }
        }
      }
    }
    // The waves really come from different partners for some people: training intake, placement exit.
    const gain = (await ask(CHANGE, { code: 'WAGE_GAIN', by: ['PARTNER'] })).data.prePostChange;
    expect(gain.cells.find((c: any) => c.key === 'PARTNER=northside-training').n).toBeGreaterThan(20);
  });

  it('a pre/post question names the wrong kind of indicator clearly', async () => {
    const wrong = await ask(CHANGE, { code: 'EMP_Q2' });
    expect(wrong.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/EMP_Q2 v2 is not a pre\/post change.*networkIndicator/),
      extensions: { code: 'BAD_USER_INPUT', field: 'code' },
    });
    const old = await ask(CHANGE, { code: 'WAGE_GAIN', version: 1 });
    expect(old.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'version' } });
    const viaIndicator = await graphql(gateway, 'query { networkIndicator(code: "WAGE_GAIN", period: { programYear: 2024 }) { code } }');
    expect(viaIndicator.errors?.[0].message).toMatch(/prePostChange/);
    const unknown = await ask(FUNNEL, { code: 'NO_SUCH_PATHWAY' });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const badBy = await ask(FUNNEL, { code: 'WORKFORCE', by: ['SEX', 'RACE_GROUP', 'AGE_BAND', 'COUNTY', 'COHORT'] });
    expect(badBy.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'by' } });
  });

  it('a person enrolled at one partner, then another, then back at the first shows three spells in order', async () => {
    const returner = coalition.demo.people.find(
      (p) => p.records.map((r) => r.partnerId).join(' ') === 'northside-training bridgeway-placement northside-training',
    )!;
    expect(returner).toBeDefined();
    const result = await ask(PERSON, { gsid: returner.gsid });
    expect(result.errors).toBeUndefined();
    const pathway = result.data.stakeholder.pathway;
    expect(pathway.spells.map((s: any) => s.partnerId)).toEqual(['northside-training', 'bridgeway-placement', 'northside-training']);
    const dates = pathway.spells.map((s: any) => s.enrolledOn);
    expect([...dates].sort()).toEqual(dates);
    expect(pathway.spells[2].localId).toMatch(/^NSA-R/);
    expect(pathway.spells[0].gapDays).toBeNull();
    expect(pathway.spells[2].gapDays).toBeGreaterThanOrEqual(30);
    expect(pathway.spells[1].stages.map((s: any) => s.stage)).toContain('PLACEMENT');
    expect(pathway.stagesReached.map((s: any) => s.stage)).toEqual(expect.arrayContaining(['INTAKE', 'TRAINING', 'PLACEMENT']));
    expect(pathway.stagesReached.find((s: any) => s.stage === 'PLACEMENT').partnerId).toBe('bridgeway-placement');
    expect(pathway.spells.flatMap((s: any) => s.outcomes.map((o: any) => o.wave))).toEqual(expect.arrayContaining(['INTAKE', 'FOLLOW_UP']));
    expect(pathway.coverage).toEqual({ partnersAsked: 2, partnersAnswered: 2, missing: [] });

    // Staff of a partner serving the person see the whole pathway, but not the other partner's local ids.
    const staff = (await ask(PERSON, { gsid: returner.gsid }, tokens.staff('bridgeway-placement'))).data.stakeholder.pathway;
    expect(staff.spells.map((s: any) => [s.partnerId, s.localId === null])).toEqual([
      ['northside-training', true],
      ['bridgeway-placement', false],
      ['northside-training', true],
    ]);
    // Staff of a partner that does not serve the person, and funders, see none of it.
    const outsider = await ask(PERSON, { gsid: returner.gsid }, tokens.staff('steadypath-coaching'));
    expect(outsider.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(outsider.data?.stakeholder?.pathway ?? null).toBeNull();
    const funder = await ask(PERSON, { gsid: returner.gsid }, tokens.funder());
    expect(funder.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('funders get the funnel after disclosure control: no small cell, every shown figure as the backbone sees it', async () => {
    const by = ['PARTNER'];
    for (const code of ['WORKFORCE', 'PLACEMENT_RETENTION']) {
      const full = (await ask(FUNNEL, { code, by, cohort: { programYear: 2024 } })).data.pathwayFunnel;
      const result = await ask(FUNNEL, { code, by, cohort: { programYear: 2024 } }, tokens.funder());
      expect(result.errors).toBeUndefined();
      const funnel = result.data.pathwayFunnel;
      expect(funnel.disclosureControl).toEqual({ applied: true, minimumCellSize: 11 });
      expect(full.withheld).toBe(false);
      let suppressed = 0;
      for (const [t, table] of tablesOf(funnel).entries()) {
        const backbone = new Map(tablesOf(full)[t].cells.map((c: any) => [c.key, c]));
        for (const cell of table.cells) {
          cell.stages.forEach((s: any, i: number) => {
            if (s.suppressed) {
              suppressed++;
              expect(s.people).toBeNull();
              return;
            }
            expect(s.people === 0 || s.people >= 11).toBe(true);
            expect(s.people).toBe((backbone.get(cell.key) as any).stages[i].people);
          });
        }
      }
      expect(suppressed).toBeGreaterThan(0);
      // On this small population a funnel may be withheld whole (docs/PATHWAYS.md): only the hidden
      // total, no cell of any table, no handoff. A figure shown is always the backbone's.
      if (funnel.withheld) expect([funnel.cells.length, ...funnel.transitions.map((t: any) => t.handoffs.length)].every((n) => n === 0)).toBe(true);
      funnel.transitions.forEach((t: any, s: number) => {
        for (const h of t.handoffs) expect(h.suppressed || h.people === 0 || h.people >= 11).toBe(true);
        // A transition's handoffs add up to its stage's total: one hidden handoff under a shown total would be pinned.
        if (t.handoffs.filter((h: any) => h.suppressed).length === 1) expect(funnel.total.stages[s].suppressed).toBe(true);
      });
    }
    const quarter = await ask(FUNNEL, { code: 'WORKFORCE', cohort: { quarter: '2024Q3' } }, tokens.funder());
    expect(quarter.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'cohort' } });
    // A funnel's demographic cells cannot be protected across its nested stages: they are the backbone's.
    for (const token of [tokens.funder(), tokens.staff('northside-training')]) {
      const bySex = await ask(FUNNEL, { code: 'WORKFORCE', by: ['PARTNER', 'SEX'], cohort: { programYear: 2024 } }, token);
      expect(bySex.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'by' } });
      expect(bySex.errors![0].message).toBe('by: SEX is for the backbone only; funders and partner staff can disaggregate pathway funnels by PARTNER');
    }
  });

  it('refuses all-time funnels and pre/post changes to funders and partner staff: all time minus the program years leaves one year to difference', async () => {
    // Issue 18: WAGE_GAIN all-time n minus PY2023 and PY2024 left one person in PY2025, whose earnings the means then gave away.
    for (const token of [tokens.funder(), tokens.staff('northside-training')]) {
      for (const [query, variables] of [
        [FUNNEL, { code: 'WORKFORCE' }],
        [CHANGE, { code: 'WAGE_GAIN' }],
      ] as const) {
        const result = await ask(query, variables, token);
        expect({ variables, error: result.errors?.[0]?.extensions }).toMatchObject({ variables, error: { code: 'FORBIDDEN', field: 'cohort' } });
        expect(result.errors![0].message).toMatch(/^cohort: funders and partner staff get whole program years only/);
      }
    }
    const backbone = await ask(CHANGE, { code: 'WAGE_GAIN' });
    expect(backbone.errors).toBeUndefined();
  });

  it('with a partner down, the funnel says how many people it could not see, and funders get no partial figure', async () => {
    const down = 'steadypath-coaching';
    const before = (await ask(FUNNEL, { code: 'WORKFORCE' })).data.pathwayFunnel;
    await coalition.stopPartner(down);
    const result = await ask(FUNNEL, { code: 'WORKFORCE' });
    expect(result.errors).toBeUndefined();
    const funnel = result.data.pathwayFunnel;
    const atDown = coalition.demo.people.filter((p) => p.records.some((r) => r.partnerId === down));
    const alsoElsewhere = atDown.filter((p) => p.records.some((r) => r.partnerId !== down));
    expect(funnel.coverage).toEqual({
      partnersAsked: 3,
      partnersAnswered: 2,
      missing: [{ partnerId: down, reason: expect.any(String) }],
      peopleAtMissingPartners: atDown.length,
      peopleSeenInPart: alsoElsewhere.length,
    });
    expect(atDown.length).toBeGreaterThan(0);
    // Retention is recorded only at the partner that is down: those stages are empty now, the earlier ones unchanged.
    expect(funnel.total.stages.slice(0, 4).map((s: any) => s.people)).toEqual(before.total.stages.slice(0, 4).map((s: any) => s.people));
    expect(funnel.total.stages[4].people).toBe(0);
    expect(before.total.stages[4].people).toBeGreaterThan(0);
    const funder = await ask(FUNNEL, { code: 'WORKFORCE', cohort: { programYear: 2024 } }, tokens.funder());
    expect(funder.errors?.[0].extensions?.code).toBe('PARTNER_UNAVAILABLE');
  });
});
