// A loopback stand-in for Prove's V3 MFA and Unify endpoints and for the web
// page of an integrator's app that calls them, answering as the specs in
// shared/spec say. Listens on 127.0.0.1 only, on a port the OS picks.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const json = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

// The page runs the flows a browser-side app would, one after the other, and
// then says it is done in its title.
const page = `<!doctype html><html><head><title>running</title></head><body><script>
async function call(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' },
                                       body: JSON.stringify(body) });
  return response.json();
}
(async () => {
  await fetch('/app/config.json');
  const mobile = await call('/v3/mfa', { possessionType: 'mobile', phoneNumber: '2001004011',
                                         clientRequestId: 'page-mobile-1' });
  await call('/v3/mfa-status', { correlationId: mobile.correlationId });
  const desktop = await call('/v3/mfa', { possessionType: 'desktop', finalTargetUrl: 'https://app.example/done' });
  await call('/v3/mfa-status', { correlationId: desktop.correlationId, clientRequestId: 'page-desktop-2' });
  await call('/v3/mfa-bind', { correlationId: desktop.correlationId });
  const byo = await call('/v3/mfa', { possessionType: 'none' });
  await call('/v3/mfa-status', { correlationId: byo.correlationId });
  await call('/v3/mfa-status', { correlationId: byo.correlationId, phoneNumber: '2001004011' });
  const unify = await call('/v3/unify', { possessionType: 'mobile', clientRequestId: 'page-unify-1',
                                          phoneNumber: '+12001004011' });
  await call('/v3/unify-status', { correlationId: unify.correlationId });
  await call('/v3/unify-bind', { correlationId: unify.correlationId, phoneNumber: '+12001004011' });
  document.title = 'done';
})().catch((error) => { document.title = 'failed: ' + error; });
</script></body></html>`;

const routes = {
  '/v3/mfa': () => ({ correlationId: randomUUID(), success: 'true', authToken: 'eyJhbGciOiJub25lIn0.e30.' }),
  '/v3/mfa-status': () => ({ phoneNumber: '2001004011', success: 'true' }),
  '/v3/mfa-bind': () => ({ phoneNumber: '2001004011', success: 'true' }),
  '/v3/unify': () => ({ correlationId: randomUUID(), success: 'pending', authToken: 'eyJhbGciOiJub25lIn0.e30.' }),
  '/v3/unify-status': () => ({ success: 'possession_required', phoneNumber: '+12001004011' }),
  '/v3/unify-bind': () => ({ success: 'true', phoneNumber: '+12001004011', proveId: 'prove-id-1',
                             deviceId: 'device-1', clientHumanId: 'human-1' }),
};

export function startMock() {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      if (req.method === 'GET' && path === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page);
      } else if (req.method === 'GET' && path === '/app/config.json') {
        json(res, 200, { feature: 'mfa' });
      } else if (req.method === 'POST' && routes[path]) {
        try {
          JSON.parse(body);
          json(res, 200, routes[path]());
        } catch {
          json(res, 400, { code: 8001, message: 'malformed request body' });
        }
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}
