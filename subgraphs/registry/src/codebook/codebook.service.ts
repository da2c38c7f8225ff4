import type { DataSource } from 'typeorm';
import { badInput } from '@coalition/shared';
import { compileCodebook, type Codebook as CodebookBody } from '@coalition/shared/themes';
import { VersionedCatalogue } from '../catalogue/versions';
import { Codebook } from './codebook.entity';

export class CodebookService {
  private readonly catalogue: VersionedCatalogue<Codebook>;

  constructor(private readonly dataSource: DataSource) {
    this.catalogue = new VersionedCatalogue(() => dataSource.getRepository(Codebook), {
      name: 'codebook',
      article: 'a codebook',
      example: 'WORKFORCE_BARRIERS',
      detail: 'codebookCode',
    });
  }

  list(code?: string): Promise<Codebook[]> {
    return this.catalogue.list(code);
  }

  get(code: string, version?: number): Promise<Codebook> {
    return this.catalogue.get(code, version);
  }

  /**
   * Publishes a codebook as the next version of its code: refused, naming the field (a rule that
   * does not compile names its theme and rule), before anything is stored. The version given must
   * be the next one, so two backbone analysts publishing at once cannot both get it.
   */
  async publish(body: unknown, publishedBy: string, today: string): Promise<Codebook> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badInput('codebook', 'must be a codebook object');
    const compiled = compileCodebook(body as CodebookBody);
    const { code, version, questions, questionCodes } = compiled;
    const themes = (body as CodebookBody).themes.map(({ code: theme, label, kind, definition, include, exclude, rules }) => ({
      code: theme,
      label,
      kind,
      definition,
      include,
      exclude,
      rules,
    }));
    const clean: CodebookBody = { code, version, questions, questionCodes, themes };
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('codebook:' || $1))`, [code]);
      const [{ latest }] = await manager.query(`SELECT coalesce(max(version), 0)::int AS latest FROM codebook WHERE code = $1`, [code]);
      if (version !== latest + 1)
        throw badInput('version', `${code} is at version ${latest}: publish version ${latest + 1}; a published version never changes`);
      await manager.query(`INSERT INTO codebook (code, version, body, published_on, published_by) VALUES ($1, $2, $3::jsonb, $4::date, $5)`, [
        code,
        version,
        JSON.stringify(clean),
        today,
        publishedBy,
      ]);
      return manager.getRepository(Codebook).findOneByOrFail({ code, version });
    });
  }
}
