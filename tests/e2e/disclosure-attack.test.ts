import loadHighs, { type Highs } from 'highs';
import { graphql, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { attack, changePublication, funnelPublication, indicatorPublication, type Cube, type Publication, type Reader } from '../support/interval-attack';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const RULE = { k: 11, p: 3 };
const BY = ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND'];
/** Funnels are published to funders and staff by PARTNER only (FUNNEL_CUBE). */
const FUNNEL_BY = ['PARTNER'];
const PY2024 = { programYear: 2024 };
const INDICATOR_CODES = ['EXITERS', 'EMP_Q2', 'EMP_Q4', 'EARN_Q2', 'CRED_1Y', 'MSG', 'COMPLETION', 'EARN_PRE'];

const VALUES = 'key values { dimension value }';
const TABLES = (cell: string) => `dimensions cells { ${cell} } total { ${cell} } margins { dimensions cells { ${cell} } } release { id }`;
const INDICATOR = `query Indicator($code: String!, $period: IndicatorPeriod!, $by: [Dimension!]) {
  networkIndicator(code: $code, period: $period, by: $by) { ${TABLES(`${VALUES} current { people suppressed suppression }`)} }
}`;
const FUNNEL = `query Funnel($code: String!, $cohort: IndicatorPeriod, $by: [Dimension!]) {
  pathwayFunnel(code: $code, cohort: $cohort, by: $by) {
    stages withheld ${TABLES(`${VALUES} stages { stage people suppressed suppression }`)}
    transitions { fromStage toStage handoffs { fromPartner toPartner people suppressed suppression } }
  }
}`;
const CHANGE = `query Change($code: String!, $cohort: IndicatorPeriod, $by: [Dimension!]) {
  prePostChange(code: $code, cohort: $cohort, by: $by) { ${TABLES(`${VALUES} n suppressed suppression`)} }
}`;
const APPROVE = `mutation Approve($period: IndicatorPeriod!) { approveRelease(period: $period) { id status error } }`;
const APPROVAL = `query Approval($id: ID!) { releaseApproval(id: $id) { id status error } }`;

/**
 * Attacks the approved PY2024 release and the live figures as the readers who get them, apart from
 * the gateway's own protection and audit: a funder of the whole network reads the release, each
 * partner's staff the live figures knowing their own partner's records, and the backbone's
 * unsuppressed figures are the truth. No hidden small count may be narrowed to within p.
 */
describe('disclosure attack: no reader narrows a hidden small count of PY2024 to within p (registry, three partners, real HTTP)', () => {
  let coalition: TestCoalition;
  let gateway: string;
  let partnerIds: string[];
  let releaseId: string;
  let highs: Highs;
  /** hidden small counts checked, per reader and figure */
  const checked: Record<string, Record<string, number>> = {};
  const skipped: string[] = [];
  let funderEmpQ2: { cube: Cube; view: Publication } | undefined;

  beforeAll(async () => {
    highs = await loadHighs();
    coalition = await startTestCoalition('disclosure_attack');
    gateway = coalition.gateway.url;
    partnerIds = [...coalition.partners.keys()].sort();
    const started = await graphql(gateway, APPROVE, { period: PY2024 }, { token: tokens.releaser() });
    expect(started.errors).toBeUndefined();
    for (;;) {
      const polled = await graphql(gateway, APPROVAL, { id: started.data.approveRelease.id }, { token: tokens.releaser() });
      expect(polled.errors).toBeUndefined();
      const approval = polled.data.releaseApproval;
      if (approval.status === 'FAILED') throw new Error(`the PY2024 release was not approved: ${approval.error}`);
      if (approval.status === 'APPROVED') {
        releaseId = approval.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 15 * 60_000);

  afterAll(async () => {
    await coalition?.dispose();
  });

  /** The readers: a funder of the whole network (the release, its default) and each partner's staff (live, their default). */
  const readers = (): Array<{ name: string; own: string | null; token: string }> => [
    { name: 'funder', own: null, token: tokens.funder() },
    ...partnerIds.map((p) => ({ name: `staff:${p}`, own: p, token: tokens.staff(p) })),
  ];

  /**
   * Asks one figure as the backbone and as every reader, and attacks each reader's answer. A code
   * or reader that answers with an error is skipped (and said so).
   */
  async function attackFigure(
    name: string,
    query: string,
    field: string,
    variables: Record<string, unknown>,
    publication: (answer: any) => Publication,
  ): Promise<string[]> {
    const truth = await graphql(gateway, query, variables, { token: tokens.backbone() });
    if (truth.errors) {
      skipped.push(`${name}: ${truth.errors[0].message}`);
      return [];
    }
    const backbone = truth.data[field];
    const cube: Cube = {
      name,
      dimensions: variables.by as string[],
      populations: backbone.stages ?? ['people'],
      partners: partnerIds,
      truth: publication(backbone),
    };
    expect({ name, suppressed: cube.truth.cells.filter((c) => c.figures.some((f) => f.suppressed)).map((c) => c.key) }).toEqual({ name, suppressed: [] });
    const answers = await Promise.all(readers().map(async (r) => ({ ...r, reply: await graphql(gateway, query, variables, { token: r.token }) })));
    const violations: string[] = [];
    for (const { name: readerName, own, reply } of answers) {
      if (reply.errors) {
        skipped.push(`${name} as ${readerName}: ${reply.errors[0].message}`);
        continue;
      }
      const answer = reply.data[field];
      // The funder must be attacked on the release it is given, staff on live figures.
      expect({ name, readerName, release: answer.release?.id ?? null }).toEqual({ name, readerName, release: own === null ? releaseId : null });
      const reader: Reader = { name: readerName, own, view: publication(answer) };
      if (name === 'EMP_Q2' && own === null) funderEmpQ2 = { cube, view: reader.view };
      const result = attack(highs, cube, reader, RULE);
      checked[readerName] = { ...checked[readerName], [name]: result.checked };
      violations.push(...result.violations);
    }
    return violations;
  }

  it(
    'network indicators by PARTNER x SEX x RACE_GROUP x AGE_BAND: every table, every reader',
    async () => {
      const violations: string[] = [];
      for (const code of INDICATOR_CODES) {
        violations.push(...(await attackFigure(code, INDICATOR, 'networkIndicator', { code, period: PY2024, by: BY }, indicatorPublication)));
      }
      expect(violations).toEqual([]);
    },
    10 * 60_000,
  );

  it(
    'pathway funnels: every stage of every table, and the handoffs between partners',
    async () => {
      const pathways = await graphql(gateway, '{ pathways { code } }', {}, { token: tokens.funder() });
      expect(pathways.errors).toBeUndefined();
      expect(pathways.data.pathways.length).toBeGreaterThan(0);
      const violations: string[] = [];
      for (const { code } of pathways.data.pathways) {
        violations.push(...(await attackFigure(`funnel ${code}`, FUNNEL, 'pathwayFunnel', { code, cohort: PY2024, by: FUNNEL_BY }, funnelPublication)));
      }
      expect(violations).toEqual([]);
    },
    10 * 60_000,
  );

  it(
    'pre/post change WAGE_GAIN: n of every table',
    async () => {
      const violations = await attackFigure('WAGE_GAIN', CHANGE, 'prePostChange', { code: 'WAGE_GAIN', cohort: PY2024, by: BY }, changePublication);
      expect(violations).toEqual([]);
    },
    10 * 60_000,
  );

  it('checked enough hidden counts to mean something, and catches a narrowed one', () => {
    console.log(`disclosure attack: hidden small counts checked per reader and figure ${JSON.stringify(checked)}; skipped: ${skipped.join('; ') || 'none'}`);
    expect(Object.values(checked.funder ?? {}).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(50);
    // The same funder's answer with every hidden figure but one small finest cell published: the attacker must pin that one.
    expect(funderEmpQ2).toBeDefined();
    const { cube, view } = funderEmpQ2!;
    const truth = new Map(cube.truth.cells.map((c) => [`${c.table}|${c.key}`, c]));
    const finest = BY.join(',');
    const victim = view.cells.find((c) => c.table === finest && c.figures[0].suppressed && truth.get(`${c.table}|${c.key}`)!.figures[0].people! < RULE.k);
    expect(victim).toBeDefined();
    const leaky: Publication = {
      handoffs: [],
      cells: view.cells.map((c) => (c === victim ? c : { ...c, figures: truth.get(`${c.table}|${c.key}`)!.figures })),
    };
    const result = attack(highs, cube, { name: 'funder', own: null, view: leaky }, RULE);
    expect(result.checked).toBe(1);
    expect(result.violations).toEqual([expect.stringContaining(`${finest} ${victim!.key}`)]);
  });
});
