// Over 300 lines on purpose: one coalition serves every access case (starting one costs seconds); the cases are one table per describe.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import jwt from 'jsonwebtoken';
import {
  composeSupergraph,
  DEFAULT_OPERATION_LIMITS,
  PersistedOperations,
  RedisRateLimiter,
  startGateway,
  type AuditEntry,
  type GatewayServer,
  type RateLimiter,
} from '@coalition/gateway';
import { DEMO_AUTH, DEMO_USER_AUTH, mintDemoToken } from '@coalition/demo';
import { PROOF_HEADER, ProofSigner, generateProofKeys, bodyHash, GATEWAY_ISSUER, type Caller } from '@coalition/shared/auth';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asGateway, graphql, post, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { testRedisUrl } from '../support/redis';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const [NORTH, BRIDGE] = ['northside-training', 'bridgeway-placement'];
const PERSON = { firstName: 'Wilhelmina', lastName: 'Quarrington', birthDate: '1979-04-23', phone: '614-555-0199', email: 'w.quarrington@example.org' };
const ENROLL = `mutation($p: ID!, $i: EnrollParticipantInput!) { enrollParticipant(partnerId: $p, input: $i) { decision participant { localId gsid } } }`;
const enrollInput = {
  ...PERSON,
  localId: 'ACL-1',
  sex: 'FEMALE',
  raceEthnicity: ['WHITE'],
  enrolledOn: '2026-02-02',
  programType: 'TRAINING',
  countyFips: '39035',
};
const RATE_LIMITED_SUBJECT = 'rate-limited-user';

