import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';

/**
 * A throwaway copy of an example directory to build and edit: tests never touch the checkout
 * (other people build the same examples at the same time).
 */
export async function copyExample(dir: string, label = basename(dir)): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), `dsl-e2e-${label}-`));
  // Skip what is never part of an example's context, and the example's own generated Dockerfile
  // is kept (it is part of what `COPY . .` copies in the checkout too).
  await cp(dir, copy, { recursive: true, filter: (source) => !/(^|\/)(node_modules|target|\.git)(\/|$)/.test(source) });
  return copy;
}

export async function removeCopy(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * A marker no other run (and no earlier edit in this run) produced. BuildKit's cache is shared by
 * everyone on this daemon and outlives the test: a repeated edit would come back CACHED.
 */
export function uniqueMarker(): string {
  return `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Edits a source file the way a developer would: a real code change, valid in its language, that
 * reaches the program (so a compiled binary changes too, not only a comment the compiler drops).
 * Returns what was appended.
 */
export async function editSource(file: string, marker: string): Promise<string> {
  const id = marker.replace(/[^A-Za-z0-9]/g, '_');
  const edits: Record<string, string> = {
    '.py': `\nDSL_E2E_EDIT = "${marker}"\n`,
    '.js': `\nglobalThis.dslE2eEdit = '${marker}';\n`,
    '.mjs': `\nglobalThis.dslE2eEdit = '${marker}';\n`,
    '.ts': `\n(globalThis as Record<string, unknown>).dslE2eEdit = '${marker}';\n`,
    // An init function and the package variable it writes are always linked in.
    '.go': `\nvar dslE2eEdit_${id} []string\n\nfunc init() { dslE2eEdit_${id} = append(dslE2eEdit_${id}, "${marker}") }\n`,
    // .init_array entries are kept by the linker (a plain unused static would be dropped).
    '.rs': `\n#[used]\n#[link_section = ".init_array"]\nstatic DSL_E2E_EDIT_${id.toUpperCase()}: extern "C" fn() = {\n    extern "C" fn edit() {\n        let marker: &[u8] = b"${marker}";\n        unsafe { core::ptr::read_volatile(&marker[0]) };\n    }\n    edit\n};\n`,
  };
  const edit = edits[extname(file)];
  if (edit === undefined) throw new Error(`editSource: no code edit defined for ${extname(file)} files (${file})`);
  await writeFile(file, (await readFile(file, 'utf8')) + edit);
  return edit;
}

/**
 * Edits a dependency manifest without changing what it resolves to, so the install must rerun
 * (a new input) and still succeed offline-ish: a comment, or an inert field for JSON.
 */
export async function editManifest(file: string, marker: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const name = basename(file);
  if (name.endsWith('.json')) {
    const json = JSON.parse(text) as Record<string, unknown>;
    json['description'] = `dsl e2e edit ${marker}`;
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
  } else if (name === 'go.mod') {
    await writeFile(file, `${text.trimEnd()}\n// dsl e2e edit ${marker}\n`);
  } else if (/\.(txt|toml|lock|ya?ml|in)$/.test(name)) {
    await writeFile(file, `${text.trimEnd()}\n# dsl e2e edit ${marker}\n`);
  } else {
    throw new Error(`editManifest: do not know how to edit ${file} harmlessly`);
  }
}

/** Total size of the regular files under `dir`: an upper bound for what any COPY from it copies. */
export async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
