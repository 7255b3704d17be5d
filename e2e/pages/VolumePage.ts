import path from 'node:path';
import { type Locator, type Page, expect } from '@playwright/test';
import { GrayImage } from '../src/GrayImage.js';

export type VolumeViewportName = 'axial' | 'sagittal' | 'coronal' | '3d';
export type Point3 = readonly [number, number, number];

/** A viewport's canvas as the page's `window.__consiliumVolume.snapshot` returns it. */
export interface VolumeSnapshot {
  image: GrayImage;
  mmPerPixel: number;
  camera: { focalPoint: number[]; viewPlaneNormal: number[]; viewUp: number[]; parallelScale: number };
}

interface RawSnapshot {
  width: number;
  height: number;
  mmPerPixel: number;
  luminanceBase64: string;
  camera: VolumeSnapshot['camera'];
}

/** The part of the page's `window.__consiliumVolume` (web/src/features/viewer/volume/volumeTestHandle.ts) the tests use. */
interface PageVolumeHandle {
  status: string;
  framesLoaded: number;
  framesTotal: number;
  readyAtMs?: number;
  mountedAtMs?: number;
  viewports: Partial<
    Record<
      VolumeViewportName,
      {
        worldToCanvas(point: [number, number, number]): [number, number];
        getBlendMode(): number;
        getSlabThickness(): number;
        getProperties(): { voiRange?: { lower: number; upper: number } };
        getCamera(): { position?: number[]; focalPoint?: number[]; parallelScale?: number; viewPlaneNormal?: number[]; viewUp?: number[] };
      }
    >
  >;
  snapshot(name: VolumeViewportName): RawSnapshot | undefined;
  probe(name: VolumeViewportName, points: readonly Point3[]): (number | undefined)[] | undefined;
}

declare global {
  interface Window {
    __consiliumVolume?: PageVolumeHandle;
  }
}

/** Volume rendering on SwiftShader with 2 shared cores: minutes, not seconds. */
const VOLUME_READY_TIMEOUT_MS = 180_000;

const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');

const TEST_ID: Record<VolumeViewportName, string> = { axial: 'mpr-axial', sagittal: 'mpr-sagittal', coronal: 'mpr-coronal', '3d': 'volume-3d' };

/**
 * The MPR and 3D views (web/src/features/viewer/volume): opened on one series
 * through the development route, read back through `window.__consiliumVolume`
 * (canvas luminance, cameras, load status) and driven with the mouse.
 */
