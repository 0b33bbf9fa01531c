import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

const STATEFUL = 'Does the application keep state of its own?';
const CRITICALITY = 'How critical is the application to the business?';
const OWNER = 'Who owns the application on the business side?';
const HOSTING = 'Which Azure Stack Hub system runs it today?';
const AZURE = 'May the application run in public Azure, even temporarily?';
const DATA_SIZE = 'How much data does it hold in total?';
const POLICY = 'Which protection policy does it adopt?';
const DEPENDENCIES = 'Which other applications must be running for this one to work?';
const RADIUS = 'What is the largest disruption the application must survive?';
const BACKUP = 'Is the application backed up today?';
const REPLICATION = 'How is the application replicated to another place?';
const ACTIVE = 'Does it run active/active on more than one system?';
const LAST_TEST = 'When was failover or recovery last tested end to end?';
const RECOVERS_SYSTEM = 'Where does it come back if the whole Azure Stack Hub system is lost?';
const RECOVERS_SITE = 'Where does it come back if the datacenter is lost?';
const ASSUMPTIONS = 'Which of these does the owner believe is already in place?';

async function createEngagement(page: Page, customer: string, title: string): Promise<void> {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByLabel('Customer').fill(customer);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
}

async function addApplication(page: Page, name: string): Promise<void> {
  await page.getByLabel('New application name').fill(name);
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

/** One question's card or stage, found by its prompt. */
function question(page: Page, prompt: string): Locator {
  return page.locator('[data-question-id]').filter({ has: page.getByRole('heading', { name: prompt, exact: true }) });
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);
}

