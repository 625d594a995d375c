// Two certpath servers on one PostgreSQL database (scripts/e2e starts them when
// CERTPATH_E2E_POSTGRES_URL is set, and sets BASE_URL_A and BASE_URL_B). Skipped otherwise.
//
// What belongs here as the web app grows: an attempt started on A is listed, resumed and
// finished on B; two tabs answering the same attempt on A and B cannot interleave its log.
import { suite, visit, checkPage, haveTwoServers, url, assert } from '../lib.mjs';

const skip = haveTwoServers() ? false : 'set CERTPATH_E2E_POSTGRES_URL to run the two-server tests';

suite(
  'two servers on one PostgreSQL',
  ({ test }) => {
    test('both instances serve the same catalog', async ({ page }) => {
      const rows = {};
      for (const instance of ['a', 'b']) {
        await visit(page, '/catalog', { instance });
        const table = page.getByRole('table', { name: /Exam versions on/ });
        rows[instance] = await table.locator('tbody').getByRole('row').count();
        await checkPage(page, `two-servers-catalog-${instance}`);
      }
      assert.ok(rows.a > 0);
      assert.equal(rows.a, rows.b);
      assert.notEqual(url('/', 'a'), url('/', 'b'));
    });
  },
  { skip },
);