describe('access control through the gateway, with real tokens', () => {
  let coalition: TestCoalition;
  let gateway: string;
  let redisLimiter: RedisRateLimiter;
  const logs: string[] = [];
  const audit: AuditEntry[] = [];
  const sentTokens: string[] = [];
  let person: { gsid: string; records: Array<{ partnerId: string; localId: string }> };

  const ask = (query: string, token: string | null, variables?: Record<string, unknown>) => {
    if (token) sentTokens.push(token);
    return graphql(gateway, query, variables, { token });
  };
  const subgraphRequests = () => coalition.registry.requestCount() + [...coalition.partners.values()].reduce((n, p) => n + p.server!.requestCount(), 0);

  beforeAll(async () => {
    redisLimiter = await RedisRateLimiter.connect(testRedisUrl(), 3, 60_000, { keyPrefix: `cg:test:${process.pid}:${Date.now()}:` });
    // The real Redis limiter, for one subject only, so the other tests here are not counted.
    const rateLimiter: RateLimiter = {
      hit: (subject) =>
        subject === RATE_LIMITED_SUBJECT ? redisLimiter.hit(subject) : Promise.resolve({ allowed: true, limit: 3, remaining: 3, retryAfterMs: 0 }),
      close: () => redisLimiter.close(),
    };
    coalition = await startTestCoalition('access', {
      log: (m) => logs.push(m),
      gateway: { rateLimiter, audit: (e) => audit.push(e), maxRequestBytes: 20_000 },
    });
    gateway = coalition.gateway.url;
    person = coalition.demo.people.find((p) => new Set(p.records.map((r) => r.partnerId)).size > 1 && p.records.some((r) => r.partnerId === NORTH))!;
    const enrolled = await ask(ENROLL, tokens.staff(NORTH), { p: NORTH, i: enrollInput });
    expect(enrolled.errors).toBeUndefined();
  });

  afterAll(async () => {
    await coalition?.dispose();
  });

  describe('every role against every sensitive field', () => {
    const ROLES = {
      backbone: () => tokens.backbone(),
      staffNorth: () => tokens.staff(NORTH),
      staffBridge: () => tokens.staff(BRIDGE),
      funder: () => tokens.funder('ALL'),
      admin: () => tokens.admin(),
    };
    type RoleName = keyof typeof ROLES;
    const ALL: RoleName[] = ['backbone', 'staffNorth', 'staffBridge', 'funder', 'admin'];
    /** scoped: refused for being outside the role's partner scope, which the gateway learns only once the registry has answered */
    const cases: Array<{ what: string; query: () => string; allowed: RoleName[]; scoped?: RoleName[] }> = [
      {
        what: 'a participant record (pseudonymous)',
        query: () => `{ participant(partnerId: "${NORTH}", localId: "ACL-1") { localId gsid sex stageEvents { stage } } }`,
        allowed: ['backbone', 'staffNorth'],
      },
      {
        what: 'personal fields of a participant',
        query: () => `{ participant(partnerId: "${NORTH}", localId: "ACL-1") { identity { firstName lastName birthDate phone email } } }`,
        allowed: ['staffNorth'],
      },
      {
        what: "a page of a partner's participants",
        query: () => `{ participants(partnerId: "${NORTH}", first: 2) { nodes { localId } } }`,
        allowed: ['backbone', 'staffNorth'],
      },
      {
        what: 'a person by GSID',
        query: () => `{ stakeholder(gsid: "${person.gsid}") { gsid links { partnerId localId } records { partnerId localId } } }`,
        allowed: ['backbone', 'staffNorth', 'staffBridge'],
      },
      { what: 'network aggregates', query: () => '{ network { participantCount(by: [SEX]) { total cells { key count } } } }', allowed: ['backbone'] },
      {
        what: "a partner's data health",
        query: () => `{ partner(id: "${NORTH}") { dataQuality(from: "2024-01-01", to: "2026-12-31") { participants } } }`,
        allowed: ['backbone', 'staffNorth', 'admin'],
        scoped: ['staffBridge'],
      },
      { what: 'the review queue', query: () => '{ reviewQueue { id } }', allowed: ['backbone'] },
      { what: 'the linkage audit trail', query: () => `{ stakeholder(gsid: "${person.gsid}") { decisions { kind } } }`, allowed: ['backbone'] },
      { what: 'partner endpoints (configuration)', query: () => '{ partners { id endpoint } }', allowed: ['admin'] },
      { what: 'the indicator catalogue (reference data)', query: () => '{ indicators { code version } pathwayStages { code } }', allowed: ALL },
    ];

    for (const testCase of cases) {
      it(`${testCase.what}: allowed for ${testCase.allowed.join(', ')}; FORBIDDEN for the rest`, async () => {
        for (const role of ALL) {
          const before = subgraphRequests();
          const northBefore = coalition.partners.get(NORTH)!.server!.requestCount();
          const result = await ask(testCase.query(), ROLES[role]());
          if (testCase.scoped?.includes(role)) {
            expect({ role, code: result.errors?.[0]?.extensions?.code }).toEqual({ role, code: 'FORBIDDEN' });
            expect(coalition.partners.get(NORTH)!.server!.requestCount()).toBe(northBefore);
          } else if (testCase.allowed.includes(role)) {
            expect({ role, errors: result.errors }).toEqual({ role, errors: undefined });
          } else {
            expect({ role, code: result.errors?.[0]?.extensions?.code }).toEqual({ role, code: 'FORBIDDEN' });
            expect(result.data ?? null).toBeNull();
            // Refused by the gateway before any subgraph saw the request.
            expect(subgraphRequests()).toBe(before);
          }
        }
      });
    }

    it("staff see their own partner's records of a person, nothing of other partners; the backbone sees all", async () => {
      const query = `{ stakeholder(gsid: "${person.gsid}") { links { partnerId } records { partnerId localId } } }`;
      const all = (await ask(query, tokens.backbone())).data.stakeholder;
      expect(new Set(all.records.map((r: { partnerId: string }) => r.partnerId)).size).toBeGreaterThan(1);
      const own = (await ask(query, tokens.staff(NORTH))).data.stakeholder;
      expect(own.records.length).toBeGreaterThan(0);
      expect(own.records.every((r: { partnerId: string }) => r.partnerId === NORTH)).toBe(true);
      expect(own.links.every((l: { partnerId: string }) => l.partnerId === NORTH)).toBe(true);
      // Another partner's records by partnerId: refused, naming what.
      const other = await ask(`{ participant(partnerId: "${BRIDGE}", localId: "x") { localId } }`, tokens.staff(NORTH));
      expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(other.errors?.[0].message).toContain(`Query.participant of partner ${BRIDGE}`);
    });

    it("partner staff read their own people's personal fields", async () => {
      const result = await ask(`{ participant(partnerId: "${NORTH}", localId: "ACL-1") { identity { firstName lastName birthDate } } }`, tokens.staff(NORTH));
      expect(result.data.participant.identity).toEqual({ firstName: PERSON.firstName, lastName: PERSON.lastName, birthDate: PERSON.birthDate });
    });

    it("enrolment is for the partner's own staff only", async () => {
      for (const token of [tokens.backbone(), tokens.staff(BRIDGE), tokens.funder()]) {
        const result = await ask(ENROLL, token, { p: NORTH, i: { ...enrollInput, localId: 'ACL-2' } });
        expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const lookup = await ask(`{ participant(partnerId: "${NORTH}", localId: "ACL-2") { localId } }`, tokens.backbone());
      expect(lookup.data.participant).toBeNull();
    });
  });

  describe('tokens', () => {
    const query = '{ indicators { code } }';
    const refused = async (token: string | null) => {
      const before = subgraphRequests();
      if (token) sentTokens.push(token);
      const response = await post(gateway, JSON.stringify({ query }), { token });
      const body = (await response.json()) as any;
      expect({ status: response.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      expect(subgraphRequests()).toBe(before);
      return body.errors[0].message as string;
    };

    it('refuses a missing, forged, expired, wrong-issuer, wrong-audience or unsigned token', async () => {
      expect(await refused(null)).toContain('Authorization: Bearer');
      expect(await refused(mintDemoToken({ sub: 'x', role: 'backbone_analyst' }, { secret: 'another-secret-another-secret-0000000' }))).toContain('signature');
      expect(await refused(mintDemoToken({ sub: 'x', role: 'backbone_analyst' }, { expiresIn: -120 }))).toContain('expired');
      expect(await refused(mintDemoToken({ sub: 'x', role: 'backbone_analyst' }, { issuer: 'https://evil.example' }))).toContain('issuer');
      expect(await refused(mintDemoToken({ sub: 'x', role: 'backbone_analyst' }, { audience: 'another-app' }))).toContain('audience');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'backbone_analyst', iss: DEMO_AUTH.issuer, aud: DEMO_AUTH.audience, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`;
      expect(await refused(none)).toContain('not accepted');
      // An ES256 token when no public key is configured for it.
      const { privateKey } = generateProofKeys();
      expect(
        await refused(
          jwt.sign({ sub: 'x', role: 'backbone_analyst' }, privateKey, {
            algorithm: 'ES256',
            issuer: DEMO_AUTH.issuer,
            audience: DEMO_AUTH.audience,
            expiresIn: 600,
          }),
        ),
      ).toContain('ES256 are not accepted');
      expect(await refused(mintDemoToken({ sub: 'x', role: 'superuser' as never }))).toContain('claim role');
      expect(await refused(mintDemoToken({ sub: 'x', role: 'partner_staff' }))).toContain('claim partner_id');
      // A token within the clock skew is still accepted.
      const lateByTen = mintDemoToken({ sub: 'x', role: 'backbone_analyst' }, { expiresIn: -10 });
      expect((await ask(query, lateByTen)).errors).toBeUndefined();
    });
  });

  describe('subgraphs trust only the gateway', () => {
    const query = `{ participant(partnerId: "${NORTH}", localId: "ACL-1") { localId } }`;
    const partnerUrl = () => coalition.partners.get(NORTH)!.server!.url;
    const backbone: Caller = { subject: 'analyst', role: 'backbone_analyst' };
    const send = async (url: string, body: string, headers: Record<string, string>) => {
      const response = await post(url, body, { token: null, headers });
      return { status: response.status, body: (await response.json()) as any };
    };

    it("a partner subgraph answers 401 without the gateway's proof, even to a valid user token", async () => {
      const body = JSON.stringify({ query });
      expect((await send(partnerUrl(), body, {})).status).toBe(401);
      const withUserToken = await send(partnerUrl(), body, { authorization: `Bearer ${tokens.staff(NORTH)}` });
      expect(withUserToken.status).toBe(401);
      expect(withUserToken.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await send(coalition.registry.url, JSON.stringify({ query: '{ reviewQueue { id } }' }), {})).status).toBe(401);
    });

    it('refuses replayed, tampered, mis-addressed, expired and foreign-signed proofs', async () => {
      const body = JSON.stringify({ query });
      const signer = new ProofSigner({ algorithm: 'ES256', key: coalition.proofKeys.privateKey });
      const proof = signer.sign(NORTH, body, backbone, 'r1');
      const first = await send(partnerUrl(), body, { [PROOF_HEADER]: proof });
      expect(first.status).toBe(200);
      expect(first.body.data.participant.localId).toBe('ACL-1');
      const replayed = await send(partnerUrl(), body, { [PROOF_HEADER]: proof });
      expect(replayed).toMatchObject({ status: 401 });
      expect(replayed.body.errors[0].message).toContain('replayed');
      const tampered = await send(partnerUrl(), body.replace('ACL-1', 'ACL-9'), { [PROOF_HEADER]: signer.sign(NORTH, body, backbone, 'r2') });
      expect(tampered.body.errors[0].message).toContain('another request body');
      expect((await send(partnerUrl(), body, { [PROOF_HEADER]: signer.sign(BRIDGE, body, backbone, 'r3') })).status).toBe(401);
      const expired = jwt.sign({ rid: 'r4', bh: bodyHash(body), caller: { sub: 'a', role: 'backbone_analyst' } }, coalition.proofKeys.privateKey, {
        algorithm: 'ES256',
        issuer: GATEWAY_ISSUER,
        audience: NORTH,
        jwtid: 'old-proof',
        expiresIn: -60,
      });
      expect((await send(partnerUrl(), body, { [PROOF_HEADER]: expired })).body.errors[0].message).toContain('expired');
      const foreign = new ProofSigner({ algorithm: 'ES256', key: generateProofKeys().privateKey }).sign(NORTH, body, backbone, 'r5');
      expect((await send(partnerUrl(), body, { [PROOF_HEADER]: foreign })).status).toBe(401);
    });

    it('defence in depth: a subgraph applies the role rules to the forwarded caller itself', async () => {
      const key = coalition.proofKeys.privateKey;
      const personal = `{ participant(partnerId: "${NORTH}", localId: "ACL-1") { localId identity { firstName } } }`;
      const asFunder = await asGateway(partnerUrl(), NORTH, key, personal, undefined, { subject: 'f', role: 'funder', portfolio: 'ALL' });
      expect(asFunder.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(asFunder)).not.toContain(PERSON.firstName);
      const asBackbone = await asGateway(partnerUrl(), NORTH, key, personal, undefined, backbone);
      expect(asBackbone.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(asBackbone.data?.participant?.localId ?? 'ACL-1').toBe('ACL-1');
      expect(JSON.stringify(asBackbone)).not.toContain(PERSON.firstName);
      const otherStaff = await asGateway(partnerUrl(), NORTH, key, `{ participant(partnerId: "${NORTH}", localId: "ACL-1") { localId } }`, undefined, {
        subject: 's',
        role: 'partner_staff',
        partnerId: BRIDGE,
      });
      expect(otherStaff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const own = await asGateway(partnerUrl(), NORTH, key, personal, undefined, { subject: 's', role: 'partner_staff', partnerId: NORTH });
      expect(own.data.participant.identity.firstName).toBe(PERSON.firstName);
      // The registry: the review queue for a funder, and linkage calls not signed by the partner itself.
      expect(
        (await asGateway(coalition.registry.url, 'registry', key, '{ reviewQueue { id } }', undefined, { subject: 'f', role: 'funder', portfolio: 'ALL' }))
          .errors?.[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
      const resolve = await asGateway(
        coalition.registry.url,
        'registry',
        key,
        `mutation { resolveIdentities(partnerId: "${NORTH}", records: []) { gsid } }`,
        undefined,
        backbone,
      );
      expect(resolve.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('abuse', () => {
    const refusedBeforeSubgraphs = async (body: string, status: number) => {
      const before = subgraphRequests();
      const response = await post(gateway, body, {});
      expect(response.status).toBe(status);
      expect(subgraphRequests()).toBe(before);
      return (await response.json()) as any;
    };

    it('refuses depth bombs, alias bombs, wide and costly operations, and oversized documents before any subgraph sees them', async () => {
      const nested = (levels: number): string => (levels === 0 ? 'gsid' : `decisions { stakeholder { ${nested(levels - 1)} } }`);
      const depth = await refusedBeforeSubgraphs(JSON.stringify({ query: `{ stakeholder(gsid: "${person.gsid}") { ${nested(7)} } }` }), 400);
      expect(depth.errors[0].extensions).toMatchObject({ limit: 'depth', max: DEFAULT_OPERATION_LIMITS.maxDepth });
      const aliases = await refusedBeforeSubgraphs(
        JSON.stringify({ query: `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: indicators { code }`).join(' ')} }` }),
        400,
      );
      expect(aliases.errors.map((e: { extensions: { limit: string } }) => e.extensions.limit)).toEqual(expect.arrayContaining(['aliases', 'rootFields']));
      const costly = await refusedBeforeSubgraphs(
        JSON.stringify({
          query:
            '{ participants(partnerId: "northside-training", first: 500) { nodes { stageEvents { stage } outcomes { indicatorCode wave period valueNumber valueBoolean observedOn indicatorVersion } } } }',
        }),
        400,
      );
      expect(costly.errors[0].extensions).toMatchObject({ limit: 'cost' });
      const bomb = await refusedBeforeSubgraphs(JSON.stringify({ query: `{ ${'x '.repeat(6000)} }` }), 400);
      expect(bomb.errors[0].message).toContain('more that 5000 tokens');
      const oversized = await refusedBeforeSubgraphs(JSON.stringify({ query: `{ indicators { code } } # ${'x'.repeat(30_000)}` }), 413);
      expect(oversized.errors[0].message).toContain('larger than');
    });

    it('rate-limits per token subject on Redis: the fourth request in the window gets 429', async () => {
      const token = mintDemoToken({ sub: RATE_LIMITED_SUBJECT, role: 'backbone_analyst' });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(gateway, JSON.stringify({ query: '{ indicators { code } }' }), { token })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const last = await post(gateway, JSON.stringify({ query: '{ indicators { code } }' }), { token });
      expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await last.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      // Other subjects are not affected.
      expect((await ask('{ indicators { code } }', tokens.backbone())).errors).toBeUndefined();
    });
  });

  describe('production mode, and persisted operations', () => {
    const gateways: GatewayServer[] = [];
    let locked: GatewayServer;
    let open: GatewayServer;
    const dashboard = 'query Catalogue { indicators { code version } }';
    const hash = createHash('sha256').update(dashboard).digest('hex');

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cg-persisted-'));
      const manifest = join(dir, 'operations.json');
      writeFileSync(
        manifest,
        JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [{ id: hash, name: 'Catalogue', type: 'query', body: dashboard }],
        }),
      );
      const start = async (only: boolean) => {
        const started = await startGateway({
          supergraphSdl: await composeSupergraph(),
          registryUrl: coalition.registry.url,
          partnerTimeoutMs: 2_000,
          directoryRefreshMs: 60_000,
          production: true,
          auth: DEMO_USER_AUTH,
          signingKey: coalition.proofKeys.privateKey,
          persisted: { operations: PersistedOperations.load(manifest), only },
          log: (m) => logs.push(m),
        });
        gateways.push(started);
        return started;
      };
      locked = await start(true);
      open = await start(false);
    });

    afterAll(async () => {
      for (const g of gateways) await g.stop();
    });

    it('persisted-only: runs listed operations by hash and nothing else', async () => {
      const byHash = await post(locked.url, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }), {});
      expect(((await byHash.json()) as any).data.indicators.length).toBeGreaterThan(0);
      const other = await post(locked.url, JSON.stringify({ query: '{ indicators { code } }' }), {});
      expect(other.status).toBe(400);
      expect(((await other.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
      const unknown = await post(locked.url, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), {});
      expect(((await unknown.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const viaGet = await fetch(`${locked.url}?query=${encodeURIComponent('{ indicators { code } }')}`, {
        headers: { authorization: `Bearer ${tokens.backbone()}`, 'apollo-require-preflight': 'true' },
      });
      expect(viaGet.status).toBe(405);
    });

    it('production: no introspection, no IDE, and error messages suggest no field names', async () => {
      const introspection = await graphql(open.url, '{ __schema { types { name } } }');
      expect(introspection.errors?.[0].message).toContain('introspection');
      const typo = await graphql(open.url, '{ indicatorz { code } }');
      expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
      expect(JSON.stringify(typo)).not.toContain('indicators');
      const development = await graphql(gateway, '{ indicatorz { code } }');
      expect(development.errors?.[0].message).toMatch(/Did you mean/);
      const ide = await fetch(open.url, { headers: { accept: 'text/html' } });
      expect(await ide.text()).not.toContain('embeddable-sandbox');
    });
  });

  describe('tokens from an identity provider: ES256 by configured key, RS256 by JWKS', () => {
    let idpGateway: GatewayServer;
    let jwks: import('node:http').Server;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const claims = { sub: 'idp-user', role: 'backbone_analyst' };
    const options = { issuer: 'https://idp.example.org/', audience: 'coalition-graph', expiresIn: 600 };

    beforeAll(async () => {
      jwks = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', use: 'sig', alg: 'RS256' }] }));
      });
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const port = (jwks.address() as import('node:net').AddressInfo).port;
      idpGateway = await startGateway({
        supergraphSdl: await composeSupergraph(),
        registryUrl: coalition.registry.url,
        partnerTimeoutMs: 2_000,
        directoryRefreshMs: 60_000,
        auth: {
          issuer: options.issuer,
          audience: options.audience,
          publicKeys: [ec.publicKey],
          jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
          clockToleranceS: 30,
          anonymousReference: false,
        },
        signingKey: coalition.proofKeys.privateKey,
        log: (m) => logs.push(m),
      });
    });

    afterAll(async () => {
      await idpGateway?.stop();
      await new Promise((resolve) => jwks?.close(resolve));
    });

    it('accepts ES256 and RS256 tokens it can verify, and refuses HS256 and unknown keys', async () => {
      const query = '{ indicators { code } }';
      const es = jwt.sign(claims, ec.privateKey, { ...options, algorithm: 'ES256' });
      const rs = jwt.sign(claims, rsa.privateKey, { ...options, algorithm: 'RS256', keyid: 'rsa-1' });
      for (const token of [es, rs]) expect((await graphql(idpGateway.url, query, undefined, { token })).errors).toBeUndefined();
      const unknownKid = jwt.sign(claims, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { ...options, algorithm: 'RS256', keyid: 'rsa-2' });
      const hs = jwt.sign(claims, DEMO_AUTH.secret, { ...options, algorithm: 'HS256' });
      for (const token of [unknownKid, hs]) {
        const response = await post(idpGateway.url, JSON.stringify({ query }), { token });
        expect(response.status).toBe(401);
      }
      sentTokens.push(es, rs, unknownKid, hs);
    });
  });

  it('writes an audit entry for every request that touched person-level data, without the data; logs hold no personal data and no tokens', async () => {
    const entries = audit.filter((e) => e.personFields.includes('Query.participant'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.role === 'partner_staff' && e.partnerScope === NORTH && e.partners.includes(NORTH))).toBe(true);
    const enrolment = audit.find((e) => e.personFields.includes('Mutation.enrollParticipant'));
    expect(enrolment).toMatchObject({ role: 'partner_staff', partners: [NORTH] });
    expect(audit.every((e) => /^[0-9a-f]{64}$/.test(e.operationHash) && typeof e.at === 'string' && e.subject)).toBe(true);
    const everything = [...logs, ...audit.map((e) => JSON.stringify(e))].join('\n');
    for (const value of [PERSON.firstName, PERSON.lastName, PERSON.birthDate, PERSON.phone, PERSON.email]) expect(everything).not.toContain(value);
    expect(sentTokens.length).toBeGreaterThan(10);
    for (const token of sentTokens) expect(everything).not.toContain(token.split('.')[2] || token);
  });
});
