import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { badInput } from '@coalition/shared';
import { compileCodebook, ruleCoder, WORKFORCE_BARRIERS_V1, type Codebook, type ThemeCoder } from '@coalition/shared/themes';

/** The codebooks a partner can code with before the registry serves them (issue 23, next part). */
export const BUILT_IN_CODEBOOKS: readonly Codebook[] = [WORKFORCE_BARRIERS_V1];

export function builtInCoder(code: string, version: number): ThemeCoder {
  const found = BUILT_IN_CODEBOOKS.find((c) => c.code === code && c.version === version);
  if (!found) {
    const known = BUILT_IN_CODEBOOKS.map((c) => `${c.code} version ${c.version}`).join(', ');
    throw badInput('codebook', `there is no codebook ${code} version ${version}; known: ${known}`);
  }
  return ruleCoder(compileCodebook(found));
}

export interface CodeFileResult {
  answers: number;
  coded: number;
  refused: number;
  /** answers per theme code */
  themes: Record<string, number>;
}

/**
 * Codes a CSV of answers (columns `id` and `answer`, one answer per row) into a CSV of codings
 * (`id`, `status`, `themes`, `rules`, `reason`), without storing anything: a partner checks the
 * coder on its own answers. The output is written beside the target and renamed into place, so a
 * failed run leaves no half-written file.
 */
export async function codeFile(input: string, output: string, coder: ThemeCoder, onProgress?: (answers: number) => void): Promise<CodeFileResult> {
  const result: CodeFileResult = { answers: 0, coded: 0, refused: 0, themes: {} };
  const partial = `${output}.partial`;
  let checked = false;
  const code = new Transform({
    objectMode: true,
    transform(row: Record<string, string>, _encoding, done) {
      if (!checked) {
        for (const column of ['id', 'answer']) {
          if (!(column in row)) return done(badInput('in', `the file has no "${column}" column (columns: ${Object.keys(row).join(', ')})`));
        }
        checked = true;
      }
      result.answers++;
      const coding = coder.code(row.answer);
      if (result.answers % 10_000 === 0) onProgress?.(result.answers);
      if (coding.status === 'REFUSED') {
        result.refused++;
        return done(null, { id: row.id, status: 'REFUSED', themes: '', rules: '', reason: coding.message });
      }
      result.coded++;
      for (const theme of coding.themes) result.themes[theme.code] = (result.themes[theme.code] ?? 0) + 1;
      done(null, {
        id: row.id,
        status: 'CODED',
        themes: coding.themes.map((t) => t.code).join(';'),
        rules: coding.themes.map((t) => t.rule).join(';'),
        reason: '',
      });
    },
  });
  try {
    await pipeline(
      createReadStream(input),
      parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }),
      code,
      stringify({ header: true, columns: ['id', 'status', 'themes', 'rules', 'reason'] }),
      createWriteStream(partial),
    );
    renameSync(partial, output);
    return result;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