test('a whole application answered by keyboard alone, one question at a time, is all there after reload', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Northwind Logistics', 'Keyboard-only workshop');
  await addApplication(page, 'Warehouse Management');

  // From here on, only the keyboard.
  await page.keyboard.press('Alt+M');
  await expect(page.getByRole('button', { name: 'One at a time' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { level: 3, name: STATEFUL })).toBeVisible();
  await expect(page.getByText('Question 1 of 13')).toBeVisible();

  await page.keyboard.press('1');
  await expect(page.getByRole('radio', { name: 'Stateful' })).toBeChecked();
  // A stateful application is also asked how much data it holds.
  await expect(page.getByText('Question 1 of 14')).toBeVisible();
  await page.keyboard.press('Enter');

  // No systems recorded yet: focus lands on "Unknown", which asks who to follow up with.
  await expect(page.getByRole('heading', { level: 3, name: HOSTING })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unknown — follow up' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Follow up with')).toBeFocused();
  await page.keyboard.type('Infrastructure lead');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('By (date)')).toBeFocused();
  await page.keyboard.type('2020-01-15');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: DATA_SIZE })).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: DATA_SIZE })).toBeFocused();
  await page.keyboard.type('250');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: AZURE })).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByRole('radio', { name: 'No' })).toBeChecked();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: OWNER })).toBeVisible();
  await expect(page.getByRole('textbox', { name: OWNER })).toBeFocused();
  await page.keyboard.type('Dana Whitfield, COO');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: CRITICALITY })).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByRole('radio', { name: 'Business-critical' })).toBeChecked();
  // A note: Tab past Unknown and Not applicable to "Add note", which opens a text area.
  await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add note' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Note')).toBeFocused();
  await page.keyboard.type('Peak season is October to December.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByLabel('Note')).toBeFocused();
  // Enter in a note is a new line; Tab past the answer's evidence to the Next button and press it.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: /^Attach evidence to the answer/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: POLICY })).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByRole('radio', { name: 'Business-critical' })).toBeChecked();
  await page.keyboard.press('Enter');

  // The only application cannot depend on another: "Depends on nothing" is an answer too.
  await expect(page.getByRole('heading', { level: 3, name: DEPENDENCIES })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Depends on nothing' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Depends on nothing (saved)' })).toBeFocused();
  await page.keyboard.press('ArrowRight');

  await expect(page.getByRole('heading', { level: 3, name: RADIUS })).toBeVisible();
  await page.keyboard.press('4');
  await expect(page.getByRole('radio', { name: 'Site loss' })).toBeChecked();
  // Site loss in the radius: where it comes back after losing its system, and its site, are asked next.
  await expect(page.getByText('Question 9 of 16')).toBeVisible();
  await page.keyboard.press('Enter');

  // No systems recorded yet: the places besides them are offered, public Azure first.
  await expect(page.getByRole('heading', { level: 3, name: RECOVERS_SYSTEM })).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByRole('radio', { name: /^New hardware/ })).toBeChecked();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: RECOVERS_SITE })).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByRole('radio', { name: /^New hardware/ })).toBeChecked();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: BACKUP })).toBeVisible();
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: REPLICATION })).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByRole('radio', { name: 'Not replicated' })).toBeChecked();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: ACTIVE })).toBeVisible();
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: LAST_TEST })).toBeVisible();
  await page.keyboard.type('2026-03-15');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 3, name: ASSUMPTIONS })).toBeVisible();
  await page.keyboard.press('3');
  await expect(page.getByRole('checkbox', { name: 'One scale unit stretched over two sites' })).toBeChecked();

  // ← and Shift+Enter go back, → and Enter go on; what was typed is still there.
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('heading', { level: 3, name: LAST_TEST })).toBeVisible();
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByRole('heading', { level: 3, name: ACTIVE })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: ASSUMPTIONS })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: '15 of 16 answered' })).toBeVisible();
  await expectSaved(page);
  await expect(page.getByTestId('application-progress')).toHaveText(/15 of 16 answered\s*· 1 to follow up/);
  await expect(page.getByTestId('engagement-progress')).toHaveText(/15 of 16 answered\s*· 1 to follow up/);

  await page.reload();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  // The mode is remembered on this machine.
  await expect(page.getByRole('button', { name: 'One at a time' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Alt+M');
  await expect(page.getByRole('button', { name: 'Form', exact: true })).toHaveAttribute('aria-pressed', 'true');

  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await expect(question(page, CRITICALITY).getByRole('radio', { name: 'Business-critical' })).toBeChecked();
  await expect(question(page, CRITICALITY).getByLabel('Note')).toHaveValue('Peak season is October to December.');
  await expect(question(page, OWNER).getByRole('textbox', { name: OWNER })).toHaveValue('Dana Whitfield, COO');
  await expect(question(page, HOSTING).getByRole('button', { name: 'Unknown — follow up' })).toHaveAttribute('aria-pressed', 'true');
  await expect(question(page, HOSTING).getByLabel('Follow up with')).toHaveValue('Infrastructure lead');
  await expect(question(page, HOSTING).getByLabel('By (date)')).toHaveValue('2020-01-15');
  await expect(question(page, AZURE).getByRole('radio', { name: 'No' })).toBeChecked();
  await expect(question(page, OWNER)).toContainText('Answered by e2e consultant');
  await expect(question(page, DATA_SIZE).getByRole('spinbutton')).toHaveValue('250');
  await expect(question(page, POLICY).getByRole('radio', { name: 'Business-critical' })).toBeChecked();
  await expect(question(page, RADIUS).getByRole('radio', { name: 'Site loss' })).toBeChecked();
  await expect(question(page, RECOVERS_SITE).getByRole('radio', { name: /^New hardware/ })).toBeChecked();
  await expect(question(page, LAST_TEST).getByRole('textbox', { name: LAST_TEST })).toHaveValue('2026-03-15');
  await expect(question(page, ASSUMPTIONS).getByRole('checkbox', { name: 'One scale unit stretched over two sites' })).toBeChecked();
  await expect(question(page, ASSUMPTIONS).getByRole('checkbox', { name: 'Backup or snapshots taken on the hosts' })).not.toBeChecked();
});

test('an unknown with a follow-up person is listed under that person, and its link opens the question', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Contoso', 'Follow-ups');
  await addApplication(page, 'Payroll');
  await question(page, HOSTING).getByRole('button', { name: 'Unknown — follow up' }).click();
  await question(page, HOSTING).getByLabel('Follow up with').fill('Priya Shah');
  await question(page, HOSTING).getByLabel('By (date)').fill('2020-03-01');
  await addApplication(page, 'Intranet');
  await question(page, OWNER).getByRole('button', { name: 'Unknown — follow up' }).click();
  await question(page, OWNER).getByLabel('Follow up with').fill('  priya shah ');
  await question(page, AZURE).getByRole('button', { name: 'Unknown — follow up' }).click();
  await page.getByRole('heading', { level: 2, name: 'Intranet' }).click();
  await expectSaved(page);

  await page.keyboard.press('Alt+U');
  await expect(page.getByRole('heading', { level: 2, name: 'Follow-ups' })).toBeVisible();
  const priya = page.getByRole('region', { name: /Priya Shah/ });
  await expect(priya.getByRole('heading', { level: 4 })).toHaveText(['Payroll', 'Intranet']);
  await expect(priya.getByRole('link', { name: HOSTING })).toBeVisible();
  await expect(priya.getByText('overdue')).toBeVisible();
  await expect(page.getByRole('region', { name: /No one named yet/ }).getByRole('link', { name: AZURE })).toBeVisible();

  await priya.getByRole('link', { name: HOSTING }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Payroll' })).toBeVisible();
  await expect(question(page, HOSTING)).toBeInViewport();
  await expect(question(page, HOSTING).getByRole('button', { name: 'Unknown — follow up' })).toBeFocused();
});

test('undo puts back the previous answer and redo repeats the change; both are saved', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Contoso', 'Undo');
  await addApplication(page, 'Billing');
  const stateful = question(page, STATEFUL);
  await stateful.getByRole('radio', { name: 'Stateful' }).check();
  await expectSaved(page);
  await stateful.getByRole('radio', { name: 'Stateless' }).check();
  await expectSaved(page);
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /in Billing: back to Stateful \(now Stateless\)/);

  // Ctrl+Z in a text box is the box's own undo, not the answers'.
  await question(page, OWNER).getByRole('textbox').click();
  await page.keyboard.type('x');
  await page.keyboard.press('Control+Z');
  await expect(stateful.getByRole('radio', { name: 'Stateless' })).toBeChecked();
  await expect(question(page, OWNER).getByRole('textbox')).toHaveValue('');

  await stateful.getByRole('radio', { name: 'Stateless' }).focus();
  await page.keyboard.press('Control+Z');
  await expect(stateful.getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await expectSaved(page);
  await page.reload();
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateful' })).toBeChecked();

  // The history lives in the core, so a reload keeps it. Redo repeats what was undone; Ctrl+Shift+Z and Ctrl+Y do the same as the button.
  await expect(page.getByRole('button', { name: 'Redo' })).toHaveAttribute('title', /in Billing: Stateless again \(now Stateful\)/);
  await question(page, STATEFUL).getByRole('radio', { name: 'Stateless' }).check();
  await expectSaved(page);
  await page.keyboard.press('Control+Z');
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateless' })).toBeChecked();
  await page.keyboard.press('Control+Z');
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateful' })).toBeChecked();
  await page.keyboard.press('Control+Y');
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateless' })).toBeChecked();

  // Undoing a question's first answer takes it back to "not answered", on disk too.
  const criticality = question(page, CRITICALITY);
  await criticality.getByRole('radio', { name: 'Standard' }).check();
  await expectSaved(page);
  await page.keyboard.press('Control+Z');
  await expect(criticality.getByRole('radio', { name: 'Standard' })).not.toBeChecked();
  await expectSaved(page);
  await page.reload();
  await expect(question(page, CRITICALITY).getByRole('radio')).toHaveCount(4);
  for (const radio of await question(page, CRITICALITY).getByRole('radio').all()) await expect(radio).not.toBeChecked();
  await expect(question(page, STATEFUL).getByRole('radio', { name: 'Stateless' })).toBeChecked();
});

