/**
 * How long ago, as people say it at a glance ("2 h ago", "3 days ago"): for a warning that must be
 * read in a second, where a date and time would have to be worked out. Whole units, rounded down.
 */
export function timeAgo(at: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** "last used 2 h ago", or "never used": a key's last use in words. */
export function lastUsedAgo(lastUsedAt: Date | undefined, now: Date): string {
  return lastUsedAt ? `last used ${timeAgo(lastUsedAt, now)}` : 'never used';
}
