import { INDICATOR_CODE_PATTERN, badInput, notFound } from '@coalition/shared';
import type { DataSource } from 'typeorm';
import { IndicatorDefinition } from './indicator-definition.entity';

export class IndicatorService {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest version of every indicator, or every version of one code. */
  async list(code?: string): Promise<IndicatorDefinition[]> {
    const repository = this.dataSource.getRepository(IndicatorDefinition);
    if (code !== undefined) {
      this.assertCode(code);
      const versions = await repository.find({ where: { code }, order: { version: 'ASC' } });
      if (!versions.length) throw notFound('indicator code', code, { indicatorCode: code });
      return versions;
    }
    return repository.createQueryBuilder('i')
      .distinctOn(['i.code']).orderBy('i.code').addOrderBy('i.version', 'DESC').getMany();
  }

  /** One version (the latest when none is given). */
  async get(code: string, version?: number): Promise<IndicatorDefinition> {
    this.assertCode(code);
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw badInput('version', 'must be a positive whole number');
    const versions = await this.list(code);
    const found = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
    if (!found) throw notFound('indicator version', `${code} v${version}`, { indicatorCode: code, version });
    return found;
  }

  private assertCode(code: string): void {
    if (!INDICATOR_CODE_PATTERN.test(code)) throw badInput('code', `"${code}" is not an indicator code (upper case, e.g. EMP_Q2)`);
  }
}
