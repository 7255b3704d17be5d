'use client';

import { useEffect, useState } from 'react';
import { initCornerstone } from '../../cornerstone/initCornerstone';
import { MprView, VolumeView } from '../index';
import { type VolumeSeries, loadSeriesForVolume } from './loadSeriesForVolume';

interface Props {
  studyUid: string;
  seriesUid?: string;
  mode: 'mpr' | '3d';
  limit?: number;
}

/**
 * Mounts MprView or VolumeView on one series without the rest of the viewer,
 * for developing and testing the volume views in isolation.
 */
export function DevVolumePage({ studyUid, seriesUid, mode, limit }: Props) {
  const [series, setSeries] = useState<VolumeSeries>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let live = true;
    void initCornerstone()
      .then(() => loadSeriesForVolume(studyUid, seriesUid, limit))
      .then((result) => {
        if (!live) return;
        if (result.ok) setSeries(result.value);
        else setProblem(result.error);
      });
    return () => {
      live = false;
    };
  }, [studyUid, seriesUid, limit]);
  if (problem) return <p role="alert">{problem}</p>;
  if (!series) return <p role="status">Loading series…</p>;
  const View = mode === '3d' ? VolumeView : MprView;
  return (
    <main style={{ height: '100vh' }}>
      <View imageIds={series.imageIds} seriesInstanceUid={series.seriesInstanceUid} />
    </main>
  );
}
