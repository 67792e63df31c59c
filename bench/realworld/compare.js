// conform's side of the real-world comparison, and the report: runs
// `conform validate --schema FILE --format json` once per schema of
// WORK/corpus.json over all its documents, compares each verdict with ajv's
// (WORK/results-ajv-FORMATS.json) and with the verdict the source declares, and prints
// Markdown: per dialect, schemas loaded and verdicts agreeing; every refusal
// grouped by cause; every disagreement.
// Usage: node compare.js WORK CONFORM            (FORMATS=annotate: format is an annotation for both)
"use strict";
const fs = require("fs");
const path = require("path");
const {spawnSync} = require("child_process");

const work = path.resolve(process.argv[2]);
const conform = path.resolve(process.argv[3]);
const formats = process.env.FORMATS || "assert";
const corpus = JSON.parse(fs.readFileSync(path.join(work, "corpus.json"), "utf8"));
const ajv = JSON.parse(fs.readFileSync(path.join(work, `results-ajv-${formats}.json`), "utf8"));
const dialects = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];

// The --dialect values this conform accepts, read from its help, so the
// script runs unchanged once the engine knows more dialects.
const help = spawnSync(conform, ["validate", "--help"], {encoding: "utf8"}).stdout;
const accepted = ((/--dialect TEXT:\{([^}]*)\}/.exec(help) || [])[1] || "").split(",");
const flagOf = {"draft-04": /4/, "draft-06": /6/, "draft-07": /7/, "2019-09": /2019/, "2020-12": /2020/};
function dialectFlag(dialect) {
  return accepted.find((v) => flagOf[dialect] && flagOf[dialect].test(v));
}

