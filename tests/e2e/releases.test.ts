import { Client } from 'pg';
import { graphql, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const FIGURE = 'people numerator value suppressed suppression';
const CELL = `key current { ${FIGURE} } previous { ${FIGURE} } change`;
const INDICATOR = `query Indicator($code: String!, $version: Int, $period: IndicatorPeriod!, $by: [Dimension!], $compareTo: IndicatorPeriod, $release: String) {
  networkIndicator(code: $code, version: $version, period: $period, by: $by, compareTo: $compareTo, release: $release) {
    code version period dimensions disclosureControl { applied minimumCellSize cubeDimensions }
    cells { ${CELL} } total { ${CELL} } margins { dimensions cells { ${CELL} } }
    coverage { partnersAsked partnersAnswered missing { partnerId } }
    release { id period }
  }
}`;
const RELEASE =
  'id period approvedAt note forced figureCount sizeBytes supersedes supersededBy coverage { partnersAsked partnersAnswered missing { partnerId } }';
const APPROVE = `mutation Approve($period: IndicatorPeriod!, $note: String, $force: Boolean) {
  approveRelease(period: $period, note: $note, force: $force) { id period status figuresDone figuresTotal error }
}`;
const APPROVAL = `query Approval($id: ID!) { releaseApproval(id: $id) { id status figuresDone figuresTotal auditing error release { ${RELEASE} } } }`;
const REVISIONS = `query Revisions($id: ID!) { release(id: $id) { id approvedBy revisions { partnerId status records truncated } } }`;

/** Every table of an answer without the release stamp: what must be equal between a live and a released answer. */
const tablesOf = (answer: any) => ({ total: answer.total, margins: answer.margins, cells: answer.cells });

describe('releases: approve a program year once, read it as funders (registry, three partners, real HTTP)', () => {
  // An approval computes every figure twice, protects it and audits it as one publication: a minute or two here.
  jest.setTimeout(10 * 60_000);
  let coalition: TestCoalition;
  let gateway: string;
  let partnerIds: string[];

  beforeAll(async () => {
    coalition = await startTestCoalition('releases');
    gateway = coalition.gateway.url;
    partnerIds = [...coalition.partners.keys()].sort();
  });

  afterAll(async () => {
    await coalition?.dispose();
  });

  const ask = (query: string, variables: Record<string, unknown>, token: string) => graphql(gateway, query, variables, { token });

  async function approve(variables: Record<string, unknown>, token = tokens.releaser()): Promise<any> {
    const started = await ask(APPROVE, variables, token);
    expect(started.errors).toBeUndefined();
    for (;;) {
      const polled = await ask(APPROVAL, { id: started.data.approveRelease.id }, token);
      expect(polled.errors).toBeUndefined();
      const approval = polled.data.releaseApproval;
      if (approval.status !== 'RUNNING') return approval;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Five records at one partner change a figure: five PY2024 exiters now employed in Q2 after exit. */
  async function changeFiveRecords(partnerId: string): Promise<void> {
    const db = coalition.partners.get(partnerId)!.database.dataSource;
    const before = await db.query('SELECT version::text AS v FROM data_version');
    await db.query(`UPDATE outcome SET value_boolean = true WHERE id IN (
      SELECT o.id FROM outcome o JOIN participant p ON p.local_id = o.participant_local_id
       WHERE o.indicator_code = 'EMP_Q2' AND o.period = 'Q2_AFTER_EXIT' AND o.value_boolean = false
         AND p.exited_on >= '2024-07-01' AND p.exited_on < '2025-07-01' ORDER BY o.id LIMIT 5)`);
    // The partner learns its new version from its commit's notification (milliseconds).
    for (let i = 0; i < 100; i++) {
      const after = await db.query('SELECT version::text AS v FROM data_version');
      if (after[0].v !== before[0].v) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  let first: any;

  it('refuses what a release cannot be, naming the argument, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ period: { quarter: '2024Q4' } }, 'BAD_USER_INPUT', 'period'],
      [{ period: { programYear: 2026 } }, 'BAD_USER_INPUT', 'period.programYear'],
      [{ period: { programYear: 2024 }, note: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'note'],
    ];
    for (const [variables, code, field] of cases) {
      const result = await ask(APPROVE, variables, tokens.releaser());
      expect({ variables, code: result.errors?.[0].extensions?.code, field: result.errors?.[0].extensions?.field }).toEqual({ variables, code, field });
    }
    const count = await coalition.registryDataSource.query('SELECT count(*)::int AS n FROM release');
    expect(count[0].n).toBe(0);
  });

  it('lets only admins and analysts granted approve_releases approve', async () => {
    for (const token of [tokens.backbone(), tokens.funder(), tokens.staff(partnerIds[0])]) {
      const result = await ask(APPROVE, { period: { programYear: 2024 } }, token);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('approves PY2024: every indicator computed once, stored whole, shown with its coverage', async () => {
    first = await approve({ period: { programYear: 2024 } });
    expect(first).toMatchObject({ status: 'APPROVED', auditing: false, error: null });
    expect(first.figuresDone).toBe(first.figuresTotal);
    expect(first.figuresTotal).toBeGreaterThanOrEqual(3);
    expect(first.release).toMatchObject({ id: first.id, period: 'PY2024', forced: false, supersedes: null, supersededBy: null });
    expect(first.release.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 3, missing: [] });
    expect(first.release.sizeBytes).toBeGreaterThan(0);
    const listed = await ask(`{ releases(period: { programYear: 2024 }) { id } }`, {}, tokens.funder());
    expect(listed.data.releases).toEqual([{ id: first.id }]);
  });

  it('gives funders the released figures by default, equal to the live protected figures, stamped with the release', async () => {
    for (const [code, by] of [
      ['EMP_Q2', []],
      ['EMP_Q2', ['SEX']],
      ['EARN_Q2', ['AGE_BAND', 'RACE_GROUP']],
      ['EXITERS', ['PARTNER', 'SEX']],
    ] as const) {
      const variables = { code, period: { programYear: 2024 }, by };
      const [released, live] = await Promise.all([ask(INDICATOR, variables, tokens.funder()), ask(INDICATOR, variables, tokens.staff(partnerIds[0]))]);
      expect(released.errors).toBeUndefined();
      expect(released.data.networkIndicator.release).toEqual({ id: first.id, period: 'PY2024' });
      expect(live.data.networkIndicator.release).toBeNull();
      const partnerCells = (answer: any) => answer.cells.filter((c: any) => c.key.includes(`PARTNER=${partnerIds[0]}`));
      if ((by as readonly string[]).includes('PARTNER')) {
        // Staff see their own partner's drill-down; a funder of the whole network sees every partner's.
        expect(released.data.networkIndicator.cells.length).toBeGreaterThan(live.data.networkIndicator.cells.length);
        expect(partnerCells(released.data.networkIndicator)).toEqual(partnerCells(live.data.networkIndicator));
      } else {
        expect(tablesOf(released.data.networkIndicator)).toEqual(tablesOf(live.data.networkIndicator));
      }
      expect(released.data.networkIndicator.disclosureControl.applied).toBe(true);
    }
  });

  it("releases pathway funnels and pre/post changes of the year's cohort, equal to the live protected ones", async () => {
    const FUNNEL = `query Funnel($cohort: IndicatorPeriod, $by: [Dimension!], $release: String) {
      pathwayFunnel(code: "WORKFORCE", cohort: $cohort, by: $by, release: $release) {
        people total { key stages { stage people conversion suppressed } } cells { key stages { stage people suppressed } }
        transitions { fromStage toStage handoffs { fromPartner toPartner people suppressed } } release { id }
      }
    }`;
    const CHANGE = `query Change($cohort: IndicatorPeriod, $by: [Dimension!], $release: String) {
      prePostChange(code: "WAGE_GAIN", cohort: $cohort, by: $by, release: $release) {
        total { key n meanChange ciLow ciHigh suppressed } cells { key n meanChange suppressed } release { id }
      }
    }`;
    for (const [query, field, by] of [
      [FUNNEL, 'pathwayFunnel', ['PARTNER']],
      [CHANGE, 'prePostChange', ['SEX']],
    ] as const) {
      const variables = { cohort: { programYear: 2024 }, by };
      // By PARTNER, staff see their own partner's cells: compared with a funder of that partner.
      const reader = field === 'pathwayFunnel' ? tokens.funder([partnerIds[0]]) : tokens.funder();
      const [released, live] = await Promise.all([ask(query, variables, reader), ask(query, variables, tokens.staff(partnerIds[0]))]);
      expect({ field, errors: released.errors }).toEqual({ field, errors: undefined });
      const { release, transitions: releasedHandoffs, ...figures } = released.data[field];
      const { release: none, transitions: liveHandoffs, ...liveFigures } = live.data[field];
      expect(release).toEqual({ id: first.id });
      expect(none).toBeNull();
      expect(figures).toEqual(liveFigures);
      if (field === 'pathwayFunnel') {
        // Staff see the handoffs from or to their own partner; the released funnel holds every partner's, cut the same way for a funder of that partner.
        expect(releasedHandoffs).toEqual(liveHandoffs);
        const all = await ask(query, variables, tokens.funder());
        expect(all.data[field].release).toEqual({ id: first.id });
        const count = (transitions: any[]) => transitions.flatMap((t: any) => t.handoffs).length;
        expect(count(all.data[field].transitions)).toBeGreaterThanOrEqual(count(liveHandoffs));
        expect(all.data[field].cells.length).toBeGreaterThan(figures.cells.length);
      }
    }
    const everyone = await ask(FUNNEL, { by: [] }, tokens.funder());
    expect(everyone.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'cohort' } });
  });

  it("cuts a funder's drill-down to its portfolio", async () => {
    const result = await ask(INDICATOR, { code: 'EXITERS', period: { programYear: 2024 }, by: ['PARTNER'] }, tokens.funder([partnerIds[1]]));
    const partners = result.data.networkIndicator.cells.map((c: any) => c.key);
    expect(partners).toEqual([`PARTNER=${partnerIds[1]}`]);
  });

  it('refuses funders live figures (a coalition setting, off by default) and unknown releases, naming the argument', async () => {
    const live = await ask(INDICATOR, { code: 'EMP_Q2', period: { programYear: 2024 }, release: 'LIVE' }, tokens.funder());
    expect(live.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'release' } });
    const unknown = await ask(INDICATOR, { code: 'EMP_Q2', period: { programYear: 2024 }, release: 'rel_0000000000000000' }, tokens.funder());
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'release' } });
    const unreleased = await ask(INDICATOR, { code: 'EMP_Q2', period: { programYear: 2023 } }, tokens.funder());
    expect(unreleased.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'release' } });
    const compare = await ask(INDICATOR, { code: 'EMP_Q2', period: { programYear: 2024 }, compareTo: { programYear: 2023 } }, tokens.funder());
    expect(compare.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'compareTo' } });
    const wrongPeriod = await ask(INDICATOR, { code: 'EMP_Q2', period: { programYear: 2023 }, release: first.id }, tokens.backbone());
    expect(wrongPeriod.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'release' } });
    const again = await ask(APPROVE, { period: { programYear: 2024 } }, tokens.releaser());
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'note' } });
  });

  it('shows the backbone which partner changed how many records since the release; a new release supersedes it and both stay readable', async () => {
    const changed = partnerIds[0];
    const before = await ask(REVISIONS, { id: first.id }, tokens.backbone());
    expect(before.data.release.revisions).toEqual([]);
    expect(before.data.release.approvedBy).toBe('test-releaser');
    await changeFiveRecords(changed);
    const after = await ask(REVISIONS, { id: first.id }, tokens.backbone());
    expect(after.data.release.revisions).toEqual([{ partnerId: changed, status: 'REVISED', records: 5, truncated: false }]);
    const funderView = await ask(REVISIONS, { id: first.id }, tokens.funder());
    expect(funderView.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const variables = { code: 'EMP_Q2', period: { programYear: 2024 } };
    const old = await ask(INDICATOR, variables, tokens.funder());
    const second = await approve({ period: { programYear: 2024 }, note: `corrected a record at ${changed}` });
    expect(second).toMatchObject({ status: 'APPROVED', error: null });
    expect(second.release).toMatchObject({ supersedes: first.id, note: `corrected a record at ${changed}` });
    const [latest, live] = await Promise.all([ask(INDICATOR, variables, tokens.funder()), ask(INDICATOR, variables, tokens.staff(changed))]);
    expect(latest.data.networkIndicator.release.id).toBe(second.id);
    expect(latest.data.networkIndicator.total).toEqual(live.data.networkIndicator.total);
    expect(latest.data.networkIndicator.total.current.numerator).toBeGreaterThan(old.data.networkIndicator.total.current.numerator);
    const pinned = await ask(INDICATOR, { ...variables, release: first.id }, tokens.funder());
    expect(pinned.data.networkIndicator.total).toEqual(old.data.networkIndicator.total);
    const listed = await ask(`{ releases(period: { programYear: 2024 }) { id supersedes supersededBy } }`, {}, tokens.funder());
    expect(listed.data.releases).toEqual([
      { id: second.id, supersedes: first.id, supersededBy: null },
      { id: first.id, supersedes: null, supersededBy: second.id },
    ]);
  });

  it('compares two released years cell by cell', async () => {
    await approve({ period: { programYear: 2023 } });
    const variables = { code: 'EMP_Q2', period: { programYear: 2024 }, compareTo: { programYear: 2023 }, by: ['SEX'] };
    const [released, live] = await Promise.all([ask(INDICATOR, variables, tokens.funder()), ask(INDICATOR, variables, tokens.staff(partnerIds[0]))]);
    expect(released.errors).toBeUndefined();
    expect(tablesOf(released.data.networkIndicator)).toEqual(tablesOf(live.data.networkIndicator));
  });

  it('refuses to approve while a partner does not answer, unless forced; the forced release records its coverage', async () => {
    const down = partnerIds[2];
    await coalition.stopPartner(down);
    const refused = await ask(APPROVE, { period: { programYear: 2025 } }, tokens.admin());
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'PARTNER_UNAVAILABLE', field: 'force' } });
    expect(refused.errors?.[0].message).toContain(down);
    const forced = await approve({ period: { programYear: 2025 }, force: true }, tokens.admin());
    expect(forced.status).toBe('APPROVED');
    expect(forced.release).toMatchObject({ forced: true, coverage: { partnersAsked: 3, partnersAnswered: 2, missing: [{ partnerId: down }] } });
    const revisions = await ask(REVISIONS, { id: forced.id }, tokens.backbone());
    expect(revisions.data.release.revisions).toEqual([{ partnerId: down, status: 'NOT_IN_RELEASE', records: null, truncated: false }]);
  });
});

