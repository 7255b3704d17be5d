'use client';

import type { BrowserSession } from '../connection/BrowserSession';
import styles from './call.module.css';
import type { CallSnapshot, MediaCall } from './MediaCall';
import { useMediaCall } from './useMediaCall';
import { VideoTile } from './VideoTile';

/** The session's video call beside the images: join, own controls, a tile per participant in the call. */
export function CallPanel({ connection, name, colour }: { connection: BrowserSession; name: string; colour: string }) {
  const { call, snapshot } = useMediaCall(connection);
  if (!call || !snapshot) return null;
  const online = connection.snapshot.status === 'online';
  return (
    <section className={styles.call} aria-label="Video call" data-testid="call-panel" data-phase={snapshot.phase} data-topology={snapshot.settings.topology}>
      <h2 className={styles.title}>
        Call
        {snapshot.phase === 'in' && (
          <span className={styles.topology} data-testid="call-topology">
            {snapshot.settings.topology === 'sfu' ? 'through the media server' : 'peer-to-peer'} · {snapshot.remotes.length + 1} of {snapshot.settings.maxParticipants}
          </span>
        )}
      </h2>
      {snapshot.problem && (
        <p role="alert" className={styles.problem} data-testid="call-problem">
          {snapshot.problem}
        </p>
      )}
      {snapshot.phase === 'in' ? <InCall call={call} snapshot={snapshot} name={name} colour={colour} participantId={connection.participantId ?? ''} /> : <JoinButtons call={call} joining={snapshot.phase === 'joining'} online={online} />}
    </section>
  );
}

function JoinButtons({ call, joining, online }: { call: MediaCall; joining: boolean; online: boolean }) {
  return (
    <div className={styles.controls}>
      <button type="button" className={styles.primary} disabled={joining || !online} onClick={() => void call.join({ audio: true, video: true })}>
        {joining ? 'Joining…' : 'Join with camera'}
      </button>
      <button type="button" className={styles.button} disabled={joining || !online} onClick={() => void call.join({ audio: true, video: false })}>
        Audio only
      </button>
    </div>
  );
}

function InCall({ call, snapshot, name, colour, participantId }: { call: MediaCall; snapshot: CallSnapshot; name: string; colour: string; participantId: string }) {
  const { state } = snapshot.local;
  return (
    <>
      <div className={styles.tiles} data-testid="call-tiles">
        <VideoTile participantId={participantId} name={name} colour={colour} state={state} stream={snapshot.local.preview} speaking={snapshot.speakingId === participantId} self />
        {snapshot.remotes.map((r) => (
          <VideoTile key={r.participantId} participantId={r.participantId} name={r.name} colour={r.colour} state={r.media} stream={r.stream} speaking={snapshot.speakingId === r.participantId} connection={r.connection} />
        ))}
      </div>
      {snapshot.remotes.length === 0 && <p className={styles.muted}>Nobody else is in the call yet.</p>}
      <div className={styles.controls} role="group" aria-label="Call controls">
        <button
          type="button"
          className={styles.button}
          aria-pressed={state.microphone === 'muted'}
          disabled={state.microphone === 'none'}
          onClick={() => void call.setMuted(state.microphone !== 'muted')}
          title={state.microphone === 'none' ? 'No microphone' : undefined}
        >
          {state.microphone === 'muted' ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" className={styles.button} aria-pressed={state.camera !== 'on'} onClick={() => void call.setCameraOff(state.camera === 'on')}>
          {state.camera === 'on' ? 'Camera off' : 'Camera on'}
        </button>
        <button type="button" className={styles.button} aria-pressed={state.screen} onClick={() => void call.shareScreen(!state.screen)}>
          {state.screen ? 'Stop sharing' : 'Share screen'}
        </button>
        <button type="button" className={styles.leave} onClick={() => void call.leave()}>
          Leave call
        </button>
      </div>
      {(snapshot.devices.microphones.length > 0 || snapshot.devices.cameras.length > 0) && (
        <details>
          <summary className={styles.muted}>Devices</summary>
          <div className={styles.devices}>
            <label htmlFor="call-microphone">Microphone</label>
            <select id="call-microphone" className={styles.select} value={snapshot.selected.microphoneId ?? ''} onChange={(e) => void call.selectDevice('microphone', e.target.value)}>
              {snapshot.devices.microphones.map((d, i) => (
                <option key={d.deviceId || i} value={d.deviceId}>
                  {d.label || `Microphone ${i + 1}`}
                </option>
              ))}
            </select>
            <label htmlFor="call-camera">Camera</label>
            <select id="call-camera" className={styles.select} value={snapshot.selected.cameraId ?? ''} onChange={(e) => void call.selectDevice('camera', e.target.value)}>
              {snapshot.devices.cameras.map((d, i) => (
                <option key={d.deviceId || i} value={d.deviceId}>
                  {d.label || `Camera ${i + 1}`}
                </option>
              ))}
            </select>
          </div>
        </details>
      )}
    </>
  );
}
