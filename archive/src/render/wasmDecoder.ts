import { createRequire } from 'node:module';
import { AppError } from '@consilium/shared';

/**
 * The Emscripten/embind decoders of @cornerstonejs/codec-* (chafey's openjpegjs,
 * charlsjs, openjphjs, libjpeg-turbojs) share one shape: copy the bitstream into
 * `getEncodedBuffer(n)`, call `decode()`, read `getFrameInfo()` and
 * `getDecodedBuffer()`. The packages ship no type declarations; this is the part
 * the archive relies on.
 */
export interface WasmFrameInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned?: boolean;
}

export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  /** A view into wasm memory (CharLS answers a Uint8ClampedArray): valid until the next call. */
  getDecodedBuffer(): ArrayBufferView;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
}

interface EmscriptenOptions {
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

type EmscriptenFactory = (options?: EmscriptenOptions) => Promise<Record<string, unknown>>;

/** What a decode produced, copied out of wasm memory. */
export interface WasmDecoded<E> {
  readonly info: WasmFrameInfo;
  readonly pixels: Uint8Array;
  /** Whatever `readExtra` read from the decoder right after this decode. */
  readonly extra: E;
}

const MAX_KEPT_MESSAGES = 20;
const require = createRequire(import.meta.url);

/**
 * Returns a function that decodes with one lazily created decoder instance. The wasm
 * module is instantiated once, on first use (tens of ms), and a failed start is retried
 * on the next call. Decoding is synchronous once the module exists, so concurrent
 * callers never interleave inside the shared decoder.
 */
export function wasmDecoder<D extends WasmDecoder, E = undefined>(
  codecName: string,
  moduleSpecifier: string,
  decoderClass: string,
  readExtra?: (decoder: D) => E,
): (frame: Uint8Array) => Promise<WasmDecoded<E>> {
  const messages: string[] = [];
  let ready: Promise<D> | undefined;

  const start = async (): Promise<D> => {
    const factory = require(moduleSpecifier) as EmscriptenFactory;
    const module = await factory({
      // openjpeg reports progress on stdout; errors go to stderr and into messages.
      print: () => undefined,
      printErr: (text) => {
        messages.push(text);
        if (messages.length > MAX_KEPT_MESSAGES) messages.shift();
      },
    });
    const Decoder = module[decoderClass] as (new () => D) | undefined;
    if (Decoder === undefined) throw new Error(`${moduleSpecifier} has no ${decoderClass}`);
    return new Decoder();
  };

  return async (frame) => {
    ready ??= start().catch((error: unknown) => {
      ready = undefined;
      throw new AppError('ProcessingFailure', `${codecName} decoder failed to start`, { cause: error });
    });
    const decoder = await ready;
    messages.length = 0;
    try {
      decoder.getEncodedBuffer(frame.length).set(frame);
      decoder.decode();
      const extra = readExtra?.(decoder) as E;
      const view = decoder.getDecodedBuffer();
      const pixels = new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
      return { info: decoder.getFrameInfo(), pixels, extra };
    } catch (error) {
      throw new AppError('ProcessingFailure', `${codecName}: cannot decode frame (${describe(error, messages)})`, {
        cause: error,
      });
    }
  };
}

/** C++ exceptions reach JavaScript as a bare pointer; stderr is then the only clue. */
function describe(error: unknown, messages: readonly string[]): string {
  const detail = error instanceof Error ? error.message : `native exception ${String(error)}`;
  return messages.length > 0 ? `${detail}: ${messages.join('; ')}` : detail;
}
