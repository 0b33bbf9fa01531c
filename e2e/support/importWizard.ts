import { expect, type Locator, type Page } from '@playwright/test';

/** Drops a small file named `name` on `target`, built in the page (its DOM types are not this file's). */
export async function dropFile(page: Page, target: Locator, name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    `(() => { const data = new DataTransfer(); data.items.add(new File(['VM,CPUs\\n'], ${JSON.stringify(name)})); return data; })()`,
  );
  await target.dispatchEvent('drop', { dataTransfer });
}

/** The inventory import wizard, driven as a consultant would: the keyboard shortcut, the buttons, the chooser. */
export class ImportWizardPage {
  readonly dialog: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Import inventory' });
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+I');
    await expect(this.dialog).toBeVisible();
  }

  async useSample(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Use the sample inventory' }).click();
    await expect(this.dialog.getByTestId('import-file-name')).toHaveText('fabrikam-inventory.xlsx');
  }

  /** Picks a file from the in-page folder chooser (browser mode), which opens on the engagement folder. */
  async chooseFile(name: string): Promise<void> {
    await this.dialog.getByRole('button', { name: "Browse this computer's folders…" }).click();
    const chooser = this.page.getByRole('dialog', { name: 'Choose the inventory file' });
    await chooser.getByRole('list', { name: 'Spreadsheets' }).getByRole('button', { name, exact: true }).click();
    await expect(chooser).toBeHidden();
  }

  /** Drops a file on the wizard as a file manager would: the desktop reads it where it is, a browser sends it to the app. */
  async dropFile(name: string): Promise<void> {
    await dropFile(this.page, this.dialog.getByRole('group', { name: 'Inventory file' }), name);
  }

  async next(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Next', exact: true }).click();
  }

  step(name: string): Locator {
    return this.dialog.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]').filter({ hasText: name });
  }
}
