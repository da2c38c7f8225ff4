import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, badInput, describeForLog, formatError } from './errors';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });

describe('formatError', () => {
  it('keeps a domain error with its code and details', () => {
    const error = wrap(badInput('first', 'must be between 1 and 500', { max: 500 }));
    const formatted = formatError({ message: error.message, path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at ...'] } }, error);
    expect(formatted).toEqual({ message: 'Invalid first: must be between 1 and 500', path: ['x'], locations: undefined, extensions: { code: 'BAD_USER_INPUT', field: 'first', max: 500 } });
  });

  it('hides a driver error behind INTERNAL_SERVER_ERROR and reports it to the server only', () => {
    const sqlError = Object.assign(new Error('duplicate key value violates unique constraint: Key (local_id)=(Jane Doe)'), { name: 'QueryFailedError', code: '23505' });
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

  it('DomainError carries a string code', () => {
    expect(new DomainError(ErrorCode.NOT_FOUND, 'x').code).toBe('NOT_FOUND');
  });
});
