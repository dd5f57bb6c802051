import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRequest, OpenState } from '../domain/approval';
import { asPagePosition, positionId, type PagePosition, type Positioned } from '../../../kernel/page';
import type { ApprovalPages } from '../domain/ports/approval-pages';
import { KeywardenError } from '../../../kernel/errors';
import { fromItem, requestKey } from './approval-items';
import { queryItems, type Item } from '../../../platform/store/paging';

/** The sparse open-requests index (gsi1, `APPROVAL#<state>`, sorted by creation), a slice at a time. */
export class DynamoApprovalPages implements ApprovalPages {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Told of an item in a listing that does not decode; the listing goes on without it. */
    private readonly onCorrupt: (error: unknown) => void = () => undefined,
  ) {}

  async slice(
    state: OpenState,
    order: 'forward' | 'backward',
    from: PagePosition | undefined,
    limit: number,
  ): Promise<Positioned<ApprovalRequest>[]> {
    if (from !== undefined && asPagePosition(from) === undefined) {
      throw new KeywardenError('UNEXPECTED', 'not a page position');
    }
    const partition = `APPROVAL#${state}`;
    // Built here from the state asked for: a position from a click can only move within that index.
    const start = from && { ...requestKey(positionId(from)), gsi1pk: partition, gsi1sk: from };
    const found = await queryItems(
      this.doc,
      this.tableName,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: order === 'forward',
        Limit: limit,
      },
      { decode: positioned, onCorrupt: this.onCorrupt, start, enough: limit },
    );
    return found.slice(0, limit);
  }
}

function positioned(item: Item): Positioned<ApprovalRequest> {
  const position = asPagePosition(String(item.gsi1sk));
  if (!position) throw new KeywardenError('STORE_CORRUPT', 'an open request has a bad index key');
  return { item: fromItem(item), position };
}
