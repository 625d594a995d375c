// The catalog: the program table, the tier filter, one certification's row, and an exam
// page with its domains.
import { suite, visit, checkPage, url, assert } from '../lib.mjs';

suite('catalog', ({ test }) => {
  test('lists the program with every tier and a certification row', async ({ page }) => {
    await visit(page, '/catalog');
    await page.getByRole('heading', { level: 1, name: 'AWS Certification program' }).waitFor();

    const tier = page.getByLabel('Tier');
    const tiers = await tier.getByRole('option').allTextContents();
    assert.deepEqual(
      tiers.map((t) => t.trim()),
      ['All tiers', 'Foundational', 'Associate', 'Professional', 'Specialty', 'Business'],
    );

    const table = page.getByRole('table', { name: /Exam versions on/ });
    const headers = (await table.getByRole('columnheader').allTextContents()).map((t) => t.trim());
    for (const name of ['Tier', 'Code', 'Certification', 'Status', 'Minutes', 'Passing score']) {
      assert.ok(headers.some((h) => h.startsWith(name)), `column ${name} in ${headers}`);
    }
    assert.ok((await table.getByRole('row').count()) > 10, 'the program has more than ten rows');

    const saa = table.getByRole('row', { name: /SAA-C03/ });
    assert.equal(await saa.count(), 1);
    const cells = (await saa.getByRole('cell').allTextContents()).map((t) => t.trim());
    assert.equal(cells[0], 'Associate');
    assert.equal(cells[1], 'Solutions Architect – Associate');
    assert.equal(cells[2], 'Active');
    assert.equal(await saa.getByRole('link', { name: 'SAA-C03' }).getAttribute('href'), '/catalog/SAA-C03');

    await checkPage(page, 'catalog');
  });

  test('the tier filter keeps only that tier', async ({ page }) => {
    await visit(page, '/catalog');
    await page.getByLabel('Tier').selectOption({ label: 'Professional' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/[?&]tier=professional/);
    const table = page.getByRole('table', { name: /Exam versions on/ });
    const body = table.locator('tbody').getByRole('row');
    const count = await body.count();
    assert.ok(count > 0, 'some professional exams');
    for (let i = 0; i < count; i += 1) {
      assert.equal((await body.nth(i).getByRole('cell').first().textContent()).trim(), 'Professional');
    }
    assert.equal(await page.getByLabel('Tier').inputValue(), 'professional', 'the filter keeps its value');
    await checkPage(page, 'catalog-professional');
  });

  test('an exam page shows its facts and its domains', async ({ page }) => {
    await visit(page, '/catalog');
    await page
      .getByRole('table', { name: /Exam versions on/ })
      .getByRole('link', { name: 'SAA-C03', exact: true })
      .click();
    await page.waitForURL(url('/catalog/SAA-C03'));
    await page.getByRole('heading', { level: 1, name: /SAA-C03.*Solutions Architect – Associate/ }).waitFor();

    const facts = page.getByRole('table', { name: /Facts about SAA-C03/ });
    assert.ok((await facts.getByRole('row').count()) > 2, 'facts are listed');

    await page.getByRole('heading', { level: 2, name: 'Domains' }).waitFor();
    const domains = page.getByRole('table', { name: 'Domains of SAA-C03 and their weights' });
    const expected = [
      ['Design Secure Architectures', '30%'],
      ['Design Resilient Architectures', '26%'],
      ['Design High-Performing Architectures', '24%'],
      ['Design Cost-Optimized Architectures', '20%'],
    ];
    for (const [name, weight] of expected) {
      const row = domains.getByRole('row', { name: new RegExp(name) });
      assert.equal(await row.count(), 1, `domain ${name}`);
      assert.equal((await row.getByRole('cell').last().textContent()).trim(), weight, `${name} weight`);
    }
    await checkPage(page, 'exam-saa-c03');

    await page.getByRole('link', { name: 'Catalog', exact: true }).first().click();
    await page.waitForURL(url('/catalog'));
  });

  test('a mistyped exam code answers 404 and suggests the right one', async ({ page }) => {
    await visit(page, '/catalog/SAA-C3', { status: 404 });
    await page.getByRole('heading', { level: 1 }).waitFor();
    const suggestion = page.getByRole('link', { name: 'SAA-C03' });
    assert.ok((await suggestion.count()) >= 1, 'a link to SAA-C03 is suggested');
    await checkPage(page, 'exam-not-found');
  });

  test(
    'on a phone-sized screen the program table stays readable',
    async ({ page }) => {
      await visit(page, '/catalog');
      const table = page.getByRole('table', { name: /Exam versions on/ });
      await table.getByRole('row', { name: /SAA-C03/ }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      await checkPage(page, 'catalog-phone');
    },
    { context: { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true } },
  );
});
