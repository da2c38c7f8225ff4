/**
 * Synthetic free-text answers to the demo's open question, asked at INTAKE and at EXIT:
 * "What has made it hard to take part or to find work, and what has helped?"
 *
 * Each answer is assembled from clause fragments written for one theme of the WORKFORCE_BARRIERS
 * codebook, joined by clause templates, sometimes with a negated theme ("transportation was not a
 * problem", which is NOT part of the truth), sometimes written as a case note ("Client states ..."),
 * with typos injected at the partner's rate. The themes returned are the generator's ground truth:
 * the themes the text was written to express. Everything is drawn from the given Random, so a seed
 * reproduces the same answers. Texts contain no names, no digits and no addresses.
 */
import { seededRandom, type Random } from '@coalition/shared';

export const ANSWER_THEMES = [
  'TRANSPORTATION',
  'CHILDCARE',
  'HOUSING',
  'HEALTH',
  'FINANCIAL_STRAIN',
  'SCHEDULING',
  'DIGITAL_ACCESS',
  'DISCRIMINATION',
  'STAFF_SUPPORT',
  'SKILLS_GAINED',
  'CONFIDENCE',
  'EMPLOYER_CONNECTION',
] as const;
export type AnswerTheme = (typeof ANSWER_THEMES)[number];

export interface AnswerStyle {
  /** Per-partner tendencies: multiplies the wave's base weight of a theme (missing means 1). */
  themeWeights: Partial<Record<AnswerTheme, number>>;
  /** Chance per word (of four letters or more) of a swapped or dropped letter. */
  typoRate: number;
  /** Whether staff write some answers down as case notes ("Client states ..."). */
  caseNotes: boolean;
}

const HELP_THEMES: ReadonlySet<AnswerTheme> = new Set(['STAFF_SUPPORT', 'SKILLS_GAINED', 'CONFIDENCE', 'EMPLOYER_CONNECTION']);

/**
 * Clause fragments per theme. Pronoun slots are filled for the participant's own voice or for a
 * case note: {I} I/they, {my} my/their, {me} me/them, {myself} myself/themselves, {was} was/were,
 * {am} am/are. Fragments avoid words that belong to another theme's definition where they can.
 */
