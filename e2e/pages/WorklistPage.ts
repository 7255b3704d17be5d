import { type Locator, type Page, expect } from '@playwright/test';

/** A file to hand to the upload, built in the test (real DICOM bytes or not). */
export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * The home page's study list as a user drives it: filters, the study table,
 * pagination and the upload drop zone. Locators go by role and label, as a
 * screen reader would find them; test ids only where no role names the thing
 * (a study row, the drop zone).
 */
export class WorklistPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly dropZone: Locator;
  readonly progress: Locator;
  /** The row around the bar: its data-state is running, then done. */
  readonly progressRow: Locator;
  readonly uploadResults: Locator;
  readonly uploadSummary: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Studies' });
    this.rows = page.getByTestId('study-row');
    this.dropZone = page.getByTestId('upload-dropzone');
    this.progress = page.getByRole('progressbar', { name: 'Upload progress' });
    this.progressRow = page.getByTestId('upload-progress');
    this.uploadResults = page.getByTestId('upload-result');
    this.uploadSummary = page.getByTestId('upload-summary');
  }

  /** Opens the worklist, optionally with URL state (`name=demo`, `sort=patientId&dir=asc`). */
  async goto(query = ''): Promise<void> {
    await this.page.goto(query ? `/?${query}` : '/');
  }

  filterInput(label: 'Patient name' | 'Patient ID' | 'Accession' | 'Description'): Locator {
    return this.page.getByRole('search', { name: 'Study filters' }).getByRole('searchbox', { name: label });
  }

  /** Types into a filter by its visible label and submits the search. */
  async filter(label: 'Patient name' | 'Patient ID' | 'Accession' | 'Description', value: string): Promise<void> {
    const input = this.filterInput(label);
    await input.fill(value);
    await input.press('Enter');
  }

  get modality(): Locator {
    return this.page.getByRole('search', { name: 'Study filters' }).getByRole('combobox', { name: 'Modality' });
  }

  dateFilter(label: 'From' | 'To'): Locator {
    return this.page.getByRole('search', { name: 'Study filters' }).getByLabel(label, { exact: true });
  }

  /** Waits until the table shows a settled result (not loading). */
  async settled(): Promise<void> {
    await expect(this.table).toHaveAttribute('aria-busy', 'false');
  }

  async clearFilters(): Promise<void> {
    await this.page.getByRole('search', { name: 'Study filters' }).getByRole('button', { name: 'Clear' }).click();
    await this.settled();
  }

  /** Opens the only row matching `text` and waits for the viewer route. */
  async open(text: string): Promise<void> {
    const row = this.rows.filter({ hasText: text });
    await expect(row).toHaveCount(1);
    await row.click();
    await this.page.waitForURL(/\/viewer\//);
  }

  rowByPatient(name: string | RegExp): Locator {
    return this.rows.filter({ has: this.page.getByRole('cell', { name }) });
  }

  columnHeader(label: string): Locator {
    return this.table.getByRole('columnheader', { name: label });
  }

  async sortBy(label: string): Promise<void> {
    await this.columnHeader(label).getByRole('button').click();
  }

  /** The text of one column over all rows, in display order. */
  async columnTexts(label: string): Promise<string[]> {
    const index = await this.columnIndex(label);
    return this.rows.evaluateAll((rows, i) => rows.map((row) => (row as HTMLTableRowElement).cells[i]?.innerText.trim() ?? ''), index);
  }

  /** The text of `row`'s cell under the column `label`. */
  async cellText(row: Locator, label: string): Promise<string> {
    const index = await this.columnIndex(label);
    return row.evaluate((tr, i) => (tr as HTMLTableRowElement).cells[i]?.innerText.trim() ?? '', index);
  }

  thumbnail(row: Locator): Locator {
    return row.getByRole('img');
  }

  /**
   * Drags files over the drop zone the way a browser does: a DataTransfer built
   * in the page holding real File objects, then dragenter and dragover. The
   * returned `drop()` releases them.
   */
  async dragFiles(files: readonly UploadFile[]): Promise<{ drop: () => Promise<void> }> {
    const payload = files.map((f) => ({ name: f.name, type: f.type ?? 'application/dicom', base64: Buffer.from(f.bytes).toString('base64') }));
    const dataTransfer = await this.page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], f.name, { type: f.type }));
      }
      return transfer;
    }, payload);
    for (const type of ['dragenter', 'dragover']) await this.dropZone.dispatchEvent(type, { dataTransfer });
    return {
      drop: async () => {
        await this.dropZone.dispatchEvent('drop', { dataTransfer });
        await dataTransfer.dispose();
      },
    };
  }

  async dropFiles(files: readonly UploadFile[]): Promise<void> {
    await (await this.dragFiles(files)).drop();
  }

  uploadResult(fileName: string): Locator {
    return this.uploadResults.filter({ hasText: fileName });
  }

  private async columnIndex(label: string): Promise<number> {
    // Every header cell, shown or not, so the index matches `cells` at any width.
    const headers = await this.table.locator('thead th').allTextContents();
    const index = headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === label);
    if (index < 0) throw new Error(`no column "${label}" in ${headers.join(' | ')}`);
    return index;
  }
}
