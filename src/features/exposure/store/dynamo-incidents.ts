import { KeywardenError } from '../../../kernel/errors';
import type { Incident } from '../domain/incident';
import type { Incidents } from '../domain/ports/incidents';
import { DynamoVersionedStore } from '../../../platform/store/dynamo-versioned-store';
import { isConditionFailure } from '../../../platform/store/store-errors';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { incidentCodec } from './incident-codec';

/**
 * One item per key, INCIDENT#<keyId> / INCIDENT, replaced whole under its version. `open` is the
 * create's `attribute_not_exists(pk)`: of two replicas (or two regions' copies) only one opens it.
 */
export class DynamoIncidents extends DynamoVersionedStore<Incident> implements Incidents {
  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    super(doc, tableName, incidentCodec);
  }

  async open(incident: Incident): Promise<boolean> {
    try {
      await this.create(incident);
      return true;
    } catch (error) {
      // create() turns every failure into STORE_UNAVAILABLE and keeps the SDK's error as cause.
      if (error instanceof KeywardenError && isConditionFailure(error.cause)) return false;
      throw error;
    }
  }
}
