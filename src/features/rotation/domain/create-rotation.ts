import { KeyRotation, type KeyRotationDeps } from './key-rotation';

/**
 * The rotation slice's domain built from its ports and the lower slices' domain services alone:
 * install() passes the Slack and DynamoDB adapters, the unit tests pass fakes.
 */
export function createRotationDomain(ports: KeyRotationDeps): { rotation: KeyRotation } {
  return { rotation: new KeyRotation(ports) };
}
