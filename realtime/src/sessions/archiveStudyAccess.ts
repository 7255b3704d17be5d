/** Whether the user of `serviceToken` may see every one of `studyInstanceUIDs` (true), may not (false), or the archive could not say (undefined). */
export type StudyAccessCheck = (serviceToken: string, studyInstanceUIDs: readonly string[]) => Promise<boolean | undefined>;

/**
 * Asks the archive, which decides who sees which study (grants, referrals):
 * a QIDO-RS search for the session's studies with the user's own token
 * returns those the user may see.
 */
export function archiveStudyAccess(archiveUrl: string): StudyAccessCheck {
  return async (serviceToken, uids) => {
    const query = new URLSearchParams({ StudyInstanceUID: uids.join(','), includefield: '0020000D', limit: String(uids.length) });
    try {
      const response = await fetch(`${archiveUrl}/dicomweb/studies?${query}`, {
        headers: { accept: 'application/dicom+json', authorization: `Bearer ${serviceToken}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status === 204) return uids.length === 0;
      if (!response.ok) return undefined;
      const found = (await response.json()) as Record<string, { Value?: unknown[] }>[];
      const visible = new Set(found.map((s) => String(s['0020000D']?.Value?.[0] ?? '')));
      return uids.every((uid) => visible.has(uid));
    } catch {
      return undefined;
    }
  };
}
