import { existsSync } from 'node:fs';

/**
 * Debian's Chromium (`apt-get install -y chromium`), never a downloaded browser.
 * WebGL2 runs headless on SwiftShader with these flags (FIELD-NOTES), which the
 * viewer's Cornerstone3D rendering needs.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Video calls: Chromium's fake camera (a moving test pattern) and microphone (a beep), permission granted, played without a gesture.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  // Host candidates as addresses, not mDNS names: Janus (ignore_mdns) and this machine resolve no .local names.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}
