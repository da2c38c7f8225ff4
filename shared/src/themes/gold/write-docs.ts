#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codebookMarkdown, replaceSection } from '../docs';
import { WORKFORCE_BARRIERS_V1 } from '../workforce-barriers';
import { heldOutTable } from './evaluate';

/** `npm run docs:themes`: rewrites docs/THEMES.md's generated sections (the codebook, the held-out agreement table). */
const path = join(__dirname, '..', '..', '..', '..', 'docs', 'THEMES.md');
let page = readFileSync(path, 'utf8');
page = replaceSection(page, 'codebook', codebookMarkdown(WORKFORCE_BARRIERS_V1));
page = replaceSection(page, 'held-out', heldOutTable());
writeFileSync(path, page);
console.log(`rewrote ${path}`);
