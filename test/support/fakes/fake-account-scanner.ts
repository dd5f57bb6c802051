import type {
  AccountScan,
  AccountScanner,
  KeyFacts,
  ScanSource,
} from '../../../src/kernel/key-facts/key-facts';
import { Faults } from './faults';

/** A whole-account scan that answers what it was given, counting its scans; fails on demand. */
export class FakeAccountScanner implements AccountScanner {
  readonly faults = new Faults<'scan'>();
  scans = 0;
  keys: KeyFacts[] = [];

  constructor(
    private readonly source: ScanSource,
    private readonly generatedAt: () => Date,
  ) {}

  async scan(): Promise<AccountScan> {
    this.scans += 1;
    this.faults.check('scan');
    return {
      source: this.source,
      generatedAt: this.generatedAt(),
      keys: this.keys.map((key) => ({ ...key, lastUse: { ...key.lastUse } })),
      users: new Set(this.keys.map((key) => key.owner)).size,
    };
  }
}
