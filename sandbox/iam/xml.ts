import type { IamError } from './errors';
import { errorXml as queryErrorXml, successXml as querySuccessXml, type XmlElement } from '../query-api/xml';

export { isoDate, members, type XmlContent, type XmlElement } from '../query-api/xml';

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function successXml(action: string, result: XmlElement | undefined, requestId: string): string {
  return querySuccessXml(IAM_XMLNS, action, result, requestId);
}

export function errorXml(error: IamError, requestId: string): string {
  return queryErrorXml(IAM_XMLNS, error, requestId);
}
