// Builds the real-world corpus from manifest.json: the pinned packages must
// already be installed (run.sh does it) under WORK/npm/node_modules and
// extracted under WORK/deb/<package>/. Writes WORK/corpus.json, one entry per
// schema with its dialect, URI maps and documents, and the derived documents
// (YAML turned into JSON, examples split out, mutations) under WORK/docs/.
// Usage: node materialise.js WORK
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const here = __dirname;
const work = path.resolve(process.argv[2]);
const manifest = JSON.parse(fs.readFileSync(path.join(here, "manifest.json"), "utf8"));
const YAML = require(path.join(work, "npm/node_modules/yaml"));

const roots = {npm: path.join(work, "npm/node_modules"), deb: path.join(work, "deb")};
// "npm:NAME:PATH", "deb:NAME:PATH", "local:PATH" or a PATH inside the set's own package.
function resolve(spec, own) {
  if (spec.startsWith("local:")) return path.join(here, "docs", spec.slice(6));
  const m = /^(npm|deb):((?:@[^/:]+\/)?[^:]+):(.*)$/.exec(spec);
  if (m) return path.join(roots[m[1]], m[2], m[3]);
  return path.join(own, spec);
}
function packageRoot(source) {
  const [kind, name] = [source.slice(0, 3), source.slice(4)];
  return path.join(roots[kind], name);
}
function versionOf(source) {
  const name = source.slice(4);
  return `${name}@${(source.startsWith("npm") ? manifest.npm : manifest.debian)[name]}`;
}
// Glob with "*" inside the last path segment only: enough for package layouts.
function glob(pattern) {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (!base.includes("*")) return fs.existsSync(pattern) ? [pattern] : [];
  if (!fs.existsSync(dir)) return [];
  const re = new RegExp("^" + base.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return fs.readdirSync(dir).filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
}
function walk(dir, out = []) {
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const st = fs.lstatSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (st.isFile()) out.push(full);
  }
  return out;
}
// Evenly spread picks keep a capped sample deterministic and varied.
function spread(list, limit) {
  if (!limit || list.length <= limit) return list;
  const out = [];
  for (let i = 0; i < limit; i++) out.push(list[Math.floor((i * list.length) / limit)]);
  return out;
}
function readText(file) {
  const bytes = fs.readFileSync(file);
  return (file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
}
// YAML 1.1 as the Python tools that own these files read it (yes/no are booleans).
function yamlToJson(text) {
  const docs = YAML.parseAllDocuments(text, {version: "1.1", uniqueKeys: false});
  if (docs.length !== 1 || docs[0].errors.length) return undefined;
  const value = docs[0].toJS({maxAliasCount: 1000});
  return value === undefined || value === null ? undefined : value;
}
function dialectOf(schema, fallback) {
  const uri = typeof schema.$schema === "string" ? schema.$schema : "";
  if (uri.includes("draft-04")) return "draft-04";
  if (uri.includes("draft-06")) return "draft-06";
  if (uri.includes("draft-07")) return "draft-07";
  if (uri.includes("2019-09")) return "2019-09";
  if (uri.includes("2020-12")) return "2020-12";
  return uri === "" ? fallback || "draft-07" : `unknown:${uri}`;
}

const corpus = [];
const docsDir = path.join(work, "docs");
fs.rmSync(docsDir, {recursive: true, force: true});
let serial = 0;
function writeDoc(entry, value, expect, source, label) {
  const dir = path.join(docsDir, entry.id.replace(/[^A-Za-z0-9_.-]+/g, "_"));
  fs.mkdirSync(dir, {recursive: true});
  const file = path.join(dir, `${String(++serial).padStart(5, "0")}.json`);
  fs.writeFileSync(file, JSON.stringify(value, null, 1));
  entry.documents.push({path: file, expect, source, label});
}
function addFile(entry, file, spec) {
  let value;
  try {
    const text = readText(file);
    value = spec.yaml ? yamlToJson(text) : JSON.parse(text);
  } catch (error) {
    value = undefined;
  }
  if (value === undefined) return;
  const expect = spec.expect || (/invalid/.test(path.basename(file)) ? "invalid" : /valid/.test(path.basename(file)) ? "valid" : null);
  if (!spec.yaml && !file.endsWith(".gz")) entry.documents.push({path: file, expect, source: spec.expect_source, label: path.relative(work, file)});
  else writeDoc(entry, value, expect, spec.expect_source, path.relative(work, file));
}
// Removing a property the root schema requires gives a document it must reject.
function mutateRequired(entry, schema) {
  if (!Array.isArray(schema.required) || schema.required.length === 0) return;
  const valid = entry.documents.filter((d) => d.expect === "valid" || d.expect === null).slice(0, 3);
  for (const doc of valid) {
    const value = JSON.parse(fs.readFileSync(doc.path, "utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value) || !(schema.required[0] in value)) continue;
    delete value[schema.required[0]];
    writeDoc(entry, value, "invalid", `mutation: required "${schema.required[0]}" removed`, `${doc.label} without ${schema.required[0]}`);
  }
}
// Maps whose documents are named without ".json" get a mirror with both names.
function mapDir(set, dir) {
  if (!set.map_suffix) return dir;
  const mirror = path.join(work, "maps", set.name, path.basename(dir));
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file);
    for (const name of [rel, rel.endsWith(set.map_suffix) ? rel.slice(0, -set.map_suffix.length) : rel]) {
      fs.mkdirSync(path.dirname(path.join(mirror, name)), {recursive: true});
      fs.copyFileSync(file, path.join(mirror, name));
    }
  }
  return mirror + "/";
}

for (const set of manifest.sets) {
  const own = packageRoot(set.source);
  const maps = Object.entries(set.map || {}).map(([prefix, dir]) => [prefix, mapDir(set, resolve(dir, own))]);
  // A schema named "npm:NAME:PATH" belongs to that package; the others to the set's own.
  const files = set.schemas.flatMap((p) => {
    const m = /^(npm|deb):((?:@[^/:]+\/)?[^:]+):/.exec(p);
    const source = m ? `${m[1]}:${m[2]}` : set.source;
    return glob(resolve(p, own)).map((f) => ({f, source, key: m ? `${m[2]}/${path.relative(packageRoot(source), f)}` : null}));
  }).filter(({f}) => !(set.exclude || []).includes(path.basename(f)));
  for (const {f: file, source, key: foreign} of files) {
    const rel = path.relative(packageRoot(source), file);
    const key = foreign || rel;
    const schema = JSON.parse(fs.readFileSync(file, "utf8"));
    const entry = {
      id: `${set.name}/${key}`, set: set.name, package: versionOf(source), path_in_package: rel, schema: file,
      bytes: fs.statSync(file).size, dialect: dialectOf(schema, set.dialect), maps, documents: [],
    };
    const stem = path.basename(file, ".json");
    const vars = {stem, dir: path.basename(path.dirname(file)), oas: (set.oas || {})[rel] || "", nbmajor: rel.includes("/v3/") ? "3" : "4",
                  tool: (set.tool || {})[key] || ""};
    const fill = (s) => s.replace(/\{(\w+)\}/g, (_, k) => vars[k]);
    for (const spec of set.documents) {
      if (spec.for && spec.for !== key) continue;
      if (spec.for_match && !new RegExp(spec.for_match).test(rel)) continue;
      if (spec.kind === "files") {
        for (const pattern of spec.files) for (const f of glob(resolve(fill(pattern), own))) addFile(entry, f, spec);
      } else if (spec.kind === "array") {
        const f = resolve(fill(spec.file), own);
        if (!fs.existsSync(f)) continue;
        const list = JSON.parse(fs.readFileSync(f, "utf8"));
        list.forEach((v, i) => writeDoc(entry, v, spec.expect, spec.expect_source, `${path.relative(own, f)}[${i}]`));
      } else if (spec.kind === "schema-examples") {
        (Array.isArray(schema.examples) ? schema.examples : []).forEach((v, i) =>
          writeDoc(entry, v, spec.expect, spec.expect_source, `${rel}#/examples/${i}`));
      } else if (spec.kind === "octokit-examples") {
        const events = JSON.parse(fs.readFileSync(resolve(spec.file, own), "utf8"));
        const all = events.flatMap((e) => e.examples.map((v, i) => [`${e.name}[${i}]`, v]));
        for (const [label, v] of spread(all, spec.limit)) writeDoc(entry, v, spec.expect, spec.expect_source, label);
      } else if (spec.kind === "find") {
        const pattern = (spec.by_schema || {})[path.basename(file)];
        if (!pattern) continue;
        const root = resolve(spec.root, own);
        const re = new RegExp(pattern);
        const found = walk(root).filter((f) => re.test(path.relative(root, f)));
        for (const f of spread(found, spec.limit)) addFile(entry, f, spec);
      } else if (spec.kind === "corpus-schemas") {
        entry.pendingCorpus = spec;  // filled once every schema is known
      } else if (spec.kind === "mutate-required") {
        mutateRequired(entry, schema);
      }
    }
    corpus.push(entry);
  }
}
// A metaschema's documents are the corpus's schemas (of every dialect: ajv's
// verdict decides those of other dialects), spread over the sets.
const schemaFiles = corpus.filter((e) => !e.pendingCorpus).map((e) => e.schema);
for (const entry of corpus.filter((e) => e.pendingCorpus)) {
  const spec = entry.pendingCorpus;
  delete entry.pendingCorpus;
  const own = schemaFiles.filter((f) => f !== entry.schema);
  for (const f of spread(own, spec.limit)) {
    entry.documents.push({path: f, expect: null, source: "a schema of this corpus (ajv decides)", label: path.relative(work, f)});
  }
  // The invalid ones written for this corpus come after, as the manifest lists them.
  entry.documents.sort((a, b) => (a.expect === "invalid") - (b.expect === "invalid"));
}
const withDocs = corpus.filter((e) => e.documents.length > 0 || !manifest.sets.find((s) => s.name === e.set).require_documents);
fs.writeFileSync(path.join(work, "corpus.json"), JSON.stringify(withDocs, null, 1));
// One line per schema, for review: the committed bench/realworld/corpus.tsv is a copy.
const tsv = ["package\tschema\tdialect\tbytes\tdocuments\tvalid\tinvalid\tajv decides\tsources"];
for (const e of withDocs) {
  const n = (x) => e.documents.filter((d) => d.expect === x).length;
  const sources = [...new Set(e.documents.map((d) => d.source))].join("; ");
  tsv.push([e.package, e.path_in_package, e.dialect, e.bytes, e.documents.length, n("valid"), n("invalid"), n(null), sources].join("\t"));
}
fs.writeFileSync(path.join(work, "corpus.tsv"), tsv.join("\n") + "\n");
const count = (f) => withDocs.filter(f).length;
console.log(`corpus: ${withDocs.length} schemas (${count((e) => e.documents.length > 0)} with documents), ` +
            `${withDocs.reduce((n, e) => n + e.documents.length, 0)} documents`);
