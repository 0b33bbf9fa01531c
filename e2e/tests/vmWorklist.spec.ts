import { expect, test } from '../support/fixtures';

test('the VM list: filter, select by keyboard and mouse, move to an application, and undo the move as one step', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();

  await page.keyboard.press('Alt+V');
  const worklist = page.getByTestId('vm-worklist');
  const grid = worklist.getByRole('grid', { name: 'Virtual machines' });
  const count = worklist.getByTestId('vm-worklist-count');
  await expect(count).toHaveText(/^\d+ VMs$/);
  // The demo's fifteen development and test VMs belong to no application.
  await expect(worklist).toContainText('15 in no application');

  // Filters: the name, then the operating system as well.
  await worklist.getByRole('searchbox', { name: 'Name' }).fill('web');
  await expect(grid.getByRole('row')).toHaveCount(1 + 6);
  await worklist.getByRole('searchbox', { name: 'Operating system' }).fill('linux');
  await expect(count).toHaveText(/^5 of \d+ VMs shown$/);
  await expect(grid.getByRole('row').nth(1)).toContainText('book-web-01');

  // Keyboard: the first row, then Shift+Down twice selects three.
  await grid.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(count).toContainText('3 selected');
  // Mouse: Ctrl+click takes one out again, Shift+click from the first puts the range back.
  await grid.getByRole('row', { name: /book-web-02/ }).click({ modifiers: ['Control'] });
  await expect(count).toContainText('2 selected');
  await expect(grid.getByRole('row', { name: /book-web-02/ })).toHaveAttribute('aria-selected', 'false');
  await grid.getByRole('row', { name: /book-web-01/ }).click();
  await grid.getByRole('row', { name: /book-web-03/ }).click({ modifiers: ['Shift'] });
  await expect(count).toContainText('3 selected');

  // Enter opens "Move to application…"; the move is one call and one undo step.
  await page.keyboard.press('Enter');
  const move = page.getByRole('dialog', { name: 'Move 3 VMs to…' });
  await move.getByRole('combobox', { name: 'Application to move to' }).fill('no app');
  await page.keyboard.press('Enter');
  await expect(move).toBeHidden();
  await expect(page.getByTestId('notice')).toHaveText(/^Moved 3 VMs to no application\./);

  await worklist.getByRole('searchbox', { name: 'Name' }).fill('book-web');
  await worklist.getByRole('searchbox', { name: 'Operating system' }).fill('');
  await worklist.getByRole('combobox', { name: 'Application' }).selectOption({ label: 'No application' });
  await expect(count).toHaveText(/^3 of \d+ VMs shown$/);
  await expect(worklist).toContainText('18 in no application');

  // Undone as one step: all three are back in their application.
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /^Undo move 3 VMs to no application/);
  await grid.focus();
  await page.keyboard.press('Control+Z');
  await expect(page.getByTestId('notice')).toHaveText(/^Undid: move 3 VMs to no application/);
  await expect(worklist.getByText('No VM matches these filters.')).toBeVisible();
  await worklist.getByRole('combobox', { name: 'Application' }).selectOption({ label: 'Appointment Booking Web' });
  await expect(count).toHaveText(/^3 of \d+ VMs shown$/);

  // The same list is reached from the toolbar.
  await page.getByRole('button', { name: 'Interview', exact: true }).click();
  await page.getByRole('button', { name: 'VMs', exact: true }).click();
  await expect(grid).toBeVisible();
});
