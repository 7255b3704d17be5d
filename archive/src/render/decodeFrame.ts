import { AppError, TRANSFER_SYNTAXES, TransferSyntax } from '@consilium/shared';
import type { PixelDescription } from './PixelDescription.js';
import { decodeHtj2k } from './decodeHtj2k.js';
import { decodeJpeg2000 } from './decodeJpeg2000.js';
import { decodeJpegBaseline } from './decodeJpegBaseline.js';
import { decodeJpegLossless } from './decodeJpegLossless.js';
import { decodeJpegLs } from './decodeJpegLs.js';
import { decodeNative } from './decodeNative.js';
import { decodeRle } from './decodeRle.js';

/**
 * Decodes one frame of pixel data, as stored under `transferSyntaxUID`, into native
 * samples: little endian, BitsAllocated wide, colour-by-pixel (PlanarConfiguration 0),
 * signed samples extended from BitsStored. Lossy JPEG, JPEG 2000 and HTJ2K colour
 * comes out as RGB; `decodedPixelDescription` says what the output is.
 *
 * For native syntaxes `frame` is the frame's slice of Pixel Data (for Deflated
 * Explicit VR Little Endian, after the data set was inflated); for encapsulated ones
 * it is the frame's fragments joined (PS3.5 A.4). Each wasm codec starts once, on
 * first use.
 *
 * @throws AppError UnsupportedTransferSyntax for syntaxes (or variants, like 12-bit
 *   JPEG) no installed codec decodes; ProcessingFailure when the bitstream does not
 *   decode to the frame `image` describes.
 */
export async function decodeFrame(
  frame: Uint8Array,
  transferSyntaxUID: string,
  image: PixelDescription,
): Promise<Uint8Array> {
  switch (transferSyntaxUID) {
    case TransferSyntax.ImplicitVRLittleEndian:
    case TransferSyntax.ExplicitVRLittleEndian:
    case TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian:
    case TransferSyntax.DeflatedExplicitVRLittleEndian:
      return decodeNative(frame, image, false);
    case TransferSyntax.ExplicitVRBigEndian:
      return decodeNative(frame, image, true);
    case TransferSyntax.JPEGBaseline8Bit:
    case TransferSyntax.JPEGExtended12Bit:
      return decodeJpegBaseline(frame, image);
    case TransferSyntax.JPEGLossless:
    case TransferSyntax.JPEGLosslessSV1:
      return decodeJpegLossless(frame, image);
    case TransferSyntax.JPEGLSLossless:
    case TransferSyntax.JPEGLSNearLossless:
      return decodeJpegLs(frame, image);
    case TransferSyntax.JPEG2000Lossless:
    case TransferSyntax.JPEG2000:
      return decodeJpeg2000(frame, image);
    case TransferSyntax.HTJ2KLossless:
    case TransferSyntax.HTJ2KLosslessRPCL:
    case TransferSyntax.HTJ2K:
      return decodeHtj2k(frame, image);
    case TransferSyntax.RLELossless:
      return decodeRle(frame, image);
    default: {
      const known = TRANSFER_SYNTAXES.get(transferSyntaxUID);
      throw new AppError(
        'UnsupportedTransferSyntax',
        known === undefined
          ? `cannot decode pixel data in unknown transfer syntax ${transferSyntaxUID}`
          : `cannot decode pixel data in ${known.name} (${transferSyntaxUID})`,
      );
    }
  }
}

/** Colour spaces a lossy JPEG, JPEG 2000 or HTJ2K decoder turns into RGB. */
const CONVERTED_TO_RGB: ReadonlySet<string> = new Set(['YBR_FULL', 'YBR_FULL_422', 'YBR_ICT', 'YBR_RCT']);
const CONVERTING_SYNTAXES: ReadonlySet<string> = new Set([
  TransferSyntax.JPEGBaseline8Bit,
  TransferSyntax.JPEGExtended12Bit,
  TransferSyntax.JPEG2000Lossless,
  TransferSyntax.JPEG2000,
  TransferSyntax.HTJ2KLossless,
  TransferSyntax.HTJ2KLosslessRPCL,
  TransferSyntax.HTJ2K,
]);

/**
 * Describes what `decodeFrame` returns for a frame described by `image`: always
 * PlanarConfiguration 0, and RGB where the codec converted YCbCr (libjpeg for
 * YBR_FULL(_422), the JPEG 2000 inverse component transforms for YBR_RCT / YBR_ICT).
 * RLE and native YBR_FULL stay YBR_FULL (PS3.5 G.2 codes the samples as they are).
 */
export function decodedPixelDescription<T extends PixelDescription>(transferSyntaxUID: string, image: T): T {
  const converted =
    image.samplesPerPixel === 3 &&
    CONVERTING_SYNTAXES.has(transferSyntaxUID) &&
    CONVERTED_TO_RGB.has(image.photometricInterpretation);
  return {
    ...image,
    planarConfiguration: 0,
    photometricInterpretation: converted ? 'RGB' : image.photometricInterpretation,
  };
}
