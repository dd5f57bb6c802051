import type { AnyRefusal, Outcome } from '../../../kernel/outcome';
import type { KeyId } from '../../../kernel/types';
import type { StatusChange } from '../../keys/domain';
import { statusChangeBlocks } from '../../keys';
import { code } from '../../../platform/slack/blocks/format';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';

/**
 * The answer to a Request deletion modal submitted with "Deactivate now" ticked: what became of the
 * key first (deactivated, or why not: then it is still Active, and said so), then of the request.
 */
export function deactivatedThenRequested(
  keyId: KeyId,
  change: Outcome<StatusChange, AnyRefusal>,
  requested: string,
): string {
  if (change.ok) return `${statusChangeBlocks(change.value).text} ${requested}`;
  return (
    `:warning: ${code(keyId)} could not be deactivated, so it is *still Active*: ` +
    `${refusalText(change.refusal)} ${requested}`
  );
}