const FRAGMENTS: Record<AnswerTheme, readonly string[]> = {
  TRANSPORTATION: [
    '{I} do not have a car',
    '{my} car broke down and {I} could not fix it',
    'the bus only comes once an hour out where {I} live',
    '{I} had to take two buses to get to class',
    '{I} could not afford gas most weeks',
    'bus fare adds up fast',
    '{I} lost {my} license and had no way to get around',
    'the commute to the training site was over an hour each way',
    'there is no bus route near the job sites',
    '{I} kept missing the bus because it runs late',
    'getting a ride was hard since {I} do not drive',
    'the train stops running early on weekends',
  ],
  CHILDCARE: [
    '{I} had no one to watch {my} kids',
    'daycare costs more than {I} could make',
    'the daycare waitlist is months long',
    '{my} kids were home sick a lot',
    'school pick-up is right in the middle of the day',
    'as a single parent everything with the kids is on {me}',
    '{my} babysitter quit',
    '{I} could not find anyone to watch the kids in the evenings',
    'the after-school program for {my} kids closed',
    '{I} had to bring {my} son along because there was no sitter',
    'finding care for {my} baby was really hard',
    'the daycare closes too early for {me} to pick up the kids after work',
  ],
  HOUSING: [
    '{I} {was} staying in a shelter',
    '{I} {was} couch surfing for most of it',
    '{I} got evicted in the middle of the program',
    '{I} {am} behind on rent',
    '{I} had to move twice',
    '{I} did not have a stable place to stay',
    'the rent went up and {I} had to find a new place',
    'there are too many people in the apartment to get any rest',
    '{I} {was} sleeping in {my} car for a while',
    '{my} landlord was trying to kick {me} out',
    'finding a place to live took all {my} energy',
    '{I} {was} bouncing between places the whole time',
  ],
  HEALTH: [
    '{my} back injury makes it hard to stand all day',
    '{I} had surgery and missed weeks of class',
    '{I} struggle with depression',
    '{my} anxiety gets really bad in new places',
    '{I} {am} caring for {my} sick mother',
    'the medication makes {me} tired all the time',
    '{I} kept getting sick this winter',
    '{my} diabetes flared up',
    '{I} {was} in the hospital for a week',
    '{my} mental health was not good',
    'chronic pain makes most jobs hard for {me}',
    '{my} disability limits what work {I} can do',
  ],
  FINANCIAL_STRAIN: [
    '{I} could not pay {my} bills while in training',
    '{I} needed income right away',
    '{I} {am} in a lot of debt',
    'the training was unpaid so money was really tight',
    '{I} could not afford the boots and tools for the course',
    'the certification fees were too much',
    '{my} hours got cut and the money ran out',
    '{I} had to choose between class and a paycheck',
    'the power got shut off because {I} could not pay',
    'collections would not leave {me} alone',
    'money has been really tight',
    '{I} had no income while {I} {was} in the program',
  ],
  SCHEDULING: [
    'the classes were during the day when {I} work',
    '{my} shift changed every week',
    'class times conflicted with {my} job',
    '{I} just did not have the time',
    'the program hours clashed with {my} other appointments',
    '{I} work nights so the morning sessions were rough',
    '{my} schedule changed and {I} missed sessions',
    'there were no evening or weekend options',
    'juggling two jobs left no time for class',
    'the workshops were only offered on weekdays',
    '{my} boss would not give {me} time off for class',
    'the hours never lined up with {my} work shifts',
  ],
  DIGITAL_ACCESS: [
    '{I} do not have internet at home',
    '{my} phone got cut off',
    '{I} do not have a computer',
    'the online applications are confusing',
    '{my} phone broke so nobody could reach {me}',
    'the wifi at the library is slow and always full',
    '{I} could not log in to the online classes',
    'everything is online now and {I} {am} not good with computers',
    '{I} ran out of data every month',
    'uploading anything from {my} phone is almost impossible',
    '{I} had no way to get on video calls',
    '{I} lost access to {my} email',
  ],
  DISCRIMINATION: [
    'employers turn {me} down once they see {my} record',
    'the background check keeps coming back on {me}',
    '{I} think they did not hire {me} because of {my} age',
    'people treat {me} differently because of {my} accent',
    '{I} felt judged because of {my} race',
    'they said {I} {was} overqualified but it felt like ageism',
    'as a woman in the trades {I} get treated differently',
    'once they hear about {my} conviction the interview is over',
    'some managers hold {my} English against {me}',
    '{I} got passed over because of {my} disability',
    'there is a lot of bias against people with a record',
    'a manager made comments about where {I} {am} from',
  ],
  STAFF_SUPPORT: [
    '{my} case manager checked in every week',
    'the coach really pushed {me} to keep going',
    'staff gave {me} bus passes',
    '{my} mentor was always there when {I} needed to talk',
    'the staff helped {me} sort out paperwork',
    '{my} counselor referred {me} to a food pantry',
    'the case manager followed up when {I} missed class',
    'the program staff never gave up on {me}',
    '{my} coach answered {my} texts even late at night',
    'the staff were patient and kind',
    'someone from the program called to check on {me}',
    '{my} advisor walked {me} through every step',
  ],
  SKILLS_GAINED: [
    '{I} earned {my} forklift certification',
    '{I} learned how to write a resume',
    'the mock interviews were really useful',
    '{I} got {my} food handler card',
    '{I} learned basic computer skills',
    'the welding class taught {me} a real trade',
    '{I} finished the nursing assistant course',
    '{I} learned how to use spreadsheets',
    'the interview practice made a big difference',
    '{I} passed the safety certification',
    '{I} picked up customer service skills',
    '{I} got {my} commercial driver license',
  ],
  CONFIDENCE: [
    '{I} feel more confident now',
    '{I} finally believe in {myself}',
    '{I} {am} more motivated than before',
    '{I} feel hopeful for the first time in a while',
    '{I} {am} proud of what {I} did',
    '{I} {am} less afraid to talk to people',
    '{I} stopped doubting {myself} so much',
    '{I} feel like {I} can actually do this',
    '{my} self-esteem is a lot better',
    '{I} walk into interviews with {my} head up now',
  ],
  EMPLOYER_CONNECTION: [
    'the job fair got {me} an interview',
    'an employer came in and talked to the class',
    'they introduced {me} to a hiring manager',
    'the program set up interviews for {me}',
    '{I} got hired through one of the partner employers',
    '{I} got placed in an apprenticeship',
    'meeting employers face to face made the difference',
    'the program connected {me} with a warehouse that was hiring',
    'a recruiter from the hospital came to the site',
    'the hiring event led to a job offer',
  ],
};

