import { canonicalJson, DISCLOSURE_METHOD, partnerAnswerKey, publishedAnswerKey } from './keys';
import { PartnerDataVersionDocument as DataVersionDocument } from '../upstream/generated/partner';

describe('answer keys', () => {
  it('canonical JSON orders object keys at every depth and keeps list order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [3, 1] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [3, 1], c: null } }));
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('a partner answer is keyed by partner, data version, question and variables', () => {
    const key = partnerAnswerKey('north', '41', DataVersionDocument, { partnerId: 'north' });
    expect(key).toMatch(/^partner:[0-9a-f]{64}$/);
    expect(partnerAnswerKey('north', '41', DataVersionDocument, { partnerId: 'north' })).toBe(key);
    expect(partnerAnswerKey('north', '42', DataVersionDocument, { partnerId: 'north' })).not.toBe(key);
    expect(partnerAnswerKey('south', '41', DataVersionDocument, { partnerId: 'north' })).not.toBe(key);
    expect(partnerAnswerKey('north', '41', DataVersionDocument, { partnerId: 'south' })).not.toBe(key);
  });

  it('a published answer is keyed by the question, the versions and the disclosure decision, never by who asked', () => {
    const base = {
      question: { answer: 'networkIndicator', by: ['SEX'] },
      linkage: '7',
      versions: new Map([
        ['north', '41'],
        ['south', '9'],
      ]),
      disclosure: { unsuppressed: false, by: ['SEX'], dimensions: ['PARTNER', 'SEX'], k: 11, p: 3, visible: new Set(['south', 'north']) },
    } as const;
    const key = publishedAnswerKey(base);
    expect(key).toMatch(/^published:[0-9a-f]{64}$/);
    // The same portfolio in another order: the same entry.
    expect(publishedAnswerKey({ ...base, disclosure: { ...base.disclosure, visible: new Set(['north', 'south']) } })).toBe(key);
    expect(publishedAnswerKey({ ...base, disclosure: { ...base.disclosure, visible: new Set(['north']) } })).not.toBe(key);
    expect(publishedAnswerKey({ ...base, disclosure: { ...base.disclosure, visible: 'ALL' } })).not.toBe(key);
    expect(publishedAnswerKey({ ...base, disclosure: { ...base.disclosure, k: 5 } })).not.toBe(key);
    expect(publishedAnswerKey({ ...base, disclosure: { ...base.disclosure, unsuppressed: true, k: null } })).not.toBe(key);
    expect(publishedAnswerKey({ ...base, linkage: '8' })).not.toBe(key);
    expect(publishedAnswerKey({ ...base, versions: new Map([...base.versions, ['south', '10']]) })).not.toBe(key);
    expect(publishedAnswerKey({ ...base, versions: new Map([['north', '41']]) })).not.toBe(key);
    expect(publishedAnswerKey({ ...base, question: { ...base.question, by: [] } })).not.toBe(key);
  });

  it('a published answer protected at another level, or by another method, is another entry (replicas sharing Redis across a change of DISCLOSURE_PROTECTION or an upgrade)', () => {
    const base = {
      question: { answer: 'networkIndicator', by: ['SEX'] },
      linkage: '7',
      versions: new Map([['north', '41']]),
      disclosure: { unsuppressed: false, by: ['SEX'], dimensions: ['PARTNER', 'SEX'], k: 11, p: 3, visible: 'ALL' as const },
    };
    const key = publishedAnswerKey(base);
    expect(publishedAnswerKey({ ...base, disclosure: { ...base.disclosure, p: 4 } })).not.toBe(key);
    expect(publishedAnswerKey(base, `${DISCLOSURE_METHOD}-next`)).not.toBe(key);
    expect(publishedAnswerKey(base, DISCLOSURE_METHOD)).toBe(key);
  });
});
