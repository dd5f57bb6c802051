/**
 * Keywarden's own record ids (approval requests, invitations, rotations) are randomUUID()s. An id
 * that comes back from a click is checked against this form before anything is looked up: anything
 * else a button names is no record of ours.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}
