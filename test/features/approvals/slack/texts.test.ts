import { APPROVAL_REFUSAL_TEXTS } from '../../../../src/features/approvals/slack/texts';
import { expectEveryRefusalRenders } from '../../../support/refusal-texts';
import { APPROVAL_SAMPLES } from './refusal-samples';

describe('every approvals refusal renders', () => {
  expectEveryRefusalRenders(APPROVAL_SAMPLES, APPROVAL_REFUSAL_TEXTS);
});
