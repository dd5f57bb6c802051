import type { AuditAction, AuditEvent } from '../../../kernel/ports/audit-log';

/** The OCSF schema version the events follow (https://schema.ocsf.io, class Account Change). */
export const OCSF_VERSION = '1.1.0';
export const ACCOUNT_CHANGE_CLASS_UID = 3001;
export const IAM_CATEGORY_UID = 3;
/** Reasons come from people (a deletion's reason): a SIEM event carries a bounded piece of one. */
export const MAX_REASON_CHARS = 1_000;

/** OCSF Account Change activities; everything else a key goes through (approvals, refusals...) is Other. */
const ACTIVITIES: Partial<Record<AuditAction, { id: number; name: string }>> = {
  create: { id: 1, name: 'Create' },
  activate: { id: 2, name: 'Enable' },
  deactivate: { id: 5, name: 'Disable' },
  delete: { id: 6, name: 'Delete' },
};
const OTHER_ACTIVITY = 99;

export interface OcsfAccount {
  uid?: string;
  name: string;
  type_id: 10;
  type: 'AWS Account';
}

/** The fields of an OCSF 1.1 Account Change event that Keywarden fills. */
export interface OcsfAccountChange {
  class_uid: typeof ACCOUNT_CHANGE_CLASS_UID;
  class_name: 'Account Change';
  category_uid: typeof IAM_CATEGORY_UID;
  category_name: 'Identity & Access Management';
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  severity_id: 1;
  severity: 'Informational';
  status_id: 1 | 2;
  status: 'Success' | 'Failure';
  /** Keywarden's own outcome: ok, refused or failed. */
  status_code: AuditEvent['outcome'];
  status_detail?: string;
  /** Epoch milliseconds, as OCSF's timestamp_t. */
  time: number;
  message: string;
  actor: { user: { uid: string; type_id: 1 | 3; type: 'User' | 'System' }; app_name: 'Keywarden' };
  user?: { name: string; credential_uid?: string; account?: OcsfAccount };
  cloud: { provider: 'AWS'; account?: OcsfAccount };
  metadata: {
    version: typeof OCSF_VERSION;
    uid: string;
    correlation_uid?: string;
    log_name: 'keywarden-audit';
    product: { name: 'Keywarden'; vendor_name: 'Keywarden'; version: string };
  };
  unmapped: { action: AuditAction; request_id?: string };
}

export interface OcsfContext {
  /** This event's id, so a SIEM can drop a copy that a retried PutEvents delivered twice. */
  uid: string;
  productVersion: string;
  /** The account's twelve digits where Keywarden knows them. */
  accountId?: string;
}

/**
 * An audit event as an OCSF Account Change event. Every field is picked by name: nothing of the
 * event reaches the stream that is not listed here, and an audit event never holds a secret.
 */
export function ocsfAccountChange(event: AuditEvent, context: OcsfContext): OcsfAccountChange {
  const known = event.outcome === 'refused' ? undefined : ACTIVITIES[event.action];
  const activity = known ?? { id: OTHER_ACTIVITY, name: 'Other' };
  const success = event.outcome === 'ok';
  const account: OcsfAccount | undefined = event.account
    ? {
        ...(context.accountId ? { uid: context.accountId } : {}),
        name: event.account,
        type_id: 10,
        type: 'AWS Account',
      }
    : undefined;
  const reason = event.detail?.slice(0, MAX_REASON_CHARS);
  const system = event.actor === 'system';
  return {
    class_uid: ACCOUNT_CHANGE_CLASS_UID,
    class_name: 'Account Change',
    category_uid: IAM_CATEGORY_UID,
    category_name: 'Identity & Access Management',
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: ACCOUNT_CHANGE_CLASS_UID * 100 + activity.id,
    type_name: `Account Change: ${activity.name}`,
    severity_id: 1,
    severity: 'Informational',
    status_id: success ? 1 : 2,
    status: success ? 'Success' : 'Failure',
    status_code: event.outcome,
    ...(reason ? { status_detail: reason } : {}),
    time: event.at.getTime(),
    message: `keywarden ${event.action}: ${event.outcome}`,
    actor: {
      user: system
        ? { uid: 'system', type_id: 3, type: 'System' }
        : { uid: event.actor, type_id: 1, type: 'User' },
      app_name: 'Keywarden',
    },
    ...(event.owner
      ? {
          user: {
            name: event.owner,
            ...(event.keyId ? { credential_uid: event.keyId } : {}),
            ...(account ? { account } : {}),
          },
        }
      : {}),
    cloud: { provider: 'AWS', ...(account ? { account } : {}) },
    metadata: {
      version: OCSF_VERSION,
      uid: context.uid,
      ...(event.requestId ? { correlation_uid: event.requestId } : {}),
      log_name: 'keywarden-audit',
      product: { name: 'Keywarden', vendor_name: 'Keywarden', version: context.productVersion },
    },
    unmapped: { action: event.action, ...(event.requestId ? { request_id: event.requestId } : {}) },
  };
}
