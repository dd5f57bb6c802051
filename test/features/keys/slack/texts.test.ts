import { KEYS_REFUSAL_TEXTS } from '../../../../src/features/keys/slack/texts';
import { expectEveryRefusalRenders } from '../../../support/refusal-texts';
import { KEYS_SAMPLES } from './refusal-samples';

describe('every keys refusal renders', () => {
  expectEveryRefusalRenders(KEYS_SAMPLES, KEYS_REFUSAL_TEXTS);
});
