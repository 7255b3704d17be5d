#!/usr/bin/env node
/**
 * `npm start`: install what is missing, build, then run the platform on embedded
 * defaults (PGlite and files under ./data, in-process bus) and print the URLs.
 * Services started here stop together on Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [path.join(root, 'scripts/ensure-install.mjs')]);
console.log('Building...');
run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);

// Built just now: the Node options the archive starts with (why: archive/src/nodeFlags.ts).
const { ARCHIVE_NODE_FLAGS } = await import(pathToFileURL(path.join(root, 'archive/dist/nodeFlags.js')).href);
const host = process.env.CONSILIUM_HOST ?? '127.0.0.1';
const webPort = process.env.WEB_PORT ?? '3000';
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
const services = [
  { name: 'archive', args: [...ARCHIVE_NODE_FLAGS, path.join(root, 'archive/dist/main.js')] },
  { name: 'realtime', args: [path.join(root, 'realtime/dist/main.js')] },
  { name: 'web', args: [nextBin, 'start', path.join(root, 'web'), '-p', webPort, '-H', host] },
];
const children = services.map(({ name, args }) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the platform`);
      stop(code ?? 1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