/** Clauses that mention a theme only to say it was not a problem, or did not happen: never coded. */
const NEGATIONS: Record<AnswerTheme, readonly string[]> = {
  TRANSPORTATION: ['transportation was not a problem', 'getting there was never an issue', '{I} have a car so transport was fine'],
  CHILDCARE: ['childcare was not an issue since {my} kids are grown', '{I} do not have kids so childcare was not a problem'],
  HOUSING: ['housing has been stable', '{my} housing was fine'],
  HEALTH: ['{my} health was not a problem', 'health-wise {I} {am} fine'],
  FINANCIAL_STRAIN: ['money was not really the issue', '{I} {was} doing ok with money'],
  SCHEDULING: ['the schedule worked fine for {me}', 'the class times were not a problem'],
  DIGITAL_ACCESS: ['internet was not an issue', '{I} have a laptop so that was fine'],
  DISCRIMINATION: ['nobody treated {me} unfairly', '{I} never felt judged'],
  STAFF_SUPPORT: ['honestly the staff did not do much for {me}'],
  SKILLS_GAINED: ['{I} did not learn much that {I} did not already know'],
  CONFIDENCE: ['{I} do not feel any more sure of {myself}'],
  EMPLOYER_CONNECTION: ['the program never connected {me} with any employers'],
};

/** Templates for the first clause of a tone; later clauses of the same tone take a plainer one. */
const BARRIER_LEADS = [
  '{c}',
  '{c}',
  'the hard part was that {c}',
  'mostly {c}',
  '{c}, which made it hard',
  'it was hard because {c}',
  '{c} and that made everything harder',
];
const HELP_LEADS = ['{c}', '{c}', 'what helped was that {c}', '{c}, which helped a lot', 'the best part was that {c}', '{c} and that really helped'];
const BARRIER_FOLLOWS = ['{c}', '{c}', '{c}', '{c} too', '{c}, which did not help'];
const HELP_FOLLOWS = ['{c}', '{c}', '{c}', '{c} as well', '{c}, which was great'];
const SAME_JOINERS = ['. ', ', and ', '. Also ', '; ', '. On top of that ', ' and also ', '. Plus '];
const CONTRAST_JOINERS = [', but ', '. But ', '. Still, ', '. On the good side, '];
const OPENERS = ['', '', '', '', 'Honestly, ', 'Well, ', 'For me, ', 'I guess '];
const CLOSERS = ['', '', '', '', ' Thanks.', " That's about it.", ' Nothing else to add.'];
const CASE_NOTE_PREFIXES = ['Client states', 'Client reports', 'Client shared that', 'Client said', 'Per client,'];
const OFF_TOPIC = [
  'n/a',
  'N/A',
  'nothing',
  'Nothing.',
  'none',
  'no comment',
  'idk',
  'not sure',
  'nothing really',
  'the survey is too long',
  'too many questions',
  '-',
  'rather not say',
  'all good',
  'the room was cold',
];
const OFF_TOPIC_NOTES = [
  'Client declined to answer.',
  'Client had no comment.',
  'Client states the survey is too long.',
  'Client did not answer.',
  'No response from client.',
];

