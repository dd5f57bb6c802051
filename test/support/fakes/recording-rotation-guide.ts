import type { MessageRef } from '../../../src/features/approvals/domain/approval';
import type { RotationGuide, RotationView } from '../../../src/features/rotation/domain/ports/rotation-guide';
import { copy, Faults } from './faults';

/** Records each guide posted and updated, as it was then; fails on demand. */
export class RecordingRotationGuide implements RotationGuide {
  readonly faults = new Faults<'post' | 'update'>();
  readonly posts: RotationView[] = [];
  readonly updates: RotationView[] = [];

  async post(view: RotationView): Promise<MessageRef> {
    this.faults.check('post');
    this.posts.push(copy(view));
    return { channel: `D${view.rotation.driver.slice(1)}`, ts: `${this.posts.length}.000300` };
  }

  async update(view: RotationView): Promise<void> {
    this.faults.check('update');
    this.updates.push(copy(view));
  }
}
