import type { ExposureSource } from './exposure-report';

/** A source in a few words, for the card and the trail: "AWS Health AWS_RISK_IAM_QUARANTINE (us-east-1)". */
export function sourceLabel(source: ExposureSource): string {
  const where = source.region ? ` (${source.region})` : '';
  if (source.kind === 'health') return `AWS Health ${source.code}${where}`;
  if (source.kind === 'trusted-advisor') return `Trusted Advisor "${source.code}"${where}`;
  return source.by ? `reported by hand by <@${source.by}>` : 'reported by hand';
}
