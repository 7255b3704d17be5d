import { randomBytes } from 'node:crypto';
import type { SessionDescription } from '@consilium/shared';

/**
 * An SDP offer as a browser sends it to publish audio (Opus) and video (VP8),
 * for testing the SFU's signalling from Node, where no WebRTC stack runs: the
 * SFU answers it (ICE and DTLS never complete, nothing needs them to).
 */
export function syntheticOffer(): SessionDescription {
  const ufrag = randomBytes(3).toString('hex');
  const pwd = randomBytes(12).toString('hex');
  const fingerprint = [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const ssrc = (n: number) => randomBytes(4).readUInt32BE() % 1_000_000_000 + n;
  const common = [`a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`, 'a=ice-options:trickle', `a=fingerprint:sha-256 ${fingerprint}`, 'a=setup:actpass'];
  const lines = [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS stream',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    ...common,
    'a=mid:0',
    'a=sendonly',
    'a=msid:stream audio',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    `a=ssrc:${ssrc(1)} cname:consilium`,
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    ...common,
    'a=mid:1',
    'a=sendonly',
    'a=msid:stream video',
    'a=rtcp-mux',
    'a=rtcp-rsize',
    'a=rtpmap:96 VP8/90000',
    'a=rtcp-fb:96 nack',
    'a=rtcp-fb:96 nack pli',
    'a=rtcp-fb:96 ccm fir',
    `a=ssrc:${ssrc(2)} cname:consilium`,
  ];
  return { type: 'offer', sdp: `${lines.join('\r\n')}\r\n` };
}
