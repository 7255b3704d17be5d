import { type Locator, type Page, expect } from '@playwright/test';

export type Point3 = readonly [number, number, number];
export type ToolButton = 'W/L' | 'Pan' | 'Zoom' | 'Length' | 'Angle' | 'Ellipse' | 'Rectangle' | 'Probe' | 'Arrow';

/** The viewer page: viewports by index, their overlays, the toolbar and the measurement panel. */
export class ViewerPage {
  readonly toolbar: Locator;
  readonly measurements: Locator;

  constructor(readonly page: Page) {
    this.toolbar = page.getByRole('toolbar', { name: 'Viewer tools' });
    this.measurements = page.getByTestId('measurement-list').getByTestId('measurement-item');
  }

  async goto(studyUid: string): Promise<void> {
    await this.page.goto(`/viewer/${studyUid}`);
  }

  viewport(index = 0): Locator {
    return this.page.getByTestId(`viewport-${index}`);
  }

  sliceOverlay(index = 0): Locator {
    return this.viewport(index).getByTestId('overlay-slice');
  }

  windowOverlay(index = 0): Locator {
    return this.viewport(index).getByTestId('overlay-wl');
  }

  /** Waits until viewport `index` shows an image (its W/L overlay appears with the first render). */
  async waitForImage(index = 0): Promise<void> {
    await expect(this.windowOverlay(index)).toBeVisible();
    await expect(this.page.getByTestId(`viewport-loading-${index}`)).toHaveCount(0);
  }

  /** Goes to image `imageNumber` (1-based) with the keyboard: Home, Page Down by tens, then arrows. */
  async scrollToImage(imageNumber: number, total: number, index = 0): Promise<void> {
    const element = this.viewport(index);
    await element.focus();
    await element.press('Home');
    const steps = imageNumber - 1;
    for (let i = 0; i < Math.floor(steps / 10); i++) await element.press('PageDown');
    for (let i = 0; i < steps % 10; i++) await element.press('ArrowDown');
    await expect(this.sliceOverlay(index)).toHaveText(`Im: ${imageNumber}/${total}`);
  }

  async selectTool(name: ToolButton): Promise<void> {
    const button = this.toolbar.getByRole('button', { name, exact: true });
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }

  async selectPreset(name: 'Brain' | 'Lung' | 'Bone' | 'Abdomen'): Promise<void> {
    const select = this.toolbar.getByLabel('Window preset');
    const value = await select.locator('option', { hasText: name }).getAttribute('value');
    await select.selectOption(value ?? name);
  }

  /** Page (CSS pixel) position of a patient-coordinate point (mm, LPS) in viewport `index`. */
  async pagePointOf(world: Point3, index = 0): Promise<{ x: number; y: number }> {
    return this.page.evaluate(
      ({ world, index }) => {
        const viewport = window.__consilium?.getViewport(index);
        if (!viewport) throw new Error(`no viewport ${index}`);
        const [x, y] = viewport.worldToCanvas(world as [number, number, number]);
        const box = viewport.canvas.getBoundingClientRect();
        return { x: box.left + x, y: box.top + y };
      },
      { world: [...world], index },
    );
  }

  /** Drags with the left button from one patient point to another (draws with the active tool). */
  async dragBetween(from: Point3, to: Point3, index = 0): Promise<void> {
    const a = await this.pagePointOf(from, index);
    const b = await this.pagePointOf(to, index);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await this.page.mouse.move(b.x, b.y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Pixel statistics of viewport `index`'s canvas: mean grey and the share of non-black pixels. */
  async canvasStats(index = 0): Promise<{ mean: number; nonBlack: number }> {
    return this.page.evaluate((index) => {
      const viewport = window.__consilium?.getViewport(index);
      if (!viewport) throw new Error(`no viewport ${index}`);
      const source = viewport.canvas;
      const copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      const context = copy.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(source, 0, 0);
      const { data } = context.getImageData(0, 0, copy.width, copy.height);
      let sum = 0;
      let nonBlack = 0;
      for (let i = 0; i < data.length; i += 4) {
        sum += data[i] ?? 0;
        if ((data[i] ?? 0) > 8) nonBlack++;
      }
      const pixels = data.length / 4;
      return { mean: sum / pixels, nonBlack: nonBlack / pixels };
    }, index);
  }
}

declare global {
  interface Window {
    __consilium?: {
      renderingEngineId: string;
      getViewport(index: number):
        | { worldToCanvas(p: [number, number, number]): [number, number]; canvas: HTMLCanvasElement; getCurrentImageIdIndex?(): number; getCurrentImageId?(): string }
        | undefined;
    };
  }
}
