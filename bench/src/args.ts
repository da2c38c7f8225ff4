export const SCENARIOS = [
  'network',
  'pushdown',
  'cache',
  'person',
  'dashboard',
  'funnel',
  'replicas',
  'routers',
  'themes',
  'scaling',
  'import',
  'linkage',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchArgs {
  quick: boolean;
  only?: ScenarioName[];
  seed: number;
  partners?: number;
  perPartner?: number;
  help: boolean;
  profile: boolean;
  /** scaling scenario sizes, K x N each */
  grid?: Array<{ partners: number; perPartner: number }>;
}

export const USAGE = `npm run bench -- [--quick] [--only=${SCENARIOS.join(',')}] [--partners=K] [--per-partner=N] [--seed=S]
  --quick        everyday mode: small coalitions, short runs (under two minutes once data is generated)
  --only=...     run only the named scenarios (comma-separated); cache: the answer cache's rows (1b to 1e);
                 themes: theme coding at one partner (100,000 answers; quick 5,000) and networkThemes on the main coalition
  --partners=K   partners in the main coalition (default 12; quick 3)
  --per-partner=N  participant records per partner (default 50000; quick 5000)
  --seed=S       generator seed (default 7); generated data is cached per scale and seed
  --grid=KxN,... sizes for the scaling scenario (default 3,12,48 partners x 10000,50000 records)
  --profile      write the gateway's V8 CPU profile to .data/bench-logs/<dataset>/ (open in Chrome DevTools)`;

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1; got "${raw}"`);
  return value;
}

/** Reads the command line; an unknown option or scenario is an error that names it. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { quick: false, seed: 7, help: false, profile: false };
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, ''];
    if (flag === '--quick') args.quick = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--profile') args.profile = true;
    else if (flag === '--grid') {
      args.grid = value.split(',').map((size) => {
        const match = /^(\d+)x(\d+)$/.exec(size);
        if (!match) throw new Error(`--grid: "${size}" is not KxN (partners x records per partner), e.g. 3x10000`);
        return { partners: positive('grid', match[1]), perPartner: positive('grid', match[2]) };
      });
    } else if (flag === '--only') {
      const names = value.split(',').filter(Boolean);
      const unknown = names.find((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (unknown !== undefined || !names.length) throw new Error(`--only: "${unknown ?? ''}" is not a scenario; choose from ${SCENARIOS.join(', ')}`);
      args.only = names as ScenarioName[];
    } else if (flag === '--seed') args.seed = positive('seed', value);
    else if (flag === '--partners') args.partners = positive('partners', value);
    else if (flag === '--per-partner') args.perPartner = positive('per-partner', value);
    else throw new Error(`unknown option "${arg}"\n${USAGE}`);
  }
  return args;
}
