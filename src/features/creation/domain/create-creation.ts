import { KeyCreation, type KeyCreationDeps } from './key-creation';

/**
 * The creation slice's domain built from its ports alone: install() passes the Slack and DynamoDB
 * adapters, the unit tests pass fakes, so both run the same wiring.
 */
export function createCreationDomain(ports: KeyCreationDeps): { creation: KeyCreation } {
  return { creation: new KeyCreation(ports) };
}
