import { StopStack } from './lifecycle';

describe('StopStack', () => {
  const recorder = () => {
    const events: string[] = [];
    const step =
      (name: string, fail = false) =>
      async () => {
        events.push(name);
        if (fail) throw new Error(`${name} failed`);
      };
    return { events, step };
  };

  it('stops in the reverse order of starting, each once', async () => {
    const { events, step } = recorder();
    const stack = new StopStack();
    stack.defer(step('database'));
    const server = stack.use({ stop: step('server') });
    expect(server.stop).toBeDefined();
    await stack.stop();
    await stack.stop();
    expect(events).toEqual(['server', 'database']);
  });

  it('runs every stop when one fails, then throws the first failure', async () => {
    const { events, step } = recorder();
    const stack = new StopStack();
    stack.defer(step('a'));
    stack.defer(step('b', true));
    stack.defer(step('c', true));
    await expect(stack.stop()).rejects.toThrow('c failed');
    expect(events).toEqual(['c', 'b', 'a']);
  });

  it('hands failures to onError instead of throwing when given one', async () => {
    const seen: unknown[] = [];
    const stack = new StopStack((error) => seen.push((error as Error).message));
    stack.defer(recorder().step('x', true));
    await stack.stop();
    expect(seen).toEqual(['x failed']);
  });

  it('guard: a start that fails stops what it had started and throws its own error', async () => {
    const { events, step } = recorder();
    const stack = new StopStack();
    const start = stack.guard(async () => {
      stack.defer(step('database'));
      stack.defer(step('replay store', true));
      throw new Error('port in use');
    });
    await expect(start).rejects.toThrow('port in use');
    expect(events).toEqual(['replay store', 'database']);
    await expect(stack.guard(async () => 42)).resolves.toBe(42);
  });
});
