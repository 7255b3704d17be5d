import { Tag } from '@consilium/shared';
import { type DicomJson, dicomString } from './dicomJson';

/**
 * Which of these SOP Instance UIDs the archive already holds, by one QIDO-RS
 * instance search with a UID list (PS3.4 C.2.2.2.2, PS3.18 10.6). The upload
 * asks before sending, because STOW-RS answers an identical re-upload exactly
 * like a new store. A failed look-up is no reason to stop an upload: it yields
 * an empty set, and the files are then reported as the archive answers them.
 */
export async function findStoredInstances(sopInstanceUIDs: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  const unique = [...new Set(sopInstanceUIDs)];
  if (unique.length === 0) return new Set();
  const params = new URLSearchParams({ SOPInstanceUID: unique.join(','), limit: String(unique.length) });
  try {
    const response = await fetch(`/dicomweb/instances?${params.toString()}`, { headers: { accept: 'application/dicom+json' }, signal });
    if (!response.ok) return new Set();
    const body: unknown = await response.json().catch(() => []);
    if (!Array.isArray(body)) return new Set();
    return new Set((body as DicomJson[]).map((dataset) => dicomString(dataset, Tag.SOPInstanceUID)).filter((uid): uid is string => uid !== undefined));
  } catch {
    return new Set();
  }
}
