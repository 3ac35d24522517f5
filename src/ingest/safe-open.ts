import { constants } from "node:fs";
import { open, readlink, realpath, type FileHandle } from "node:fs/promises";
import path from "node:path";

/**
 * Opening a file the server did not create (an audio file in a library folder, a catalog entry)
 * without trusting whatever sits at its path at that moment. Red-team findings (issue #16): a
 * symlink swapped in after ingest served `data/server.json`; `/dev/zero` and a FIFO behind a
 * catalog entry ate memory or held a worker forever; a symlink or a rename after submit read a
 * file outside the library roots. So every read goes through here:
 *
 * - the real path is resolved and must lie under `within` (checked when read, not when submitted);
 * - that path is opened with O_NOFOLLOW (a link swapped in after realpath is refused) and
 *   O_NONBLOCK (opening a FIFO cannot block), then `fstat` must say regular file;
 * - on Linux the opened descriptor's own path (`/proc/self/fd/N`) must still be that real path,
 *   so a directory swapped between realpath and open is caught too;
 * - `identity` (device and inode of what was opened) lets a later reader check it opens the same
 *   file that was ingested, not another one moved into its place.
 */
export class UnsafeFileError extends Error {
  /** the file is refused for what it is: retrying cannot help */
  readonly permanent = true;
}

export interface OpenedFile {
  handle: FileHandle;
  /** the real path that was opened */
  realPath: string;
  size: number;
  /** `dev:ino` of the opened file */
  identity: string;
  mtime: Date;
}

export interface SafeOpenOptions {
  /** the real path must be this folder or lie under it (one of them, if several) */
  within?: readonly string[];
  /** files larger than this are refused before reading */
  maxBytes?: number;
  /** the opened file must have this `dev:ino` (the file that was ingested) */
  identity?: string | null;
}

export function isWithin(file: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => file === d || file.startsWith(d.endsWith(path.sep) ? d : d + path.sep));
}

/** The path the kernel has for an open descriptor (Linux); null where /proc is not available. */
async function descriptorPath(fd: number): Promise<string | null> {
  if (process.platform !== "linux") return null;
  return readlink(`/proc/self/fd/${fd}`).catch(() => null);
}

/** Opens `file` for reading under the rules above; the caller closes `handle`. */
export async function openRegularFile(file: string, opts: SafeOpenOptions = {}): Promise<OpenedFile> {
  const real = await realpath(file);
  if (opts.within && !isWithin(real, opts.within)) throw new UnsafeFileError(`${file} resolves outside the folder it was ingested from`);
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw new UnsafeFileError(`${file} was replaced by a symbolic link`);
    throw err;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UnsafeFileError(`${file} is not a regular file`);
    const opened = (await descriptorPath(handle.fd)) ?? real;
    if (opened !== real) throw new UnsafeFileError(`${file} moved while it was opened`);
    const identity = `${st.dev}:${st.ino}`;
    if (opts.identity && opts.identity !== identity) throw new UnsafeFileError(`${file} is no longer the file that was ingested`);
    if (opts.maxBytes !== undefined && st.size > opts.maxBytes) {
      throw new UnsafeFileError(`file is ${st.size} bytes, over the ${opts.maxBytes}-byte limit`);
    }
    return { handle, realPath: real, size: st.size, identity, mtime: st.mtime };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Reads a whole file opened by openRegularFile, never more than its size at open time (+1 to notice growth). */
export async function readOpened(file: OpenedFile, maxBytes?: number): Promise<Buffer> {
  const limit = maxBytes ?? Number.MAX_SAFE_INTEGER;
  const buffer = Buffer.alloc(Math.min(file.size, limit) + 1);
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  if (filled > file.size || filled > limit) throw new UnsafeFileError(`${file.realPath} grew while it was read`);
  return buffer.subarray(0, filled);
}
