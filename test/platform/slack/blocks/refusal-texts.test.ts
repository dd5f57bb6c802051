// The composed app: every slice it installs registers its refusals' words as it is loaded.
import { createKeywarden } from '../../../../src/app';
import {
  refusalText,
  registeredRefusals,
  registerRefusalTexts,
} from '../../../../src/platform/slack/blocks/refusal-texts';
import { APPROVAL_SAMPLES } from '../../../features/approvals/slack/refusal-samples';
import { CREATION_SAMPLES } from '../../../features/creation/slack/refusal-samples';
import { KEYS_SAMPLES } from '../../../features/keys/slack/refusal-samples';
import { REPORTS_SAMPLES } from '../../../features/reports/slack/refusal-samples';
import { ROTATION_SAMPLES } from '../../../features/rotation/slack/refusal-samples';
import { KERNEL_SAMPLES } from './kernel-refusal-samples';

const SLICES = {
  kernel: KERNEL_SAMPLES,
  keys: KEYS_SAMPLES,
  creation: CREATION_SAMPLES,
  approvals: APPROVAL_SAMPLES,
  rotation: ROTATION_SAMPLES,
  reports: REPORTS_SAMPLES,
};

describe('the refusal registry', () => {
  it('once the app is composed, every slice has registered the words of each of its refusals', () => {
    expect(createKeywarden).toBeInstanceOf(Function);
    const registered = new Set(registeredRefusals());
    for (const [slice, samples] of Object.entries(SLICES)) {
      for (const reason of Object.keys(samples))
        expect({ slice, reason, registered: registered.has(reason) }).toEqual({
          slice,
          reason,
          registered: true,
        });
    }
  });

  it('no two refusals of any slices read the same, so a person can tell them apart', () => {
    const texts = Object.values(SLICES).flatMap((samples) => Object.values(samples).map(refusalText));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('a reason whose words are in two slices stops the start, naming it', () => {
    registerRefusalTexts<{ reason: 'test-only' }>({ 'test-only': () => 'first words' });
    expect(() => registerRefusalTexts<{ reason: 'test-only' }>({ 'test-only': () => 'other words' })).toThrow(
      /'test-only' has words in two places/,
    );
    expect(refusalText({ reason: 'test-only' })).toBe('first words');
  });

  it('a refusal nobody registered is a bug that names its reason, not a blank reply', () => {
    expect(() => refusalText({ reason: 'never-registered' })).toThrow(/'never-registered'/);
  });
});
