/**
 * Runs a command and measures its whole process tree: wall time, CPU time, and peak memory.
 *
 * Peak memory of a tree is not what `/usr/bin/time -v` reports (that is the largest *single* process), and
 * an Astro build with Pagefind is two big processes at once (node and the `pagefind_extended` service).
 * So the tree is sampled from /proc every `intervalMs`: the sum of VmRSS over every live descendant
 * gives the tree's peak; each process's own VmHWM (kernel-tracked, no sampling gap) gives its exact peak.
 * `/usr/bin/time -v` wraps the command when it exists, for the kernel's CPU and max-RSS figures; without
 * it (or without /proc) the bench still runs and says which figures are missing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessPeak {
  pid: number;
  /** Kernel process name (`comm`, at most 15 characters). */
  name: string;
  /** Highest VmHWM seen for the process (its own peak RSS), bytes. */
  hwmBytes: number;
  /** Seconds after the start when the process was first seen. */
  firstSeen: number;
  lastSeen: number;
}

export interface TreeSample {
  /** Seconds since the start. */
  t: number;
  /** Sum of VmRSS over the live tree, bytes. */
  rssBytes: number;
  /** VmRSS per process name at this moment. */
  byName: Record<string, number>;
}

export interface MeasuredRun {
  code: number;
  signal: NodeJS.Signals | null;
  seconds: number;
  stdout: string;
  stderr: string;
  /** Highest sampled sum of VmRSS over the process tree, bytes (0 without /proc). */
  peakTreeBytes: number;
  /** Every process of the tree seen while sampling. */
  processes: ProcessPeak[];
  samples: TreeSample[];
  /** From `/usr/bin/time -v`, when available. */
  time?: { userSeconds: number; systemSeconds: number; maxRssBytes: number; cpuPercent: number };
  /** Stdout/stderr lines with the second they arrived, for phase timings. */
  lines: { t: number; text: string }[];
}

export interface MeasureOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  intervalMs?: number;
  /** Use /usr/bin/time -v when present (default true). */
  useTime?: boolean;
  /** Called with each output line as it arrives (progress display). */
  onLine?: (line: string, t: number) => void;
}

const TIME_BIN = '/usr/bin/time';

export function hasProc(): boolean {
  return existsSync('/proc/self/status');
}

interface ProcInfo {
  pid: number;
  ppid: number;
  name: string;
  rss: number;
  hwm: number;
}

async function readProc(pid: number): Promise<ProcInfo | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (key: string): string | undefined => new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(status)?.[1];
    const kb = (key: string): number => Number(/^(\d+)/.exec(field(key) ?? '0')?.[1] ?? 0) * 1024;
    return { pid, ppid: Number(field('PPid') ?? 0), name: field('Name') ?? '?', rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined; // the process exited between readdir and read
  }
}

/** The live descendants of `root` (itself included), read from /proc. */
async function processTree(root: number): Promise<ProcInfo[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  const infos = (await Promise.all(pids.map(readProc))).filter((p): p is ProcInfo => p !== undefined);
  const children = new Map<number, ProcInfo[]>();
  for (const p of infos) {
    let list = children.get(p.ppid);
    if (!list) children.set(p.ppid, (list = []));
    list.push(p);
  }
  const self = infos.find((p) => p.pid === root);
  if (!self) return [];
  const out: ProcInfo[] = [];
  const stack = [self];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

function parseTimeReport(text: string): MeasuredRun['time'] | undefined {
  const num = (label: string): number | undefined => {
    const m = new RegExp(`${label}:\\s*([\\d.]+)`).exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const user = num('User time \\(seconds\\)');
  const sys = num('System time \\(seconds\\)');
  const maxKb = num('Maximum resident set size \\(kbytes\\)');
  const cpu = num('Percent of CPU this job got');
  if (user === undefined || sys === undefined || maxKb === undefined) return undefined;
  return { userSeconds: user, systemSeconds: sys, maxRssBytes: maxKb * 1024, cpuPercent: cpu ?? 0 };
}

const TIME_REPORT = '\tCommand being timed: ';

/** Runs `command args` and resolves with the figures; never rejects on a non-zero exit. */
export async function runMeasured(command: string, args: string[], options: MeasureOptions): Promise<MeasuredRun> {
  const withTime = options.useTime !== false && existsSync(TIME_BIN);
  const started = performance.now();
  const since = (): number => (performance.now() - started) / 1000;
  const child = withTime
    ? spawn(TIME_BIN, ['-v', command, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: MeasuredRun['lines'] = [];
  let reportStarted = false;
  let stdout = '';
  let stderr = '';
  const splitter = (sink: (s: string) => void) => {
    let rest = '';
    return (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      sink(text);
      rest += text;
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      const t = since();
      for (const line of parts) {
        if (line.startsWith(TIME_REPORT)) reportStarted = true;
        if (reportStarted) continue;
        lines.push({ t, text: line });
        options.onLine?.(line, t);
      }
    };
  };
  child.stdout.on('data', splitter((s) => (stdout += s)));
  child.stderr.on('data', splitter((s) => (stderr += s)));

  const processes = new Map<number, ProcessPeak>();
  const samples: TreeSample[] = [];
  let peakTreeBytes = 0;
  let sampling = hasProc() && child.pid !== undefined;
  const sampler = (async () => {
    while (sampling) {
      const tree = await processTree(child.pid!);
      const t = since();
      let sum = 0;
      const byName: Record<string, number> = {};
      for (const p of tree) {
        sum += p.rss;
        byName[p.name] = (byName[p.name] ?? 0) + p.rss;
        const known = processes.get(p.pid);
        if (known) {
          known.hwmBytes = Math.max(known.hwmBytes, p.hwm);
          known.lastSeen = t;
        } else processes.set(p.pid, { pid: p.pid, name: p.name, hwmBytes: p.hwm, firstSeen: t, lastSeen: t });
      }
      if (tree.length) samples.push({ t, rssBytes: sum, byName });
      peakTreeBytes = Math.max(peakTreeBytes, sum);
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
    }
  })();

  const { code, signal } = await new Promise<{ code: number; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve({ code: c ?? 1, signal: s }));
  });
  sampling = false;
  await sampler;
  const seconds = since();

  let time: MeasuredRun['time'];
  if (withTime) {
    // time -v appends its report to the command's stderr.
    const at = stderr.lastIndexOf(TIME_REPORT);
    if (at >= 0) {
      time = parseTimeReport(stderr.slice(at));
      stderr = stderr.slice(0, at);
    }
  }
  // time(1) itself is not part of the measured tree's interesting processes.
  const procs = [...processes.values()].filter((p) => !(withTime && p.pid === child.pid));
  return { code, signal, seconds, stdout, stderr, peakTreeBytes, processes: procs, samples, time, lines };
}

/** Bytes as a short human figure (MB or GB, base 1024). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
