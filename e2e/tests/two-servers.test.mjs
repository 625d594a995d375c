// Two certpath servers, A and B, on one PostgreSQL database (scripts/e2e starts them with
// `--database-url` and sets BASE_URL_A and BASE_URL_B; skipped without them). Sessions and
// attempts live in the database, so a browser can move from one instance to the other in
// the middle of an exam, as behind a load balancer.
//
// Both instances listen on 127.0.0.1 on different ports. Cookies do not isolate by port
// (RFC 6265 §8.5), so one browser context sends A's session cookie to B by itself; the first
// test checks that it does. The second copies the cookie into a fresh browser explicitly,
// with context.addCookies, as a test with A and B on different hosts would have to.
import { suite, visit, checkPage, haveTwoServers, url, assert } from '../lib.mjs';
import {
  answerWithMouse,
  choices,
  navigatorState,
  questionAt,
  signUp,
  startAttempt,
  submitAttempt,
  uniqueName,
  waitForQuestion,
} from '../flows.mjs';

const skip = haveTwoServers()
  ? false
  : 'the two-server tests need BASE_URL_A and BASE_URL_B (scripts/e2e sets them unless CERTPATH_E2E_POSTGRES=0)';

const SESSION_COOKIE = 'certpath_session';

/** The session cookie the context would send to `instance`. */
async function sessionCookie(context, instance) {
  const cookies = await context.cookies(url('/', instance));
  return cookies.find((c) => c.name === SESSION_COOKIE);
}

suite(
  'two servers on one PostgreSQL',
  ({ test }) => {
    test('both instances serve the same catalog', async ({ page }) => {
      const rows = {};
      for (const instance of ['a', 'b']) {
        await visit(page, '/catalog', { instance });
        const table = page.getByRole('table', { name: /Exam versions on/ });
        rows[instance] = await table.locator('tbody').getByRole('row').count();
      }
      assert.ok(rows.a > 0);
      assert.equal(rows.a, rows.b);
      assert.notEqual(url('/', 'a'), url('/', 'b'));
    });

    test('an exam started on A is finished on B and listed on A', async ({ page }) => {
      const context = page.context();
      const name = uniqueName('two-servers');
      const password = 'two servers, one database';

      // --- A: sign up, start an exam simulation, answer two questions ---------------------
      await signUp(page, name, password, { instance: 'a' });
      const onA = await sessionCookie(context, 'a');
      assert.ok(onA, 'A set a session cookie');
      const id = await startAttempt(page, { exam: 'CLF-C02', kind: 'Exam simulation', instance: 'a' });
      await answerWithMouse(page, 0);
      await page.keyboard.press('2');
      await page.keyboard.press('ArrowRight');
      await waitForQuestion(page, 3, 'a');
      await page.keyboard.press('f');
      await page.getByRole('button', { name: 'Remove flag' }).waitFor();
      await checkPage(page, 'two-servers-a-question-3');

      // --- B: the same browser is signed in, and the attempt resumes where it was -----------
      const onB = await sessionCookie(context, 'b');
      assert.ok(onB, 'the context sends A’s cookie to B (cookies ignore the port)');
      assert.equal(onB.value, onA.value);
      await visit(page, '/practice', { instance: 'b' });
      await page.getByText(`Signed in as ${name}`).waitFor();
      const unfinished = page.getByRole('region', { name: 'Pick up where you left off' });
      await unfinished.getByRole('link', { name: /^CLF-C02 / }).click();
      // Resuming opens the question the candidate was on, with A's answers and flag.
      await waitForQuestion(page, 3, 'b');
      assert.equal(questionAt(page).id, id);
      assert.equal(await navigatorState(page, 1), 'Question 1: answered');
      assert.equal(await navigatorState(page, 2), 'Question 2: answered');
      assert.equal(await navigatorState(page, 3), 'Question 3: not answered, flagged');
      assert.match(await page.locator('#progress').textContent(), /^Question 3 of 65$/);
      assert.match(await page.locator('.exam-title').textContent(), /2 answered/);
      await checkPage(page, 'two-servers-b-resumed');

      // --- B: answer two more, submit -------------------------------------------------------
      await answerWithMouse(page, 2);
      await answerWithMouse(page, 1);
      assert.ok(page.url().startsWith(url('/', 'b')));
      await submitAttempt(page, 'b');
      assert.equal(page.url(), url(`/attempts/${id}/report`, 'b'));
      await page.getByText('4 answered, 61 unanswered.').waitFor();
      const score = (await page.getByRole('heading', { level: 2, name: /^Score: / }).textContent()).match(
        /^Score: (\d+)/,
      )[1];
      await checkPage(page, 'two-servers-b-report');

      // --- A: History lists the attempt B submitted ---------------------------------------
      await visit(page, '/history', { instance: 'a' });
      const rows = page.getByRole('table', { name: 'Attempts, newest first' }).locator('tbody').getByRole('row');
      assert.equal(await rows.count(), 1);
      const cells = (await rows.first().getByRole('cell').allTextContents()).map((t) => t.trim());
      assert.equal(cells[0], 'CLF-C02');
      assert.equal(cells[2], 'Submitted');
      assert.equal(cells[3], score, 'A shows the score B computed');
      assert.equal(await rows.first().getByRole('link').getAttribute('href'), `/attempts/${id}/report`);
      await checkPage(page, 'two-servers-a-history');

      // A's report is B's: the same counts, the same answers.
      await rows.first().getByRole('link').click();
      await page.waitForURL(url(`/attempts/${id}/report`, 'a'));
      await page.getByText('4 answered, 61 unanswered.').waitFor();
      assert.match(await page.getByRole('heading', { level: 2, name: /^Score: / }).textContent(), new RegExp(`^Score: ${score} `));
      assert.deepEqual(page.problems, []);
    });

    test('a session cookie copied to a fresh browser works on the other instance', async ({ page, browser }) => {
      const name = uniqueName('copied');
      await signUp(page, name, 'copied cookie password', { instance: 'a' });
      const id = await startAttempt(page, { exam: 'CLF-C02', kind: 'Quick quiz', instance: 'a' });
      await answerWithMouse(page, 0);
      const cookie = await sessionCookie(page.context(), 'a');

      // Another browser context: no cookies at all until B's origin is given A's cookie.
      const other = await browser.newContext({ bypassCSP: true });
      try {
        const tab = await other.newPage();
        await tab.goto(url('/history', 'b'));
        assert.equal(await tab.getByText(`Signed in as ${name}`).count(), 0, 'a fresh browser is a visitor');
        await other.clearCookies();
        await other.addCookies([
          {
            name: cookie.name,
            value: cookie.value,
            url: url('/', 'b'),
            httpOnly: true,
            sameSite: 'Lax',
          },
        ]);
        await tab.goto(url('/history', 'b'));
        await tab.getByText(`Signed in as ${name}`).waitFor();
        const row = tab.getByRole('table', { name: 'Attempts, newest first' }).locator('tbody').getByRole('row');
        assert.equal(await row.count(), 1);
        assert.equal((await row.getByRole('cell').nth(2).textContent()).trim(), 'In progress');
        await row.getByRole('link').click();
        await waitForQuestion(tab, 2, 'b');
        assert.equal(questionAt(tab).id, id);
        assert.ok(!(await choices(tab).first().isChecked()), 'question 2 is not answered yet');
        assert.equal(await navigatorState(tab, 1), 'Question 1: answered');
      } finally {
        await other.close();
      }
    });
  },
  { skip },
);
