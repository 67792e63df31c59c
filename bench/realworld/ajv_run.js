// ajv 8's side of the real-world comparison: for every schema of
// WORK/corpus.json, the Ajv class of its dialect (strict off, ajv-formats
// unless FORMATS=annotate) loads it with the documents its URI maps name, and
// checks each document. Writes WORK/results-ajv-FORMATS.json (assert or annotate).
// Usage: node ajv_run.js WORK            (also a module: load(), for timing.js)
"use strict";
const fs = require("fs");
const path = require("path");

function modules(work) {
  const req = (name) => require(path.join(path.resolve(work), "npm/node_modules", name));
  return {
    classes: {
      "draft-04": req("ajv-draft-04"),
      "draft-06": req("ajv").default,
      "draft-07": req("ajv").default,
      "2019-09": req("ajv/dist/2019").default,
      "2020-12": req("ajv/dist/2020").default,
    },
    draft6: req("ajv/dist/refs/json-schema-draft-06.json"),
    addFormats: req("ajv-formats").default,
  };
}

function walk(dir, out = []) {
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

// Returns the compiled validator of one corpus entry (throws what ajv throws).
// timing, when given, gets compileSeconds: the compile alone, without
// registering the mapped documents.
function load(mods, entry, formats, timing) {
  try {
    return loadWith(mods, entry, formats, true, timing);
  } catch (error) {
    // A schema that bundles a metaschema under the metaschema's own $id (or is
    // one) clashes with the copy ajv registers itself: load it without that copy.
    if (!/already exists|resolves to more than one schema/.test(String(error.message))) throw error;
    return loadWith(mods, entry, formats, false, timing);
  }
}

function loadWith(mods, entry, formats, meta, timing) {
  const Class = mods.classes[entry.dialect];
  if (!Class) throw new Error(`no ajv class for dialect ${entry.dialect}`);
  const ajv = new Class({strict: false, allErrors: false, validateFormats: formats !== "annotate", meta, validateSchema: meta});
  if (entry.dialect === "draft-06" && meta) ajv.addMetaSchema(mods.draft6);
  mods.addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(entry.schema, "utf8"));
  // Every document under a mapped prefix is registered under its URI, as
  // conform's --map-uri reads it; one already known by its $id is skipped.
  for (const [prefix, dir] of entry.maps) {
    for (const file of walk(dir)) {
      if (!file.endsWith(".json") && fs.existsSync(file + ".json")) continue;
      let doc;
      try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (error) {
        continue;
      }
      if (typeof doc !== "object" || doc === null) continue;
      const uri = prefix + path.relative(dir, file);
      const id = doc.$id || doc.id;
      if (path.resolve(file) === path.resolve(entry.schema)) continue;
      if (ajv.getSchema(uri)) continue;
      try {
        // Registered under its URI too: a relative $ref may name the file, not its $id.
        ajv.addSchema(doc, uri);
      } catch (error) {
        // a document another one already registered under the same $id
      }
    }
  }
  const id = typeof schema.$id === "string" ? schema.$id.replace(/#$/, "") : undefined;
  let known;
  try {
    known = id && ajv.getSchema(id);
  } catch (error) {
    known = undefined;
  }
  const start = process.hrtime.bigint();
  const validate = known || ajv.compile(schema);
  if (timing) timing.compileSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return validate;
}

function main() {
  const work = path.resolve(process.argv[2]);
  const formats = process.env.FORMATS || "assert";
  const mods = modules(work);
  const corpus = JSON.parse(fs.readFileSync(path.join(work, "corpus.json"), "utf8"));
  const results = {};
  for (const entry of corpus) {
    const result = {loaded: false, error: null, verdicts: []};
    let validate;
    try {
      validate = load(mods, entry, formats);
      result.loaded = true;
    } catch (error) {
      result.error = String(error.message || error).split("\n")[0];
    }
    if (validate) {
      for (const doc of entry.documents) {
        try {
          result.verdicts.push(validate(JSON.parse(fs.readFileSync(doc.path, "utf8"))) ? "pass" : "fail");
        } catch (error) {
          result.verdicts.push(`error: ${String(error.message || error).split("\n")[0]}`);
        }
      }
    }
    results[entry.id] = result;
  }
  fs.writeFileSync(path.join(work, `results-ajv-${formats}.json`), JSON.stringify(results, null, 1));
  const loaded = Object.values(results).filter((r) => r.loaded).length;
  console.log(`ajv: ${loaded} of ${corpus.length} schemas loaded`);
}

module.exports = {modules, load};
if (require.main === module) main();
