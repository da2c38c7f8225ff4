import type { DataSource } from 'typeorm';
import {
  badInput,
  INDICATOR_CODE_PATTERN,
  parseIsoDate,
  WAVES,
  describeForLog,
  DomainError,
  ErrorCode,
  notFound,
  parseAnswerRef,
  parseResolvedPeriod,
  type AnswerRef,
  type Wave,
} from '@coalition/shared';
import { CountedParticipants } from '../participant/counted';
import { writeBatch } from '../import/write';
import {
  codebookDigest,
  compileCodebook,
  MAX_ANSWER_LENGTH,
  phrasesOf,
  ruleCoder,
  sentimentOf,
  type Codebook,
  type CompiledCodebook,
  type ThemeCoder,
} from '@coalition/shared/themes';

/** A phrase fewer people used at a partner never leaves it. */
export const PHRASE_MIN_PEOPLE = 2;

/** Makes the coder of a codebook version: the rule coder unless the partner plugs in its own (docs/THEMES.md). */
export type CoderFactory = (codebook: CompiledCodebook) => ThemeCoder;

/** How far a codebook version's coding has come at this partner: counts only, never an answer. */
export interface ThemeCodingStatus {
  codebook: string;
  version: number;
  coderId: string;
  /** free-text answers to the codebook's questions */
  answers: number;
  coded: number;
  refused: number;
  /** not coded yet, coded by another coder, or edited since they were coded */
  pending: number;
  running: boolean;
  /** why the last run stopped, when it failed (no answer's text) */
  lastError: string | null;
}

export interface ThemeCodingOptions {
  coder?: CoderFactory;
  /** answers coded and written per transaction (default 500) */
  batch?: number;
  /** At most this many pending answers are coded while a figure waits (default 5,000); more: the figure is refused until the background run is done. */
  inlineLimit?: number;
  /**
   * This partner's data version (codings move it too): a version found fully coded at one
   * version is not checked again until the version moves, so the twelve themes of a question
   * check once, not twelve times.
   */
  dataVersion?: () => Promise<string>;
  logError?: (message: string) => void;
}

interface Pending {
  id: string;
  text: string;
  md5: string;
}

export interface SurveyAnswerFields {
  localId: string;
  questionCode: string;
  wave: Wave;
  answeredOn?: string | null;
  answerText?: string | null;
  answerNumber?: number | null;
  answerBoolean?: boolean | null;
}

export interface CodingsQuery {
  codebook: string;
  version: number;
  localId?: string | null;
  theme?: string | null;
  first: number;
  after?: string | null;
}

export interface AnswerCodingRow {
  answerId: string;
  localId: string;
  questionCode: string;
  wave: string;
  answeredOn: string | null;
  answerText: string;
  codebook: string;
  version: number;
  coderId: string;
  status: string;
  themes: Array<{ theme: string; rule: string }>;
  reason: string | null;
  sentiment: number | null;
  codedAt: Date;
}

/**
 * Codes this partner's free-text answers under the codebook versions it was given, here, where the
 * text lives; only counts ever leave. Idempotent: an answer already coded by the same coder from
 * the same text is left alone, so a run that stops anywhere resumes where it stopped, and two runs
 * at once (two replicas) write the same rows. Each batch is one transaction.
 */
export class ThemeCodingService {
  private readonly coders = new Map<string, { coder: ThemeCoder; codebook: CompiledCodebook }>();
  private readonly runs = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, string>();
  /** codebook@version -> the data version at which every answer of it was found coded */
  private readonly confirmed = new Map<string, string>();

