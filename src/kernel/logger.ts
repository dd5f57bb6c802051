/**
 * The logger the domain writes to: pino's interface, so a domain service can be handed the platform's
 * logger or a child of it without importing the platform (src/platform/logger.ts builds it).
 */
export type { Logger } from 'pino';
