import type { SlackUserId } from '../../../kernel/types';

/**
 * Where a decision taken from the App Home is told: the Home slice (higher up) registers its
 * republishing here at install, as the other hand-offs upward do.
 */
export class HomeNotices {
  private publish?: (userId: SlackUserId, notice: string) => Promise<void>;

  set(publish: (userId: SlackUserId, notice: string) => Promise<void>): void {
    if (this.publish) throw new Error('a Home notice publisher is already registered');
    this.publish = publish;
  }

  has(): boolean {
    return this.publish !== undefined;
  }

  async tell(userId: SlackUserId, notice: string): Promise<void> {
    await this.publish?.(userId, notice);
  }
}
