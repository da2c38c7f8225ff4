import { INDICATOR_CODE_PATTERN, badInput, notFound } from '@coalition/shared';
import type { ObjectLiteral, Repository } from 'typeorm';

/** A definition published under (code, version) and never edited: indicators and pathways. */
interface Versioned extends ObjectLiteral {
  code: string;
  version: number;
}

/** What the definitions are called in messages and error details. */
export interface CatalogueKind {
  /** e.g. "indicator" */
  name: string;
  /** with its article, e.g. "an indicator" */
  article: string;
  /** e.g. "EMP_Q2" */
  example: string;
  /** the NOT_FOUND detail key, e.g. indicatorCode */
  detail: string;
}

/**
 * Versioned definitions: the latest version of every code, or every version of one code, and one
 * version (the latest when none is given), with the same checks and errors for every catalogue.
 */
export class VersionedCatalogue<T extends Versioned> {
  constructor(
    private readonly repository: () => Repository<T>,
    private readonly kind: CatalogueKind,
  ) {}

  async list(code?: string): Promise<T[]> {
    if (code !== undefined) {
      this.assertCode(code);
      const versions = await this.repository().find({ where: { code } as never, order: { version: 'ASC' } as never });
      if (!versions.length) throw notFound(`${this.kind.name} code`, code, { [this.kind.detail]: code });
      return versions;
    }
    return this.repository().createQueryBuilder('d').distinctOn(['d.code']).orderBy('d.code').addOrderBy('d.version', 'DESC').getMany();
  }

  async get(code: string, version?: number): Promise<T> {
    this.assertCode(code);
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw badInput('version', 'must be a positive whole number');
    const versions = await this.list(code);
    const found = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
    if (!found) throw notFound(`${this.kind.name} version`, `${code} v${version}`, { [this.kind.detail]: code, version });
    return found;
  }

  private assertCode(code: string): void {
    if (!INDICATOR_CODE_PATTERN.test(code)) throw badInput('code', `"${code}" is not ${this.kind.article} code (upper case, e.g. ${this.kind.example})`);
  }
}
