/**
 * What a V8 heap snapshot (.heapsnapshot, e.g. from the bot's --heapsnapshot-signal) holds, grouped
 * by node type and constructor or string kind, largest first: where the bot's heap went.
 * Usage: node dist/bench/heap-summary.js FILE [TOP]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  type: string;
  name: string;
  count: number;
  selfBytes: number;
}

/** Nodes grouped by type and name; strings grouped by type only, as their names are their contents. */
export function heapGroups(snapshot: Snapshot): HeapGroup[] {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt] ?? 0] ?? '?';
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden';
    const name = named ? (snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? '?') : '';
    const key = `${type}\u0000${name}`;
    const group = groups.get(key) ?? { type, name, count: 0, selfBytes: 0 };
    group.count++;
    group.selfBytes += snapshot.nodes[i + sizeAt] ?? 0;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.selfBytes - a.selfBytes);
}

function main(): void {
  const [file, top = '30'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node dist/bench/heap-summary.js FILE [TOP]');
  const groups = heapGroups(JSON.parse(readFileSync(file, 'utf8')) as Snapshot);
  const total = groups.reduce((sum, group) => sum + group.selfBytes, 0);
  console.log(
    `${file}: ${(total / 1024 / 1024).toFixed(1)} MB in ${groups.reduce((s, g) => s + g.count, 0)} nodes`,
  );
  for (const group of groups.slice(0, Number(top))) {
    console.log(
      `${(group.selfBytes / 1024 / 1024).toFixed(1).padStart(7)} MB  ${String(group.count).padStart(9)}  ${group.type}${group.name ? ` ${group.name.slice(0, 80)}` : ''}`,
    );
  }
}

if (require.main === module) main();
