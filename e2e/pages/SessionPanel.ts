import { type Locator, type Page, expect } from '@playwright/test';

/** The session panel beside the viewer and the name prompt before joining. */
export class SessionPanel {
  readonly root: Locator;
  readonly participants: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('session-panel');
    this.participants = this.root.getByTestId('participant');
  }

  /** Answers the name prompt shown to a browser that has not joined a session before. */
  async join(name: string): Promise<void> {
    const dialog = this.page.getByRole('dialog', { name: 'Join the reading session' });
    await dialog.getByLabel(/Your name/).fill(name);
    await dialog.getByRole('button', { name: 'Join' }).click();
    await this.waitOnline();
  }

  async waitOnline(): Promise<void> {
    await expect(this.root.getByTestId('session-status')).toHaveText('Connected', { timeout: 30_000 });
  }

  async inviteLink(): Promise<string> {
    return this.root.getByLabel('Invite link').inputValue();
  }

  participant(name: string): Locator {
    return this.participants.filter({ has: this.page.locator(`[data-name="${name}"]`) }).or(this.root.locator(`[data-testid="participant"][data-name="${name}"]`));
  }

  async expectParticipants(names: string[]): Promise<void> {
    await expect.poll(async () => (await this.participants.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).sort()).toEqual([...names].sort());
  }

  /** Switches this participant's laser pointer on or off. */
  async setPointer(on: boolean): Promise<void> {
    const button = this.root.getByRole('button', { name: 'Laser pointer' });
    if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
    await expect(button).toHaveAttribute('aria-pressed', String(on));
  }

  /** The laser pointers of `name` drawn on this page (one per viewport that shows the place). */
  pointersOf(name: string): Locator {
    return this.page.locator(`[data-testid="laser-pointer"][data-participant="${name}"]`);
  }

  /** Page position of the centre of `name`'s pointer dot (the first one drawn). */
  async pointerCentre(name: string): Promise<{ x: number; y: number }> {
    const box = await this.pointersOf(name).first().locator('span').first().boundingBox();
    if (!box) throw new Error(`no pointer of ${name}`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Each participant's colour by name, as this page lists them. */
  async colours(): Promise<Record<string, string>> {
    const pairs = await this.participants.evaluateAll((els) => els.map((e) => [e.getAttribute('data-name') ?? '', e.getAttribute('data-colour') ?? '']));
    return Object.fromEntries(pairs);
  }

  async undoMine(): Promise<void> {
    await this.root.getByRole('button', { name: 'Undo mine' }).click();
  }
}
