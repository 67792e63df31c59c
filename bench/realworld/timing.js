// Times the real-world corpus: schema loading of the largest schemas, and
// per-instance checks on the benchmark set of issue #16 (BENCH below), for
// conform (whole process, one job) and ajv 8 (in process), medians of RUNS.
// conform's load = its run on one small document minus the same run with a
// one-line schema; per instance = (run on N lines - run on 1 line) / (N - 1),
// over NDJSON lines that repeat the schema's documents. ajv's per-instance time
// includes JSON.parse of the line, as conform's includes its parse.
// Usage: node timing.js WORK CONFORM [RUNS]
// Environment: LINES (default 2000) lines per instance run; BEFORE=path times a
// second conform build beside the first, in the same alternating runs (a
// before/after table from one run); LOAD=bench times the load of the
// benchmark set only, instead of every schema of 50 KB or more; CLOCK=cpu
// times CPU seconds (user + system) of both tools instead of wall time;
// FORMATS=annotate makes format an annotation for both (by default both assert
// it, as compare.js has them); VERDICT_TIMING=path to a built
// conform_verdict_timing adds conform's in-process time per instance, of
// Schema::verdict (what a run that reports only counts asks) and of validate,
// beside ajv's, which is in process too.
"use strict";
const fs = require("fs");
const path = require("path");
const {spawnSync} = require("child_process");
const {modules, load} = require("./ajv_run.js");

const work = path.resolve(process.argv[2]);
const conform = path.resolve(process.argv[3]);
const runs = Number(process.argv[4] || 5);
const corpus = JSON.parse(fs.readFileSync(path.join(work, "corpus.json"), "utf8"));
const mods = modules(work);
// The benchmark set: large draft-07 / 2020-12 schemas with real sample instances.
const BENCH = [
  "github-webhooks/schema.json",
  "cyclonedx/res/schema/bom-1.6.SNAPSHOT.schema.json",
  "asyncapi-documents/schemas/3.0.0.json",
  "openapi/schemas/v3.1/schema.json",
  "openapi/schemas/v3.0/schema.json",
  "ansible-lint/usr/lib/python3/dist-packages/ansiblelint/schemas/tasks.json",
  "ansible-lint/usr/lib/python3/dist-packages/ansiblelint/schemas/meta.json",
  "tool-configs/@biomejs/biome/configuration_schema.json",
  "tool-configs/oxlint/configuration_schema.json",
  "tool-configs/@tauri-apps/cli/config.schema.json",
  "tool-configs/vega-lite/build/vega-lite-schema.json",
];
const LINES = Number(process.env.LINES || 2000);
const before = process.env.BEFORE ? path.resolve(process.env.BEFORE) : null;
const formats = process.env.FORMATS === "annotate" ? "annotate" : "assert";
const verdictTiming = process.env.VERDICT_TIMING ? path.resolve(process.env.VERDICT_TIMING) : null;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function conformArgs(entry, schema) {
  const args = ["validate", "--schema", schema, "--quiet", "--progress", "never", "--jobs", "1"];
  if (formats === "assert") args.push("--format-assertion");
  for (const [prefix, dir] of entry ? entry.maps : []) args.push("--map-uri", `${prefix}=${dir.replace(/\/$/, "")}`);
  return args;
}
// Seconds of one whole conform run; null when it refuses the schema (exit 2).
// CLOCK=cpu: user + system seconds of the process (wait4's rusage, in
// microseconds) instead of wall time, which a loaded shared machine inflates.
const cpuClock = process.env.CLOCK === "cpu";
const WAIT4 =
  "import os, sys\npid = os.fork()\nif pid == 0:\n    fd = os.open(os.devnull, os.O_WRONLY)\n    os.dup2(fd, 1)\n" +
  "    os.execv(sys.argv[1], sys.argv[1:])\n_, status, usage = os.wait4(pid, 0)\n" +
  "print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)\n";
