import type { UsageProblem } from './parse-keys-command';
import { context, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { USAGE_LINE, usageProblemText } from './texts';

export function usageBlocks(usage: UsageProblem): Reply {
  const problem = usageProblemText(usage);
  return { text: `${problem} ${USAGE_LINE}`, blocks: [section(`:warning: ${problem}`), context(USAGE_LINE)] };
}
