import { MemoryAnswerCache } from '../cache';
import { APPROVAL_LOST_MS, ApprovalBoard, type Approval } from './approvals';

const running = (id: string): Approval => ({
  id,
  period: 'PY2024',
  status: 'RUNNING',
  figuresDone: 0,
  figuresTotal: 12,
  auditing: false,
  error: null,
  release: null,
});

describe('ApprovalBoard: approvals followed across replicas through a shared store', () => {
  let now = 1_000_000;
  const clock = () => now;
  const boards: ApprovalBoard[] = [];
  const board = (shared: MemoryAnswerCache | null) => {
    const made = new ApprovalBoard(shared, clock);
    boards.push(made);
    return made;
  };
  afterAll(() => {
    for (const b of boards) b.close();
  });

  it('another replica reads each change the running one publishes', async () => {
    const shared = new MemoryAnswerCache(1_000_000);
    const [runner, other] = [board(shared), board(shared)];
    const approval = running('rel_a');
    runner.keep(approval);
    approval.figuresDone = 5;
    runner.publish(approval);
    await new Promise((r) => setImmediate(r));
    expect(await other.get('rel_a')).toMatchObject({ status: 'RUNNING', figuresDone: 5 });
    approval.status = 'APPROVED';
    runner.publish(approval);
    await new Promise((r) => setImmediate(r));
    expect(await other.get('rel_a')).toMatchObject({ status: 'APPROVED', figuresDone: 5 });
  });

  it('a running approval not heard of for APPROVAL_LOST_MS reads as FAILED elsewhere, never on the replica running it', async () => {
    const shared = new MemoryAnswerCache(1_000_000);
    const [runner, other] = [board(shared), board(shared)];
    runner.keep(running('rel_b'));
    await new Promise((r) => setImmediate(r));
    now += APPROVAL_LOST_MS - 1;
    expect((await other.get('rel_b')).status).toBe('RUNNING');
    now += 2;
    const lost = await other.get('rel_b');
    expect(lost.status).toBe('FAILED');
    expect(lost.error).toMatch(/stopped answering 30 s ago; nothing was published: approve again/);
    expect((await runner.get('rel_b')).status).toBe('RUNNING');
  });

  it('without a shared store an unknown id is NOT_FOUND, naming the id field and why', async () => {
    await expect(board(null).get('rel_c')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^id: .*unless REDIS_URL is set/) });
  });
});
