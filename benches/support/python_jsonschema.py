"""The tool people reach for: Python's jsonschema, validating a JSON Lines file of completions
against the exported schema (every line, all errors), for BENCHMARKS.md's CLI comparison.

    python3 benches/support/python_jsonschema.py FILE.jsonl
"""

import json
import os
import sys

from jsonschema import Draft202012Validator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    with open(os.path.join(ROOT, "schema", "generated", "completions.export.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    schema["$ref"] = "#/$defs/Completion"
    validator = Draft202012Validator(schema)
    records = errors = 0
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records += 1
                errors += sum(1 for _ in validator.iter_errors(json.loads(line)))
    print(f"{records} records, {errors} errors")


if __name__ == "__main__":
    main()
