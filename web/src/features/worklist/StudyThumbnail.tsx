'use client';

import { useState } from 'react';
import styles from './worklist.module.css';

/** Rendered for a 48 CSS px cell: sharp enough on HiDPI screens, still a ~1.5 KB JPEG. */
const THUMBNAIL_VIEWPORT = '64,64';

interface Props {
  studyInstanceUID: string;
  /** Used in the alt text, so a screen reader hears which study the picture is of. */
  label: string;
}

/**
 * A study's rendered thumbnail (the archive's `/studies/{uid}/thumbnail`,
 * PS3.18 9.5.1.2.2). Loaded lazily since most rows of a long list are never
 * scrolled to; a study without a renderable image (SR, a failed decode) shows a
 * neutral placeholder instead of a broken-image icon. A plain <img>, not
 * next/image: the optimiser would only fetch the same small JPEG again.
 */
export function StudyThumbnail({ studyInstanceUID, label }: Props) {
  const [failed, setFailed] = useState(false);
  if (failed) return <span className={styles.thumbPlaceholder} role="img" aria-label={`No thumbnail for ${label}`} />;
  return (
    <img
      className={styles.thumb}
      src={`/dicomweb/studies/${encodeURIComponent(studyInstanceUID)}/thumbnail?viewport=${THUMBNAIL_VIEWPORT}`}
      alt={`Thumbnail of ${label}`}
      width={64}
      height={64}
      loading="lazy"
      decoding="async"
      onError={() => setFailed(true)}
    />
  );
}
