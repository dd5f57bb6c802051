import type { Received } from '../domain/exposure-response';
import { code } from '../../../platform/slack/blocks/format';
import { plainReply, type Reply } from '../../../platform/slack/blocks/primitives';

/** `/keys exposed`: where the incident is, and whether this report opened it or joined it. */
export function exposedReply({ incident, duplicate }: Received): Reply {
  const where = incident.card ? ` in <#${incident.card.channel}>` : '';
  const contained = incident.containment?.kind === 'inactive' ? ' The key is Inactive.' : '';
  return plainReply(
    duplicate
      ? `${code(incident.keyId)} already has an open incident${where}: your report was added to it.${contained}`
      : `Incident opened for ${code(incident.keyId)}${where}.${contained}`,
  );
}
