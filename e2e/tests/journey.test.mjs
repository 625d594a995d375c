// A newcomer's journey: home, the advisor, the practice page, a CLF-C02 exam simulation
// answered with the mouse and with the keyboard (exam.js: 1–9 choose, → moves, F flags), the
// navigator, the review screen, submitting, the report with its chart and domain table, a
// solved question, and History. Then: the timer ticks, signing up keeps a visitor's quiz, and
// a question page works on a phone. Every main page gets a screenshot and an axe check.
import { suite, visit, checkPage, url, assert } from '../lib.mjs';
import {
  answerWithMouse,
  choiceLabel,
  choices,
  navigatorEntry,
  navigatorState,
  questionAt,
  signUp,
  startAttempt,
  submitAttempt,
  uniqueName,
  waitForQuestion,
} from '../flows.mjs';

suite('a newcomer’s journey', ({ test }) => {
  test('home, advice, an exam simulation, its report and History', async ({ page }) => {
    // --- home and the advisor ----------------------------------------------------------
    await visit(page, '/');
    await checkPage(page, 'journey-01-home');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Advisor', exact: true }).click();
    await page.waitForURL(url('/advise'));
    await page.getByLabel('Current role').selectOption({ index: 1 });
    await page.getByLabel('Years of hands-on AWS experience').fill('0');
    await page.getByLabel('Study hours per week').fill('5');
    await page.getByRole('button', { name: 'Show my path' }).click();
    await page.waitForURL(/[?&]role=/);
    await page.getByRole('region', { name: 'Your path' }).waitFor();
    assert.match(await page.getByRole('region', { name: 'Your path' }).textContent(), /Total: about \d+ hours/);
    await checkPage(page, 'journey-02-advice');

    // --- the practice page ---------------------------------------------------------------
    await nav.getByRole('link', { name: 'Practice', exact: true }).click();
    await page.waitForURL(url('/practice'));
    await page.getByRole('heading', { level: 1, name: 'Practice' }).waitFor();
    await checkPage(page, 'journey-03-practice');

    // --- question 1: the mouse -------------------------------------------------------------
    const id = await startAttempt(page, { exam: 'CLF-C02', kind: 'Exam simulation' });
    assert.equal(await page.locator('#progress').textContent(), 'Question 1 of 65');
    const timer = page.getByRole('timer');
    assert.match(await timer.textContent(), /^Time left: 1:(30:00|29:5\d)$/, '90 minutes');
    assert.match(await page.locator('.exam-bar').textContent(), /CLF-C02/);
    // Exam mode says nothing about right and wrong before the end.
    assert.equal(await page.locator('.solution, .option-explanation, .verdict').count(), 0);
    assert.ok((await choices(page).count()) >= 4, 'question 1 has options');
    await checkPage(page, 'journey-04-question-1');
    await answerWithMouse(page, 0);
    assert.match(await navigatorState(page, 1), /^Question 1: answered$/);

    // --- question 2: the keyboard ----------------------------------------------------------
    assert.equal(questionAt(page).number, 2);
    await page.keyboard.press('2');
    const optionB = choices(page).nth(1);
    assert.ok(await optionB.isChecked(), '"2" chooses option B');
    assert.ok(await optionB.evaluate((el) => el === document.activeElement), '"2" focuses option B');
    assert.ok(!(await choices(page).nth(0).isChecked()), 'only B is chosen');
    await page.keyboard.press('ArrowRight');
    await waitForQuestion(page, 3);
    assert.match(await navigatorState(page, 2), /^Question 2: answered$/, '→ saved the answer');

    // --- question 3: flagged with "F" ---------------------------------------------------
    assert.match(await navigatorState(page, 3), /^Question 3: not answered$/);
    await page.keyboard.press('F');
    const flag = page.getByRole('button', { name: 'Remove flag' });
    await flag.waitFor();
    assert.equal(await flag.getAttribute('aria-pressed'), 'true');
    assert.equal(await navigatorState(page, 3), 'Question 3: not answered, flagged');
    assert.equal(questionAt(page).number, 3, 'flagging stays on the question');
    await page.getByRole('heading', { level: 1, name: 'Question 3 Flagged' }).waitFor();
    await checkPage(page, 'journey-05-question-3-flagged');

    // --- the navigator ---------------------------------------------------------------------
    await navigatorEntry(page, 2).click();
    await waitForQuestion(page, 2);
    assert.ok(await choices(page).nth(1).isChecked(), 'question 2 kept the keyboard answer B');
    assert.equal(await navigatorEntry(page, 2).getAttribute('aria-current'), 'step');
    await navigatorEntry(page, 65).click();
    await waitForQuestion(page, 65);
    assert.equal(await page.getByRole('button', { name: 'Next', exact: true }).count(), 0, 'no Next on the last');

    // --- the review screen -----------------------------------------------------------------
    await page.getByRole('button', { name: 'Review screen' }).click();
    await page.waitForURL(url(`/attempts/${id}/review`));
    await page.getByRole('heading', { level: 1, name: 'Review · CLF-C02' }).waitFor();
    await page.getByText('2 answered, 63 unanswered, 1 flagged.').waitFor();
    const table = page.getByRole('table', { name: 'Every question and its state' });
    const row3 = table.getByRole('row', { name: /^Question 3\b/ });
    assert.deepEqual(
      (await row3.getByRole('cell').allTextContents()).map((t) => t.trim()),
      ['Unanswered', 'Flagged'],
    );
    assert.equal((await table.getByRole('row', { name: /^Question 1\b/ }).getByRole('cell').first().textContent()).trim(), 'Answered');
    await checkPage(page, 'journey-06-review');

    // --- submitting ------------------------------------------------------------------------
    await page.getByRole('button', { name: 'Submit…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Submit the attempt?' }).waitFor();
    assert.match(
      await page.locator('main .lead').textContent(),
      /You have answered 2 of 65 questions; 63 are unanswered and count as wrong; 1 is flagged\./,
    );
    await checkPage(page, 'journey-07-confirm');
    await page.getByRole('button', { name: 'Yes, submit' }).click();
    await page.waitForURL(url(`/attempts/${id}/report`));

    // --- the report ------------------------------------------------------------------------
    await page.getByRole('heading', { level: 1, name: /^Result · CLF-C02/ }).waitFor();
    const score = page.getByRole('heading', { level: 2, name: /^Score: / });
    const scoreText = await score.textContent();
    assert.match(scoreText, /^Score: \d+ \(practice-scale estimate, not an AWS score\)$/);
    const scaled = scoreText.match(/^Score: (\d+)/)[1];
    const chart = page.getByRole('img', { name: /Share of scored questions correct per domain/ });
    assert.equal(await chart.count(), 1, 'the domain chart is an image with a name');
    assert.ok((await chart.boundingBox()).width > 200, 'the chart is drawn');
    const domains = page.getByRole('table', { name: 'Domains' });
    const domainRows = domains.locator('tbody').getByRole('row');
    assert.equal(await domainRows.count(), 4, 'CLF-C02 has four domains');
    for (let i = 0; i < 4; i += 1) {
      const cells = (await domainRows.nth(i).getByRole('cell').allTextContents()).map((t) => t.trim());
      assert.match(cells[0], /^\d+ of \d+$/, 'correct of scored');
      assert.match(cells[1], /^\d+%$/, 'share');
    }
    assert.equal(await chart.locator('rect.bar-track').count(), 4, 'one bar per domain');
    await page.getByText('2 answered, 63 unanswered.').waitFor();
    await checkPage(page, 'journey-08-report');

    // --- a solved question -----------------------------------------------------------------
    await page.getByRole('list').getByRole('link', { name: 'Question 1', exact: true }).click();
    await waitForQuestion(page, 1);
    const solution = page.getByRole('region', { name: /^(Correct|Not correct)$/ });
    await solution.waitFor();
    assert.match(await solution.textContent(), /The answer: [A-Z]/);
    const explanations = page.locator('.option-explanation');
    assert.equal(await explanations.count(), await choices(page).count(), 'every option is explained');
    assert.ok(await choices(page).nth(0).isChecked(), 'the mouse answer A is shown');
    assert.equal(await page.getByRole('button', { name: 'Review screen' }).count(), 0, 'closed: no review');
    assert.match(await navigatorState(page, 1), /^Question 1: answered, (correct|wrong)$/);
    await checkPage(page, 'journey-09-solution');
    await page.getByRole('link', { name: 'Back to the report' }).click();
    await page.waitForURL(url(`/attempts/${id}/report`));

    // --- History -------------------------------------------------------------------------
    await nav.getByRole('link', { name: 'History', exact: true }).click();
    await page.waitForURL(url('/history'));
    const history = page.getByRole('table', { name: 'Attempts, newest first' });
    const rows = history.locator('tbody').getByRole('row');
    assert.equal(await rows.count(), 1);
    const cells = (await rows.first().getByRole('cell').allTextContents()).map((t) => t.trim());
    assert.equal(cells[0], 'CLF-C02');
    assert.equal(cells[2], 'Submitted');
    assert.equal(cells[3], scaled, 'History shows the report’s score');
    assert.match(cells[4], /^(Passed|Not passed)$/);
    assert.equal(
      await rows.first().getByRole('link').getAttribute('href'),
      `/attempts/${id}/report`,
    );
    const historyChart = page.getByRole('img', { name: /Practice-scale scores of finished attempts/ });
    assert.equal(await historyChart.count(), 1, 'the history chart');
    assert.equal(await historyChart.locator('circle.dot').count(), 1, 'one point per finished attempt');
    await checkPage(page, 'journey-10-history');
    assert.deepEqual(page.problems, []);
  });

  test('the timer ticks', async ({ page }) => {
    await startAttempt(page, { exam: 'CLF-C02', kind: 'Exam simulation' });
    const clock = page.locator('#timer');
    const first = await clock.textContent();
    assert.match(first, /^1:(30:00|29:\d\d)$/);
    await page.waitForFunction(
      ([el, before]) => el.textContent !== before,
      [await clock.elementHandle(), first],
      { timeout: 2_500 },
    );
    const second = await clock.textContent();
    assert.match(second, /^1:29:\d\d$/);
    assert.ok(second < first || first === '1:30:00', `${first} → ${second} counts down`);
    // The live region stays quiet until the last five minutes.
    assert.equal(await page.getByRole('timer').getAttribute('aria-live'), 'off');
  });

  test('signing up keeps the quiz taken as a visitor', async ({ page }) => {
    await startAttempt(page, { exam: 'CLF-C02', kind: 'Quick quiz' });
    assert.equal(await page.locator('#progress').textContent(), 'Question 1 of 10');
    // Practice feedback: "Check answer" shows the solution right away.
    await (await choiceLabel(page, 0)).click();
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.getByRole('region', { name: /^(Correct|Not correct)$/ }).waitFor();
    await checkPage(page, 'signup-01-quiz-checked');
    await submitAttempt(page);
    const quiz = new URL(page.url()).pathname;

    await visit(page, '/history');
    await page.getByText('These attempts are kept for this browser.').waitFor();
    const rows = page.getByRole('table', { name: 'Attempts, newest first' }).locator('tbody').getByRole('row');
    assert.equal(await rows.count(), 1);
    await page.getByRole('main').getByRole('link', { name: 'Sign up' }).click();
    await page.waitForURL(/\/signup/);
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await checkPage(page, 'signup-02-form');

    const name = uniqueName('newcomer');
    await signUp(page, name, 'correct horse battery');
    await page.waitForURL(url('/history'));
    assert.equal(await page.getByText('These attempts are kept for this browser.').count(), 0);
    assert.equal(await rows.count(), 1, 'the visitor’s quiz is now the account’s');
    assert.equal(await rows.first().getByRole('link').getAttribute('href'), quiz);
    assert.equal((await rows.first().getByRole('cell').nth(2).textContent()).trim(), 'Submitted');
    await checkPage(page, 'signup-03-history');

    // The account, not just the cookie, holds it: sign out, sign in again, still there.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visit(page, '/history');
    await page.getByText('No attempts yet.').waitFor();
    await visit(page, '/signin');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${name}`).waitFor();
    await visit(page, '/history');
    assert.equal(await rows.count(), 1);
    assert.deepEqual(page.problems, []);
  });

  test(
    'a question page on a phone: no sideways scroll, options big enough to tap',
    async ({ page }) => {
      await startAttempt(page, { exam: 'CLF-C02', kind: 'Exam simulation' });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the question page scrolls sideways by ${overflow}px`);
      const count = await choices(page).count();
      for (let i = 0; i < count; i += 1) {
        const box = await (await choiceLabel(page, i)).boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= 390 + 0.5, `option ${i + 1} fits the screen: ${JSON.stringify(box)}`);
        assert.ok(box.height >= 24, `option ${i + 1} is at least 24px tall (${box.height})`);
        // The radio button or checkbox sits at the start of its text's first line, not on a
        // line of its own (where it reads as belonging to the option above).
        const input = await choices(page).nth(i).boundingBox();
        assert.ok(input.x + input.width <= box.x, `option ${i + 1}'s input is left of its text`);
        assert.ok(input.y < box.y + 24 && input.y + input.height > box.y, `option ${i + 1}'s input is on its first line`);
      }
      for (const name of ['Next', 'Flag for review', 'Review screen']) {
        const box = await page.getByRole('button', { name, exact: true }).boundingBox();
        assert.ok(box.x + box.width <= 390 + 0.5, `${name} fits the screen`);
        assert.ok(box.height >= 24, `${name} is at least 24px tall`);
      }
      await (await choiceLabel(page, 1)).tap();
      assert.ok(await choices(page).nth(1).isChecked(), 'a tap on option B chooses it');
      await checkPage(page, 'phone-question');
      await page.getByRole('button', { name: 'Next', exact: true }).tap();
      await waitForQuestion(page, 2);
      assert.match(await navigatorState(page, 1), /: answered$/);
      const after = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(after <= 0, `question 2 scrolls sideways by ${after}px`);
    },
    { context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  );
});
