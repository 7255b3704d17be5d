import { type Locator, type Page, expect } from '@playwright/test';

/** One remote picture as the page plays it. */
export interface PlayedVideo {
  participantId: string;
  videoWidth: number;
  currentTime: number;
}

/** The video call beside the viewer (web/src/features/session/media/CallPanel.tsx). */
export class CallPanel {
  readonly root: Locator;
  readonly remoteTiles: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('call-panel');
    this.remoteTiles = this.root.locator('[data-testid="call-tile"][data-self="false"]');
  }

  async join(withCamera = true): Promise<void> {
    await this.root.getByRole('button', { name: withCamera ? 'Join with camera' : 'Audio only' }).click();
    await this.expectInCall();
  }

  async expectInCall(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-phase', 'in', { timeout: 30_000 });
  }

  async leave(): Promise<void> {
    await this.root.getByRole('button', { name: 'Leave call' }).click();
    await expect(this.root).toHaveAttribute('data-phase', 'out');
  }

  async expectTopology(topology: 'p2p' | 'sfu'): Promise<void> {
    await expect(this.root).toHaveAttribute('data-topology', topology, { timeout: 30_000 });
  }

  tileOf(participantId: string): Locator {
    return this.root.locator(`[data-testid="call-tile"][data-participant-id="${participantId}"]`);
  }

  /** Every remote tile's video: its width and play position. */
  async played(): Promise<PlayedVideo[]> {
    return this.remoteTiles.evaluateAll((tiles) =>
      tiles.map((tile) => {
        const video = tile.querySelector('video');
        return { participantId: tile.getAttribute('data-participant-id') ?? '', videoWidth: video?.videoWidth ?? 0, currentTime: video?.currentTime ?? 0 };
      }),
    );
  }

  /**
   * Waits until exactly `count` remote pictures play here: each has a frame
   * size (videoWidth > 0) and its play position moves on between two looks.
   */
  async expectRemoteVideosPlaying(count: number, timeout = 45_000): Promise<void> {
    await expect(this.remoteTiles).toHaveCount(count, { timeout });
    await expect.poll(async () => (await this.played()).filter((v) => v.videoWidth > 0).length, { timeout, message: `${count} remote videos with frames` }).toBe(count);
    const before = await this.played();
    await expect
      .poll(
        async () => {
          const now = await this.played();
          return now.filter((v) => v.currentTime > (before.find((b) => b.participantId === v.participantId)?.currentTime ?? Infinity)).length;
        },
        { timeout: 15_000, message: 'remote videos advance' },
      )
      .toBe(count);
  }

  /** Waits until audio arrives from each of `count` participants and keeps arriving (bytes grow, with energy: the fake microphone's beep). */
  async expectRemoteAudio(count: number): Promise<void> {
    const stats = () => this.page.evaluate(() => window.__consiliumCall?.stats() ?? Promise.resolve([]));
    await expect.poll(async () => (await stats()).filter((s) => s.audioBytesReceived > 0 && s.audioEnergy > 0).length, { timeout: 30_000, message: 'audio received' }).toBe(count);
    const before = await stats();
    await expect
      .poll(async () => (await stats()).filter((s) => s.audioBytesReceived > (before.find((b) => b.participantId === s.participantId)?.audioBytesReceived ?? Infinity)).length, {
        timeout: 10_000,
        message: 'audio keeps arriving',
      })
      .toBe(count);
  }
}

declare global {
  interface Window {
    __consiliumCall?: { stats(): Promise<{ participantId: string; audioBytesReceived: number; audioEnergy: number; videoFramesDecoded: number }[]> };
  }
}
