// A small disk for disk-full scenarios: a tmpfs of a fixed size mounted on a fresh folder, which a
// filler file can fill up to ENOSPC at a chosen moment and free again. Needs root (as here and in CI):
// callers check canMountTmpfs() first and skip loudly when it says no.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanUp } from '../../support/clean-up.js';

const run = promisify(execFile);

export interface SmallDisk {
  /** The mounted folder. */
  dir: string;
  /** Writes a filler file until the disk is full (ENOSPC). */
  fill(): Promise<void>;
  /** Deletes the filler file. */
  free(): Promise<void>;
  /** Unmounts and removes the folder (also done after the test; safe to call twice). */
  unmount(): Promise<void>;
}

let probed: Promise<{ ok: boolean; reason: string }> | null = null;

/** Whether this process may mount a tmpfs (root, and mount works here); cached per process. */
export function canMountTmpfs(): Promise<{ ok: boolean; reason: string }> {
  probed ??= (async () => {
    if (process.platform !== 'linux') return { ok: false, reason: `tmpfs mounts need Linux, this is ${process.platform}` };
    if (process.getuid?.() !== 0) return { ok: false, reason: `mounting a tmpfs needs root, this process runs as uid ${process.getuid?.()}` };
    const dir = mkdtempSync(join(tmpdir(), 'glossa-tmpfs-probe-'));
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
      await run('umount', [dir]);
      return { ok: true, reason: '' };
    } catch (error) {
      return { ok: false, reason: `mount -t tmpfs failed: ${(error as Error).message.trim()}` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return probed;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/** Mounts a tmpfs of `bytes` bytes on a fresh folder; unmounted after the test. */
export async function mountSmallDisk(bytes: number): Promise<SmallDisk> {
  const dir = mkdtempSync(join(tmpdir(), 'glossa-small-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const filler = join(dir, 'filler');
  let mounted = true;

  const fill = async () => {
    const file = await open(filler, 'a');
    try {
      // Big chunks first, then ever smaller ones, so that the last bytes are taken too.
      for (let size = CHUNK.byteLength; size >= 1; size = Math.floor(size / 2)) {
        for (;;) {
          try {
            const { bytesWritten } = await file.write(CHUNK, 0, size);
            if (bytesWritten < size) break;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw error;
          }
        }
      }
    } finally {
      await file.close().catch(() => {});
    }
  };

  const unmount = async () => {
    if (!mounted) return;
    mounted = false;
    try {
      await run('umount', [dir]);
    } catch {
      // Still busy (a process that has a file open there): detach it now, freed when it lets go.
      await run('umount', ['-l', dir]).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  };
  cleanUp(unmount);

  return { dir, fill, free: () => rm(filler, { force: true }), unmount };
}
