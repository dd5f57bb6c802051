import type { IamPort } from '../../../kernel/ports/iam';
import type { KeyId } from '../../../kernel/types';
import type { Rotation } from './rotation';
import type { RotationView } from './ports/rotation-guide';

/**
 * What the guide shows: the rotation and both keys' last use, read through `iam` (the session of
 * whoever asks); without it (the account no longer managed), or where IAM cannot say, "unknown".
 */
export async function rotationView(rotation: Rotation, iam: IamPort | undefined): Promise<RotationView> {
  const use = async (keyId?: KeyId) => {
    if (!keyId || !iam) return undefined;
    try {
      return (await iam.lastUse(keyId)).lastUse;
    } catch {
      return undefined; // gone or IAM busy: the guide shows "unknown" rather than failing the step
    }
  };
  const [oldKeyUse, newKeyUse] = await Promise.all([use(rotation.oldKeyId), use(rotation.newKeyId)]);
  return { rotation, oldKeyUse, newKeyUse };
}