describe('a release appears whole or not at all', () => {
  it('leaves nothing readable when the approval fails half-way', async () => {
    const coalition = await startTestCoalition('release_fail', { partnerTimeoutMs: 500 });
    const partner = [...coalition.partners.keys()].sort()[0];
    const lock = new Client({ connectionString: (coalition.partners.get(partner)!.database.dataSource.options as { url: string }).url });
    try {
      await lock.connect();
      // The partner's answers wait behind this lock past the gateway's deadline: the approval fails after it began.
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE outcome IN ACCESS EXCLUSIVE MODE');
      const started = await graphql(coalition.gateway.url, APPROVE, { period: { programYear: 2024 } }, { token: tokens.releaser() });
      expect(started.errors).toBeUndefined();
      let approval: any;
      do {
        await new Promise((r) => setTimeout(r, 100));
        approval = (await graphql(coalition.gateway.url, APPROVAL, { id: started.data.approveRelease.id }, { token: tokens.releaser() })).data.releaseApproval;
      } while (approval.status === 'RUNNING');
      expect(approval).toMatchObject({ status: 'FAILED', release: null });
      expect(approval.error).toMatch(/did not answer/);
      await lock.query('ROLLBACK');
      const listed = await graphql(coalition.gateway.url, `{ releases { id } }`, {}, { token: tokens.funder() });
      expect(listed.data.releases).toEqual([]);
      const rows = await coalition.registryDataSource.query(`SELECT status FROM release`);
      expect(rows).toEqual([{ status: 'PENDING' }]);
    } finally {
      await lock.end().catch(() => undefined);
      await coalition.dispose();
    }
  });
});
