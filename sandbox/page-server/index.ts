export { startPageServer, RUN_REPORT_NOT_WIRED, type PageServer, type PageServerOptions } from './server';
export { defaultWebRoot, isBuilt, repoRoot } from './static-files';
export * from './api';
