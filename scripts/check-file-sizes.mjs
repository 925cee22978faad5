#!/usr/bin/env node
// The house rule "no source file over 300 lines" (docs/CONTRIBUTING.md), checked in `npm test`:
// every .ts file under bin cli lib lambdas local. Prints each file over the limit with its count
// and exits 1; otherwise one line with the largest file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_LINES = 300;
export const SOURCE_FOLDERS = ['bin', 'cli', 'lib', 'lambdas', 'local'];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function* typescriptFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* typescriptFiles(path);
    else if (e.name.endsWith('.ts')) yield path;
  }
}

/** Lines as `wc -l` counts them (newline characters), per file, largest first. */
export function sourceFileSizes(root = ROOT) {
  const sizes = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const path of typescriptFiles(join(root, folder))) {
      const text = readFileSync(path, 'utf8');
      sizes.push({ file: relative(root, path), lines: text.split('\n').length - 1 });
    }
  }
  return sizes.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = sourceFileSizes();
  const over = sizes.filter((s) => s.lines > MAX_LINES);
  for (const s of over) console.error(`${s.file}: ${s.lines} lines (at most ${MAX_LINES}; split it by responsibility)`);
  const largest = sizes[0];
  console.log(
    over.length === 0
      ? `${sizes.length} files under ${SOURCE_FOLDERS.join(' ')}: none over ${MAX_LINES} lines (largest ${largest?.file}, ${largest?.lines})`
      : `${over.length} of ${sizes.length} files over ${MAX_LINES} lines`,
  );
  process.exit(over.length === 0 ? 0 : 1);
}
