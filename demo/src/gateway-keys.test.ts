import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayKeysIn } from './coalition';

describe("the demo's gateway key kept between starts", () => {
  it('is made once, owner-only, and the same key pair is read back at the next start', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cg-keys-')), 'nested', 'demo-gateway-key.pem');
    const first = gatewayKeysIn(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = gatewayKeysIn(file);
    const pem = (k: typeof first) => k.publicKey.export({ type: 'spki', format: 'pem' });
    expect(pem(again)).toBe(pem(first));
    expect(pem(gatewayKeysIn(join(file, '..', 'other.pem')))).not.toBe(pem(first));
  });
});
