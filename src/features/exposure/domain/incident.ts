import type { AccountRef } from '../../../kernel/account-ref';
import type { MessageRef } from '../../../kernel/message-ref';
import type { Versioned } from '../../../kernel/ports/versioned-store';
import type { IamUserName, KeyId, LastUse, SlackUserId } from '../../../kernel/types';
import type { ActivityFailure, ActivitySummary } from './key-activity';
import type { ExposureSource } from './exposure-report';
import type { StepUpEvidence } from '../../approvals/domain';

/** What the user of a leaked key can do, and whether AWS quarantined it. */
export type UserPermissions =
  | {
      managedPolicies: string[];
      inlinePolicies: string[];
      groups: string[];
      /** An AWSCompromisedKeyQuarantine* policy is attached: the user stays restricted, whatever key it gets next. */
      quarantined: boolean;
    }
  | { failure: ActivityFailure };

/**
 * Where the key was found, or why it was not: an account Keywarden does not manage (nothing was
 * changed), a key no managed account holds, or IAM that could not tell.
 */
export type Finding =
  | { kind: 'found'; owner: IamUserName; lastUse: LastUse; ownerSlack?: SlackUserId }
  | { kind: 'not-managed'; accountId: string }
  | { kind: 'no-such-key' }
  | { kind: 'unresolved'; why: string };

/**
 * The containment: the key Inactive since `at` (held: only an admin re-activates), or why not
 * (`policy`: exposure.deactivate is false; `failed`: IAM refused or failed, the key is still Active).
 */
export type Containment =
  | { kind: 'inactive'; at: Date; alreadyInactive: boolean }
  | { kind: 'not-contained'; why: 'policy' | 'not-found' | 'failed'; detail?: string };

/** The incident's activity: not read yet, read, or failed as a whole (each region's failure is in the summary). */
export type IncidentActivity = ActivitySummary | { failure: ActivityFailure };

/**
 * One key, one open incident: `id` is the key id (the item INCIDENT#<keyId>), so every copy,
 * redelivery or second source finds the same one.
 */
export interface Incident extends Versioned<'OPEN'>, AccountRef {
  keyId: KeyId;
  /** Every distinct source, the first one first: the card says "also reported by" the others. */
  sources: ExposureSource[];
  openedAt: Date;
  /** `responding` while one replica finds, contains and posts; `responded` once the card is up. */
  stage: 'responding' | 'responded';
  /**
   * Until when the responder's claim holds, on the responder's clock: another replica never compares it
   * with its own, it watches the incident for a lease instead (ResponderClaims.takeOverAbandoned).
   */
  leaseUntil: Date;
  /** The claim's token: only the responder holding it renews the lease, deactivates and posts the card. */
  responder?: string;
  finding?: Finding;
  containment?: Containment;
  card?: MessageRef;
  permissions?: UserPermissions;
  activity?: IncidentActivity;
  ownerTold?: boolean;
  /** `stepUp`: the admin's step-up sign-in, where approvals.stepUp.for names reactivate-exposed. */
  reactivated?: { by: SlackUserId; why: string; at: Date; stepUp?: StepUpEvidence };
}

export function isFound(finding: Finding | undefined): finding is Extract<Finding, { kind: 'found' }> {
  return finding?.kind === 'found';
}
