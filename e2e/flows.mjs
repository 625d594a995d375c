// Steps of certpath's own pages that several test files take: starting an attempt from the
// practice page, the options of a question, the navigator, signing up. Each step locates
// things by role and label, as lib.mjs recommends, and waits for the page it leads to.
import { visit, url, assert } from './lib.mjs';

/** A name no other test (or earlier run on the same database) has taken. */
export function uniqueName(prefix) {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${Date.now().toString(36)}-${random}`.slice(0, 32);
}

/** The attempt id and question number of a question page's URL. */
export function questionAt(page) {
  const match = new URL(page.url()).pathname.match(/^\/attempts\/([^/]+)\/q\/(\d+)$/);
  assert.ok(match, `${page.url()} is a question page`);
  return { id: match[1], number: Number(match[2]) };
}

/** Waits until the page shows question `number` (after a form post and its redirect). */
export async function waitForQuestion(page, number, instance) {
  await page.waitForURL((u) => new RegExp(`/attempts/[^/]+/q/${number}$`).test(u.pathname));
  if (instance) {
    assert.ok(page.url().startsWith(url('/', instance)), `on instance ${instance}: ${page.url()}`);
  }
  await page.getByRole('heading', { level: 1, name: new RegExp(`^Question ${number}\\b`) }).waitFor();
}

/**
 * From the practice page: chooses the exam (by code) and the kind of session (the start of
 * its radio button's label: "Exam simulation", "Quick quiz"...), presses Start and waits for
 * question 1. Returns the attempt id.
 */
export async function startAttempt(page, { exam = 'CLF-C02', kind = 'Exam simulation', instance } = {}) {
  if (!new URL(page.url()).pathname.startsWith('/practice')) {
    await visit(page, '/practice', { instance });
  }
  await page.getByLabel('Exam', { exact: true }).selectOption(exam);
  await page.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForQuestion(page, 1, instance);
  return questionAt(page).id;
}

/** The options of a single- or multiple-answer question (radio buttons or checkboxes). */
export function choices(page) {
  return page.locator('fieldset.options input[name="choice"]');
}

/** The label of option `index` (0-based): what a mouse user clicks. */
export async function choiceLabel(page, index) {
  const id = await choices(page).nth(index).getAttribute('id');
  return page.locator(`label[for="${id}"]`);
}

/** The navigator's button for question `number` (its accessible name carries the state). */
export function navigatorEntry(page, number) {
  return page
    .getByRole('navigation', { name: 'Questions' })
    .getByRole('button', { name: new RegExp(`^Question ${number}:`) });
}

/** The accessible name of the navigator's entry for question `number`. */
export async function navigatorState(page, number) {
  return navigatorEntry(page, number).getAttribute('aria-label');
}

/** Answers the question shown by clicking option `index`'s label, then presses Next. */
export async function answerWithMouse(page, index = 0) {
  const { number } = questionAt(page);
  await (await choiceLabel(page, index)).click();
  assert.ok(await choices(page).nth(index).isChecked(), `option ${index + 1} is chosen`);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await waitForQuestion(page, number + 1);
}

/** From a question page: the review screen, "Submit…", "Yes, submit", and the report. */
export async function submitAttempt(page, instance) {
  await page.getByRole('button', { name: 'Review screen' }).click();
  await page.waitForURL(/\/attempts\/[^/]+\/review$/);
  await page.getByRole('button', { name: 'Submit…' }).click();
  await page.getByRole('heading', { level: 1, name: 'Submit the attempt?' }).waitFor();
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await page.waitForURL(/\/attempts\/[^/]+\/report$/);
  if (instance) {
    assert.ok(page.url().startsWith(url('/', instance)), `on instance ${instance}: ${page.url()}`);
  }
  await page.getByRole('heading', { level: 1, name: /^Result/ }).waitFor();
}

/** Signs up on the sign-up form (already open, or opened at /signup). */
export async function signUp(page, name, password, { instance } = {}) {
  if (!new URL(page.url()).pathname.startsWith('/signup')) {
    await visit(page, '/signup', { instance });
  }
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password again').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  // The account is made and the browser's session now belongs to it (default next: History).
  await page.getByText(`Signed in as ${name}`).waitFor();
}
