import type { ParticipantIdentity } from './participant-identity.type';
import { badInput } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { Probe } from '../db/probe';
import { CountedParticipants } from './counted';
import { Participant } from './participant.entity';
import { StageEvent } from './stage-event.entity';
import { Outcome } from './outcome.entity';
import type { ParticipantFilter } from './participant.input';
import { compileParticipantFilter } from './participant-filter.sql';

export const MAX_PAGE_SIZE = 500;

export interface ParticipantPage {
  nodes: Participant[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

const encodeCursor = (localId: string) => Buffer.from(`p:${localId}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('p:')) throw badInput('after', 'is not a cursor this service issued');
  return decoded.slice(2);
}

/** Reads participants and their records. Every method is one SQL statement, whatever the batch size. */
export class ParticipantService {
  constructor(private readonly dataSource: DataSource) {
    this.consent = new CountedParticipants(dataSource);
  }

  private readonly identityTable = new Probe(() =>
    this.dataSource.query(`SELECT to_regclass('participant_identity') IS NOT NULL AS present`).then((rows) => rows[0].present === true),
  );

  /**
   * Personal fields by local id. A partner serving its own views has no identity table here:
   * then there are none to give.
   */
  async identitiesOf(localIds: readonly string[]): Promise<Array<ParticipantIdentity & { localId: string }>> {
    if (!(await this.identityTable.get())) return [];
    return this.dataSource.query(
      `SELECT local_id AS "localId", first_name AS "firstName", last_name AS "lastName", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", phone, email
       FROM participant_identity WHERE local_id = ANY($1)`,
      [localIds],
    );
  }

  private readonly consent: CountedParticipants;

  private hasConsent(): Promise<boolean> {
    return this.consent.recorded();
  }

  /** SQL keeping out, for readers outside this partner, the people who did not consent to their records being shared (docs/CONSENT.md). */
  private async sharedOnly(outside: boolean, alias: string): Promise<string | null> {
    if (!outside || !(await this.hasConsent())) return null;
    return `NOT EXISTS (SELECT 1 FROM participant_consent c WHERE c.local_id = ${alias}.local_id AND NOT c.share_records)`;
  }

  /** Each participant's recorded consent; absent: none recorded (the defaults apply). */
  async consentsOf(
    localIds: readonly string[],
  ): Promise<Array<{ localId: string; shareIdentity: boolean; shareRecords: boolean; inFigures: boolean; recordedOn: string }>> {
    if (!(await this.hasConsent())) return [];
    return this.dataSource.query(
      `SELECT local_id AS "localId", share_identity AS "shareIdentity", share_records AS "shareRecords", in_figures AS "inFigures", to_char(recorded_on, 'YYYY-MM-DD') AS "recordedOn"
       FROM participant_consent WHERE local_id = ANY($1)`,
      [localIds],
    );
  }

  /** `outside`: the reader is not this partner's own staff (the backbone, another partner's staff). */
  async findByLocalIds(localIds: readonly string[], outside = false): Promise<Participant[]> {
    const query = this.dataSource
      .getRepository(Participant)
      .createQueryBuilder('p')
      .where('p.local_id = ANY(:ids)', { ids: [...localIds] });
    const shared = await this.sharedOnly(outside, 'p');
    if (shared) query.andWhere(shared);
    return query.getMany();
  }

  async findByGsids(gsids: readonly string[], outside = false): Promise<Participant[]> {
    const query = this.dataSource
      .getRepository(Participant)
      .createQueryBuilder('p')
      .where('p.gsid = ANY(:gsids)', { gsids: [...gsids] });
    const shared = await this.sharedOnly(outside, 'p');
    if (shared) query.andWhere(shared);
    return query.orderBy('p.enrolled_on').addOrderBy('p.local_id').getMany();
  }

  stageEventsOf(localIds: readonly string[]): Promise<StageEvent[]> {
    return this.dataSource
      .getRepository(StageEvent)
      .createQueryBuilder('s')
      .where('s.participant_local_id = ANY(:ids)', { ids: [...localIds] })
      .orderBy('s.entered_on')
      .addOrderBy('s.id')
      .getMany();
  }

  outcomesOf(localIds: readonly string[]): Promise<Outcome[]> {
    return this.dataSource
      .getRepository(Outcome)
      .createQueryBuilder('o')
      .where('o.participant_local_id = ANY(:ids)', { ids: [...localIds] })
      .orderBy('o.observed_on')
      .addOrderBy('o.id')
      .getMany();
  }

  async page(first: number, after: string | undefined, filter: ParticipantFilter | undefined, outside = false): Promise<ParticipantPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`, { max: MAX_PAGE_SIZE });
    }
    const params: unknown[] = [];
    const where = compileParticipantFilter(filter, params);
    if (after !== undefined) {
      params.push(decodeCursor(after));
      where.push(`p.local_id > $${params.length}`);
    }
    const shared = await this.sharedOnly(outside, 'p');
    if (shared) where.push(shared);
    params.push(first + 1);
    const sql = `SELECT p.local_id FROM participant p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.local_id LIMIT $${params.length}`;
    // Ids first, then entities by id, keeps the filter SQL in one place; two statements per page.
    const ids = (await this.dataSource.query(sql, params)).map((row: { local_id: string }) => row.local_id);
    const hasNextPage = ids.length > first;
    const pageIds = ids.slice(0, first);
    const byId = new Map((pageIds.length ? await this.findByLocalIds(pageIds, outside) : []).map((p) => [p.localId, p]));
    const nodes = pageIds.map((id: string) => byId.get(id)).filter((p: Participant | undefined): p is Participant => p !== undefined);
    return { nodes, pageInfo: { hasNextPage, endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1].localId) : null } };
  }
}
