import { spawn, spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { TransferSyntax } from '@consilium/shared';

/** The DCMTK tools the DIMSE suites run (Debian package `dcmtk`, 3.6.7 when written). */
const TOOLS = ['echoscu', 'storescu', 'findscu', 'dcmconv', 'dcmcjpeg', 'dcmcjpls', 'dcmcrle'] as const;

let available: boolean | undefined;

/**
 * Whether the DCMTK command-line tools are on PATH. Suites that drive them use
 * `describe.skipIf(!hasDcmtk())`, so `npm test` passes on a machine without
 * DCMTK; .ci/run installs it, so CI runs them.
 */
export function hasDcmtk(): boolean {
  available ??= TOOLS.every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
  return available;
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for matching DCMTK's log lines wherever they went. */
  output: string;
  /** Wall-clock time from spawn to exit, process start included. */
  elapsedMs: number;
}

/**
 * Runs one DCMTK tool to completion and reports how it ended; a non-zero exit
 * is a result, not an error, since tests check failures too. TCP_NODELAY=1
 * turns Nagle off in DCMTK's network layer (with it on, small PDUs stall).
 * Killed after `timeoutMs`.
 */
export function runDcmtk(tool: string, args: readonly string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<ToolRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, TCP_NODELAY: '1' }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output: stdout + stderr, elapsedMs: performance.now() - started });
    });
  });
}

/** Like `runDcmtk`, but a non-zero exit throws with the tool's output. */
export async function runDcmtkOk(tool: string, args: readonly string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<ToolRun> {
  const run = await runDcmtk(tool, args, options);
  if (run.code !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${run.code}:\n${run.output.slice(-2000)}`);
  return run;
}

/** A transfer syntax DCMTK can write a file in, and the storescu flag that proposes it. */
export interface DcmtkEncoding {
  name: string;
  transferSyntaxUid: string;
  /** Tool and options that turn an Explicit VR Little Endian file into this encoding (input and output paths follow). */
  convert: readonly [tool: string, ...options: string[]];
  /**
   * storescu's option proposing this transfer syntax; none for JPEG process 14,
   * which storescu proposes only from a configuration file (`storescuProposal`).
   */
  storescuFlag: string | undefined;
}

/**
 * Encodings of one instance, each made by DCMTK (an implementation independent
 * of the archive's): the native ones with dcmconv, the lossless compressed
 * ones with dcmcjpeg, dcmcjpls and dcmcrle. Lossless, so a 16-bit signed CT
 * image converts without complaint.
 */
export const DCMTK_ENCODINGS: readonly DcmtkEncoding[] = [
  { name: 'implicit VR little endian', transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian, convert: ['dcmconv', '+ti'], storescuFlag: '-xi' },
  { name: 'explicit VR little endian', transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian, convert: ['dcmconv', '+te'], storescuFlag: '-xe' },
  { name: 'explicit VR big endian', transferSyntaxUid: TransferSyntax.ExplicitVRBigEndian, convert: ['dcmconv', '+tb'], storescuFlag: '-xb' },
  { name: 'deflated explicit VR little endian', transferSyntaxUid: TransferSyntax.DeflatedExplicitVRLittleEndian, convert: ['dcmconv', '+td'], storescuFlag: '-xd' },
  { name: 'JPEG lossless process 14', transferSyntaxUid: '1.2.840.10008.1.2.4.57', convert: ['dcmcjpeg', '+el'], storescuFlag: undefined },
  { name: 'JPEG lossless SV1', transferSyntaxUid: '1.2.840.10008.1.2.4.70', convert: ['dcmcjpeg', '+e1'], storescuFlag: '-xs' },
  { name: 'JPEG-LS lossless', transferSyntaxUid: '1.2.840.10008.1.2.4.80', convert: ['dcmcjpls'], storescuFlag: '-xt' },
  { name: 'RLE lossless', transferSyntaxUid: '1.2.840.10008.1.2.5', convert: ['dcmcrle'], storescuFlag: '-xr' },
];

/**
 * The storescu options that propose `encoding` for `sopClassUid`: its flag, or
 * for a transfer syntax without one a profile in a configuration file written
 * to `directory` (storescu's `-xf`, format of DCMTK's storescu.cfg).
 */
export async function storescuProposal(encoding: DcmtkEncoding, sopClassUid: string, directory: string): Promise<string[]> {
  if (encoding.storescuFlag) return [encoding.storescuFlag];
  const file = path.join(directory, `propose-${encoding.transferSyntaxUid}.cfg`);
  const config = [
    '[[TransferSyntaxes]]',
    '[Syntaxes]',
    `TransferSyntax1 = ${encoding.transferSyntaxUid}`,
    '[[PresentationContexts]]',
    '[Contexts]',
    `PresentationContext1 = ${sopClassUid}\\Syntaxes`,
    '[[Profiles]]',
    '[Proposal]',
    'PresentationContexts = Contexts',
    '',
  ];
  await writeFile(file, config.join('\n'));
  return ['-xf', file, 'Proposal'];
}

/** Writes `input` (a Part 10 file) to `output` in `encoding`, with DCMTK. */
export async function encodeWithDcmtk(input: string, output: string, encoding: DcmtkEncoding): Promise<void> {
  const [tool, ...options] = encoding.convert;
  await runDcmtkOk(tool, [...options, input, output]);
}

/** A naturalized data set as dcmjs reads it (keywords as keys). */
export type NaturalDataset = Record<string, unknown>;

/**
 * The C-FIND responses findscu wrote with `-X` (rsp0001.dcm, rsp0002.dcm, ...),
 * in order, read with dcmjs (not the archive's decoder, so the check is
 * independent of what produced them). Each also keeps its raw tag list.
 */
export async function readFindResponses(directory: string): Promise<{ dataset: NaturalDataset; tags: string[] }[]> {
  const names = (await readdir(directory)).filter((n) => /^rsp\d+\.dcm$/.test(n)).sort();
  const out: { dataset: NaturalDataset; tags: string[] }[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(directory, name));
    const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    out.push({
      dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict) as NaturalDataset,
      tags: Object.keys(file.dict).map((t) => t.toUpperCase()).sort(),
    });
  }
  return out;
}
