// Records real traffic of Prove's TypeScript server SDK (@prove-identity/prove-api)
// against a loopback mock that answers as ../shared/spec/v3-unify-api.md says,
// and writes it as HAR and NDJSON exchanges. The SDK is driven through its own
// methods: mobile, desktop and BYO (none) flows, retries on with a 503 answered
// once, a polled status, optional fields set and omitted.
//
//   cd tests/recorders && npm install && node record_sdk.mjs OUT_DIR
//
// The mock listens on 127.0.0.1 only, on a free port, and stops when done.
// CI does not re-record: the captures are kept as fixtures under fixtures/flows.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { Proveapi } from "@prove-identity/prove-api";

const out = process.argv[2] ?? ".";
const recorded = []; // {scenario, method, path, requestText, status, responseText, started}
let scenario = "";

// Deterministic ids, so that re-recording gives the same files.
let counter = 0;
function id() {
  const hex = crypto.createHash("sha256").update(`conform-${counter++}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const flows = new Map(); // correlationId -> {possessionType, phoneNumber, polls, failOnce}
const failNextStatus = new Set(); // scenarios whose first status call is answered 503

function answer(method, url, body) {
  if (url === "/token") {
    return [200, { access_token: "mock-token", token_type: "Bearer", expires_in: 3600 }];
  }
  const request = body === "" ? undefined : JSON.parse(body);
  if (url === "/v3/unify") {
    if (!request || !request.possessionType) return [400, { code: 8001, message: "possessionType is required" }];
    const correlationId = id();
    flows.set(correlationId, { ...request, polls: 0 });
    const response = { correlationId, success: "pending" };
    if (request.possessionType !== "none") response.authToken = "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl";
    return [200, response];
  }
  const flow = request && flows.get(request.correlationId);
  if (!flow) return [400, { code: 8002, message: "correlationId is unknown" }];
  const done = {
    success: "true",
    phoneNumber: flow.phoneNumber ?? "2001004011",
    proveId: "a07b94ce-218c-461f-beda-d92b54bd4a2b",
    deviceId: "bf9ea15d-7dfa-4bb4-a64c-6c26b53472fc",
    clientHumanId: "human-7f3a",
  };
  if (url === "/v3/unify-status") {
    if (failNextStatus.delete(scenario)) return [503, { message: "service unavailable, try again" }];
    flow.polls += 1;
    if (flow.possessionType === "none") return [200, { success: "possession_required" }];
    if (flow.polls === 1 && flow.pollTwice) return [200, { success: "pending" }];
    return [200, { ...done, evaluation: { authentication: { result: "pass" }, risk: { result: "pass" } } }];
  }
  if (url === "/v3/unify-bind") {
    return [200, { ...done, phoneNumber: request.phoneNumber }];
  }
  return [404, { message: "no such endpoint" }];
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const started = new Date(Date.UTC(2026, 3, 1, 9, 0, recorded.length)).toISOString();
    const requestText = Buffer.concat(chunks).toString("utf8");
    const url = req.url.split("?")[0];
    const [status, response] = answer(req.method, url, url === "/token" ? "" : requestText);
    const responseText = JSON.stringify(response);
    recorded.push({ scenario, method: req.method, path: url, requestText, status, responseText, started });
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(responseText);
  });
});

await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const sdk = new Proveapi({
  serverURL: base,
  security: { clientID: "conform-client", clientSecret: "conform-secret" },
  retryConfig: { strategy: "backoff", backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 2000 }, retryConnectionErrors: false },
});

// SDK 0.9.6 (the newest on npm) types `success` as an object, so it refuses a
// response that says "pending" as the spec does; the body it read is still
// on the error, and the flow goes on with it. Each refusal is noted.
const refusals = [];
async function call(promise, key) {
  try {
    return (await promise)[key];
  } catch (error) {
    if (error?.rawValue?.[key] === undefined) throw error;
    refusals.push(`${scenario}: ${key}: ${error.message.split("\n")[0]}`);
    return error.rawValue[key];
  }
}

async function run(name, steps) {
  scenario = name;
  await steps();
}

try {
  await run("mobile", async () => {
    const start = await call(sdk.v3.v3UnifyRequest({
      possessionType: "mobile", phoneNumber: "2001004011", clientRequestId: "71010d88-d0e7-4a24-9297-d1be6fefde81",
      clientCustomerId: "e0f78bc2-f748-4eda-9d29-d756844507fc", smsMessage: "#### is your verification code.",
      allowOTPRetry: true,
    }), "V3UnifyResponse");
    const { correlationId } = start;
    flows.get(correlationId).pollTwice = true; // the client polls until the OTP is entered
    for (let poll = 0; poll < 2; ++poll) {
      await call(sdk.v3.v3UnifyStatusRequest({ correlationId, clientRequestId: "71010d88-d0e7-4a24-9297-d1be6fefde81" }),
        "V3UnifyStatusResponse");
    }
  });
  await run("desktop", async () => {
    const start = await call(sdk.v3.v3UnifyRequest({
      possessionType: "desktop", phoneNumber: "2001004012", clientRequestId: "c2e1f3a4-0002",
      finalTargetUrl: "https://www.example.com/landing-page", rebind: false,
    }), "V3UnifyResponse");
    failNextStatus.add("desktop"); // answered 503 once: the SDK resends it by itself
    await call(sdk.v3.v3UnifyStatusRequest({ correlationId: start.correlationId }), "V3UnifyStatusResponse");
  });
  await run("byo", async () => {
    const { correlationId } = await call(
      sdk.v3.v3UnifyRequest({ possessionType: "none", clientRequestId: "c2e1f3a4-0003" }), "V3UnifyResponse");
    await call(sdk.v3.v3UnifyStatusRequest({ correlationId }), "V3UnifyStatusResponse");
    await call(sdk.v3.v3UnifyBindRequest({ correlationId, phoneNumber: "2001004013", clientRequestId: "c2e1f3a4-0003" }),
      "V3UnifyBindResponse");
  });
  await run("minimal", async () => {
    // Only what the spec requires; every optional field omitted.
    const start = await call(
      sdk.v3.v3UnifyRequest({ possessionType: "mobile", clientRequestId: "c2e1f3a4-0004" }), "V3UnifyResponse");
    await call(sdk.v3.v3UnifyStatusRequest({ correlationId: start.correlationId }), "V3UnifyStatusResponse");
  });
  await run("no-argument", async () => {
    // The request argument omitted: the SDK sends no body at all.
    try { await sdk.v3.v3UnifyStatusRequest(); } catch { /* the mock answers 400, the SDK throws */ }
  });
} finally {
  server.close();
}

// HAR 1.2 and NDJSON exchanges, one file each per group of scenarios.
function har(entries) {
  return {
    log: {
      version: "1.2",
      creator: { name: "conform tests/recorders/record_sdk.mjs", version: "1" },
      entries: entries.map((e) => ({
        startedDateTime: e.started,
        time: 1,
        request: {
          method: e.method, url: `https://platform.uat.proveapis.com${e.path}`, httpVersion: "HTTP/1.1",
          cookies: [], headers: [{ name: "Content-Type", value: e.path === "/token" ? "application/x-www-form-urlencoded" : "application/json" }],
          queryString: [], headersSize: -1, bodySize: Buffer.byteLength(e.requestText),
          ...(e.requestText === "" || e.path === "/token" ? {} : { postData: { mimeType: "application/json", text: e.requestText } }),
        },
        response: {
          status: e.status, statusText: "", httpVersion: "HTTP/1.1", cookies: [],
          headers: [{ name: "Content-Type", value: "application/json" }],
          content: { size: Buffer.byteLength(e.responseText), mimeType: "application/json", text: e.responseText },
          redirectURL: "", headersSize: -1, bodySize: Buffer.byteLength(e.responseText),
        },
        cache: {}, timings: { send: 0, wait: 1, receive: 0 },
      })),
    },
  };
}
function ndjson(entries) {
  return entries.filter((e) => e.path !== "/token").map((e) => JSON.stringify({
    path: e.path, method: e.method,
    ...(e.requestText === "" ? {} : { request: JSON.parse(e.requestText) }),
    status: e.status, response: JSON.parse(e.responseText),
  })).join("\n") + "\n";
}
const clean = recorded.filter((e) => e.scenario !== "no-argument");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "sdk-unify-flows.har"), JSON.stringify(har(clean), null, 2) + "\n");
fs.writeFileSync(path.join(out, "sdk-unify-flows.ndjson"), ndjson(clean));
// One capture per flow too (the token call in front of each), for the clean fixtures per possession type.
const token = recorded.find((e) => e.path === "/token");
for (const [name, file] of [["mobile", "sdk-unify-mobile-polled"], ["desktop", "sdk-unify-desktop-retried-503"],
  ["byo", "sdk-unify-byo-none"], ["minimal", "sdk-unify-mobile-optional-fields-omitted"]]) {
  const entries = [token, ...recorded.filter((e) => e.scenario === name && e.path !== "/token")];
  fs.writeFileSync(path.join(out, `${file}.har`), JSON.stringify(har(entries), null, 2) + "\n");
}
fs.writeFileSync(path.join(out, "sdk-unify-status-without-argument.har"),
  JSON.stringify(har(recorded.filter((e) => e.scenario === "no-argument" || e.path === "/token").slice(-1)), null, 2) + "\n");
console.log(`recorded ${recorded.length} calls into ${out}`);
for (const refusal of refusals) console.log(`the SDK refused a response: ${refusal}`);
