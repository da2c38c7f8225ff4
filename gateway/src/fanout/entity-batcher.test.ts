import { EntityBatcher, type EntityAnswer } from './entity-batcher';

describe('EntityBatcher', () => {
  it('sends the loads of one turn as one request and gives each its own slice and errors', async () => {
    const sent: unknown[][] = [];
    const batcher = new EntityBatcher(async (_key, representations): Promise<EntityAnswer> => {
      sent.push(representations);
      return {
        entities: representations.map((r) => ({ id: (r as { id: string }).id })),
        errors: [
          { message: 'second item of the second load', path: ['_entities', 3, 'records'] },
          { message: 'request-wide' },
        ],
      };
    });
    const [a, b] = await Promise.all([
      batcher.load('k', [{ id: '1' }, { id: '2' }]),
      batcher.load('k', [{ id: '3' }, { id: '4' }]),
    ]);
    expect(sent).toEqual([[{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }]]);
    expect(a.entities).toEqual([{ id: '1' }, { id: '2' }]);
    expect(b.entities).toEqual([{ id: '3' }, { id: '4' }]);
    expect(a.errors).toEqual([{ message: 'request-wide' }]);
    expect(b.errors).toEqual([{ message: 'second item of the second load', path: ['_entities', 1, 'records'] }, { message: 'request-wide' }]);
  });

  it('sends loads of later turns separately, and reports an outage to every load', async () => {
    let calls = 0;
    const batcher = new EntityBatcher(async () => {
      calls++;
      return { errors: [], unavailable: 'no answer within 10 ms' };
    });
    const first = await batcher.load('k', [{ id: '1' }]);
    const second = await batcher.load('k', [{ id: '2' }]);
    expect(calls).toBe(2);
    expect(first.unavailable).toBe('no answer within 10 ms');
    expect(second.entities).toBeUndefined();
  });
});
