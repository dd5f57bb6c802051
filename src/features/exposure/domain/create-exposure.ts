import { ExposureResponse, type ExposureDeps } from './exposure-response';
import { IncidentActions } from './incident-actions';

export interface ExposurePorts extends Omit<ExposureDeps, 'policy' | 'keys'> {
  keys: ExposureDeps['keys'] & ConstructorParameters<typeof IncidentActions>[0]['keys'];
  policy: ExposureDeps['policy'] | undefined;
  defaultRegions: readonly string[];
  reactivationNeedsStepUp?: () => boolean;
}

/**
 * The exposure slice's domain from its ports alone: install() passes the AWS, DynamoDB and Slack
 * adapters, the unit tests pass fakes. Without a policy block there is no automatic response
 * (`response` undefined), but `/keys activity` still works.
 */
export function createExposureDomain(ports: ExposurePorts): {
  response: ExposureResponse | undefined;
  actions: IncidentActions;
} {
  const { policy, defaultRegions, reactivationNeedsStepUp, ...rest } = ports;
  const response = policy ? new ExposureResponse({ ...rest, policy }) : undefined;
  const actions = new IncidentActions({
    ...rest,
    response,
    policy,
    defaultRegions,
    ...(reactivationNeedsStepUp ? { reactivationNeedsStepUp } : {}),
  });
  return { response, actions };
}
