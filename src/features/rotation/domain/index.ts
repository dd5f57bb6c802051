/** The rotation slice's domain door (see features/keys/domain/index.ts). */
export type { KeyRotation, RotationStart } from './key-rotation';
export type { RotationRefusal } from './refusals';
