/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, written by `npm run bench -- --profile`): the
 * functions with the most self time and the project functions with the most total time
 * (inclusive of what they call; time waiting for DuckDB's threads or I/O is not CPU time and does
 * not show).
 *
 *   npx tsx scripts/bench/profile-summary.ts bench/profiles/<child folder or file> [--top 20]
 *
 * A child writes one profile per thread (tsx's loader runs in a worker of its own); given a
 * folder, the summary is of the busiest thread's profile.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, arg, table } from './lib.ts';

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

export interface ProfileSummary {
  totalMs: number;
  self: { ms: number; fn: string }[];
  inclusive: { ms: number; fn: string }[];
}

const where = (node: ProfileNode): string => {
  const { functionName, url, lineNumber } = node.callFrame;
  let file = url;
  try {
    if (url.startsWith('file://')) file = relative(ROOT, fileURLToPath(url));
  } catch {
    // keep the URL
  }
  const name = functionName.length > 90 ? `${functionName.slice(0, 87)}...` : functionName;
  return `${name || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
};

export function summariseProfile(profile: Profile, top = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    totalMs += ms;
    const node = byId.get(id)!;
    self.set(where(node), (self.get(where(node)) ?? 0) + ms);
    // Each sample counts once for every distinct project function on its stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      const url = n.callFrame.url;
      if (!url.includes('/src/') && !url.includes('/functions/') && !url.includes('/datasets/')) continue;
      if (url.includes('node_modules')) continue;
      const key = where(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ ms: Math.round(ms), fn }));
  return { totalMs: Math.round(totalMs), self: sorted(self), inclusive: sorted(inclusive) };
}

/** Sampled time not spent idle, ms. */
const busyMs = (profile: Profile): number => {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return profile.samples.reduce((sum, id, i) => sum + (idle.has(id) ? 0 : (profile.timeDeltas[i] ?? 0) / 1000), 0);
};

async function busiestProfile(path: string): Promise<{ file: string; profile: Profile }> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f))
    : [path];
  const profiles = await Promise.all(files.map(async (file) => ({ file, profile: JSON.parse(await readFile(file, 'utf8')) as Profile })));
  const busiest = profiles.sort((a, b) => busyMs(b.profile) - busyMs(a.profile))[0];
  if (!busiest) throw new Error(`no .cpuprofile in ${path}`);
  return busiest;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const path = process.argv[2];
  if (!path) throw new Error('usage: profile-summary.ts <folder or file.cpuprofile> [--top N]');
  const { file, profile } = await busiestProfile(path);
  const summary = summariseProfile(profile, Number(arg('top') ?? 20));
  console.log(`${relative(ROOT, file)}: busy ${Math.round(busyMs(profile))} ms`);
  console.log(`total sampled: ${summary.totalMs} ms\n\nself time:`);
  console.log(table([['ms', 'function'], ...summary.self.map((s) => [s.ms, s.fn])]));
  console.log('\ntotal time of project functions (inclusive):');
  console.log(table([['ms', 'function'], ...summary.inclusive.map((s) => [s.ms, s.fn])]));
}
