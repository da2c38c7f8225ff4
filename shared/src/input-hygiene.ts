import { badInput } from './errors';

/**
 * Characters no input may carry, in any string, anywhere (arguments, variables, nested input
 * objects, lists, JSON scalars, keys included):
 * - control characters: C0 (U+0000-U+001F) except tab, line feed and carriage return, then DEL
 *   (U+007F) and C1 (U+0080-U+009F). One rule for every field, because the gateway checks
 *   inputs without knowing which are free text: the three whitespace controls stay allowed
 *   everywhere (multi-line notes and reasons need them; name and id fields have their own
 *   checks), everything else is refused. PostgreSQL cannot store NUL in text at all, and the
 *   others are never typed by a person: they are paste accidents or attacks on logs and CSVs.
 * - invalid UTF-16: a lone surrogate (a high one not followed by a low one, or a low one not
 *   preceded by a high one) is not a character; JSON and PostgreSQL refuse it on the way to
 *   storage. A surrogate pair (an emoji, astral CJK) is fine.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's purpose
const BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface InputProblem {
  /** where, e.g. "input.records[1].localId" */
  path: string;
  /** why, never quoting the value */
  reason: string;
}

const codePoint = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a string may not be accepted, or null when it may. */
export function badCharacterIn(text: string): string | null {
  const found = BAD.exec(text);
  if (!found) return null;
  const unit = found[0].charCodeAt(0);
  return unit >= 0xd800 && unit <= 0xdfff
    ? `is not valid Unicode: it has a lone surrogate (${codePoint(unit)})`
    : `contains a control character (${codePoint(unit)})`;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The first bad string in a value, depth first in key order, with its path. Walks with its own
 * stack, so a deeply nested JSON value cannot overflow the call stack.
 */
export function findBadCharacter(value: unknown, path: string): InputProblem | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path }];
  while (stack.length) {
    const next = stack.pop()!;
    if (typeof next.value === 'string') {
      const reason = badCharacterIn(next.value);
      if (reason) return { path: next.path, reason };
    } else if (Array.isArray(next.value)) {
      for (let i = next.value.length - 1; i >= 0; i--) stack.push({ value: next.value[i], path: `${next.path}[${i}]` });
    } else if (next.value !== null && typeof next.value === 'object' && !(next.value instanceof Date)) {
      const entries = Object.entries(next.value);
      for (const [key] of entries) {
        const reason = badCharacterIn(key);
        if (reason) return { path: next.path, reason: `has a key that ${reason}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: join(next.path, entries[i][0]) });
    }
  }
  return null;
}

/** Throws BAD_USER_INPUT naming the field (`Invalid input.firstName: contains a control character (U+0000)`). */
export function assertCleanInput(value: unknown, path: string): void {
  const problem = findBadCharacter(value, path);
  if (problem) throw badInput(problem.path, problem.reason);
}