function timeConform(args, binary = conform) {
  if (cpuClock) {
    const run = spawnSync("python3", ["-c", WAIT4, binary].concat(args), {encoding: "utf8"});
    const [status, seconds] = run.stdout.trim().split(" ").map(Number);
    return status === 2 ? {seconds: null, error: (run.stderr || "").split("\n")[0]} : {seconds};
  }
  const start = process.hrtime.bigint();
  const run = spawnSync(binary, args, {encoding: "utf8"});
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return run.status === 2 ? {seconds: null, error: (run.stderr || "").split("\n")[0]} : {seconds};
}
// Median of (run a - run b), the two runs alternating so that both see the
// same load of a shared machine; also a's own median.
function medianDifference(argsA, argsB, binary = conform) {
  const diffs = [];
  const own = [];
  for (let i = 0; i < runs; i++) {
    const a = timeConform(argsA, binary);
    if (a.seconds === null) return {seconds: null, error: a.error};
    const b = timeConform(argsB, binary);
    diffs.push(a.seconds - b.seconds);
    own.push(a.seconds);
  }
  return {seconds: median(diffs), whole: median(own)};
}
// Both builds' medians, their runs interleaved so that both see the same load.
function medianDifferences(argsA, argsB) {
  if (!before) return {after: medianDifference(argsA, argsB)};
  const runsOf = (binary) => ({binary, diffs: [], own: [], error: null});
  const sides = [runsOf(before), runsOf(conform)];
  for (let i = 0; i < runs; i++) {
    for (const side of sides) {
      if (side.error !== null) continue;
      const a = timeConform(argsA, side.binary);
      if (a.seconds === null) {
        side.error = a.error;
        continue;
      }
      const b = timeConform(argsB, side.binary);
      side.diffs.push(a.seconds - b.seconds);
      side.own.push(a.seconds);
    }
  }
  const result = (side) =>
    side.error !== null ? {seconds: null, error: side.error} : {seconds: median(side.diffs), whole: median(side.own)};
  return {before: result(sides[0]), after: result(sides[1])};
}
const scratch = path.join(work, "timing");
fs.mkdirSync(scratch, {recursive: true});
const tiny = path.join(scratch, "tiny.json");
fs.writeFileSync(tiny, "{}\n");
const trivialSchema = path.join(scratch, "trivial-schema.json");
fs.writeFileSync(trivialSchema, '{"$schema": "http://json-schema.org/draft-07/schema#"}\n');
const baselineArgs = conformArgs(null, trivialSchema).concat([tiny]);

const ms = (s) => (s === null || s === undefined ? "-" : (s * 1000).toFixed(1));
const us = (s) => (s === null || s === undefined ? "-" : (s * 1e6).toFixed(1));
const out = [];
out.push(`conform: whole process with --jobs 1 on one small document, minus the same run with a one-line schema (alternating runs); ajv 8: \`compile\` in process (the documents its URI maps name registered before, untimed). Medians of ${runs}${cpuClock ? ", CPU time (user + system)" : ", wall time"}.`, "");
if (before) out.push(`before: ${before}; after: ${conform}.`, "");
const beforeHead = before ? " before load ms (whole run) |" : "";
out.push(`| schema (load) | dialect | KB |${beforeHead} conform load ms (whole run) | ajv compile ms |`, `|---|---|---|${before ? "---|" : ""}---|---|`);
const largest =
  process.env.LOAD === "bench"
    ? BENCH.map((id) => corpus.find((e) => e.id === id)).filter(Boolean)
    : corpus.filter((e) => e.bytes >= 50000).sort((a, b) => b.bytes - a.bytes);
const loadCell = (c) => (c.seconds === null ? "refused" : `${ms(c.seconds)} (${ms(c.whole)})`);
for (const entry of largest) {
  const both = medianDifferences(conformArgs(entry, entry.schema).concat([tiny]), baselineArgs);
  const c = both.after;
  const times = [];
  let ajvError = null;
  for (let i = 0; i < runs; i++) {
    const timing = {};
    try {
      load(mods, entry, formats, timing);
    } catch (error) {
      ajvError = String(error.message).split("\n")[0];
      break;
    }
    times.push(timing.compileSeconds);
  }
  const beforeCell = before ? ` ${loadCell(both.before)} |` : "";
  out.push(`| \`${entry.id}\` | ${entry.dialect} | ${(entry.bytes / 1024).toFixed(0)} |${beforeCell} ${loadCell(c)} | ${ajvError ? "refused" : ms(median(times))} |`);
}

