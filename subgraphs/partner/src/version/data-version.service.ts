import type { DataSource } from 'typeorm';
import { readDataVersion, type DataVersionSource } from './data-version';
import type { DataVersionWatcher } from './data-version.watcher';

/** The partner's data version: from the watcher's memory while it listens (no SQL), else one statement. */
export class DataVersionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly source: DataVersionSource = 'table',
    private readonly watcher?: DataVersionWatcher,
  ) {}

  async current(): Promise<string> {
    return this.watcher?.current() ?? readDataVersion(this.dataSource, this.source);
  }
}
