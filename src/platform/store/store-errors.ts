import { KeywardenError } from '../../kernel/errors';

/**
 * DynamoDB failures other than a failed condition become STORE_UNAVAILABLE (after the SDK's own
 * retries), so every caller can answer "nothing was changed" the same way.
 */
export function toStoreError(error: unknown, operation: string): KeywardenError {
  if (error instanceof KeywardenError) return error;
  const name = (error as { name?: string } | undefined)?.name ?? 'network error';
  if (name === 'ResourceNotFoundException') {
    return new KeywardenError('STORE_TABLE_MISSING', `DynamoDB ${operation}: the table does not exist`, {
      cause: error,
    });
  }
  return new KeywardenError('STORE_UNAVAILABLE', `DynamoDB ${operation}: ${name}`, { cause: error });
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}