// The first line of conform's message, with the schema's own path and quoted
// values taken out, names the cause; refusals are grouped by it.
function causeOf(message, schemaFile) {
  let text = message.split("\n")[0].replace(schemaFile, "SCHEMA");
  // Locations and quoted values vary within a cause; a quoted JSON Pointer keeps its first character class.
  text = text.replace(/^#\/\S*: /, "").replace(/"[^"]*"/g, '"…"');
  return text.length > 160 ? text.slice(0, 157) + "..." : text;
}

function runConform(entry) {
  const args = ["validate", "--schema", entry.schema, "--format", "json", "--progress", "never", "--jobs", "1"];
  const raw = JSON.parse(fs.readFileSync(entry.schema, "utf8"));
  if (typeof raw.$schema !== "string") {
    const flag = dialectFlag(entry.dialect);
    if (flag) args.push("--dialect", flag);
  }
  for (const [prefix, dir] of entry.maps) args.push("--map-uri", `${prefix}=${dir.replace(/\/$/, "")}`);
  if (formats !== "annotate") args.push("--format-assertion");
  // The largest documents go in as a folder of their own copies would; one
  // call per schema keeps the load once, as a CI job would run it.
  // A schema without documents is still loaded, on a placeholder whose verdict is not used.
  const placeholder = path.join(work, "placeholder.json");
  if (entry.documents.length === 0) fs.writeFileSync(placeholder, "null\n");
  args.push("--", ...(entry.documents.length ? entry.documents.map((d) => d.path) : [placeholder]));
  const run = spawnSync(conform, args, {encoding: "utf8", maxBuffer: 1 << 30});
  if (run.status === 2 && !run.stdout.trim().startsWith("{")) {
    const message = (run.stderr || "").trim().replace(/^conform: /, "").replace(entry.schema + ": ", "").split(work).join("WORK");
    return {loaded: false, error: message || `exit ${run.status}`, verdicts: []};
  }
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch (error) {
    return {loaded: false, error: `no JSON report (exit ${run.status}): ${(run.stderr || "").trim()}`, verdicts: []};
  }
  const bySource = new Map(report.results.map((r) => [r.source, r]));
  const verdicts = entry.documents.map((d) => {
    const r = bySource.get(d.path);
    if (!r) return "error: not in the report";
    if (r.status === "error") return `error: ${r.error}`;
    return r.status;
  });
  // A schema conform refuses may still give a report whose every input is an error.
  const refusal = entry.documents.length > 0 && verdicts.every((v) => v.startsWith("error:")) ? verdicts[0].slice(7) : null;
  return refusal ? {loaded: false, error: refusal, verdicts: []} : {loaded: true, error: null, verdicts};
}

const rows = Object.fromEntries(dialects.map((d) => [d, {schemas: 0, ajv: 0, conform: 0, docs: 0, compared: 0, agree: 0, declared: 0, ajvDeclared: 0, conformDeclared: 0}]));
const refusals = new Map();
const ajvRefusals = [];
const disagreements = [];
for (const entry of corpus) {
  const row = rows[entry.dialect];
  if (!row) continue;
  const a = ajv[entry.id];
  const c = runConform(entry);
  row.schemas++;
  if (a.loaded) row.ajv++;
  if (c.loaded) row.conform++;
  if (!a.loaded) ajvRefusals.push(`${entry.id}: ${a.error}`);
  if (!c.loaded) {
    const cause = causeOf(c.error, entry.schema);
    if (!refusals.has(cause)) refusals.set(cause, []);
    refusals.get(cause).push({entry, message: c.error.split("\n")[0], ajvLoaded: a.loaded});
  }
  entry.documents.forEach((doc, i) => {
    row.docs++;
    const av = a.loaded ? a.verdicts[i] : null;
    const cv = c.loaded ? c.verdicts[i] : null;
    if (doc.expect) {
      row.declared++;
      if (av && (av === "pass") === (doc.expect === "valid")) row.ajvDeclared++;
      if (cv && (cv === "pass") === (doc.expect === "valid")) row.conformDeclared++;
    }
    if (!av || !cv) return;
    row.compared++;
    if (av === cv) row.agree++;
    else disagreements.push({entry, doc, ajv: av, conform: cv});
  });
}

const pct = (n, d) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`);
const out = [];
out.push(`Formats: ${formats === "annotate" ? "annotation for both tools" : "asserted by both (ajv-formats; conform --format-assertion)"}.`, "");
out.push("| dialect | schemas | loaded by ajv 8 | loaded by conform | documents | compared (both loaded) | verdicts agreeing | declared verdicts: ajv / conform |");
out.push("|---|---|---|---|---|---|---|---|");
const total = {schemas: 0, ajv: 0, conform: 0, docs: 0, compared: 0, agree: 0, declared: 0, ajvDeclared: 0, conformDeclared: 0};
for (const d of dialects) {
  const r = rows[d];
  for (const k of Object.keys(total)) total[k] += r[k];
  out.push(`| ${d} | ${r.schemas} | ${r.ajv} | ${r.conform} (${pct(r.conform, r.schemas)}) | ${r.docs} | ${r.compared} | ${r.agree} (${pct(r.agree, r.compared)}) | ${r.ajvDeclared} / ${r.conformDeclared} of ${r.declared} |`);
}
const t = total;
out.push(`| **all** | ${t.schemas} | ${t.ajv} | ${t.conform} (${pct(t.conform, t.schemas)}) | ${t.docs} | ${t.compared} | ${t.agree} (${pct(t.agree, t.compared)}) | ${t.ajvDeclared} / ${t.conformDeclared} of ${t.declared} |`);
out.push("", `### conform refusals, by cause (${[...refusals.values()].reduce((n, l) => n + l.length, 0)} schemas)`, "");
for (const [cause, list] of [...refusals.entries()].sort((x, y) => y[1].length - x[1].length)) {
  out.push(`- **${list.length}** × ${cause}`);
  for (const r of list) out.push(`  - \`${r.entry.id}\` (${r.entry.dialect}${r.ajvLoaded ? "" : "; ajv refuses it too"}): ${r.message}`);
}
out.push("", `### ajv refusals (${ajvRefusals.length} schemas)`, "");
for (const r of ajvRefusals) out.push(`- ${r}`);
out.push("", `### Verdict disagreements (${disagreements.length})`, "");
for (const x of disagreements) {
  out.push(`- \`${x.entry.id}\` ← ${x.doc.label}: ajv ${x.ajv}, conform ${x.conform}${x.doc.expect ? ` (declared ${x.doc.expect})` : ""}`);
}
fs.writeFileSync(path.join(work, `report-${formats}.md`), out.join("\n") + "\n");
console.log(out.join("\n"));
