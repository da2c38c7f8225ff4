import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import type { Caller, Role } from '@coalition/shared/auth';
import { composeSupergraph } from '../compose';
import { checkAccess } from '../auth/access';
import { defaultDashboardDir } from '../config';
import { PersistedOperations } from '../auth/persisted';
import { dashboardManifest } from './dashboard';

type OperationName =
  | 'Catalogue'
  | 'Releases'
  | 'IndicatorTotal'
  | 'IndicatorBreakdown'
  | 'Funnel'
  | 'PartnerHealth'
  | 'PrePost'
  | 'ApproveRelease'
  | 'ReleaseApproval'
  | 'NetworkThemes';

/** The manifest the dashboard's build writes and the gateway loads (npm test builds first). */
const manifestPath = dashboardManifest(defaultDashboardDir());
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { operations: Array<{ id: string; name: OperationName; body: string }> };
const OPERATIONS = Object.fromEntries(manifest.operations.map((op) => [op.name, op.body])) as Record<OperationName, string>;

/** Who the dashboard sends each operation for; each must pass the access check whole for them. */
const SENT_FOR: Record<OperationName, Role[]> = {
  Catalogue: ['funder', 'partner_staff', 'backbone_analyst'],
  Releases: ['funder', 'partner_staff', 'backbone_analyst'],
  IndicatorTotal: ['funder', 'partner_staff', 'backbone_analyst'],
  IndicatorBreakdown: ['funder', 'partner_staff', 'backbone_analyst'],
  Funnel: ['funder', 'partner_staff', 'backbone_analyst'],
  PartnerHealth: ['partner_staff', 'backbone_analyst'],
  PrePost: ['funder', 'partner_staff', 'backbone_analyst'],
  ApproveRelease: ['backbone_analyst'],
  ReleaseApproval: ['backbone_analyst'],
  NetworkThemes: ['funder', 'partner_staff', 'backbone_analyst'],
};

const caller = (role: Role): Caller => ({
  subject: `test-${role}`,
  role,
  partnerId: role === 'partner_staff' ? 'northside-training' : undefined,
  portfolio: 'ALL',
  permissions: [],
});

describe("the dashboard's persisted operations", () => {
  let schema: ReturnType<typeof buildSchema>;
  beforeAll(async () => {
    schema = buildSchema(await composeSupergraph(), { assumeValidSDL: true });
  });

  it('the manifest holds every operation the dashboard sends, each under the hash of its text', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(SENT_FOR).sort());
    expect(PersistedOperations.load(manifestPath).size).toBe(manifest.operations.length);
  });

  it.each(Object.keys(OPERATIONS) as OperationName[])('%s is valid against the composed supergraph and named as the manifest names it', (name) => {
    const document = parse(OPERATIONS[name]);
    expect(validate(schema, document)).toEqual([]);
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(operation.name?.value).toBe(name);
  });

  it.each(Object.keys(OPERATIONS) as OperationName[])('%s asks only fields the roles it is sent for may read', (name) => {
    const document = parse(OPERATIONS[name]);
    const operation = document.definitions[0] as OperationDefinitionNode;
    for (const role of SENT_FOR[name])
      expect({ role, refused: checkAccess(schema, document, operation, {}, caller(role)).refused }).toEqual({ role, refused: [] });
  });

  it('a funder could not read data quality: the dashboard does not ask for it as one', () => {
    const document = parse(OPERATIONS.PartnerHealth);
    const refused = checkAccess(schema, document, document.definitions[0] as OperationDefinitionNode, {}, caller('funder')).refused;
    expect(refused).toContain('Partner.dataQuality');
  });
});
