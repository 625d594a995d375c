// The advisor: fill the form by its labels, submit, read the explained path; and the
// error summary when the required role is missing.
import { suite, visit, checkPage, assert } from '../lib.mjs';

suite('advisor', ({ test }) => {
  test('the form gives an explained path', async ({ page }) => {
    await visit(page, '/advise');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await checkPage(page, 'advisor-form');

    await page.getByLabel('Current role').selectOption({
      label: 'Software engineer or developer (backend, full-stack, microservices)',
    });
    await page.getByLabel('Years of hands-on AWS experience').fill('2');
    await page.getByLabel('Where you want to go').selectOption({ label: 'Solutions or cloud architect' });
    await page.getByLabel('Study hours per week').fill('6');
    await page.getByRole('button', { name: 'Show my path' }).click();

    await page.waitForURL(/[?&]role=software-developer/);
    const query = new URL(page.url()).searchParams;
    assert.equal(query.get('goal'), 'architect');
    assert.equal(query.get('experience_years'), '2');
    assert.equal(query.get('hours_per_week'), '6');

    const situation = page.getByRole('region', { name: 'Your situation' });
    await situation.waitFor();
    const summary = await situation.textContent();
    assert.match(summary, /Software engineer or developer/);
    assert.match(summary, /Solutions or cloud architect/);

    const path = page.getByRole('region', { name: 'Your path' });
    const steps = path.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
    const count = await steps.count();
    assert.ok(count >= 1, 'the path has at least one step');
    const first = steps.first();
    await first.getByRole('heading', { level: 3, name: /SAA-C03/ }).waitFor();
    assert.equal(await first.getByRole('link', { name: 'SAA-C03' }).getAttribute('href'), '/catalog/SAA-C03');
    // Every step says why it is there (the advisor's invariant), with hours and dates.
    for (let i = 0; i < count; i += 1) {
      const step = steps.nth(i);
      const reasons = step.locator('ul.reasons').getByRole('listitem');
      assert.ok((await reasons.count()) >= 1, `step ${i + 1} has a reason`);
      assert.match(await step.textContent(), /about \d+ hours/, `step ${i + 1} has hours`);
      assert.match(await step.textContent(), /Book by\s*\d{4}-\d{2}-\d{2}/, `step ${i + 1} has a date`);
    }
    assert.match(await path.textContent(), /Total: about \d+ hours of study/);

    // The form keeps the answers so they can be changed.
    assert.equal(await page.getByLabel('Current role').inputValue(), 'software-developer');
    assert.equal(await page.getByLabel('Study hours per week').inputValue(), '6');
    await checkPage(page, 'advisor-path');
    assert.deepEqual(page.problems, []);
  });

  test('a missing role is reported in an error summary linked to the field', async ({ page }) => {
    await visit(page, '/advise');
    await page.getByLabel('Study hours per week').fill('6');
    await page.getByRole('button', { name: 'Show my path' }).click();
    await page.waitForURL(/hours_per_week=6/);

    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const link = alert.getByRole('link').first();
    assert.equal(await link.getAttribute('href'), '#role');
    const role = page.getByLabel('Current role');
    assert.equal(await role.getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'advisor-error');

    await link.click();
    assert.ok(await role.evaluate((el) => el === document.activeElement), 'the summary link focuses the field');
  });
});
