import { KeywardenError } from '../../src/kernel/errors';
import { iamRefusal } from '../../src/kernel/iam-refusal';
import type { KeyId } from '../../src/kernel/types';
import { iamError } from '../support/fakes';

const notFound = { reason: 'no-such-key' as const, keyId: 'AKIAEXAMPLEKEY000001' as KeyId };

describe('expected IAM failures become refusals; anything else is rethrown', () => {
  it.each([
    ['IAM_NOT_FOUND', notFound],
    ['IAM_THROTTLED', { reason: 'iam-throttled' }],
    ['IAM_ACCESS_DENIED', { reason: 'iam-denied' }],
    ['IAM_UNAVAILABLE', { reason: 'iam-unavailable' }],
  ] as const)('%s', (code, refusal) => {
    expect(iamRefusal(iamError(code), notFound)).toEqual(refusal);
  });

  it('a limit, an unclear create, another code or a plain error is not a refusal', () => {
    expect(() => iamRefusal(iamError('IAM_LIMIT_EXCEEDED'), notFound)).toThrow(KeywardenError);
    expect(() => iamRefusal(iamError('IAM_UNCLEAR'), notFound)).toThrow(KeywardenError);
    expect(() => iamRefusal(new KeywardenError('STORE_UNAVAILABLE', 'x'), notFound)).toThrow('x');
    expect(() => iamRefusal(new TypeError('bug'), notFound)).toThrow('bug');
  });
});
