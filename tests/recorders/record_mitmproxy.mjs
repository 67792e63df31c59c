// Records a real HAR with Debian's mitmproxy (mitmdump in reverse-proxy mode
// in front of mock_prove.mjs, with the har_dump addon Debian ships in its
// examples), while Playwright drives Chromium through the app's page.
//   node record_mitmproxy.mjs OUT_DIR
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startMock } from './mock_prove.mjs';

const addon = '/usr/share/doc/mitmproxy/examples/contrib/har_dump.py';
const out = path.join(process.argv[2], 'mitmproxy');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const har = path.join(out, 'session.har');

const freePort = () => new Promise((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const listening = (port) => new Promise((resolve, reject) => {
  const deadline = Date.now() + 20000;
  const attempt = () => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(); });
    socket.on('error', () => (Date.now() > deadline ? reject(new Error('mitmdump did not start')) : setTimeout(attempt, 200)));
  };
  attempt();
});

const { server, url } = await startMock();
const port = await freePort();
const mitm = spawn('mitmdump', ['--listen-host', '127.0.0.1', '-p', String(port), '--mode', `reverse:${url}`,
                                '-s', addon, '--set', `hardump=${har}`], { stdio: ['ignore', 'ignore', 'inherit'] });
const exited = new Promise((resolve) => mitm.on('exit', resolve));
try {
  await listening(port);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                          args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.title !== 'running', null, { timeout: 20000 });
  const title = await page.title();
  await browser.close();
  if (title !== 'done') throw new Error(`the page's flows did not finish: ${title}`);
} finally {
  mitm.kill('SIGINT');  // har_dump writes the file when mitmdump shuts down
  await exited;
  server.close();
}
if (!fs.existsSync(har)) throw new Error('mitmdump wrote no HAR');
console.log(`recorded ${har} (mitmproxy)`);
