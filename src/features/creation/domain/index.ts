/** The creation slice's domain door (see features/keys/domain/index.ts). */
export type { CreateResult, KeyCreation } from './key-creation';
export { secretRecipient } from './secret-recipient';
export type { CreationRefusal } from './refusals';
