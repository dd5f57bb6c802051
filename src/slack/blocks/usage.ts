import type { UsageProblem } from '../parsing/keys-command';
import { context, section, type Reply } from './primitives';
import { USAGE_LINE, usageProblemText } from './texts';

export function usageBlocks(usage: UsageProblem): Reply {
  const problem = usageProblemText(usage);
  return { text: `${problem} ${USAGE_LINE}`, blocks: [section(`:warning: ${problem}`), context(USAGE_LINE)] };
}