out.push("", `Per instance: ${LINES} NDJSON lines repeating the schema's documents; format ${formats === "assert" ? "asserted" : "an annotation"} for both tools.`, "");
if (verdictTiming) out.push("In process: Schema::verdict and validate (conform_verdict_timing, thread CPU time), medians of the same runs.", "");
const inHead = verdictTiming ? " verdict µs (in process) | validate µs (in process) | verdict / ajv |" : "";
out.push(`| schema (benchmark set, issue #16) | dialect | KB | documents |${before ? " before µs/instance |" : ""} conform µs/instance | ajv µs/instance | conform / ajv |${inHead}`, `|---|---|---|---|${before ? "---|" : ""}---|---|---|${verdictTiming ? "---|---|---|" : ""}`);
for (const id of BENCH) {
  const entry = corpus.find((e) => e.id === id);
  if (!entry) continue;
  const docs = entry.documents.map((d) => JSON.stringify(JSON.parse(fs.readFileSync(d.path, "utf8"))));
  if (docs.length === 0) continue;
  const lines = Array.from({length: LINES}, (_, i) => docs[i % docs.length]);
  const many = path.join(scratch, "many.jsonl");
  const one = path.join(scratch, "one.jsonl");
  fs.writeFileSync(many, lines.join("\n") + "\n");
  fs.writeFileSync(one, lines[0] + "\n");
  const args = conformArgs(entry, entry.schema);
  const both = medianDifferences(args.concat([many]), args.concat([one]));
  const per = (t) => (t.seconds === null ? null : t.seconds / (LINES - 1));
  const conformPer = per(both.after);
  let ajvPer = null;
  try {
    const validate = load(mods, entry, formats);
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      for (const line of lines) validate(JSON.parse(line));
      const used = process.cpuUsage(cpu);
      const seconds = cpuClock ? (used.user + used.system) / 1e6 : Number(process.hrtime.bigint() - start) / 1e9;
      samples.push(seconds / LINES);
    }
    ajvPer = median(samples);
  } catch (error) {
    ajvPer = null;
  }
  const ratio = conformPer !== null && ajvPer ? `${(conformPer / ajvPer).toFixed(2)}x` : "-";
  const beforeCell = before ? ` ${per(both.before) === null ? "refused" : us(per(both.before))} |` : "";
  let inCells = "";
  if (verdictTiming) {
    const timingArgs = [entry.schema, many, String(runs)];
    if (formats === "assert") timingArgs.push("--format-assertion");
    for (const [prefix, dir] of entry.maps) timingArgs.push("--map-uri", `${prefix}=${dir.replace(/\/$/, "")}`);
    const run = spawnSync(verdictTiming, timingArgs, {encoding: "utf8"});
    const fields = run.status === 0 ? run.stdout.trim().split(" ").map(Number) : null;
    const cell = (v) => (fields ? v.toFixed(1) : "refused");
    const inRatio = fields && ajvPer ? `${(fields[1] / (ajvPer * 1e6)).toFixed(2)}x` : "-";
    inCells = ` ${cell(fields && fields[1])} | ${cell(fields && fields[2])} | ${inRatio} |`;
  }
  out.push(`| \`${id}\` | ${entry.dialect} | ${(entry.bytes / 1024).toFixed(0)} | ${docs.length} |${beforeCell} ${conformPer === null ? "refused" : us(conformPer)} | ${ajvPer === null ? "refused" : us(ajvPer)} | ${ratio} |${inCells}`);
}
fs.writeFileSync(path.join(work, "timing.md"), out.join("\n") + "\n");
console.log(out.join("\n"));
