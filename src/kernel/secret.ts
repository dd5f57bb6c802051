import { inspect } from 'node:util';

/**
 * A new SecretAccessKey, held for the moment between IAM and its one ephemeral message. It
 * prints, logs and serialises as "[redacted]"; only `reveal()` gives the text, and the one
 * caller of that is the message that delivers it (security rule 1).
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}
