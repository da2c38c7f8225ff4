import { INDICATOR_CODE_PATTERN, badInput, notFound } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { PathwayStage } from './pathway-stage.entity';
import { PathwayDefinition } from './pathway-definition.entity';

export class PathwayService {
  constructor(private readonly dataSource: DataSource) {}

  stages(): Promise<PathwayStage[]> {
    return this.dataSource.getRepository(PathwayStage).find({ order: { position: 'ASC' } });
  }

  /** The latest version of every pathway, or every version of one code. */
  async list(code?: string): Promise<PathwayDefinition[]> {
    const repository = this.dataSource.getRepository(PathwayDefinition);
    if (code !== undefined) {
      this.assertCode(code);
      const versions = await repository.find({ where: { code }, order: { version: 'ASC' } });
      if (!versions.length) throw notFound('pathway code', code, { pathwayCode: code });
      return versions;
    }
    return repository.createQueryBuilder('p').distinctOn(['p.code']).orderBy('p.code').addOrderBy('p.version', 'DESC').getMany();
  }

  /** One version (the latest when none is given). */
  async get(code: string, version?: number): Promise<PathwayDefinition> {
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw badInput('version', 'must be a positive whole number');
    const versions = await this.list(code);
    const found = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
    if (!found) throw notFound('pathway version', `${code} v${version}`, { pathwayCode: code, version });
    return found;
  }

  private assertCode(code: string): void {
    if (!INDICATOR_CODE_PATTERN.test(code)) throw badInput('code', `"${code}" is not a pathway code (upper case, e.g. WORKFORCE)`);
  }
}
