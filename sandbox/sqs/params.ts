import { invalidParameter, SqsError } from './errors';

export type Input = Record<string, unknown>;

export function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new SqsError('MissingParameter', `The request must contain the parameter ${name}.`);
  }
  return value;
}

/** An integer in [min, max], or the fallback when absent; SQS's own message otherwise. */
export function integerIn(input: Input, name: string, min: number, max: number, fallback: number): number {
  const value = input[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(
      `Value ${String(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}.`,
    );
  }
  return value;
}

export function stringList(input: Input, name: string): string[] {
  const value = input[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `All` or the names asked for, as SQS filters both system and queue attributes. */
export function pick(
  attributes: Record<string, string>,
  names: string[],
): Record<string, string> | undefined {
  if (names.length === 0) return undefined;
  const all = names.includes('All');
  const picked = Object.entries(attributes).filter(([name]) => all || names.includes(name));
  return picked.length > 0 ? Object.fromEntries(picked) : undefined;
}
