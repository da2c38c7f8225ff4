import type { ParticipantIdentity } from './participant-identity.type';
import { badInput } from '@coalition/shared';
import type { DataSource } from 'typeorm';
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
  constructor(private readonly dataSource: DataSource) {}

  private identityTable: Promise<boolean> | undefined;

  /**
   * Personal fields by local id. A partner serving its own views has no identity table here:
   * then there are none to give.
   */
  async identitiesOf(localIds: readonly string[]): Promise<Array<ParticipantIdentity & { localId: string }>> {
    this.identityTable ??= this.dataSource.query(`SELECT to_regclass('participant_identity') IS NOT NULL AS present`).then((rows) => rows[0].present === true);
    if (!(await this.identityTable)) return [];
    return this.dataSource.query(
      `SELECT local_id AS "localId", first_name AS "firstName", last_name AS "lastName", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", phone, email
       FROM participant_identity WHERE local_id = ANY($1)`,
      [localIds],
    );
  }

  findByLocalIds(localIds: readonly string[]): Promise<Participant[]> {
    return this.dataSource
      .getRepository(Participant)
      .createQueryBuilder('p')
      .where('p.local_id = ANY(:ids)', { ids: [...localIds] })
      .getMany();
  }

  findByGsids(gsids: readonly string[]): Promise<Participant[]> {
    return this.dataSource
      .getRepository(Participant)
      .createQueryBuilder('p')
      .where('p.gsid = ANY(:gsids)', { gsids: [...gsids] })
      .orderBy('p.enrolled_on')
      .addOrderBy('p.local_id')
      .getMany();
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

  async page(first: number, after: string | undefined, filter: ParticipantFilter | undefined): Promise<ParticipantPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`, { max: MAX_PAGE_SIZE });
    }
    const params: unknown[] = [];
    const where = compileParticipantFilter(filter, params);
    if (after !== undefined) {
      params.push(decodeCursor(after));
      where.push(`p.local_id > $${params.length}`);
    }
    params.push(first + 1);
    const sql = `SELECT p.local_id FROM participant p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.local_id LIMIT $${params.length}`;
    // Ids first, then entities by id, keeps the filter SQL in one place; two statements per page.
    const ids = (await this.dataSource.query(sql, params)).map((row: { local_id: string }) => row.local_id);
    const hasNextPage = ids.length > first;
    const pageIds = ids.slice(0, first);
    const byId = new Map((pageIds.length ? await this.findByLocalIds(pageIds) : []).map((p) => [p.localId, p]));
    const nodes = pageIds.map((id: string) => byId.get(id)).filter((p: Participant | undefined): p is Participant => p !== undefined);
    return { nodes, pageInfo: { hasNextPage, endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1].localId) : null } };
  }
}
