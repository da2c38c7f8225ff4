import { CHUNK_BYTES, decodeContent, encodeContent, type ReleaseContent } from './content';

/** Content that does not compress well, so it spans several chunks. */
function bigContent(): ReleaseContent {
  const cells = Array.from({ length: 40_000 }, (_v, i) => ({
    key: `PARTNER=p${i}`,
    values: [{ dimension: 'PARTNER', value: `p${i}-${(i * 2654435761) % 1_000_003}` }],
    current: { people: (i * 7919) % 997, numerator: null, value: ((i * 104729) % 1009) / 7, suppressed: false, suppression: null },
    previous: null,
    change: null,
  }));
  const indicator = {
    code: 'X',
    version: 1,
    name: 'x',
    kind: 'COUNT',
    unit: 'people',
    countUnit: 'PEOPLE',
    dimensions: ['PARTNER' as const],
    disclosureControl: { applied: true, minimumCellSize: 11, cubeDimensions: ['PARTNER' as const] },
    tables: [{ dimensions: ['PARTNER' as const], cells }],
    coverage: { partnersAsked: 1, partnersAnswered: 1, missing: [] },
  };
  return { format: 1, periodLabel: 'PY2024', programYear: 2024, minimumCellSize: 11, indicators: [indicator] };
}

describe('release content: gzip in chunks under a digest', () => {
  it('comes back equal from its chunks, each within the chunk size', () => {
    const content = bigContent();
    const encoded = encodeContent(content);
    expect(encoded.chunks.length).toBeGreaterThan(1);
    for (const chunk of encoded.chunks) expect(Buffer.from(chunk, 'base64').length).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(decodeContent(encoded.chunks, encoded.sha256)).toEqual(content);
  });

  it('refuses chunks that are missing, reordered or changed: never a figure from a broken store', () => {
    const encoded = encodeContent(bigContent());
    const [a, b, ...rest] = encoded.chunks;
    expect(() => decodeContent([a, ...rest], encoded.sha256)).toThrow(/does not match its digest/);
    expect(() => decodeContent([b, a, ...rest], encoded.sha256)).toThrow(/does not match its digest/);
    const changed = Buffer.from(a, 'base64');
    changed[100] ^= 1;
    expect(() => decodeContent([changed.toString('base64'), b, ...rest], encoded.sha256)).toThrow(/does not match its digest/);
  });
});
