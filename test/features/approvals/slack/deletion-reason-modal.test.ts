import {
  DEACTIVATE_NOW_ACTION,
  DEACTIVATE_NOW_BLOCK,
  DEACTIVATE_NOW_VALUE,
  deactivateNowTicked,
  decodeDeletionReasonMetadata,
  deletionReasonModal,
  REASON_BLOCK,
  reasonRuleHint,
} from '../../../../src/features/approvals/slack/deletion-reason-modal';
import { blockErrors } from '../../../../sandbox/slack/block-limits';
import { KEY_ID, type KeyId } from '../../../../src/kernel/types';
import { isRotationId } from '../../../../src/features/rotation/domain/rotation';
import { parseReportButtonValue } from '../../../../src/features/reports/slack/report-button';

/** The targets each slice registers for its source (approvals, home, rotation, reports). */
const CHECKS: Record<string, (target: string) => boolean> = {
  list: (target) => KEY_ID.test(target),
  home: (target) => KEY_ID.test(target),
  rotation: isRotationId,
  report: (target) => parseReportButtonValue(target) !== undefined,
};
const accepts = (source: string, target: string) => CHECKS[source]?.(target) ?? false;

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const ROTATION = '0b7e2c1e-5f0a-4c47-9d8e-1f2a3b4c5d6e';
const REPORT = JSON.stringify({ u: 'bob', a: 'prod', c: '2026-01-02T03:04:05.000Z', r: 0 });

describe('the Request deletion modal', () => {
  it.each([
    [{ source: 'list' as const, target: KEY, channel: 'D0BOB' }],
    [{ source: 'home' as const, target: KEY }],
    [{ source: 'rotation' as const, target: ROTATION, channel: 'D0ALICE' }],
    [{ source: 'report' as const, target: REPORT, channel: 'C0SECOPS' }],
  ])('carries where it was opened, and reads it back: %j', (metadata) => {
    const view = deletionReasonModal(metadata, 'Start with the ticket, like INC-123.');
    expect(decodeDeletionReasonMetadata(view.private_metadata, accepts)).toEqual(metadata);
    expect(blockErrors(view.blocks)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain(REASON_BLOCK);
    expect(JSON.stringify(view.blocks)).toContain(
      JSON.stringify(reasonRuleHint('Start with the ticket, like INC-123.')).slice(1, -1),
    );
  });

  it.each([
    ['not JSON', 'not json'],
    ['an unknown source', JSON.stringify({ s: 'elsewhere', t: KEY })],
    ['a key id that is none', JSON.stringify({ s: 'list', t: 'AKIA<script>' })],
    ['a rotation id that is a key id', JSON.stringify({ s: 'rotation', t: KEY })],
    ['a report button that is not one', JSON.stringify({ s: 'report', t: '{"u":"bob"}' })],
    ['a channel that is a name', JSON.stringify({ s: 'list', t: KEY, c: '#general' })],
    ['a field more', JSON.stringify({ s: 'list', t: KEY, owner: 'root' })],
  ])('reads nothing from %s', (_name, text) => {
    expect(decodeDeletionReasonMetadata(text, accepts)).toBeUndefined();
  });

  it('offers "Deactivate now" (ticked) only when asked to, and reads it back only for the key it is about', () => {
    expect(JSON.stringify(deletionReasonModal({ source: 'list', target: KEY }).blocks)).not.toContain(
      DEACTIVATE_NOW_BLOCK,
    );
    const view = deletionReasonModal({ source: 'list', target: KEY, deactivate: KEY as KeyId });
    expect(blockErrors(view.blocks)).toEqual([]);
    const checkbox = JSON.stringify(view.blocks);
    expect(checkbox).toContain(DEACTIVATE_NOW_BLOCK);
    expect(checkbox).toContain('"initial_options"');
    expect(decodeDeletionReasonMetadata(view.private_metadata, accepts)).toEqual({
      source: 'list',
      target: KEY,
      deactivate: KEY,
    });
    // A forged offer for another key than the modal's is no offer at all.
    const forged = JSON.stringify({ s: 'list', t: KEY, k: 'AKIAOTHERKEY00000001' });
    expect(decodeDeletionReasonMetadata(forged, accepts)).toEqual({ source: 'list', target: KEY });
    const ticked = {
      [DEACTIVATE_NOW_BLOCK]: {
        [DEACTIVATE_NOW_ACTION]: {
          type: 'checkboxes',
          selected_options: [
            { value: DEACTIVATE_NOW_VALUE, text: { type: 'plain_text' as const, text: 'x' } },
          ],
        },
      },
    };
    expect(deactivateNowTicked(ticked)).toBe(true);
    expect(deactivateNowTicked({})).toBe(false);
  });

  it('carries the key a report line names (found in IAM) as the offer, to be confirmed by the source on submit', () => {
    const view = deletionReasonModal({ source: 'report', target: REPORT, deactivate: KEY as KeyId });
    expect(JSON.stringify(view.blocks)).toContain(DEACTIVATE_NOW_BLOCK);
    expect(decodeDeletionReasonMetadata(view.private_metadata, accepts)).toEqual({
      source: 'report',
      target: REPORT,
      deactivate: KEY,
    });
    // Still no key id that is none.
    const bad = JSON.stringify({ s: 'report', t: REPORT, k: 'AKIA<script>' });
    expect(decodeDeletionReasonMetadata(bad, accepts)).toBeUndefined();
  });
});
