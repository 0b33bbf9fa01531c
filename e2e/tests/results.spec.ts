import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

/** Opens the demo engagement and one of its applications in the form. */
async function openDemoApplication(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Open the demo engagement' }).click();
  await expect(page.getByTestId('engagement-screen')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(name.replace(/[()]/g, '\\$&')) }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

function results(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Results' });
}

/** The target and achievable figures of one measure for one scope, e.g. RPO for VM loss. */
function figures(page: Page, scope: string, measure: 'RTO' | 'RPO'): Locator {
  return results(page).getByRole('region', { name: scope, exact: true }).getByRole('row', { name: new RegExp(`^${measure}`) });
}

async function allSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText(/all changes saved/i);
}

test('results follow the answers: a shorter backup interval shortens the VM-loss RPO at once', async ({ app }) => {
  const page = app.page;
  await openDemoApplication(page, 'Lab Results Portal');

  // Hourly backups: up to an hour of data lost when a VM is restored, against a 5-minute target.
  await expect(figures(page, 'VM loss', 'RPO')).toContainText('5 min');
  await expect(figures(page, 'VM loss', 'RPO')).toContainText('1 h');
  await expect(figures(page, 'VM loss', 'RPO')).toContainText('breached');

  await page.getByLabel('How often does a backup run?, unit', { exact: true }).selectOption('minutes');
  const interval = page.getByLabel('How often does a backup run?', { exact: true });
  await interval.fill('5');
  await interval.press('Tab');
  await allSaved(page);

  await expect(figures(page, 'VM loss', 'RPO')).toContainText('5 min');
  await expect(figures(page, 'VM loss', 'RPO')).not.toContainText('breached');

  // The arithmetic behind the estimate is there to read.
  const vmLoss = results(page).getByRole('region', { name: 'VM loss', exact: true });
  await vmLoss.getByText('How was this estimated').click();
  await expect(vmLoss.getByRole('table', { name: /sum behind/ })).toBeVisible();
});

test("a finding's answer link focuses that question, in the component's card when it is a component's", async ({ app }) => {
  const page = app.page;
  await openDemoApplication(page, 'Print Services');

  const finding = results(page)
    .getByRole('list', { name: 'Findings', exact: true })
    .getByRole('listitem')
    .filter({ has: page.getByText('Several instances with nothing spreading users over them') });
  await expect(finding).toBeVisible();
  await finding.getByRole('button', { name: /^Go to the question: What spreads requests over the instances\? \(Print spoolers\)/ }).click();
  await expect(page.getByRole('radio', { name: /^Nothing/ })).toBeFocused();
  await expect(page.getByRole('radio', { name: /^Nothing/ })).toBeInViewport();

  await finding.getByRole('button', { name: 'Go to the question: How many instances (VMs) run this component? (Print spoolers)' }).click();
  await expect(page.getByRole('spinbutton', { name: 'How many instances (VMs) run this component?' })).toBeFocused();
});