  private readonly counted: CountedParticipants;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ThemeCodingOptions = {},
  ) {
    this.counted = new CountedParticipants(dataSource);
  }

  /**
   * Phrases the codebook does not cover, with how many people here used each in a period's
   * answers (a person once per phrase, by GSID): only phrases at least `minPeople` people used
   * leave (never fewer than 2, so a phrase one person wrote stays here), already scrubbed of
   * names, numbers, e-mails and addresses when the answer was coded.
   */
  async phrases(answer: unknown, period: unknown, minPeople: number): Promise<Array<{ phrase: string; people: number }>> {
    const ref = parseAnswerRef(answer, 'answer');
    const resolved = parseResolvedPeriod(period);
    if (!Number.isInteger(minPeople) || minPeople < PHRASE_MIN_PEOPLE || minPeople > 1000) throw badInput('minPeople', `must be ${PHRASE_MIN_PEOPLE} to 1000`);
    await this.assertCoded([ref]);
    const anchor = ref.wave === 'INTAKE' ? 'p.enrolled_on' : 'p.exited_on';
    const params: unknown[] = [ref.codebook, ref.version, ref.wave, minPeople];
    const periodSql =
      resolved.kind === 'dates'
        ? `${anchor} >= $${params.push(resolved.from)}::date AND ${anchor} < $${params.push(resolved.before)}::date`
        : `p.cohort = $${params.push(resolved.cohort)} AND ${anchor} IS NOT NULL`;
    return this.dataSource.query(
      `SELECT phrase, count(DISTINCT coalesce(p.gsid, '~' || p.local_id))::int AS people
         FROM ${await this.counted.source()} p
         JOIN survey_answer a ON a.participant_local_id = p.local_id AND a.wave = $3
         JOIN theme_coding t ON t.answer_id = a.id AND t.codebook_code = $1 AND t.codebook_version = $2 AND t.status = 'CODED'
         CROSS JOIN LATERAL unnest(t.phrases) AS phrase
        WHERE ${periodSql}
        GROUP BY phrase HAVING count(DISTINCT coalesce(p.gsid, '~' || p.local_id)) >= $4
        ORDER BY people DESC, phrase LIMIT 500`,
      params,
    );
  }

  private tables: Promise<boolean> | null = null;

  /**
   * A partner serving its own views has no tables for codings (nothing is migrated there): it
   * answers no theme question, and drops out of a figure's coverage saying why.
   */
  private async assertTables(): Promise<void> {
    this.tables ??= this.dataSource.query(`SELECT to_regclass('theme_coding') IS NOT NULL AS present`).then((rows) => rows[0].present === true);
    if (await this.tables) return;
    const reason = 'this partner serves its own views: free-text answers are not coded here (docs/THEMES.md)';
    throw new DomainError(ErrorCode.PARTNER_UNAVAILABLE, reason, { reason });
  }

  /** Stores a codebook version (refused when it does not compile, or differs from one stored under its code and version) and codes in the background. */
  async install(body: unknown): Promise<ThemeCodingStatus> {
    await this.assertTables();
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badInput('codebook', 'must be a codebook object');
    const codebook = body as Codebook;
    const compiled = compileCodebook(codebook);
    const digest = codebookDigest(codebook);
    const stored: Array<{ digest: string }> = await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO theme_codebook (code, version, body, digest) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (code, version) DO NOTHING RETURNING digest
       ) SELECT digest FROM inserted UNION ALL SELECT digest FROM theme_codebook WHERE code = $1 AND version = $2`,
      [compiled.code, compiled.version, JSON.stringify(codebook), digest],
    );
    if (stored.some((row) => row.digest !== digest)) {
      throw badInput('codebook', `${compiled.code} v${compiled.version} is already installed with other content; a changed codebook is a new version`);
    }
    this.start(compiled.code, compiled.version);
    return this.status(compiled.code, compiled.version);
  }

  /** The codebook versions installed here. */
  async installed(): Promise<Array<{ code: string; version: number }>> {
    return this.dataSource.query(`SELECT code, version FROM theme_codebook ORDER BY code, version`);
  }

  async status(code: string, version: number): Promise<ThemeCodingStatus> {
    const { coder, codebook } = await this.coderOf(code, version);
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS answers,
              count(*) FILTER (WHERE t.status = 'CODED' AND t.coder_id = $4 AND t.text_md5 = md5(a.answer_text))::int AS coded,
              count(*) FILTER (WHERE t.status = 'REFUSED' AND t.coder_id = $4 AND t.text_md5 = md5(a.answer_text))::int AS refused
         FROM survey_answer a
         LEFT JOIN theme_coding t ON t.answer_id = a.id AND t.codebook_code = $1 AND t.codebook_version = $2
        WHERE a.question_code = ANY($3::text[]) AND a.answer_text IS NOT NULL`,
      [code, version, codebook.questionCodes, coder.id],
    );
    const key = `${code}@${version}`;
    return {
      codebook: code,
      version,
      coderId: coder.id,
      answers: row.answers,
      coded: row.coded,
      refused: row.refused,
      pending: row.answers - row.coded - row.refused,
      running: this.runs.has(key),
      lastError: this.failures.get(key) ?? null,
    };
  }

  /** Starts coding a version in the background (once: a run already going is left to finish). */
  start(code: string, version: number): Promise<void> {
    const key = `${code}@${version}`;
    const running = this.runs.get(key);
    if (running) return running;
    const run = this.codePending(code, version)
      .then(() => void this.failures.delete(key))
      .catch((error) => {
        this.failures.set(key, describeForLog(error));
        this.options.logError?.(`theme coding of ${key} stopped: ${describeForLog(error)}; it resumes at the next run`);
      })
      .finally(() => this.runs.delete(key));
    this.runs.set(key, run);
    return run;
  }

  /** Waits for every run under way (a server stopping lets them finish their batch). */
  async idle(): Promise<void> {
    await Promise.all([...this.runs.values()]);
  }

  /** Starts every installed version (new answers arrive by import, mutation or another process). */
  async startAll(): Promise<void> {
    for (const { code, version } of await this.installed()) void this.start(code, version);
  }

  /** Codes every pending answer of a version, batch by batch; returns how many it coded. */
  async codePending(code: string, version: number, limit = Number.POSITIVE_INFINITY): Promise<number> {
    const { coder, codebook } = await this.coderOf(code, version);
    const batch = this.options.batch ?? 500;
    let done = 0;
    for (;;) {
      const pending = await this.pending(codebook, coder.id, Math.min(batch, limit - done));
      if (!pending.length) return done;
      await this.write(codebook, coder, pending);
      done += pending.length;
      if (done >= limit) return done;
    }
  }

  /**
   * Before a figure counts coded answers: every answer of each version it names is coded here, so
   * a figure is never computed from half-coded answers. A few pending answers (an import since)
   * are coded now; many are refused with the progress, and coded in the background.
   */
  async assertCoded(refs: readonly AnswerRef[]): Promise<void> {
    await this.assertTables();
    const versions = new Map(refs.map((r) => [`${r.codebook}@${r.version}`, r]));
    // Read before the check: a change after it moves the version, and the next figure checks again.
    const dataVersion = this.options.dataVersion ? await this.options.dataVersion() : null;
    for (const [key, ref] of versions) {
      if (dataVersion !== null && this.confirmed.get(key) === dataVersion) continue;
      const installed = await this.dataSource.query(`SELECT 1 FROM theme_codebook WHERE code = $1 AND version = $2`, [ref.codebook, ref.version]);
      // Not an error in the question: this partner cannot answer it yet, and drops out of the coverage saying why.
      if (!installed.length) {
        const reason = `codebook ${ref.codebook} v${ref.version} is not installed here (installCodebook)`;
        throw new DomainError(ErrorCode.PARTNER_UNAVAILABLE, reason, { reason, codebook: ref.codebook, version: ref.version });
      }
      const status = await this.status(ref.codebook, ref.version);
      if (!status.pending) {
        if (dataVersion !== null) this.confirmed.set(key, dataVersion);
        continue;
      }
      if (status.pending <= (this.options.inlineLimit ?? 5_000)) {
        await this.codePending(ref.codebook, ref.version);
        continue;
      }
      void this.start(ref.codebook, ref.version);
      const share = Math.floor(((status.coded + status.refused) / status.answers) * 100);
      const reason = `answers are being coded under ${ref.codebook} v${ref.version} (${share}% of ${status.answers} done); figures of it wait until every answer is coded`;
      throw new DomainError(ErrorCode.PARTNER_UNAVAILABLE, reason, {
        reason,
        codebook: ref.codebook,
        version: ref.version,
        answers: status.answers,
        pending: status.pending,
      });
    }
  }

  /** Answers with their codings, by answer id, for the partner's own staff (the audit). */
  async codings(query: CodingsQuery): Promise<{ codings: AnswerCodingRow[]; next: string | null }> {
    if (!Number.isInteger(query.first) || query.first < 1 || query.first > 500) throw badInput('first', 'must be 1 to 500');
    if (query.after != null && !/^\d{1,18}$/.test(query.after)) throw badInput('after', 'must be the `next` of an earlier page');
    await this.coderOf(query.codebook, query.version);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.id::text AS answer_id, a.participant_local_id, a.question_code, a.wave, to_char(a.answered_on, 'YYYY-MM-DD') AS answered_on, a.answer_text,
              t.coder_id, t.status, t.themes, t.rules, t.reason, t.sentiment, t.coded_at
         FROM theme_coding t JOIN survey_answer a ON a.id = t.answer_id
        WHERE t.codebook_code = $1 AND t.codebook_version = $2 AND ($3::text IS NULL OR a.participant_local_id = $3)
          AND ($4::text IS NULL OR $4 = ANY(t.themes)) AND a.id > coalesce($5::bigint, 0)
        ORDER BY a.id LIMIT $6`,
      [query.codebook, query.version, query.localId ?? null, query.theme ?? null, query.after ?? null, query.first + 1],
    );
    const page = rows.slice(0, query.first).map((r) => ({
      answerId: String(r.answer_id),
      localId: String(r.participant_local_id),
      questionCode: String(r.question_code),
      wave: String(r.wave),
      answeredOn: (r.answered_on as string | null) ?? null,
      answerText: String(r.answer_text),
      codebook: query.codebook,
      version: query.version,
      coderId: String(r.coder_id),
      status: String(r.status),
      themes: (r.themes as string[]).map((theme, i) => ({ theme, rule: (r.rules as string[])[i] })),
      reason: (r.reason as string | null) ?? null,
      sentiment: r.sentiment == null ? null : Number(r.sentiment),
      codedAt: r.coded_at as Date,
    }));
    return { codings: page, next: rows.length > query.first ? page[page.length - 1].answerId : null };
  }

  /**
   * Records one survey answer (partner staff, through the API): checked field by field, replacing
   * the participant's answer to the question in that wave; a free-text one is coded in the
   * background under every installed codebook whose questions it answers.
   */
  async recordAnswer(input: SurveyAnswerFields): Promise<{ changed: boolean }> {
    if (!INDICATOR_CODE_PATTERN.test(input.questionCode)) throw badInput('questionCode', 'must be a question code in capitals, such as BARRIERS_HELPS');
    if (!WAVES.includes(input.wave)) throw badInput('wave', `must be one of ${WAVES.join(', ')}`);
    if (input.answeredOn != null) parseIsoDate(input.answeredOn, 'answeredOn');
    const given = (['answerText', 'answerNumber', 'answerBoolean'] as const).filter((f) => input[f] != null);
    if (given.length !== 1) throw badInput(given[1] ?? 'answerText', 'give exactly one of answerText, answerNumber and answerBoolean');
    if (input.answerText != null && input.answerText.length > MAX_ANSWER_LENGTH) {
      throw badInput('answerText', `is longer than ${MAX_ANSWER_LENGTH} characters; the coder would refuse it`);
    }
    if (input.answerNumber != null && !Number.isFinite(input.answerNumber)) throw badInput('answerNumber', 'must be a finite number');
    const [participant] = await this.dataSource.query(`SELECT 1 FROM participant WHERE local_id = $1`, [input.localId]);
    if (!participant) throw notFound('participant', input.localId);
    // The import's statement: the same upsert by natural key, touching only an answer that differs.
    const written = await writeBatch(this.dataSource.manager, 'survey_answers', [
      {
        participant_local_id: input.localId,
        question_code: input.questionCode,
        answer_number: input.answerNumber ?? null,
        answer_boolean: input.answerBoolean ?? null,
        answer_text: input.answerText ?? null,
        wave: input.wave,
        answered_on: input.answeredOn ?? null,
      },
    ]);
    const changed = written.inserted + written.updated > 0;
    if (changed && input.answerText != null)
      void this.startAll().catch((error) => this.options.logError?.(`theme coding after an answer: ${describeForLog(error)}`));
    return { changed };
  }

  private async coderOf(code: string, version: number): Promise<{ coder: ThemeCoder; codebook: CompiledCodebook }> {
    const key = `${code}@${version}`;
    const known = this.coders.get(key);
    if (known) return known;
    await this.assertTables();
    const rows: Array<{ body: Codebook }> = await this.dataSource.query(`SELECT body FROM theme_codebook WHERE code = $1 AND version = $2`, [code, version]);
    if (!rows.length) throw notFound('codebook version at this partner', key, { codebook: code, version });
    const codebook = compileCodebook(rows[0].body);
    const made = { coder: (this.options.coder ?? ruleCoder)(codebook), codebook };
    this.coders.set(key, made);
    return made;
  }

  private pending(codebook: CompiledCodebook, coderId: string, limit: number): Promise<Pending[]> {
    return this.dataSource.query(
      `SELECT a.id::text AS id, a.answer_text AS text, md5(a.answer_text) AS md5
         FROM survey_answer a
         LEFT JOIN theme_coding t ON t.answer_id = a.id AND t.codebook_code = $1 AND t.codebook_version = $2
        WHERE a.question_code = ANY($3::text[]) AND a.answer_text IS NOT NULL
          AND (t.answer_id IS NULL OR t.coder_id <> $4 OR t.text_md5 <> md5(a.answer_text))
        ORDER BY a.id LIMIT $5`,
      [codebook.code, codebook.version, codebook.questionCodes, coderId, limit],
    );
  }

  /** One batch's codings in one statement: inserted, or replacing an older coding of the answer. */
  private async write(codebook: CompiledCodebook, coder: ThemeCoder, pending: readonly Pending[]): Promise<void> {
    const rows = pending.map((answer) => {
      const coding = coder.code(answer.text);
      const coded = coding.status === 'CODED';
      return {
        answer_id: answer.id,
        status: coding.status,
        themes: coded ? coding.themes.map((t) => t.code) : [],
        rules: coded ? coding.themes.map((t) => t.rule) : [],
        reason: coded ? null : coding.reason,
        sentiment: coded ? sentimentOf(answer.text) : null,
        phrases: coded ? phrasesOf(answer.text, codebook) : [],
        text_md5: answer.md5,
      };
    });
    // An answer deleted meanwhile is skipped (its coding would have nothing to point at).
    await this.dataSource.query(
      `INSERT INTO theme_coding (answer_id, codebook_code, codebook_version, coder_id, status, themes, rules, reason, sentiment, phrases, text_md5)
       SELECT u.answer_id, $1, $2, $3, u.status, u.themes, u.rules, u.reason, u.sentiment, u.phrases, u.text_md5
         FROM jsonb_to_recordset($4::jsonb) AS u(answer_id bigint, status text, themes text[], rules text[], reason text, sentiment real, phrases text[], text_md5 text)
        WHERE EXISTS (SELECT 1 FROM survey_answer a WHERE a.id = u.answer_id)
       ON CONFLICT (answer_id, codebook_code, codebook_version) DO UPDATE SET
         coder_id = EXCLUDED.coder_id, status = EXCLUDED.status, themes = EXCLUDED.themes, rules = EXCLUDED.rules,
         reason = EXCLUDED.reason, sentiment = EXCLUDED.sentiment, phrases = EXCLUDED.phrases, text_md5 = EXCLUDED.text_md5, coded_at = now()`,
      [codebook.code, codebook.version, coder.id, JSON.stringify(rows)],
    );
  }
}
