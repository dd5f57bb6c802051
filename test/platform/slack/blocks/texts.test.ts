import { KERNEL_REFUSAL_TEXTS } from '../../../../src/platform/slack/blocks/texts';
import { expectEveryRefusalRenders } from '../../../support/refusal-texts';
import { KERNEL_SAMPLES } from './kernel-refusal-samples';

describe('every refusal the slices share renders', () => {
  expectEveryRefusalRenders(KERNEL_SAMPLES, KERNEL_REFUSAL_TEXTS);
});
