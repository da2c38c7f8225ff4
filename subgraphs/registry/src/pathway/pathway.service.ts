import type { DataSource } from 'typeorm';
import { VersionedCatalogue } from '../catalogue/versions';
import { PathwayStage } from './pathway-stage.entity';
import { PathwayDefinition } from './pathway-definition.entity';

export class PathwayService {
  private readonly catalogue: VersionedCatalogue<PathwayDefinition>;

  constructor(private readonly dataSource: DataSource) {
    this.catalogue = new VersionedCatalogue(() => dataSource.getRepository(PathwayDefinition), {
      name: 'pathway',
      article: 'a pathway',
      example: 'WORKFORCE',
      detail: 'pathwayCode',
    });
  }

  stages(): Promise<PathwayStage[]> {
    return this.dataSource.getRepository(PathwayStage).find({ order: { position: 'ASC' } });
  }

  /** The latest version of every pathway, or every version of one code. */
  list(code?: string): Promise<PathwayDefinition[]> {
    return this.catalogue.list(code);
  }

  /** One version (the latest when none is given). */
  get(code: string, version?: number): Promise<PathwayDefinition> {
    return this.catalogue.get(code, version);
  }
}
