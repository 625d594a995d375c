// Helpers for certpath's end-to-end browser tests (run through scripts/e2e).
//
// - launch(): Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core,
//   headless, with a fresh profile (Playwright's own); nothing here downloads a browser.
// - newPage(browser): a page in a fresh context with bypassCSP, so that axe-core can be
//   injected despite the server's `default-src 'self'` policy.
// - checkA11y(page, name): runs axe-core in the page and fails on serious or critical
//   violations, printing each with its rule, impact, help URL and selectors.
// - screenshot(page, name): a full-page PNG in $E2E_SCREENSHOTS (default e2e/screenshots).
// - baseUrl(), url(path): the server under test, from $BASE_URL (or BASE_URL_A/BASE_URL_B).
// - visit(page, path): goes there and asserts the status; checkPage(page, name): screenshot
//   and axe.
// - suite(name, fn): a node:test `describe` with one browser shared by its tests and a
//   fresh page (and context) per test, plus a screenshot when a test fails.
//
// A new test file needs only (more in e2e/README.md):
//
//   import { suite, visit, checkPage } from '../lib.mjs';
//   suite('exam journey', ({ test }) => {
//     test('starts a practice exam', async ({ page }) => {
//       await visit(page, '/');
//       await checkPage(page, 'exam-start');
//     });
//   });

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, before, after, it } from 'node:test';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const AXE_PATH = require.resolve('axe-core');
export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOTS || path.join(here, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The base URL of the server under test (BASE_URL, or the named instance's BASE_URL_<NAME>). */
export function baseUrl(instance) {
  const name = instance ? `BASE_URL_${instance.toUpperCase()}` : 'BASE_URL';
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run the tests through scripts/e2e`);
  }
  return value.replace(/\/+$/, '');
}

/** An absolute URL on the server under test. */
export function url(pathname, instance) {
  return baseUrl(instance) + pathname;
}

/** True when the two-server (PostgreSQL) instances are there. */
export function haveTwoServers() {
  return Boolean(process.env.BASE_URL_A && process.env.BASE_URL_B);
}

/**
 * Debian's Chromium, headless. Playwright gives every launch a fresh temporary profile
 * (its own --user-data-dir, removed on close; it refuses one passed in `args`).
 */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Failed loads that tests do not count as problems: Chromium asks every site for
 * /favicon.ico on its own, and certpath has none yet (it answers 404).
 */
export const IGNORED_FAILED_LOADS = new Set(['/favicon.ico']);

/** A page in a new context: fixed viewport, English, CSP bypassed for the axe injection. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  // Collect what the page complains about; tests can assert on page.problems. A failed
  // load is recorded from its response (with the URL), not from the console's copy of it.
  // The top-level document is left to the test (a 404 page is a fine thing to test).
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      page.problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() < 400 || request.resourceType() === 'document') return;
    if (IGNORED_FAILED_LOADS.has(new URL(response.url()).pathname)) return;
    page.problems.push(`${response.status()} for ${request.resourceType()} ${response.url()}`);
  });
  return page;
}

/** A file-name-safe version of a test name. */
function slug(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/** A full-page screenshot in SCREENSHOT_DIR; returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** Formats axe violations, one rule per block with each offending node's selector. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary || '').replace(/\s*\n\s*/g, ' ').trim();
          return `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${summary}`;
        })
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/**
 * Runs axe-core on the page and fails when it finds serious or critical violations.
 * Moderate and minor ones are printed as notes. Returns axe's whole result.
 * `options.exclude` takes selectors to leave out; `options.rules` is passed to axe.run.
 */
export async function checkA11y(page, name, options = {}) {
  const already = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!already) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const exclude = options.exclude ? options.exclude.map((selector) => [selector]) : null;
  const runOptions = {
    resultTypes: ['violations'],
    ...(options.rules ? { rules: options.rules } : {}),
  };
  const results = await page.evaluate(
    // `document` cannot cross from node into the page, so the context is built there.
    ([excluded, opts]) =>
      window.axe.run(excluded ? { exclude: excluded } : document, opts),
    [exclude, runOptions],
  );
  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
  const notes = results.violations.filter((v) => !FAILING_IMPACTS.has(v.impact));
  if (notes.length > 0) {
    console.log(`axe notes (moderate/minor) on ${name} (${page.url()}):\n${formatViolations(notes)}`);
  }
  if (failing.length > 0) {
    const text = formatViolations(failing);
    console.log(`axe violations on ${name} (${page.url()}):\n${text}`);
    assert.fail(
      `${failing.length} serious/critical accessibility violation(s) on ${name} (${page.url()}):\n${text}`,
    );
  }
  return results;
}

/** Screenshot, then axe: the end of most page tests. */
export async function checkPage(page, name, options = {}) {
  const file = await screenshot(page, name);
  await checkA11y(page, name, options);
  return file;
}

/** Navigates and asserts the response status (200 unless told otherwise). */
export async function visit(page, pathname, { status = 200, instance } = {}) {
  const response = await page.goto(url(pathname, instance));
  assert.ok(response, `no response for ${pathname}`);
  assert.equal(response.status(), status, `GET ${pathname} answered ${response.status()}`);
  return response;
}

/**
 * A node:test suite with one browser for all its tests. `fn` gets an object with
 * `test(name, body)`, where body receives `{ page, browser }`: a fresh page per test,
 * screenshotted as `FAILED-<suite>-<test>.png` when the test throws. A test's options go to
 * node:test's `it`, except `context`, which goes to browser.newContext (viewport, locale...).
 * `suiteOptions.skip` (true or a reason) skips every test without launching a browser.
 */
export function suite(name, fn, suiteOptions = {}) {
  // A skipped suite skips each test (so the runner counts them) and launches no browser.
  const { skip, ...describeOptions } = suiteOptions;
  describe(name, describeOptions, () => {
    let browser;
    if (!skip) {
      before(async () => {
        browser = await launch();
      });
      after(async () => {
        if (browser) await browser.close();
      });
    }
    fn({
      test(testName, body, testOptions = {}) {
        const { context, ...itOptions } = testOptions;
        if (skip) itOptions.skip = skip;
        it(testName, itOptions, async () => {
          const page = await newPage(browser, context);
          try {
            await body({ page, browser });
          } catch (error) {
            try {
              const file = await screenshot(page, `FAILED-${name}-${testName}`);
              console.log(`screenshot of the failure: ${file}`);
            } catch {
              // The page may be gone; the original error matters more.
            }
            throw error;
          } finally {
            await page.context().close();
          }
        });
      },
      get browser() {
        return browser;
      },
    });
  });
}

export { assert };
