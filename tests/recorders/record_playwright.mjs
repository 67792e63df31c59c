// Records real HAR files with Playwright driving Debian's Chromium through
// the page of mock_prove.mjs, once per content mode Playwright offers:
// embed (bodies inside the HAR), attach (bodies in files beside it, named
// by `_file`) and omit (no bodies). Writes into the folder given.
//   node record_playwright.mjs OUT_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { startMock } from './mock_prove.mjs';

const out = process.argv[2];
fs.mkdirSync(out, { recursive: true });
const { server, url } = await startMock();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                        args: ['--no-sandbox'] });
try {
  for (const content of ['embed', 'attach', 'omit']) {
    const folder = path.join(out, `playwright-${content}`);
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder, { recursive: true });
    const context = await browser.newContext({ recordHar: { path: path.join(folder, 'session.har'), content } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.title !== 'running', null, { timeout: 20000 });
    const title = await page.title();
    if (title !== 'done') throw new Error(`the page's flows did not finish: ${title}`);
    await context.close();  // writes the HAR
    console.log(`recorded ${folder}/session.har (${content})`);
  }
} finally {
  await browser.close();
  server.close();
}
