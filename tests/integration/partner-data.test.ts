import {
  AggregateService,
  DataQualityService,
  ParticipantService,
  createParticipantLoaders,
  createPartnerDataSource,
  type PartnerDataSource,
} from '@coalition/partner';
import { generateCoalition, seedPartner, type PartnerData } from '@coalition/demo';

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
import { raceGroupOf } from '@coalition/shared';
import { createTestDatabase } from '../support/database';

/** White-box checks of the partner data layer against a real PostgreSQL, below the GraphQL surface the e2e tests cover. */
describe('partner data layer (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  let data: PartnerData;
  const partnerId = 'northside-training';

  beforeAll(async () => {
    db = await createTestDatabase('partner');
    partner = createPartnerDataSource(db.url);
    await partner.dataSource.initialize();
    await partner.dataSource.runMigrations({ transaction: 'each' });
    data = generateCoalition({ seed: 11, people: 300 }).data.get(partnerId)!;
    expect(await seedPartner(partner.dataSource, data)).toBe(true);
  });

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
  });

  it('seeding twice changes nothing', async () => {
    expect(await seedPartner(partner.dataSource, data)).toBe(false);
    const [{ count }] = await partner.dataSource.query('SELECT count(*)::int AS count FROM participant');
    expect(count).toBe(data.participants.length);
  });

  it('the database itself refuses codes outside the contract', async () => {
    await expect(
      partner.dataSource.query(`INSERT INTO participant (local_id, enrolled_on, program_type, sex) VALUES ('x1', '2025-01-01', 'TRAINING', 'M')`),
    ).rejects.toThrow(/check constraint/);
    await expect(
      partner.dataSource.query(
        `INSERT INTO participant (local_id, gsid, enrolled_on, program_type, sex) VALUES ('x2', 'not-a-gsid', '2025-01-01', 'TRAINING', 'MALE')`,
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('loaders answer N loads of each kind with one SQL statement each', async () => {
    const loaders = createParticipantLoaders(new ParticipantService(partner.dataSource));
    const ids = data.participants.slice(0, 100).map((p) => p.local_id);
    const before = partner.sql.statements;
    const [participants, events, outcomes] = await Promise.all([
      Promise.all(ids.map((id) => loaders.participantByLocalId.load(id))),
      Promise.all(ids.map((id) => loaders.stageEventsByParticipant.load(id))),
      Promise.all(ids.map((id) => loaders.outcomesByParticipant.load(id))),
    ]);
    expect(partner.sql.statements - before).toBe(3);
    expect(participants.map((p) => p?.localId)).toEqual(ids);
    const expectedEvents = data.stageEvents.filter((e) => ids.includes(e.participant_local_id)).length;
    expect(events.flat()).toHaveLength(expectedEvents);
    expect(outcomes.flat()).toHaveLength(data.outcomes.filter((o) => ids.includes(o.participant_local_id)).length);
    expect(await loaders.participantByLocalId.load('no-such-id')).toBeNull();
  });

  it('counts by dimensions in one GROUP BY that matches a count over the rows', async () => {
    const service = new AggregateService(partner.dataSource);
    // The service looks once whether consent is recorded (a views schema may leave it out); then one statement a count.
    await service.participantCount(partnerId, [], undefined);
    const before = partner.sql.statements;
    const result = await service.participantCount(partnerId, ['RACE_GROUP', 'PARTNER', 'COHORT'], undefined);
    expect(partner.sql.statements - before).toBe(1);
    expect(result.dimensions).toEqual(['PARTNER', 'RACE_GROUP', 'COHORT']);
    const expected = new Map<string, number>();
    for (const p of data.participants) {
      const key = `PARTNER=${partnerId}|RACE_GROUP=${raceGroupOf(p.race_ethnicity)}|COHORT=${p.enrolled_on.slice(0, 4)}Q${Math.floor((Number(p.enrolled_on.slice(5, 7)) - 1) / 3) + 1}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(result.cells.map((c) => [c.key, c.count]))).toEqual(expected);
    expect(result.total).toBe(data.participants.length);
  });

  it('filters by a stage reached and rejects a malformed cohort', async () => {
    const service = new AggregateService(partner.dataSource);
    const result = await service.participantCount(partnerId, [], { reachedStage: 'CREDENTIAL' });
    const withCredential = new Set(data.stageEvents.filter((e) => e.stage === 'CREDENTIAL').map((e) => e.participant_local_id));
    expect(result.total).toBe(withCredential.size);
    await expect(service.participantCount(partnerId, [], { cohorts: ['2025-Q1'] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'filter.cohorts' },
    });
  });

  it('pages through every participant exactly once', async () => {
    const service = new ParticipantService(partner.dataSource);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await service.page(37, after, undefined);
      seen.push(...page.nodes.map((n) => n.localId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(data.participants.map((p) => p.local_id).sort());
    await expect(service.page(0, undefined, undefined)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'first' } });
    await expect(service.page(10, 'bm90LWEtY3Vyc29y', undefined)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
  });

  it("flags earnings far from the partner's own distribution, and duplicates by GSID (overlapping spells only)", async () => {
    const quality = new DataQualityService(partner.dataSource);
    const period = { from: '2000-01-01', to: '2030-12-31', dueDays: 30, asOf: '2026-11-22' };
    const before = await quality.measure(period);
    const earnings = before.outliers.find((o) => o.indicatorCode === 'EARN_PRE')!;
    const someone = data.participants[0].local_id;
    const other = data.participants[1];
    await partner.dataSource.query(
      `INSERT INTO outcome (participant_local_id, indicator_code, indicator_version, value_number, period, wave, observed_on) VALUES ($1, 'EARN_PRE', 2, $2, 'BEFORE_INTAKE', 'INTAKE', '2025-01-01')`,
      [someone, earnings.upperBound! * 10],
    );
    const first = data.participants[0];
    // The same person again, enrolled after the first spell ended: a returning participant, not a duplicate.
    const returning = addDays(first.exited_on ?? first.enrolled_on, 30);
    await partner.dataSource.query(`UPDATE participant SET gsid = $1, enrolled_on = $2, exited_on = NULL WHERE local_id = $3`, [
      first.gsid,
      returning,
      other.local_id,
    ]);
    try {
      const after = await quality.measure(period);
      expect(after.outliers.find((o) => o.indicatorCode === 'EARN_PRE')!.outliers).toBe(earnings.outliers + 1);
      expect(after.duplicateGroups).toBe(before.duplicateGroups + (first.exited_on ? 0 : 1));
      // Enrolled while the first spell was still open: a duplicate.
      await partner.dataSource.query(`UPDATE participant SET enrolled_on = $1 WHERE local_id = $2`, [first.enrolled_on, other.local_id]);
      expect((await quality.measure(period)).duplicateGroups).toBe(before.duplicateGroups + 1);
    } finally {
      await partner.dataSource.query(`UPDATE participant SET enrolled_on = $1, exited_on = $2 WHERE local_id = $3`, [
        other.enrolled_on,
        other.exited_on,
        other.local_id,
      ]);
      await partner.dataSource.query(`DELETE FROM outcome WHERE indicator_version = 2`);
      await partner.dataSource.query(`UPDATE participant SET gsid = $1 WHERE local_id = $2`, [other.gsid, other.local_id]);
    }
  });
});
