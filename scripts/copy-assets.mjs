#!/usr/bin/env node
// Copies a folder of non-TypeScript assets (SQL migrations) into a package's dist/.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: copy-assets <from> <to>');
  process.exit(2);
}
rmSync(path.resolve(to), { recursive: true, force: true });
cpSync(path.resolve(from), path.resolve(to), { recursive: true });
