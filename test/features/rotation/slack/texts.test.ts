import { ROTATION_REFUSAL_TEXTS } from '../../../../src/features/rotation/slack/texts';
import { expectEveryRefusalRenders } from '../../../support/refusal-texts';
import { ROTATION_SAMPLES } from './refusal-samples';

describe('every rotation refusal renders', () => {
  expectEveryRefusalRenders(ROTATION_SAMPLES, ROTATION_REFUSAL_TEXTS);
});