type Voice = 'first' | 'third';
const PRONOUNS: Record<Voice, Record<string, string>> = {
  first: { I: 'I', my: 'my', me: 'me', myself: 'myself', was: 'was', am: 'am' },
  third: { I: 'they', my: 'their', me: 'them', myself: 'themselves', was: 'were', am: 'are' },
};

const OFF_TOPIC_RATE = 0.12;
const NEGATION_ONLY_RATE = 0.03;
const NEGATION_RATE = 0.18;
const CASE_NOTE_SHARE = 0.45;
const THEME_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 0.5],
  [2, 0.35],
  [3, 0.15],
];

/** Tendencies of the demo's three partners; others get a style derived from their id. */
const PARTNER_STYLES: Record<string, AnswerStyle> = {
  'northside-training': {
    themeWeights: { SKILLS_GAINED: 2.2, DIGITAL_ACCESS: 1.8, SCHEDULING: 1.6, FINANCIAL_STRAIN: 1.4, TRANSPORTATION: 0.6, EMPLOYER_CONNECTION: 0.6 },
    typoRate: 0.01,
    caseNotes: false,
  },
  'bridgeway-placement': {
    themeWeights: { TRANSPORTATION: 2.8, EMPLOYER_CONNECTION: 3, DISCRIMINATION: 1.5, CONFIDENCE: 0.5, HEALTH: 0.6 },
    typoRate: 0.035,
    caseNotes: true,
  },
  'steadypath-coaching': {
    themeWeights: { CONFIDENCE: 3, HEALTH: 2.8, STAFF_SUPPORT: 1.8, HOUSING: 1.5, TRANSPORTATION: 0.6, EMPLOYER_CONNECTION: 0.5 },
    typoRate: 0.02,
    caseNotes: true,
  },
};

/** FNV-1a, 32 bits: a stable seed from a partner id. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Styles for the demo's partners by partner id; differ so coalitions look different across partners. */
export function answerStyle(partnerId: string): AnswerStyle {
  const known = PARTNER_STYLES[partnerId];
  if (known) return { ...known, themeWeights: { ...known.themeWeights } };
  const rng = seededRandom(hashId(partnerId));
  const themeWeights: Partial<Record<AnswerTheme, number>> = {};
  for (const theme of ANSWER_THEMES) themeWeights[theme] = Math.round((0.5 + rng.next() * 1.5) * 100) / 100;
  const typoRate = Math.round((0.005 + rng.next() * 0.03) * 1000) / 1000;
  return { themeWeights, typoRate, caseNotes: rng.chance(0.35) };
}

function baseWeight(theme: AnswerTheme, wave: 'INTAKE' | 'EXIT'): number {
  const help = HELP_THEMES.has(theme);
  if (wave === 'INTAKE') return help ? 0.08 : 1;
  return help ? 1.1 : 0.6;
}

/** Draws `count` distinct themes, weighted by wave and partner style. */
function pickThemes(rng: Random, style: AnswerStyle, wave: 'INTAKE' | 'EXIT', count: number): AnswerTheme[] {
  const pool: Array<[AnswerTheme, number]> = ANSWER_THEMES.map((t) => [t, baseWeight(t, wave) * (style.themeWeights[t] ?? 1)]);
  const chosen: AnswerTheme[] = [];
  while (chosen.length < count) {
    const open = pool.filter(([t, w]) => w > 0 && !chosen.includes(t));
    if (open.length === 0) break;
    chosen.push(rng.weighted(open));
  }
  return chosen;
}

function fill(template: string, voice: Voice): string {
  return template.replace(/\{(\w+)\}/g, (slot, key: string) => PRONOUNS[voice][key] ?? slot);
}

interface Clause {
  text: string;
  tone: 'barrier' | 'help' | 'neutral';
}

function themeClause(rng: Random, theme: AnswerTheme, follows: boolean): Clause {
  const help = HELP_THEMES.has(theme);
  const templates = help ? (follows ? HELP_FOLLOWS : HELP_LEADS) : follows ? BARRIER_FOLLOWS : BARRIER_LEADS;
  const lead = rng.pick(templates);
  return { text: lead.replace('{c}', rng.pick(FRAGMENTS[theme])), tone: help ? 'help' : 'barrier' };
}

