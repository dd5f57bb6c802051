import type { App } from '@slack/bolt';
import { keysCommand, type KeysCommandDeps } from './keys-command';

export function registerCommands(app: App, deps: KeysCommandDeps): void {
  app.command('/keys', keysCommand(deps));
}
