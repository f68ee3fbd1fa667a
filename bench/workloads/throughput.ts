// B. Throughput: W clients on one document write annotation entries as fast as they can for a
// fixed time; entries applied per second summed over receivers, server CPU per write, and whether
// every replica converges afterwards (equal state vectors, every entry everywhere).

import { ClientPool, split } from '../clients/pool.js';
import { CpuMeter, rssKiB } from '../proc-stats.js';
import { monoMs, round, sleep } from '../stats.js';
import type { Value, Workload } from './types.js';

const CONVERGE_TIMEOUT_MS = 60_000;

interface RunResult {
  elapsedMs: number;
  written: number;
  received: number;
}

export const throughput: Workload = {
  id: 'B',
  title: 'Throughput: writers as fast as they can on one document',
  metrics: (sizes) => [
    { key: 'applied', label: `${sizes.throughputWriters} writers: entries applied per s at receivers`, unit: '/s', better: 'higher' },
    { key: 'written', label: 'entries written per s', unit: '/s', better: 'higher' },
    { key: 'cpuPerWrite', label: 'server CPU per write', unit: 'µs', better: 'lower' },
    { key: 'converged', label: 'all converged', unit: 'state vectors equal, all entries', better: 'none' },
    { key: 'convergeMs', label: 'time to converge after writing stops', unit: 'ms', better: 'lower' },
    { key: 'rssMiB', label: 'server RSS at the end', unit: 'MiB', better: 'lower' },
  ],
  appliesTo: () => true,
  async run(ctx) {
    const server = await ctx.spec.start({ dataDir: ctx.dataDir, profileDir: ctx.profileDir });
    const { throughputWriters: writers, throughputSeconds: seconds, throughputWindow: window } = ctx.sizes;
    const processes = Math.min(ctx.clientProcesses, writers);
    const pool = new ClientPool('./throughput-client.ts', processes);
    try {
      const [room] = await server.createDocuments(1, ctx.text);
      const counts = split(writers, processes);
      const base = { protocol: ctx.spec.protocol, url: server.providerUrl, room };
      await pool.processes[0]!.call('connect', { ...base, count: counts[0], firstWriter: 0, seedText: ctx.spec.seedsText ? ctx.text : undefined }, 120_000);
      await Promise.all(
        pool.processes
          .slice(1)
          .map((p, i) => p.call('connect', { ...base, count: counts[i + 1], firstWriter: counts.slice(0, i + 1).reduce((a, b) => a + b, 0) }, 120_000)),
      );

      const cpu = new CpuMeter(server.pid);
      const startedAt = monoMs();
      const runs = await pool.all<RunResult>('run', () => ({ durationMs: seconds * 1000, window }), seconds * 1000 + 60_000);
      const cpuMs = cpu.elapsedMs();
      const stoppedAt = monoMs();
      const written = runs.reduce((a, r) => a + r.written, 0);
      const received = runs.reduce((a, r) => a + r.received, 0);
      const elapsedS = Math.max(...runs.map((r) => r.elapsedMs)) / 1000;

      let converged = false;
      let convergeMs: number | null = null;
      while (monoMs() - stoppedAt < CONVERGE_TIMEOUT_MS) {
        const states = (await pool.all<{ sv: string; entries: number }[]>('state', () => ({}))).flat();
        if (states.every((s) => s.sv === states[0]!.sv && s.entries === written)) {
          converged = true;
          convergeMs = monoMs() - stoppedAt;
          break;
        }
        await sleep(200);
      }
      const rss = rssKiB(server.pid) / 1024;
      await pool.all('leave', () => ({}));
      ctx.log(`written ${written}, applied ${round(received / elapsedS)}/s, cpu ${round((cpuMs * 1000) / written)} µs/write, converged ${converged}`);
      const values: Record<string, Value> = {
        applied: Math.round(received / elapsedS),
        written: Math.round(written / elapsedS),
        cpuPerWrite: round((cpuMs * 1000) / written, 1),
        converged,
        convergeMs: convergeMs === null ? null : Math.round(convergeMs),
        rssMiB: round(rss, 1),
      };
      return { values, raw: { runs, cpuMs, elapsedS }, window: [startedAt, stoppedAt] };
    } finally {
      await pool.close();
      await server.stop();
    }
  },
};
