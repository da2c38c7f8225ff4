import { callerFromClaims, claimsOf } from './caller';

describe('callerFromClaims: grants beyond the role', () => {
  it('reads approve_releases from the permissions claim and forwards it', () => {
    const caller = callerFromClaims({ sub: 'a1', role: 'backbone_analyst', permissions: ['approve_releases', 'approve_releases'] });
    expect(caller.permissions).toEqual(['approve_releases']);
    expect(callerFromClaims(claimsOf(caller))).toEqual(caller);
  });

  it('gives no grant without the claim, or with an empty list', () => {
    expect(callerFromClaims({ sub: 'a1', role: 'backbone_analyst' }).permissions).toBeUndefined();
    expect(callerFromClaims({ sub: 'a1', role: 'backbone_analyst', permissions: [] }).permissions).toBeUndefined();
  });

  it.each([['admin'], [['approve_everything']], [[1]], ['approve_releases']])('refuses permissions %j, naming the claim', (permissions) => {
    expect(() => callerFromClaims({ sub: 'a1', role: 'backbone_analyst', permissions })).toThrow(
      /^Token claim permissions must be a list of approve_releases$/,
    );
  });
});
