import { CREATION_REFUSAL_TEXTS } from '../../../../src/features/creation/slack/texts';
import { expectEveryRefusalRenders } from '../../../support/refusal-texts';
import { CREATION_SAMPLES } from './refusal-samples';

describe('every creation refusal renders', () => {
  expectEveryRefusalRenders(CREATION_SAMPLES, CREATION_REFUSAL_TEXTS);
});
