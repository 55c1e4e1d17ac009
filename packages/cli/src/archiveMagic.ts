import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * The archive format of a local file by its first bytes, or undefined: ADD unpacks a local tar
 * (plain or gzip, bzip2, xz, zstd compressed) by its content, whatever its name.
 */
export function archiveFormat(path: string): string | undefined {
  let head: Buffer;
  try {
    if (!statSync(path).isFile()) return undefined;
    const fd = openSync(path, 'r');
    try {
      head = Buffer.alloc(262);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0x1f, 0x8b)) return 'gzip';
  if (starts(0x42, 0x5a, 0x68)) return 'bzip2';
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'xz';
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return 'zstd';
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return undefined;
}
