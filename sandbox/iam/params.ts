import { IamError, validation } from './errors';
import type { Params } from '../query-api/http';

export type { Params };

// IAM's request constraints for the parameters used here; the wording follows IAM's validation messages.
const USER_NAME = /^[\w+=,.@-]+$/;
const ACCESS_KEY_ID = /^\w+$/;

export function constraint(value: string, field: string, rule: string): IamError {
  return validation(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined) {
    const field = name.charAt(0).toLowerCase() + name.slice(1);
    throw validation(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function accessKeyId(params: Params): string {
  const value = required(params, 'AccessKeyId');
  if (value.length < 16 || value.length > 128) {
    throw constraint(value, 'accessKeyId', 'Member must have length between 16 and 128');
  }
  if (!ACCESS_KEY_ID.test(value))
    throw constraint(value, 'accessKeyId', 'Member must satisfy regular expression pattern: [\\w]+');
  return value;
}

/** A UserName as IAM constrains it. */
export function userName(value: string): string {
  if (value.length < 1 || value.length > 128) {
    throw constraint(value, 'userName', 'Member must have length greater than or equal to 1');
  }
  if (!USER_NAME.test(value)) {
    throw constraint(value, 'userName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
  return value;
}

/**
 * Only an absent UserName means "the caller"; a present but empty one is a ValidationError, as in IAM.
 * A caller without an IAM user of its own (role credentials) gets IAM's own message for that case.
 */
export function userNameOrCaller(params: Params, caller: string | undefined): string {
  const value = params['UserName'];
  if (value !== undefined) return userName(value);
  if (caller === undefined) throw validation('Must specify userName when calling with non-User credentials');
  return caller;
}

export function status(params: Params): 'Active' | 'Inactive' {
  const value = required(params, 'Status');
  if (value !== 'Active' && value !== 'Inactive') {
    throw constraint(value, 'status', 'Member must satisfy enum value set: [Active, Inactive]');
  }
  return value;
}

export function maxItems(params: Params): number {
  const raw = params['MaxItems'];
  if (raw === undefined) return 100;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 1000) {
    throw constraint(raw, 'maxItems', 'Member must have value between 1 and 1000');
  }
  return value;
}
