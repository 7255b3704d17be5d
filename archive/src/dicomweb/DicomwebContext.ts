import type { Db } from '../db/openDatabase.js';
import type { IngestContext } from '../ingest/ingestInstance.js';
import type { InstanceCache } from '../retrieve/InstanceCache.js';
import type { BlobStore } from '../store/BlobStore.js';

/** What the DICOMweb routes need: the layers below them, never SQL or files. */
export interface DicomwebContext {
  ingest: IngestContext;
  db: Db;
  blobs: BlobStore;
  instances: InstanceCache;
  /** Public base of DICOMweb, for RetrieveURL and BulkDataURI (no trailing slash). */
  publicRoot(requestOrigin: string): string;
}
