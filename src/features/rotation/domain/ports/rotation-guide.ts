import type { MessageRef } from '../../../../kernel/message-ref';
import type { LastUse } from '../../../../kernel/types';
import type { Rotation } from '../rotation';

/** What the guide shows at each step: when each key was last used. */
export interface RotationView {
  rotation: Rotation;
  oldKeyUse?: LastUse;
  newKeyUse?: LastUse;
}

/** The rotation guide in the driver's DM; a normal message (not ephemeral) so it survives a reload. */
export interface RotationGuide {
  post(view: RotationView): Promise<MessageRef>;
  update(view: RotationView): Promise<void>;
}
