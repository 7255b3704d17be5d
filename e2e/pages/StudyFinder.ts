import { type Locator, type Page, expect } from '@playwright/test';

/**
 * The viewer tests' way into a study: the worklist's filters, then its row, as a
 * user does it. (The worklist's own page object belongs to its tests.)
 */
export class StudyFinder {
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('study-row');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
  }

  /** Types into a filter by its visible label and submits the search. */
  async filter(label: 'Patient name' | 'Patient ID' | 'Accession' | 'Description', value: string): Promise<void> {
    const input = this.page.getByRole('search', { name: 'Study filters' }).getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Enter');
  }

  /** Opens the only row matching `text` and waits for the viewer route. */
  async open(text: string): Promise<void> {
    const row = this.rows.filter({ hasText: text });
    await expect(row).toHaveCount(1);
    await row.click();
    await this.page.waitForURL(/\/viewer\//);
  }
}