/** Joins the clauses, barriers before helps, with a contrast where the tone turns. */
function joinClauses(rng: Random, clauses: Clause[]): string {
  let text = clauses[0].text;
  for (let i = 1; i < clauses.length; i++) {
    const turn = clauses[i].tone === 'help' && clauses[i - 1].tone === 'barrier';
    text += rng.pick(turn ? CONTRAST_JOINERS : SAME_JOINERS) + clauses[i].text;
  }
  return text;
}

/** Capitalises the start of every sentence and ends the text with a full stop. */
function tidy(text: string): string {
  const sentences = text.replace(/(^|[.!?]\s+)([a-z])/g, (_, gap: string, letter: string) => gap + letter.toUpperCase());
  return /[.!?]$/.test(sentences) ? sentences : `${sentences}.`;
}

function misspell(rng: Random, word: string): string {
  const at = rng.int(1, word.length - 2);
  if (rng.chance(0.5)) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return word.slice(0, at) + word.slice(at + 1);
}

function addTypos(rng: Random, text: string, rate: number): string {
  if (rate <= 0) return text;
  return text.replace(/[A-Za-z]{4,}/g, (word) => (rng.chance(rate) ? misspell(rng, word) : word));
}

function offTopic(rng: Random, voice: Voice): string {
  return voice === 'third' ? rng.pick(OFF_TOPIC_NOTES) : rng.pick(OFF_TOPIC);
}

/** The clauses of an on-topic answer: the themes', then maybe a negated other theme. */
function answerClauses(rng: Random, themes: AnswerTheme[]): Clause[] {
  const ordered = [...themes].sort((a, b) => Number(HELP_THEMES.has(a)) - Number(HELP_THEMES.has(b)));
  const clauses = ordered.map((theme, i) => themeClause(rng, theme, i > 0 && HELP_THEMES.has(ordered[i - 1]) === HELP_THEMES.has(theme)));
  if (clauses.length === 0 || rng.chance(NEGATION_RATE)) {
    const others = ANSWER_THEMES.filter((t) => !themes.includes(t) && (!HELP_THEMES.has(t) || themes.some((s) => HELP_THEMES.has(s))));
    const negation: Clause = { text: rng.pick(NEGATIONS[rng.pick(others)]), tone: 'neutral' };
    if (rng.chance(0.5)) clauses.unshift(negation);
    else clauses.push(negation);
  }
  return clauses;
}

function frame(rng: Random, body: string, voice: Voice): string {
  if (voice === 'first') return tidy(rng.pick(OPENERS) + body) + rng.pick(CLOSERS);
  const prefix = rng.pick(CASE_NOTE_PREFIXES);
  const note = tidy(body);
  return `${prefix} ${note[0].toLowerCase()}${note.slice(1)}`;
}

/** One answer: the themes it was written to express (ground truth of the generator) and the text. */
export function generateAnswer(rng: Random, style: AnswerStyle, wave: 'INTAKE' | 'EXIT'): { text: string; themes: AnswerTheme[] } {
  // Typos draw from their own stream, so the words and themes of an answer do not depend on the typo rate.
  const typos = seededRandom(rng.int(0, 0xffffffff));
  const voice: Voice = style.caseNotes && rng.chance(CASE_NOTE_SHARE) ? 'third' : 'first';
  if (rng.chance(OFF_TOPIC_RATE)) return { text: addTypos(typos, offTopic(rng, voice), style.typoRate), themes: [] };
  const count = rng.chance(NEGATION_ONLY_RATE / (1 - OFF_TOPIC_RATE)) ? 0 : rng.weighted(THEME_COUNTS);
  const themes = pickThemes(rng, style, wave, count);
  const body = fill(joinClauses(rng, answerClauses(rng, themes)), voice);
  const text = addTypos(typos, frame(rng, body, voice), style.typoRate);
  return { text, themes: ANSWER_THEMES.filter((t) => themes.includes(t)) };
}
