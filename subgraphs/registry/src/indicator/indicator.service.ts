import type { DataSource } from 'typeorm';
import { VersionedCatalogue } from '../catalogue/versions';
import { IndicatorDefinition } from './indicator-definition.entity';

export class IndicatorService {
  private readonly catalogue: VersionedCatalogue<IndicatorDefinition>;

  constructor(dataSource: DataSource) {
    this.catalogue = new VersionedCatalogue(() => dataSource.getRepository(IndicatorDefinition), {
      name: 'indicator',
      article: 'an indicator',
      example: 'EMP_Q2',
      detail: 'indicatorCode',
    });
  }

  /** The latest version of every indicator, or every version of one code. */
  list(code?: string): Promise<IndicatorDefinition[]> {
    return this.catalogue.list(code);
  }

  /** One version (the latest when none is given). */
  get(code: string, version?: number): Promise<IndicatorDefinition> {
    return this.catalogue.get(code, version);
  }
}
