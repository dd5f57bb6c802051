/**
 * Loaded into the bot with NODE_OPTIONS=--require, so the bot's own code is not touched: samples
 * process.memoryUsage() every few milliseconds and writes the samples, as JSON lines, to
 * KEYWARDEN_BENCH_MEMORY_LOG when the process exits. RSS from /proc says how much; this says whether
 * it is V8's heap, the buffers outside it (external, arrayBuffers) or neither (native, freed-but-kept).
 */
import { writeFileSync } from 'node:fs';

export interface MemorySample {
  /** Date.now(), so the bench can line samples up with its own clock. */
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

const path = process.env.KEYWARDEN_BENCH_MEMORY_LOG;
const everyMs = Number(process.env.KEYWARDEN_BENCH_MEMORY_EVERY_MS ?? 5);

if (path) {
  const samples: MemorySample[] = [];
  const sample = () => {
    const usage = process.memoryUsage();
    samples.push({
      t: Date.now(),
      rss: usage.rss,
      heapTotal: usage.heapTotal,
      heapUsed: usage.heapUsed,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
    });
  };
  // unref: the sampler must never be what keeps the bot alive at shutdown.
  setInterval(sample, everyMs).unref();
  process.once('exit', () => {
    sample();
    writeFileSync(path, samples.map((s) => JSON.stringify(s)).join('\n'));
  });
}
