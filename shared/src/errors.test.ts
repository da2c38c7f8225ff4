import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, badInput, databaseUnreachable, describeForLog, formatError, isDatabaseUnreachable, notFound } from './errors';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });

describe('formatError', () => {
  it('keeps a domain error with its code and details', () => {
    const error = wrap(badInput('first', 'must be between 1 and 500', { max: 500 }));
    const formatted = formatError({ message: error.message, path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at ...'] } }, error);
    expect(formatted).toEqual({
      message: 'Invalid first: must be between 1 and 500',
      path: ['x'],
      locations: undefined,
      extensions: { code: 'BAD_USER_INPUT', field: 'first', max: 500 },
    });
  });

  it('hides a driver error behind INTERNAL_SERVER_ERROR and reports it to the server only', () => {
    const sqlError = Object.assign(new Error('duplicate key value violates unique constraint: Key (local_id)=(Jane Doe)'), {
      name: 'QueryFailedError',
      code: '23505',
    });
    const seen: unknown[] = [];
    const formatted = formatError({ message: sqlError.message, extensions: { stacktrace: ['...'] } }, wrap(sqlError), (e) => seen.push(e));
    expect(formatted.message).toBe('Internal server error');
    expect(formatted.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
    expect(JSON.stringify(formatted)).not.toMatch(/Jane|duplicate|stacktrace/);
    expect(seen).toEqual([sqlError]);
    expect(describeForLog(sqlError)).toBe('QueryFailedError (code 23505)');
  });

  it('passes errors relayed from a subgraph through, without stack traces', () => {
    const relayed = new GraphQLError('Unknown GSID', { originalError: { message: 'Unknown GSID', extensions: { code: 'NOT_FOUND' } } as unknown as Error });
    const formatted = formatError({ message: 'Unknown GSID', extensions: { code: 'NOT_FOUND', serviceName: 'registry', stacktrace: ['x'] } }, relayed);
    expect(formatted).toEqual({ message: 'Unknown GSID', extensions: { code: 'NOT_FOUND', serviceName: 'registry' } });
  });

  it('turns a database the service cannot reach into its unavailable error, and nothing else', () => {
    const databaseDown = databaseUnreachable(ErrorCode.PARTNER_UNAVAILABLE, 'Partner p1', { partnerId: 'p1' });
    // As TypeORM wraps what pg says: the session cut off, or the server refusing a new one (FATAL).
    const terminated = Object.assign(new Error('Connection terminated unexpectedly'), {
      name: 'QueryFailedError',
      driverError: new Error('Connection terminated unexpectedly'),
    });
    const refused = Object.assign(new Error('database "cg_p1" is not currently accepting connections'), { code: '55000', severity: 'FATAL' });
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (const error of [terminated, refused, socket]) {
      expect(isDatabaseUnreachable(error)).toBe(true);
      const formatted = formatError({ message: error.message, path: ['x'] }, wrap(error), () => undefined, { databaseDown });
      expect(formatted).toEqual({
        message: 'Partner p1 is unavailable: its database is not reachable',
        path: ['x'],
        locations: undefined,
        extensions: { code: 'PARTNER_UNAVAILABLE', partnerId: 'p1', reason: 'its database is not reachable' },
      });
    }
    // A statement that fails on a live connection is a bug or bad data, not an outage.
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), { name: 'QueryFailedError', code: '23505', severity: 'ERROR' });
    expect(isDatabaseUnreachable(unique)).toBe(false);
    expect(formatError({ message: unique.message }, wrap(unique), () => undefined, { databaseDown }).extensions).toEqual({
      code: ErrorCode.INTERNAL_SERVER_ERROR,
    });
  });
});

describe('formatError: what never reaches a client', () => {
  it('never lets the message, stack or cause of an unexpected error through, whatever the server attached', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'birthYear') in SELECT * FROM participant");
    const wrapped = Object.assign(new Error('query failed'), { cause: bug });
    for (const original of [bug, wrapped]) {
      const seen: unknown[] = [];
      const extensions = { code: 'BAD_USER_INPUT', stacktrace: bug.stack?.split('\n'), exception: { bug } };
      const attached = { message: original.message, path: ['x', 0], locations: [{ line: 1, column: 3 }], extensions };
      const formatted = formatError(attached, wrap(original), (e) => seen.push(e));
      expect(formatted).toEqual({ message: 'Internal server error', path: ['x', 0], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(seen).toEqual([original]);
    }
  });

  it('keeps a domain error thrown outside execution, or from a subclass, with its details and locations', () => {
    class LinkError extends DomainError {}
    const direct = notFound('partner', 'p9', { partnerId: 'p9' });
    expect(formatError({ message: 'ignored', locations: [{ line: 2, column: 1 }] }, direct)).toEqual({
      message: "Unknown partner 'p9'",
      path: undefined,
      locations: [{ line: 2, column: 1 }],
      extensions: { code: 'NOT_FOUND', partnerId: 'p9' },
    });
    const sub = wrap(new LinkError(ErrorCode.WRITE_FAILED, 'Nothing was stored', { kept: 0 }));
    const unexpected = () => {
      throw new Error('a domain error is not unexpected');
    };
    expect(formatError({ message: 'x' }, sub, unexpected).extensions).toEqual({ code: 'WRITE_FAILED', kept: 0 });
  });

  it('without a databaseDown answer, an unreachable database is an internal error that names no host or database', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432 (database cg_partner_a)'), { code: 'ECONNREFUSED' });
    const formatted = formatError({ message: socket.message }, wrap(socket));
    expect(formatted).toEqual({ message: 'Internal server error', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('finds an unreachable database behind TypeORM and cause wrappers, a few levels deep', () => {
    const pgError = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const typeorm = Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError: pgError });
    expect(isDatabaseUnreachable(new Error('loading participants', { cause: typeorm }))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('syntax error at or near "FROM"'), { code: '42601', severity: 'ERROR' }))).toBe(false);
    expect(isDatabaseUnreachable('ECONNREFUSED')).toBe(false);
  });
});

describe('describeForLog', () => {
  it('names the class and code only, never the message', () => {
    expect(describeForLog(Object.assign(new Error('Key (email)=(jane@example.org) already exists'), { code: '23505' }))).toBe('Error (code 23505)');
    expect(describeForLog(new RangeError('value 9999 for Jane Doe'))).toBe('RangeError');
    expect(describeForLog({ message: 'Jane Doe' })).toBe('non-error value thrown');
  });
});
