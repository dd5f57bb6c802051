import type { Params } from '../query-api/http';
import { constraint, required } from '../iam/params';
import type { QueryApiError } from '../query-api/errors';

// STS's request constraints for AssumeRole, in its validation wording (the same as IAM's).
const NAME_PATTERN = /^[\w+=,.@-]*$/;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]*$/;

export const DEFAULT_DURATION_SECONDS = 3600;

export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  sourceIdentity?: string;
  durationSeconds: number;
}

function lengthBetween(value: string, field: string, min: number, max: number): QueryApiError | undefined {
  if (value.length < min)
    return constraint(value, field, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    return constraint(value, field, `Member must have length less than or equal to ${max}`);
  return undefined;
}

function checked(
  value: string,
  field: string,
  min: number,
  max: number,
  pattern: RegExp,
  shown: string,
): string {
  const tooLongOrShort = lengthBetween(value, field, min, max);
  if (tooLongOrShort) throw tooLongOrShort;
  if (!pattern.test(value)) {
    throw constraint(value, field, `Member must satisfy regular expression pattern: ${shown}`);
  }
  return value;
}

function duration(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_DURATION_SECONDS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 900) {
    throw constraint(raw, 'durationSeconds', 'Member must have value greater than or equal to 900');
  }
  if (value > 43200) {
    throw constraint(raw, 'durationSeconds', 'Member must have value less than or equal to 43200');
  }
  return value;
}

export function assumeRoleParams(params: Params): AssumeRoleParams {
  const roleArn = required(params, 'RoleArn');
  const tooLongOrShort = lengthBetween(roleArn, 'roleArn', 20, 2048);
  if (tooLongOrShort) throw tooLongOrShort;
  const roleSessionName = checked(
    required(params, 'RoleSessionName'),
    'roleSessionName',
    2,
    64,
    NAME_PATTERN,
    '[\\w+=,.@-]*',
  );
  const externalId = params['ExternalId'];
  const sourceIdentity = params['SourceIdentity'];
  return {
    roleArn,
    roleSessionName,
    ...(externalId !== undefined
      ? { externalId: checked(externalId, 'externalId', 2, 1224, EXTERNAL_ID_PATTERN, '[\\w+=,.@:\\/-]*') }
      : {}),
    ...(sourceIdentity !== undefined
      ? { sourceIdentity: checked(sourceIdentity, 'sourceIdentity', 2, 64, NAME_PATTERN, '[\\w+=,.@-]*') }
      : {}),
    durationSeconds: duration(params['DurationSeconds']),
  };
}
