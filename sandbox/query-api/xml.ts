import { XMLBuilder } from 'fast-xml-parser';
import type { QueryApiError } from './errors';

/** An element's content: text, child elements, or a list (repeated elements of the same name). */
export type XmlContent = string | number | boolean | XmlElement | XmlElement[] | string[];
export interface XmlElement {
  [name: string]: XmlContent;
}

// Empty elements come out as `<Users/>`, as IAM sends an empty list; the SDK reads that as [].
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
});

/** The Query API's timestamp form: ISO 8601 in UTC without milliseconds. */
export function isoDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A Query-API list: `<Name><member>..</member><member>..</member></Name>`. */
export function members(items: XmlElement[] | string[]): XmlElement {
  return { member: items };
}

/** Actions without output (UpdateAccessKey, DeleteAccessKey) have no Result element, as in IAM. */
export function successXml(
  xmlns: string,
  action: string,
  result: XmlElement | undefined,
  requestId: string,
): string {
  return builder.build({
    [`${action}Response`]: {
      '@_xmlns': xmlns,
      ...(result ? { [`${action}Result`]: result } : {}),
      ResponseMetadata: { RequestId: requestId },
    },
  }) as string;
}

export function errorXml(xmlns: string, error: QueryApiError, requestId: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': xmlns,
      Error: { Type: error.type, Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  }) as string;
}