test('not applicable with a reason is saved as an answer that counts as done', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Contoso', 'Not applicable');
  await addApplication(page, 'Kiosk');
  const azure = question(page, AZURE);
  await azure.getByRole('button', { name: 'Not applicable' }).click();
  await expect(azure.getByLabel('Not applicable because')).toBeFocused();
  await page.keyboard.type('Runs on shop-floor hardware only');
  await page.keyboard.press('Tab');
  await expectSaved(page);
  await expect(page.getByTestId('application-progress')).toHaveText(/1 of 13 answered/);

  await page.reload();
  await expect(question(page, AZURE).getByRole('button', { name: 'Not applicable' })).toHaveAttribute('aria-pressed', 'true');
  await expect(question(page, AZURE).getByLabel('Not applicable because')).toHaveValue('Runs on shop-floor hardware only');
  await expect(question(page, AZURE)).toContainText('Marked not applicable by e2e consultant');
  await expect(page.getByRole('button', { name: 'Assessed 0', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'In progress 1' }).click();
  await expect(page.getByRole('button', { name: /Kiosk/ })).toBeVisible();
  await page.getByRole('button', { name: 'Not assessed 0' }).click();
  await expect(page.getByRole('button', { name: /Kiosk/ })).toHaveCount(0);
});

test('clearing a required text answer is refused beside the field, and the saved answer stays', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Contoso', 'Bad values');
  await addApplication(page, 'Treasury');
  const owner = question(page, OWNER).getByRole('textbox', { name: OWNER });
  await owner.fill('Sam Carter, CFO');
  await expectSaved(page);
  await owner.fill('');
  const message = question(page, OWNER).getByRole('alert');
  await expect(message).toContainText('Type an answer, or mark it unknown');
  await expect(owner).toHaveAttribute('aria-invalid', 'true');
  await expect(owner).toHaveAccessibleDescription(/Type an answer, or mark it unknown/);
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);

  await expect(message).toContainText('the saved answer stays');

  // Leaving the field puts the saved answer back, and the refusal no longer applies.
  await owner.blur();
  await expect(owner).toHaveValue('Sam Carter, CFO');
  await expect(message).toBeHidden();
  await page.reload();
  await expect(question(page, OWNER).getByRole('textbox', { name: OWNER })).toHaveValue('Sam Carter, CFO');
});

test('quick switcher, help overlay and projector mode work from the keyboard', async ({ app }) => {
  const page = app.page;
  await createEngagement(page, 'Contoso', 'Switching');
  await addApplication(page, 'Customer Portal');
  await addApplication(page, 'Data Warehouse');

  await page.keyboard.press('Control+K');
  const switcher = page.getByRole('dialog', { name: 'Switch application' });
  await expect(switcher.getByRole('combobox')).toBeFocused();
  await page.keyboard.type('port');
  await expect(switcher.getByRole('option')).toHaveText([/Customer Portal/]);
  await page.keyboard.press('Enter');
  await expect(switcher).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: 'Customer Portal' })).toBeVisible();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Next unanswered question');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.keyboard.press('Alt+P');
  await expect(page.locator('html')).toHaveClass(/projector/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/projector/);
  await page.getByRole('button', { name: 'Projector' }).click();
  await expect(page.locator('html')).not.toHaveClass(/projector/);
});
