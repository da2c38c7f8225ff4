import { PARTNER_ID_PATTERN, badInput, notFound, isOneOf, PROGRAM_TYPES } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { Partner, PARTNER_STATUSES, type PartnerStatus } from './partner.entity';

export class PartnerService {
  constructor(private readonly dataSource: DataSource) {}

  list(status?: PartnerStatus): Promise<Partner[]> {
    return this.dataSource.getRepository(Partner).find({ where: status ? { status } : {}, order: { id: 'ASC' } });
  }

  findByIds(ids: readonly string[]): Promise<Partner[]> {
    return this.dataSource
      .getRepository(Partner)
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  async get(id: string): Promise<Partner> {
    if (!PARTNER_ID_PATTERN.test(id)) throw badInput('id', `"${id}" is not a partner id (lower-case slug)`);
    const partner = await this.dataSource.getRepository(Partner).findOneBy({ id });
    if (!partner) throw notFound('partner', id, { partnerId: id });
    return partner;
  }

  /** Adds or updates a partner (used by the demo seed and, later, admin mutations). */
  async upsert(input: Pick<Partner, 'id' | 'name' | 'programType' | 'endpoint' | 'status'>): Promise<Partner> {
    if (!PARTNER_ID_PATTERN.test(input.id)) throw badInput('id', `"${input.id}" is not a partner id (lower-case slug)`);
    if (!isOneOf(PROGRAM_TYPES, input.programType)) throw badInput('programType', `must be one of ${PROGRAM_TYPES.join(', ')}`);
    if (!isOneOf(PARTNER_STATUSES, input.status)) throw badInput('status', `must be one of ${PARTNER_STATUSES.join(', ')}`);
    if (input.endpoint !== null && !/^https?:\/\//.test(input.endpoint)) throw badInput('endpoint', 'must be an http(s) URL');
    await this.dataSource.query(
      `INSERT INTO partner (id, name, program_type, endpoint, status) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, program_type = EXCLUDED.program_type,
         endpoint = EXCLUDED.endpoint, status = EXCLUDED.status, updated_at = now()`,
      [input.id, input.name, input.programType, input.endpoint, input.status],
    );
    return this.get(input.id);
  }
}