test('the dashboard shows every application against every disruption and opens one in the interview', async ({ app }) => {
  const page = app.page;
  await openDemoApplication(page, 'Intranet');

  await page.keyboard.press('Alt+D');
  await expect(page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Dashboard/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Findings by severity' })).toBeVisible();

  const heatmap = page.getByRole('table');
  await expect(heatmap.getByRole('columnheader', { name: /^Site loss/ })).toBeVisible();
  const lab = heatmap.getByRole('row', { name: /Lab Results Portal/ });
  await expect(lab.getByRole('cell').filter({ hasText: 'Breached' }).first()).toBeVisible();
  // Nobody has answered for Telemetry Dashboards: it is not assessed, never "not required".
  const telemetry = heatmap.getByRole('row', { name: /Telemetry Dashboards/ });
  await expect(telemetry).toContainText('Not assessed');
  await expect(telemetry.getByRole('cell').filter({ hasText: 'Not required' })).toHaveCount(0);
  await expect(heatmap.getByRole('row', { name: /Legacy Fax Gateway/ })).toContainText('Out of scope');
  await expect(heatmap.getByRole('row', { name: /Intranet/ }).getByRole('cell').filter({ hasText: 'Not required' })).toHaveCount(3);

  // Only the applications at risk: the ones with nothing breached, at risk, unknown or not assessed go.
  await page.getByRole('checkbox', { name: 'Only at risk' }).check();
  await expect(heatmap.getByRole('row', { name: /Intranet/ })).toHaveCount(0);
  await expect(telemetry).toBeVisible();

  await lab.getByRole('button', { name: 'Lab Results Portal' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Lab Results Portal' })).toBeVisible();
  await expect(results(page)).toBeVisible();
});

test('the application list counts applications by the assessment state the dashboard counts, in the same words', async ({ app }) => {
  const page = app.page;
  await openDemoApplication(page, 'Telemetry Dashboards');
  const filters = page.getByRole('group', { name: 'Show applications' });
  const dashboardCounts = page.getByRole('region', { name: 'How far the assessment has come' });
  const expectCounts = async (counts: [string, number][]) => {
    for (const [state, count] of counts) await expect(filters.getByRole('button', { name: `${state} ${count}`, exact: true })).toBeVisible();
    await page.keyboard.press('Alt+D');
    for (const [state, count] of counts) await expect(dashboardCounts.getByRole('listitem').filter({ hasText: new RegExp(`^\\d+ ${state}$`) })).toHaveText(`${count} ${state}`);
    await page.getByRole('button', { name: 'Interview', exact: true }).click();
  };
  await expectCounts([['Not assessed', 1], ['In progress', 5], ['Assessed', 6], ['Out of scope', 1]]);
  await expect(filters.getByRole('button', { name: /^Not started|^Complete/ })).toHaveCount(0);

  // One answer the rules read moves Telemetry Dashboards from not assessed to in progress, in both places at once.
  await page.getByRole('button', { name: /Telemetry Dashboards/ }).click();
  await page.getByRole('radiogroup', { name: 'Does the application keep state of its own?' }).getByRole('radio', { name: /^Stateless/ }).check();
  await allSaved(page);
  await expectCounts([['Not assessed', 0], ['In progress', 6], ['Assessed', 6], ['Out of scope', 1]]);
  await filters.getByRole('button', { name: 'In progress 6', exact: true }).click();
  await expect(page.getByRole('button', { name: /Telemetry Dashboards/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /Patient Records/ })).toHaveCount(0);
});

test('an assumption changed in setup changes the estimates and survives a reload; a wrong one is refused', async ({ app }) => {
  let page = app.page;
  await openDemoApplication(page, 'Radiology PACS Archive');
  // Its owner plans to recover on new hardware: 6 to 16 weeks of lead time, then 38 TB to restore.
  await expect(figures(page, 'Site loss', 'RTO')).toContainText('6.5 weeks – 18 weeks');

  await page.keyboard.press('Alt+S');
  await page.getByRole('heading', { name: 'Estimate assumptions' }).scrollIntoViewIfNeeded();
  const best = page.getByLabel('Best case: Lead time for a new Azure Stack Hub system, in weeks');
  await expect(best).toHaveValue('6');
  await best.fill('10');
  await best.press('Tab');
  await allSaved(page);

  // Best longer than worst is refused beside the row, and nothing is saved.
  const worst = page.getByLabel('Worst case: Lead time for a new Azure Stack Hub system, in weeks');
  await worst.fill('4');
  await worst.press('Tab');
  await expect(page.getByText('the best case cannot be longer than the worst case')).toBeVisible();
  await expect(worst).toHaveAttribute('aria-invalid', 'true');

  await page.keyboard.press('Alt+S');
  await expect(figures(page, 'Site loss', 'RTO')).toContainText('10 weeks – 18 weeks');

  page = await app.restart();
  await page.getByTestId('recent-files').getByRole('button', { name: /Fabrikam/ }).click();
  await page.getByRole('button', { name: /Radiology PACS Archive/ }).click();
  await expect(figures(page, 'Site loss', 'RTO')).toContainText('10 weeks – 18 weeks');
  await page.keyboard.press('Alt+S');
  await expect(page.getByLabel('Best case: Lead time for a new Azure Stack Hub system, in weeks')).toHaveValue('10');
  await expect(page.getByLabel('Worst case: Lead time for a new Azure Stack Hub system, in weeks')).toHaveValue('16');

  // Back to the defaults, after saying yes.
  await page.getByRole('button', { name: 'Reset to defaults…' }).click();
  await page.getByRole('button', { name: 'Yes, reset' }).click();
  await allSaved(page);
  await expect(page.getByLabel('Best case: Lead time for a new Azure Stack Hub system, in weeks')).toHaveValue('6');
});
