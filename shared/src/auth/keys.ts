import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * A key from configuration: PEM text itself, or the path of a PEM file. The variable is named in
 * every error; the key is never echoed.
 */
export function readPemKey(variable: string, value: string, kind: 'public' | 'private'): KeyObject {
  let pem = value;
  if (!value.includes('-----BEGIN')) {
    try {
      pem = readFileSync(value, 'utf8');
    } catch {
      throw new Error(`${variable}: no PEM key, and no readable file at that path`);
    }
  }
  try {
    return kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new Error(`${variable}: not a valid ${kind} key in PEM format`);
  }
}

/** A fresh P-256 key pair for ES256 proofs (the demo coalition makes one at start). */
export function generateProofKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A partner's registry key derived from one demo secret (demo and tests only). */
export const demoPartnerRegistryKey = (demoSecret: string, partnerId: string) =>
  createHmac('sha256', demoSecret).update(`registry-key/${partnerId}`).digest('base64url');

/**
 * PARTNER_REGISTRY_KEYS: "partnerId=key,partnerId=key", the keys partners sign their linkage
 * requests to the registry with. Each key at least 32 characters.
 */
export function parsePartnerKeys(variable: string, value: string | undefined): Record<string, string> {
  const keys: Record<string, string> = {};
  if (!value) return keys;
  for (const [index, entry] of value.split(',').entries()) {
    const at = entry.indexOf('=');
    const id = entry.slice(0, at).trim();
    const key = entry.slice(at + 1).trim();
    if (at < 1 || !/^[A-Za-z0-9._:-]{1,64}$/.test(id)) throw new Error(`${variable}: entry ${index + 1} must be partnerId=key`);
    if (key.length < 32) throw new Error(`${variable}: the key of partner ${id} must be at least 32 characters`);
    keys[id] = key;
  }
  return keys;
}
