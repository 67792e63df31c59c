"""python fastjsonschema: the schema compiled to Python code, bodies parsed with
the json module. Prints "valid invalid"; a body that does not parse counts as
invalid. Usage: python3 fastjsonschema_run.py SCHEMA (ndjson FILE | files DIR)"""
import json
import os
import sys

import fastjsonschema

schema_path, mode, target = sys.argv[1:4]
with open(schema_path, encoding="utf-8") as f:
    validate = fastjsonschema.compile(json.load(f))
valid = invalid = 0


def check(text):
    global valid, invalid
    try:
        validate(json.loads(text))
        valid += 1
    except (ValueError, fastjsonschema.JsonSchemaException):
        invalid += 1


if mode == "ndjson":
    with open(target, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                check(line)
else:
    for root, dirs, files in os.walk(target):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".json"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    check(f.read())
print(valid, invalid)
