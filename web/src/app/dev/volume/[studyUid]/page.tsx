import type { Metadata } from 'next';
import { DevVolumePage } from '@/features/viewer/volume/dev/DevVolumePage';

export const metadata: Metadata = { title: 'Volume (development)' };

/**
 * `/dev/volume/{StudyInstanceUID}?series=&mode=mpr|3d&limit=`: the MPR and 3D
 * views on one series without the rest of the viewer, for their end-to-end
 * tests and the volume benchmark.
 */
export default async function DevVolumeRoute({
  params,
  searchParams,
}: {
  params: Promise<{ studyUid: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { studyUid } = await params;
  const query = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const limit = Number(first(query.limit));
  return (
    <DevVolumePage
      studyUid={decodeURIComponent(studyUid)}
      seriesUid={first(query.series)}
      mode={first(query.mode) === '3d' ? '3d' : 'mpr'}
      limit={Number.isInteger(limit) && limit > 0 ? limit : undefined}
    />
  );
}
