/**
 * Minimal typings for the parts of dcmjs the archive uses (dcmjs ships none).
 * The dict form is the DICOM JSON model of PS3.18 F.2 keyed by 8-hex tags.
 */
declare module 'dcmjs' {
  export interface DicomJsonElement {
    vr: string;
    Value?: unknown[];
    InlineBinary?: string;
    BulkDataURI?: string;
  }
  export type DicomJsonDict = Record<string, DicomJsonElement>;

  export class DicomDict {
    constructor(meta: DicomJsonDict);
    meta: DicomJsonDict;
    dict: DicomJsonDict;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }

  export const DicomMessage: {
    readFile(
      buffer: ArrayBuffer,
      options?: {
        ignoreErrors?: boolean;
        untilTag?: string | null;
        includeUntilTagValue?: boolean;
        noCopy?: boolean;
        forceStoreRaw?: boolean;
      },
    ): DicomDict;
  };

  export const DicomMetaDictionary: {
    naturalizeDataset(dict: DicomJsonDict): Record<string, unknown>;
    denaturalizeDataset(dataset: Record<string, unknown>): DicomJsonDict;
    uid(): string;
    nameMap: Record<string, { tag: string; vr: string; name: string; vm: string }>;
    dictionary: Record<string, { tag: string; vr: string; name: string; vm: string }>;
    punctuateTag(tag: string): string;
    unpunctuateTag(tag: string): string;
  };

  export const data: {
    DicomDict: typeof DicomDict;
    DicomMessage: typeof DicomMessage;
    DicomMetaDictionary: typeof DicomMetaDictionary;
  };

  const dcmjs: { data: typeof data; log: { level: unknown; setLevel(level: string): void } };
  export default dcmjs;
}
