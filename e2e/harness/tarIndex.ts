export interface TarIndex {
  /** Size in bytes of every regular file in the archive, by path. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Contents of the files `keep` selected (small metadata files such as manifest.json). */
  readonly contents: ReadonlyMap<string, Buffer>;
}

const BLOCK = 512;

/**
 * Reads a ustar stream (e.g. `docker save` output) keeping only file sizes and the contents of a
 * few chosen files, so a multi-hundred-megabyte image never sits in memory.
 */
export async function indexTar(stream: AsyncIterable<Buffer>, keep: (path: string) => boolean): Promise<TarIndex> {
  const sizes = new Map<string, number>();
  const contents = new Map<string, Buffer>();
  let pending: Buffer = Buffer.alloc(0);
  // State of the entry whose data is being read: bytes left (data + padding) and where it goes.
  let skip = 0;
  let collecting: { path: string; size: number; parts: Buffer[]; got: number } | undefined;
  let longName: string | undefined;
  for await (const chunk of stream) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length > 0) {
      if (skip > 0) {
        const take = Math.min(skip, pending.length);
        if (collecting !== undefined && collecting.got < collecting.size) {
          const part = pending.subarray(0, Math.min(take, collecting.size - collecting.got));
          collecting.parts.push(Buffer.from(part));
          collecting.got += part.length;
        }
        pending = pending.subarray(take);
        skip -= take;
        if (skip === 0 && collecting !== undefined) {
          const data = Buffer.concat(collecting.parts);
          if (collecting.path === '././@LongLink') longName = data.toString('utf8').replace(/\0.*$/s, '');
          else contents.set(collecting.path, data);
          collecting = undefined;
        }
        continue;
      }
      if (pending.length < BLOCK) break;
      const header = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      if (header.every((byte) => byte === 0)) continue; // end-of-archive blocks
      const size = parseSize(header.subarray(124, 136));
      const type = String.fromCharCode(header[156] ?? 0);
      const name = cString(header.subarray(0, 100));
      const prefix = cString(header.subarray(345, 500));
      let path = longName ?? (prefix === '' ? name : `${prefix}/${name}`);
      path = path.replace(/^\.\//, '');
      if (type !== 'L') longName = undefined;
      if (type === '0' || type === '\0') sizes.set(path, size);
      skip = Math.ceil(size / BLOCK) * BLOCK;
      if (type === 'L' || ((type === '0' || type === '\0') && keep(path))) {
        collecting = { path: type === 'L' ? '././@LongLink' : path, size, parts: [], got: 0 };
        if (skip === 0) {
          contents.set(path, Buffer.alloc(0));
          collecting = undefined;
        }
      }
    }
  }
  return { sizes, contents };
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

/** Octal, or GNU base-256 (high bit set) for files of 8 GiB and more. */
function parseSize(field: Buffer): number {
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  return Number.parseInt(cString(field).trim() || '0', 8);
}
