/** The part of janode 1.8 (Meetecho's Janus adapter, shipped without types) that the realtime service uses. */
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
  }

  export interface JanodeHandle extends EventEmitter {
    readonly id: number;
    detach(): Promise<void>;
    hangup(): Promise<void>;
    trickle(candidate: unknown): Promise<unknown>;
  }

  export interface JanodeSession extends EventEmitter {
    readonly id: number;
    attach<H extends JanodeHandle>(plugin: { id: string; Handle: new (...args: never[]) => H; EVENT: Record<string, string> }): Promise<H>;
    destroy(): Promise<void>;
  }

  export interface JanodeConnection extends EventEmitter {
    create(keepaliveSecs?: number): Promise<JanodeSession>;
    getInfo(): Promise<Record<string, unknown>>;
    close(): Promise<void>;
  }

  const Janode: {
    connect(config: {
      address: { url: string; apisecret?: string };
      retry_time_secs?: number;
      max_retries?: number;
      is_admin?: boolean;
    }): Promise<JanodeConnection>;
    EVENT: Record<
      | 'CONNECTION_CLOSED'
      | 'CONNECTION_ERROR'
      | 'SESSION_DESTROYED'
      | 'HANDLE_DETACHED'
      | 'HANDLE_HANGUP'
      | 'HANDLE_ICE_FAILED'
      | 'HANDLE_WEBRTCUP'
      | 'HANDLE_MEDIA',
      string
    >;
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): string };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle, Jsep } from 'janode';

  export interface Publisher {
    feed: string | number;
    display?: string;
  }

  export interface VideoRoomHandle extends JanodeHandle {
    exists(params: { room: string }): Promise<{ room: string; exists: boolean }>;
    create(params: {
      room: string;
      description?: string;
      max_publishers?: number;
      permanent?: boolean;
      is_private?: boolean;
      secret?: string;
      pin?: string;
      admin_key?: string;
      bitrate?: number;
      videocodec?: string;
      audiocodec?: string;
      notify_joining?: boolean;
    }): Promise<{ room: string }>;
    destroy(params: { room: string; secret?: string; permanent?: boolean }): Promise<unknown>;
    joinConfigurePublisher(params: {
      room: string;
      feed: string;
      display?: string;
      audio?: boolean;
      video?: boolean;
      pin?: string;
      jsep: Jsep;
    }): Promise<{ feed: string; publishers: Publisher[]; jsep?: Jsep }>;
    joinSubscriber(params: { room: string; streams?: { feed: string; mid?: string }[]; feed?: string; pin?: string; autoupdate?: boolean }): Promise<{ jsep?: Jsep }>;
    start(params: { jsep: Jsep }): Promise<unknown>;
    leave(): Promise<unknown>;
    kick(params: { room: string; feed: string; secret?: string }): Promise<unknown>;
    listParticipants(params: { room: string; secret?: string }): Promise<{ participants: { feed: string; display?: string; publisher: boolean }[] }>;
  }

  const VideoRoomPlugin: {
    id: string;
    Handle: new (...args: never[]) => VideoRoomHandle;
    EVENT: Record<'VIDEOROOM_PUB_LIST' | 'VIDEOROOM_UNPUBLISHED' | 'VIDEOROOM_LEAVING' | 'VIDEOROOM_KICKED' | 'VIDEOROOM_DESTROYED', string>;
  };
  export default VideoRoomPlugin;
}
