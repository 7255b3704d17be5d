/** What a participant asked for and what the browser gave. */
export interface Acquired {
  audio: MediaStreamTrack | undefined;
  video: MediaStreamTrack | undefined;
  /** Why something asked for is missing, in words for the participant. */
  problem: string | undefined;
}

/** A picture for a tile beside the images, not for a wall screen: light on both ends of a five-way call. */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 } };
export const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** The participant-facing reason for a getUserMedia / getDisplayMedia failure. */
export function describeMediaError(error: unknown, what: 'camera and microphone' | 'camera' | 'microphone' | 'screen'): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return what === 'screen'
        ? 'Screen sharing was not allowed.'
        : `The browser blocks the ${what} for this site. Allow ${what === 'camera and microphone' ? 'them' : 'it'} in the site settings (the icon left of the address), then join again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what} was found on this device.`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${what} is in use by another program or could not be started.`;
    default:
      return `The ${what} could not be started${error instanceof Error && error.message ? ` (${error.message})` : ''}.`;
  }
}

function constraint(base: MediaTrackConstraints, deviceId: string | undefined): MediaTrackConstraints {
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : base;
}

/**
 * The microphone and camera asked for, together (one permission prompt); if
 * that fails, each alone, so a missing camera still leaves the microphone.
 */
export async function acquireMedia(want: { audio: boolean; video: boolean }, devices: { microphoneId?: string | undefined; cameraId?: string | undefined } = {}): Promise<Acquired> {
  const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!media?.getUserMedia) return { audio: undefined, video: undefined, problem: 'Video calls need a secure connection (https, or this computer as localhost).' };
  const audio = want.audio ? constraint(MICROPHONE_CONSTRAINTS, devices.microphoneId) : false;
  const video = want.video ? constraint(CAMERA_CONSTRAINTS, devices.cameraId) : false;
  if (!audio && !video) return { audio: undefined, video: undefined, problem: undefined };
  try {
    const stream = await media.getUserMedia({ audio, video });
    return { audio: stream.getAudioTracks()[0], video: stream.getVideoTracks()[0], problem: undefined };
  } catch (error) {
    const both = audio && video;
    if (!both || (error instanceof DOMException && error.name === 'NotAllowedError')) {
      return { audio: undefined, video: undefined, problem: describeMediaError(error, both ? 'camera and microphone' : audio ? 'microphone' : 'camera') };
    }
  }
  const one = async (kind: 'audio' | 'video') => {
    try {
      const stream = await media.getUserMedia(kind === 'audio' ? { audio } : { video });
      return { track: stream.getTracks()[0], problem: undefined };
    } catch (error) {
      return { track: undefined, problem: describeMediaError(error, kind === 'audio' ? 'microphone' : 'camera') };
    }
  };
  const [mic, cam] = [await one('audio'), await one('video')];
  return { audio: mic.track, video: cam.track, problem: [mic.problem, cam.problem].filter(Boolean).join(' ') || undefined };
}

/** Microphones and cameras by label (labels appear once permission was given). */
export async function listDevices(): Promise<{ microphones: MediaDeviceInfo[]; cameras: MediaDeviceInfo[] }> {
  const all = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
  return { microphones: all.filter((d) => d.kind === 'audioinput'), cameras: all.filter((d) => d.kind === 'videoinput') };
}
