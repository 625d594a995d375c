// The home page: what certpath is, the main navigation, the skip link, the 404 page.
import { suite, visit, checkPage, screenshot, url, assert } from '../lib.mjs';

suite('home page', ({ test }) => {
  test('says what certpath is and links to its parts', async ({ page }) => {
    await visit(page, '/');
    await page
      .getByRole('heading', { level: 1, name: 'Choose, prepare for and pass AWS certifications' })
      .waitFor();
    assert.match(await page.title(), /certpath/);

    const nav = page.getByRole('navigation', { name: 'Main' });
    // The pages every version has; the nav grows (Practice, History...) as the app does.
    for (const name of ['Home', 'Catalog', 'Advisor']) {
      assert.equal(await nav.getByRole('link', { name, exact: true }).count(), 1, `nav link ${name}`);
    }
    assert.equal(
      await nav.getByRole('link', { name: 'Home', exact: true }).getAttribute('aria-current'),
      'page',
    );
    for (const name of ['The catalog', 'The advisor', 'The JSON API']) {
      assert.equal(await page.getByRole('heading', { level: 2, name }).count(), 1, `card ${name}`);
    }
    await checkPage(page, 'home');
    assert.deepEqual(page.problems, []);
  });

  test('the skip link is the first stop and moves focus to the main content', async ({ page }) => {
    await visit(page, '/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    assert.ok(await skip.evaluate((el) => el === document.activeElement), 'Tab focuses the skip link');
    await screenshot(page, 'home-skip-link-focused');
    await page.keyboard.press('Enter');
    assert.ok(
      await page.getByRole('main').evaluate((el) => el === document.activeElement),
      'Enter on the skip link focuses <main>',
    );
  });

  test('the catalog card leads to the catalog', async ({ page }) => {
    await visit(page, '/');
    await page.getByRole('link', { name: 'The catalog' }).click();
    await page.waitForURL(url('/catalog'));
    await page.getByRole('heading', { level: 1, name: 'AWS Certification program' }).waitFor();
  });

  test('an unknown address answers 404 with the site around it', async ({ page }) => {
    await visit(page, '/no-such-page', { status: 404 });
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 1);
    await checkPage(page, 'not-found');
  });
});
