import type { DataSource } from 'typeorm';
import { PathwayStage } from './pathway-stage.entity';

export class PathwayService {
  constructor(private readonly dataSource: DataSource) {}

  stages(): Promise<PathwayStage[]> {
    return this.dataSource.getRepository(PathwayStage).find({ order: { position: 'ASC' } });
  }
}
