import { answered, unavailable } from '../upstream/outcome';
import { EntityBatcher } from './entity-batcher';

describe('EntityBatcher', () => {
  it('sends the loads of one turn as one request and gives each its own slice and errors', async () => {
    const sent: unknown[][] = [];
    const batcher = new EntityBatcher(async (_key, representations) => {
      sent.push(representations);
      return answered({ _entities: representations.map((r) => ({ id: (r as { id: string }).id })) }, [
        { message: 'second item of the second load', path: ['_entities', 3, 'records'] },
        { message: 'request-wide' },
      ]);
    });
    const [a, b] = await Promise.all([batcher.load('k', [{ id: '1' }, { id: '2' }]), batcher.load('k', [{ id: '3' }, { id: '4' }])]);
    expect(sent).toEqual([[{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }]]);
    expect(a).toEqual(answered({ _entities: [{ id: '1' }, { id: '2' }] }, [{ message: 'request-wide' }]));
    expect(b).toEqual(
      answered({ _entities: [{ id: '3' }, { id: '4' }] }, [
        { message: 'second item of the second load', path: ['_entities', 1, 'records'] },
        { message: 'request-wide' },
      ]),
    );
  });

  it('sends loads of later turns separately, and reports an outage to every load', async () => {
    let calls = 0;
    const batcher = new EntityBatcher(async () => {
      calls++;
      return unavailable('no answer within 10 ms');
    });
    const first = await batcher.load('k', [{ id: '1' }]);
    const second = await batcher.load('k', [{ id: '2' }]);
    expect(calls).toBe(2);
    expect(first).toEqual(unavailable('no answer within 10 ms'));
    expect(second).toEqual(unavailable('no answer within 10 ms'));
  });
});
