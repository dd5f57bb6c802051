/**
 * The seeds' way of reading an account (the per-key listing), in a process of its own, so its peak
 * memory is its own and not the IAM stand-in's. Started by stale-report.ts (the bot's own path runs in
 * the bot); answers one message on the IPC channel and exits.
 */
import { createIamClients } from '../src/platform/aws/iam-client';
import { ListingScanner } from '../src/platform/aws/listing-scanner';
import { KeywardenError } from '../src/kernel/errors';
import type { AccountScanner } from '../src/kernel/key-facts/key-facts';
import { staleReport } from '../src/features/reports/domain/stale-report';

export type PathName = 'listing' | 'listing-sdk-retries';

export interface WorkerRequest {
  path: PathName;
  endpoint: string;
  /** The listing's pacing ceiling, calls a second. */
  maxRate: number;
  now: string;
}

export interface WorkerResult {
  path: PathName;
  ok: boolean;
  error?: string;
  wallMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  keys: number;
  stale: number;
}

const MB = 1024 * 1024;

function scannerFor(request: WorkerRequest): AccountScanner {
  const clients = createIamClients({
    endpoint: request.endpoint,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
  });
  switch (request.path) {
    case 'listing':
      return new ListingScanner(clients.singleAttempt, {
        pacing: { initialRate: 20, maxRate: request.maxRate },
      });
    case 'listing-sdk-retries':
      // No pacing and no retries of our own: only the SDK's standard retries, as a plain loop would have.
      return new ListingScanner(clients.standard, {
        pacing: { initialRate: 1e6, maxRate: 1e6, maxAttempts: 1 },
      });
  }
}

async function run(request: WorkerRequest): Promise<WorkerResult> {
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  const base = { path: request.path };
  try {
    const scan = await scannerFor(request).scan();
    const report = staleReport(scan, {
      thresholds: { maxAgeDays: 90, maxUnusedDays: 30 },
      exempt: new Set(),
      now: new Date(request.now),
    });
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    return { ...base, ok: true, ...measures(), keys: scan.keys.length, stale: report.counts.keys };
  } catch (error) {
    const code = error instanceof KeywardenError ? error.code : 'UNEXPECTED';
    // How many attempts the SDK made for the call that failed: 1 means its retry quota had run dry.
    const attempts = (error as { cause?: { $metadata?: { attempts?: number } } }).cause?.$metadata?.attempts;
    const error_ =
      attempts === undefined ? code : `${code} after ${attempts} SDK attempt${attempts === 1 ? '' : 's'}`;
    return { ...base, ok: false, error: error_, ...measures(), keys: 0, stale: 0 };
  } finally {
    clearInterval(sampler);
  }

  function measures() {
    return {
      wallMs: performance.now() - started,
      // resourceUsage().maxRSS is in kilobytes: the high-water mark of the whole process.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: peakHeap / MB,
    };
  }
}

process.once('message', (request: WorkerRequest) => {
  void run(request).then((result) => {
    process.send?.(result, () => process.exit(0));
  });
});
