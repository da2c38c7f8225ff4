import type { Codebook } from './codebook';

/**
 * A codebook written out for people (docs/THEMES.md): every theme's definition, notes and rules,
 * so an answer can be coded by hand to the same definitions. Generated, so the page cannot drift
 * from the codebook (`npm run docs:themes` rewrites it; a test compares).
 */
export function codebookMarkdown(codebook: Codebook): string {
  const lines = [`## ${codebook.code} version ${codebook.version}`, ''];
  for (const [i, question] of codebook.questions.entries())
    lines.push(`Question (\`${codebook.questionCodes[i] ?? codebook.questionCodes[0]}\`): "${question}"`, '');
  for (const theme of codebook.themes) {
    lines.push(`### ${theme.code}: ${theme.label} (${theme.kind === 'BARRIER' ? 'barrier' : 'helped'})`, '', theme.definition, '');
    lines.push(`- **Include:** ${theme.include}`, `- **Exclude:** ${theme.exclude}`);
    lines.push(`- **Rules (${theme.rules.length}):** ${theme.rules.map((r) => `\`${r}\``).join(', ')}`, '');
  }
  return lines.join('\n').trimEnd();
}

/** Replaces what stands between `<!-- begin NAME -->` and `<!-- end NAME -->` in a page. */
export function replaceSection(page: string, name: string, content: string): string {
  const begin = `<!-- begin ${name} -->`;
  const end = `<!-- end ${name} -->`;
  const from = page.indexOf(begin);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`the page has no section ${name} (${begin} ... ${end})`);
  return `${page.slice(0, from + begin.length)}\n${content}\n${page.slice(to)}`;
}
