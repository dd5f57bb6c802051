/**
 * Where a `--cpu-prof` profile's time went: self time by function and by package, in ms and per command.
 * `node dist/bench/cpu-profile-summary.js PROFILE [COMMANDS] [TOP]`; COMMANDS divides the figures
 * (e.g. the commands the bot answered while it was profiled). Idle and the profiler's own nodes are left out.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@smithy/core/...` -> `@smithy/core`; our own files by their folder under dist/. */
function packageOf(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1]) return inModules[1];
  if (url.startsWith('node:') || url === '') return url || '(native)';
  const ours = /dist\/(src\/[^/]+(?:\/[^/]+)?)/.exec(url);
  return ours?.[1] ?? url;
}

function main(): void {
  const [path, commandsText, topText] = process.argv.slice(2);
  if (!path) throw new Error('usage: cpu-profile-summary PROFILE [COMMANDS] [TOP]');
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const commands = Number(commandsText ?? 1) || 1;
  const top = Number(topText ?? 25) || 25;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByFunction = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    const name = node?.callFrame.functionName ?? '';
    if (!node || name === '(idle)' || name === '(program)' || name === '(root)') return;
    total += micros;
    const { url, lineNumber } = node.callFrame;
    const key = `${name || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + micros);
    const pkg = name === '(garbage collector)' ? '(garbage collector)' : packageOf(url);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + micros);
  });
  const line = ([key, micros]: [string, number]) =>
    `${(micros / 1000).toFixed(1).padStart(9)} ms ${(micros / commands).toFixed(1).padStart(8)} µs/cmd  ${key}`;
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`busy ${(total / 1000).toFixed(0)} ms, ${(total / commands).toFixed(0)} µs a command\n`);
  console.log('by package (self time)');
  for (const entry of sorted(selfByPackage)) console.log(line(entry));
  console.log('\nby function (self time)');
  for (const entry of sorted(selfByFunction)) console.log(line(entry));
}

main();
