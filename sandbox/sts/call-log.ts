export interface StsCall {
  action: string;
  /** Every request parameter except Action and Version: RoleArn, RoleSessionName, ExternalId, ... */
  params: Record<string, string>;
  /** The HTTP status answered; 0 when the connection was dropped instead (errorCode 'ConnectionDropped'). */
  status: number;
  errorCode?: string;
  at: Date;
  /** The key that signed the request, and its account when the stand-in knew the key. */
  callerAccessKeyId?: string;
  callerAccountId?: string;
  /** AssumeRole only: the temporary key it issued (also when the answer was then lost to a fault). */
  issuedAccessKeyId?: string;
}

/** One AssumeRole as a test counts them, refused ones included (look at status). */
export interface AssumeRoleRecord {
  roleArn?: string;
  roleSessionName?: string;
  sourceIdentity?: string;
  externalId?: string;
  callerAccessKeyId?: string;
  status: number;
  errorCode?: string;
  issuedAccessKeyId?: string;
  at: Date;
}

export function assumeRoleRecord(call: StsCall): AssumeRoleRecord {
  const { RoleArn, RoleSessionName, SourceIdentity, ExternalId } = call.params;
  return {
    ...(RoleArn !== undefined ? { roleArn: RoleArn } : {}),
    ...(RoleSessionName !== undefined ? { roleSessionName: RoleSessionName } : {}),
    ...(SourceIdentity !== undefined ? { sourceIdentity: SourceIdentity } : {}),
    ...(ExternalId !== undefined ? { externalId: ExternalId } : {}),
    ...(call.callerAccessKeyId !== undefined ? { callerAccessKeyId: call.callerAccessKeyId } : {}),
    status: call.status,
    ...(call.errorCode !== undefined ? { errorCode: call.errorCode } : {}),
    ...(call.issuedAccessKeyId !== undefined ? { issuedAccessKeyId: call.issuedAccessKeyId } : {}),
    at: call.at,
  };
}
