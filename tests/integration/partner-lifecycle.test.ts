import type { DataSource } from 'typeorm';
import { createRegistryDataSource, createRegistryServices, type RegistryServices } from '@coalition/registry';
import { createTestDatabase } from '../support/database';

/** The registry's side of a partner's life: keys accepted by status and overlap, changes audited append-only. */
describe('partner lifecycle at the registry (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let services: RegistryServices;
  const issuer = (id: string) => `partner:${id}`;
  const secrets = async (id: string) => (await services.lifecycle.keysFor(issuer(id))).map((k) => k.key);

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle');
    dataSource = createRegistryDataSource(db.url);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    services = createRegistryServices(dataSource, undefined, { partnerKeys: { 'configured-one': 'c'.repeat(40) } });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('registers a partner with one key, and refuses a taken id or bad input by field', async () => {
    const { partner, key } = await services.lifecycle.register({ id: 'harbor-works', name: ' Harbor Works ', programType: 'PLACEMENT' }, 'admin-a');
    expect(partner).toMatchObject({ id: 'harbor-works', name: 'Harbor Works', status: 'ONBOARDING', endpoint: null });
    expect(key.registryKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await secrets('harbor-works')).toEqual([key.registryKey]);
    await expect(services.lifecycle.register({ id: 'harbor-works', name: 'X', programType: 'PLACEMENT' }, 'admin-a')).rejects.toMatchObject({
      details: { field: 'id' },
    });
    await expect(services.lifecycle.register({ id: 'ok-id', name: 'X', programType: 'CATERING' }, 'a')).rejects.toMatchObject({
      details: { field: 'programType' },
    });
    await expect(services.lifecycle.register({ id: 'ok-id', name: 'X', programType: 'PLACEMENT', endpoint: 'ftp://x' }, 'a')).rejects.toMatchObject({
      details: { field: 'endpoint' },
    });
    await expect(services.lifecycle.register({ id: 'ok-id', name: '  ', programType: 'PLACEMENT' }, 'a')).rejects.toMatchObject({
      details: { field: 'name' },
    });
  });

  it('a rotation keeps the old key for its overlap; overlap 0 drops it at once', async () => {
    const before = await secrets('harbor-works');
    const rotated = await services.lifecycle.rotateKey('harbor-works', 24, 'admin-b');
    expect(rotated.key.previousKeyExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect((await secrets('harbor-works')).sort()).toEqual([...before, rotated.key.registryKey].sort());
    const again = await services.lifecycle.rotateKey('harbor-works', 0, 'admin-b');
    expect(await secrets('harbor-works')).toEqual([again.key.registryKey]);
    await expect(services.lifecycle.rotateKey('harbor-works', -1, 'admin-b')).rejects.toMatchObject({ details: { field: 'overlapHours' } });
  });

  it('suspension refuses every key (configured ones too) until reactivation; retirement for good', async () => {
    await services.partners.upsert({ id: 'configured-one', name: 'C', programType: 'TRAINING', endpoint: 'http://127.0.0.1:1/graphql', status: 'ACTIVE' });
    expect(await secrets('configured-one')).toEqual(['c'.repeat(40)]);
    await services.lifecycle.suspend('configured-one', 'audit pending', 'admin-c');
    expect(await secrets('configured-one')).toEqual([]);
    await expect(services.lifecycle.suspend('configured-one', 'again', 'admin-c')).rejects.toMatchObject({ details: { field: 'id' } });
    await expect(services.lifecycle.reactivate('configured-one', '', 'admin-c')).rejects.toMatchObject({ details: { field: 'reason' } });
    await services.lifecycle.reactivate('configured-one', 'audit passed', 'admin-c');
    expect(await secrets('configured-one')).toEqual(['c'.repeat(40)]);
    await services.lifecycle.retire('configured-one', 'program closed', 'admin-d');
    expect(await secrets('configured-one')).toEqual([]);
    await expect(services.lifecycle.reactivate('configured-one', 'oops', 'admin-d')).rejects.toMatchObject({ details: { field: 'id' } });
    await expect(services.lifecycle.rotateKey('configured-one', 0, 'admin-d')).rejects.toMatchObject({ details: { field: 'id' } });
    // A partner the registry does not list may still use a configured key; an unknown one has none.
    expect(await secrets('nobody-here')).toEqual([]);
  });

  it('an onboarding partner goes live with the endpoint given at reactivation', async () => {
    await services.lifecycle.register({ id: 'late-starter', name: 'Late Starter', programType: 'TRAINING' }, 'admin-e');
    await expect(services.lifecycle.reactivate('late-starter', 'service is up', 'admin-e')).rejects.toMatchObject({ details: { field: 'endpoint' } });
    await expect(services.lifecycle.reactivate('late-starter', 'service is up', 'admin-e', 'not a url')).rejects.toMatchObject({
      details: { field: 'endpoint' },
    });
    const live = await services.lifecycle.reactivate('late-starter', 'service is up', 'admin-e', 'http://10.0.0.7:4100/graphql');
    expect(live).toMatchObject({ status: 'ACTIVE', endpoint: 'http://10.0.0.7:4100/graphql' });
  });

  it('records who changed what, and the record cannot be edited or deleted', async () => {
    const changes = await services.lifecycle.changes('configured-one');
    expect(changes.map((c) => [c.action, c.actor, c.reason])).toEqual([
      ['SUSPENDED', 'admin-c', 'audit pending'],
      ['REACTIVATED', 'admin-c', 'audit passed'],
      ['RETIRED', 'admin-d', 'program closed'],
    ]);
    await expect(dataSource.query(`UPDATE partner_change SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM partner_change')).rejects.toThrow(/append-only/);
    await expect(services.lifecycle.changes('harbor-works')).resolves.toHaveLength(3);
  });
});
