// Times the real-world corpus: schema loading of the largest schemas, and
// per-instance checks on the benchmark set of issue #16 (BENCH below), for
// conform (whole process, one job) and ajv 8 (in process), medians of RUNS.
// conform's load = its run on one small document minus the same run with a
// one-line schema; per instance = (run on N lines - run on 1 line) / (N - 1),
// over NDJSON lines that repeat the schema's documents. ajv's per-instance time
// includes JSON.parse of the line, as conform's includes its parse.
// Usage: node timing.js WORK CONFORM [RUNS]
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
const LINES = 2000;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function conformArgs(entry, schema) {
  const args = ["validate", "--schema", schema, "--quiet", "--progress", "never", "--jobs", "1"];
  for (const [prefix, dir] of entry ? entry.maps : []) args.push("--map-uri", `${prefix}=${dir.replace(/\/$/, "")}`);
  return args;
}
// Seconds of one whole conform run; null when it refuses the schema (exit 2).
function timeConform(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(conform, args, {encoding: "utf8"});
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return run.status === 2 ? {seconds: null, error: (run.stderr || "").split("\n")[0]} : {seconds};
}
// Median of (run a - run b), the two runs alternating so that both see the
// same load of a shared machine; also a's own median.
function medianDifference(argsA, argsB) {
  const diffs = [];
  const own = [];
  for (let i = 0; i < runs; i++) {
    const a = timeConform(argsA);
    if (a.seconds === null) return {seconds: null, error: a.error};
    const b = timeConform(argsB);
    diffs.push(a.seconds - b.seconds);
    own.push(a.seconds);
  }
  return {seconds: median(diffs), whole: median(own)};
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
out.push(`conform: whole process with --jobs 1 on one small document, minus the same run with a one-line schema (alternating runs); ajv 8: \`compile\` in process (the documents its URI maps name registered before, untimed). Medians of ${runs}.`, "");
out.push("| schema (load) | dialect | KB | conform load ms (whole run) | ajv compile ms |", "|---|---|---|---|---|");
const largest = corpus.filter((e) => e.bytes >= 50000).sort((a, b) => b.bytes - a.bytes);
for (const entry of largest) {
  const c = medianDifference(conformArgs(entry, entry.schema).concat([tiny]), baselineArgs);
  const times = [];
  let ajvError = null;
  for (let i = 0; i < runs; i++) {
    const timing = {};
    try {
      load(mods, entry, "assert", timing);
    } catch (error) {
      ajvError = String(error.message).split("\n")[0];
      break;
    }
    times.push(timing.compileSeconds);
  }
  const conformCell = c.seconds === null ? "refused" : `${ms(c.seconds)} (${ms(c.whole)})`;
  out.push(`| \`${entry.id}\` | ${entry.dialect} | ${(entry.bytes / 1024).toFixed(0)} | ${conformCell} | ${ajvError ? "refused" : ms(median(times))} |`);
}

out.push("", `Per instance: ${LINES} NDJSON lines repeating the schema's documents.`, "");
out.push("| schema (benchmark set, issue #16) | dialect | KB | documents | conform µs/instance | ajv µs/instance | conform / ajv |", "|---|---|---|---|---|---|---|");
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
  const t = medianDifference(args.concat([many]), args.concat([one]));
  const conformPer = t.seconds === null ? null : t.seconds / (LINES - 1);
  let ajvPer = null;
  try {
    const validate = load(mods, entry, "assert");
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      for (const line of lines) validate(JSON.parse(line));
      samples.push(Number(process.hrtime.bigint() - start) / 1e9 / LINES);
    }
    ajvPer = median(samples);
  } catch (error) {
    ajvPer = null;
  }
  const ratio = conformPer !== null && ajvPer ? `${(conformPer / ajvPer).toFixed(2)}x` : "-";
  out.push(`| \`${id}\` | ${entry.dialect} | ${(entry.bytes / 1024).toFixed(0)} | ${docs.length} | ${conformPer === null ? "refused" : us(conformPer)} | ${ajvPer === null ? "refused" : us(ajvPer)} | ${ratio} |`);
}
fs.writeFileSync(path.join(work, "timing.md"), out.join("\n") + "\n");
console.log(out.join("\n"));
