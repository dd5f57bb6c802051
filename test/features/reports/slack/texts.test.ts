import { REPORTS_REFUSAL_TEXTS } from '../../../../src/features/reports/slack/texts';
import { expectEveryRefusalRenders } from '../../../support/refusal-texts';
import { REPORTS_SAMPLES } from './refusal-samples';

describe('every reports refusal renders', () => {
  expectEveryRefusalRenders(REPORTS_SAMPLES, REPORTS_REFUSAL_TEXTS);
});
