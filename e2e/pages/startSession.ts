import type { Page } from '@playwright/test';
import { SessionPanel } from './SessionPanel.js';
import { StudyFinder } from './StudyFinder.js';
import { ViewerPage } from './ViewerPage.js';

/** The seeded synthetic chest CT, as the worklist shows it. */
export const DEMO_CT = { patientName: 'DEMO, CHEST', accession: 'DEMO-CT-0001', slices: 220 } as const;

/** Finds the demo CT in the worklist, opens it, starts a session as `name` (answering the name prompt) and returns the invite link. */
export async function startSessionOnDemoCt(page: Page, name: string): Promise<string> {
  const finder = new StudyFinder(page);
  await finder.goto();
  await finder.filter('Accession', DEMO_CT.accession);
  await finder.open(DEMO_CT.patientName);
  await new ViewerPage(page).waitForImage(0);
  await page.getByRole('button', { name: 'Start session' }).click();
  const session = new SessionPanel(page);
  await session.join(name);
  return session.inviteLink();
}
