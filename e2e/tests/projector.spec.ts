import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

/** Nothing sticks out to the right: the page is no wider than the window, and each control ends inside it. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
  // Written as page script text: the e2e files have no DOM types.
  const overflowing = await page.evaluate(`[...document.querySelectorAll('header button, header select, header [role="status"]')]
    .filter((element) => element.getClientRects().length > 0 && element.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((element) => element.getAttribute('aria-label') ?? element.textContent.trim())`);
  expect(overflowing).toEqual([]);
}

test('projector mode at 1280x720: the header whole, three choices under the question, and the window never scrolls', async ({ app }) => {
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await expectNoHorizontalOverflow(page);

  await page.keyboard.press('Alt+P');
  await expect(page.locator('html')).toHaveClass(/projector/);
  await expectNoHorizontalOverflow(page);
  for (const name of ['Projector', 'Help', 'Close engagement', 'Sign off…', 'Undo', 'Redo']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  }

  // One question at a time, on a question with three choices: all three in view above the pager.
  await page.getByRole('button', { name: /^Lab Results Portal/ }).click();
  await page.getByRole('button', { name: 'One at a time' }).click();
  await page.getByRole('button', { name: /^Question 2,/ }).click();
  const choices = page.getByRole('main').getByRole('radio');
  await expect(choices).toHaveCount(3);
  const pagerTop = (await page.getByRole('button', { name: 'Next', exact: true }).boundingBox())!.y;
  for (const choice of await choices.all()) {
    const box = (await choice.locator('xpath=ancestor::label[1]').boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y + box.height).toBeLessThanOrEqual(pagerTop);
  }

  // A field far down the form takes the focus: its pane scrolls, the window does not.
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await page.getByLabel('New VM name').focus();
  await expect(page.getByLabel('New VM name')).toBeInViewport();
  expect(await page.evaluate("[document.scrollingElement.scrollTop, document.body.scrollTop, document.getElementById('app').scrollTop]")).toEqual([0, 0, 0]);
  await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();
  await expectNoHorizontalOverflow(page);
  await page.keyboard.press('Alt+P');
});

/** True when the element's content is wider than its box: cut off, or scrolled sideways. */
const cutOff = (page: Page, selector: string) =>
  page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].filter((element) => element.scrollWidth > element.clientWidth + 1).length`);

test("projector mode at 1280x720: Setup's tables fit, the sign-off's button is in view, and the pager hides no focused control", async ({ app }) => {
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await page.keyboard.press('Alt+P');
  await expect(page.locator('html')).toHaveClass(/projector/);

  // Every policy's five scopes without sideways scrolling, and each policy's name whole.
  await page.keyboard.press('Alt+S');
  const setup = page.getByTestId('setup-view');
  await expect(setup.getByLabel('Name of policy Business-critical')).toBeVisible();
  expect(await cutOff(page, '.setup-view .table-scroll')).toBe(0);
  expect(await cutOff(page, '.setup-view .policies input.name')).toBe(0);
  await page.keyboard.press('Alt+S');

  // The sign-off dialog: a long readiness list scrolls inside it, and "Sign" stays on screen.
  await page.keyboard.press('Alt+O');
  const signoff = page.getByRole('dialog', { name: 'Sign off the engagement' });
  await expect(signoff.getByTestId('readiness-summary')).toContainText('open item');
  await expect(signoff.getByRole('button', { name: /^Sign with \d+ open items?$/ })).toBeInViewport({ ratio: 1 });
  await page.keyboard.press('Escape');

  // One question at a time: Tab past an unknown's fields to "Add note", which shows above the pager.
  await page.getByRole('button', { name: /^Lab Results Portal/ }).click();
  await page.getByRole('button', { name: 'One at a time' }).click();
  const question = page.locator('.stage-area [data-question-id]');
  await question.getByRole('button', { name: 'Unknown — follow up' }).click();
  await question.getByLabel('By (date)').focus();
  await page.keyboard.press('Tab');
  const addNote = question.getByRole('button', { name: 'Add note' });
  await expect(addNote).toBeFocused();
  const pagerTop = (await page.getByRole('button', { name: 'Next', exact: true }).boundingBox())!.y;
  const box = (await addNote.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(pagerTop);
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Alt+P');
});
