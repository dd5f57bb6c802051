/**
 * The vocabulary of the domain. Names and ids are branded so that only validated text
 * (see command.ts) can reach a port: an unchecked string cannot be passed by mistake.
 */
export type IamUserName = string & { readonly __brand: 'IamUserName' };
export type KeyId = string & { readonly __brand: 'KeyId' };
export type SlackUserId = string & { readonly __brand: 'SlackUserId' };

export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
export const KEY_ID = /^\w{16,128}$/;
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

export function asIamUserName(text: string): IamUserName | undefined {
  return IAM_USER_NAME.test(text) ? (text as IamUserName) : undefined;
}

/** IAM user names are unique regardless of case: `ALICE` is alice. */
export function sameIamUser(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function asKeyId(text: string): KeyId | undefined {
  return KEY_ID.test(text) ? (text as KeyId) : undefined;
}

export function asSlackUserId(text: string): SlackUserId | undefined {
  return SLACK_USER_ID.test(text) ? (text as SlackUserId) : undefined;
}

export type KeyStatus = 'Active' | 'Inactive';

export interface AccessKey {
  owner: IamUserName;
  keyId: KeyId;
  status: KeyStatus;
  createdAt: Date;
}

/** `at` is absent when the key has never been used. */
export interface LastUse {
  at?: Date;
  service?: string;
  region?: string;
}

export interface KeyWithUse extends AccessKey {
  lastUse: LastUse;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** One day in milliseconds: days here are UTC days, no daylight saving. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days elapsed, rounded down: a key created 23 hours ago is 0 days old. */
export function ageInDays(from: Date, now: Date): number {
  return Math.floor((now.getTime() - from.getTime()) / DAY_MS);
}
