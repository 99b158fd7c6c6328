import type { Page } from 'playwright-core';

/** Opens a scenario from the lab's library as a user would: Library…, pick it (and a variant), Open. */
export async function pickFromLibrary(page: Page, name: string | RegExp, variant?: string): Promise<void> {
  await page.getByRole('button', { name: 'Library…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Scenario library' });
  await dialog.getByRole('radio', { name }).check();
  const open = dialog.getByRole('button', { name: 'Open' });
  await open.and(page.locator(':not([disabled])')).waitFor();
  if (variant !== undefined) await dialog.getByLabel('Variant').selectOption(variant);
  await open.click();
  await dialog.waitFor({ state: 'detached' });
}
