// ajv 8 as a library in one node process: the way a JavaScript service
// would check bodies. Prints "valid invalid" counts; a body that does not
// parse counts as invalid. Usage: node ajv_lib.js SCHEMA (ndjson FILE | files DIR)
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");

const [schemaPath, mode, target] = process.argv.slice(2);
const ajv = new Ajv({ strict: false, allErrors: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let valid = 0;
let invalid = 0;
const check = (text) => {
  let body;
  try {
    body = JSON.parse(text);
  } catch (error) {
    invalid++;
    return;
  }
  if (validate(body)) valid++; else invalid++;
};
if (mode === "ndjson") {
  // Read in blocks and split lines, so a large file need not fit in memory at once.
  const fd = fs.openSync(target, "r");
  const buffer = Buffer.alloc(1 << 20);
  let rest = "";
  let read;
  while ((read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) {
    const lines = (rest + buffer.toString("utf8", 0, read)).split("\n");
    rest = lines.pop();
    for (const line of lines) if (line.trim() !== "") check(line);
  }
  if (rest.trim() !== "") check(rest);
} else {
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".json")) check(fs.readFileSync(full, "utf8"));
    }
  };
  walk(target);
}
console.log(`${valid} ${invalid}`);