export class VolumePage {
  readonly progress: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.progress = page.getByTestId('volume-progress');
    this.error = page.getByTestId('volume-error');
  }

  viewport(name: VolumeViewportName): Locator {
    return this.page.getByTestId(TEST_ID[name]);
  }

  /** `/dev/volume/{study}`: the views alone on one series (`limit` keeps the first images only). */
  async open(studyUid: string, seriesUid: string, mode: 'mpr' | '3d', limit?: number): Promise<void> {
    const query = new URLSearchParams({ series: seriesUid, mode, ...(limit ? { limit: String(limit) } : {}) });
    await this.page.goto(`/dev/volume/${studyUid}?${query.toString()}`);
  }

  /** Waits until every viewport has rendered the completely loaded volume. */
  async waitUntilReady(): Promise<void> {
    await this.page.waitForFunction(() => window.__consiliumVolume?.readyAtMs !== undefined, null, { timeout: VOLUME_READY_TIMEOUT_MS, polling: 250 });
    await expect(this.progress).toBeHidden();
  }

  async status(): Promise<{ status: string; framesLoaded: number; framesTotal: number; readyAtMs?: number; mountedAtMs?: number }> {
    return this.page.evaluate(() => {
      const h = window.__consiliumVolume;
      return { status: h?.status ?? 'absent', framesLoaded: h?.framesLoaded ?? 0, framesTotal: h?.framesTotal ?? 0, readyAtMs: h?.readyAtMs, mountedAtMs: h?.mountedAtMs };
    });
  }

  async snapshot(name: VolumeViewportName): Promise<VolumeSnapshot> {
    const raw = await this.page.evaluate((n) => window.__consiliumVolume?.snapshot(n), name);
    if (!raw) throw new Error(`viewport ${name} is not on the page`);
    return { image: GrayImage.fromBase64(raw.width, raw.height, raw.luminanceBase64), mmPerPixel: raw.mmPerPixel, camera: raw.camera };
  }

  /** Luminance where each patient point (LPS mm) projects onto the viewport. */
  async probe(name: VolumeViewportName, points: readonly Point3[]): Promise<(number | undefined)[]> {
    const values = await this.page.evaluate(([n, p]) => window.__consiliumVolume?.probe(n, p), [name, points] as const);
    if (!values) throw new Error(`viewport ${name} is not on the page`);
    return values;
  }

  /** Where a patient point shows on the page, in page pixels. */
  async pagePointOf(name: VolumeViewportName, point: Point3): Promise<{ x: number; y: number }> {
    const canvasPoint = await this.page.evaluate(([n, p]) => window.__consiliumVolume?.viewports[n]?.worldToCanvas([p[0], p[1], p[2]]), [name, point] as const);
    const box = await this.viewport(name).boundingBox();
    if (!canvasPoint || !box) throw new Error(`viewport ${name} is not on the page`);
    return { x: box.x + canvasPoint[0], y: box.y + canvasPoint[1] };
  }

  /** The direction a viewport looks in and its up vector (unit vectors, patient coordinates). */
  async orientation(name: VolumeViewportName): Promise<{ viewPlaneNormal: number[]; viewUp: number[] }> {
    return this.page.evaluate((n) => {
      const camera = window.__consiliumVolume?.viewports[n]?.getCamera();
      return { viewPlaneNormal: [...(camera?.viewPlaneNormal ?? [])], viewUp: [...(camera?.viewUp ?? [])] };
    }, name);
  }

  /** Zoom of a viewport's camera: parallel scale, and distance from the eye to the focal point (perspective 3D). */
  async zoomOf(name: VolumeViewportName): Promise<{ parallelScale: number; distanceMm: number }> {
    return this.page.evaluate((n) => {
      const camera = window.__consiliumVolume?.viewports[n]?.getCamera();
      const p = camera?.position ?? [0, 0, 0];
      const f = camera?.focalPoint ?? [0, 0, 0];
      return { parallelScale: camera?.parallelScale ?? 0, distanceMm: Math.hypot((p[0] ?? 0) - (f[0] ?? 0), (p[1] ?? 0) - (f[1] ?? 0), (p[2] ?? 0) - (f[2] ?? 0)) };
    }, name);
  }

  /** Cornerstone's own view of a viewport: blend mode, slab and window. */
  async display(name: VolumeViewportName): Promise<{ blendMode: number; slabThicknessMm: number; voiRange?: { lower: number; upper: number } }> {
    return this.page.evaluate((n) => {
      const viewport = window.__consiliumVolume?.viewports[n];
      if (!viewport) throw new Error(`viewport ${n} is not on the page`);
      return { blendMode: viewport.getBlendMode(), slabThicknessMm: viewport.getSlabThickness(), voiRange: viewport.getProperties().voiRange };
    }, name);
  }

  /** Resolves after the next render of the viewport (call before the action that re-renders it). */
  async nextRender(name: VolumeViewportName): Promise<() => Promise<void>> {
    const testId = TEST_ID[name];
    await this.page.evaluate((id) => {
      const element = document.querySelector(`[data-testid="${id}"]`) as (HTMLElement & { __rendered?: Promise<void> }) | null;
      if (!element) throw new Error(`no ${id}`);
      element.__rendered = new Promise((resolve) => element.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => resolve(), { once: true }));
    }, testId);
    return () =>
      this.page.evaluate(async (id) => {
        const element = document.querySelector(`[data-testid="${id}"]`) as (HTMLElement & { __rendered?: Promise<void> }) | null;
        await element?.__rendered;
      }, testId);
  }

  async selectWindow(name: 'Brain' | 'Lung' | 'Bone' | 'Abdomen' | 'Default'): Promise<void> {
    await this.page.getByTestId('mpr-window').selectOption(name === 'Default' ? '' : name);
  }

  async selectProjection(label: 'Thin slice' | 'MIP' | 'MinIP' | 'Average'): Promise<void> {
    await this.page.getByTestId('mpr-projection').selectOption({ label });
  }

  async setSlabThickness(mm: number): Promise<void> {
    await this.page.getByTestId('mpr-slab').fill(String(mm));
  }

  async selectPreset(label: 'Bone' | 'Soft tissue' | 'Lung'): Promise<void> {
    await this.page.getByRole('toolbar', { name: '3D' }).getByRole('button', { name: label, exact: true }).click();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  }
}
