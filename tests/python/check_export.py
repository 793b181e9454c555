"""An independent judge from another ecosystem: Python's `jsonschema` with the exported schema.

It must give the verdicts the Rust judges gave:
- every recorded response in tests/data/complete/ (valid iff it has today's shape, with `id`
  and `type`; the 2023 shape lacks them);
- every instance that tests/three_judges/ judged and logged (run `cargo test` first), read
  from the folder given as the first argument (default: target/tmp).

Prints one line per kind and a closing 'N passed, N failed' line; exits 1 on any disagreement.
"""

import glob
import json
import os
import sys

from jsonschema import Draft202012Validator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPORT = os.path.join(ROOT, "schema", "generated", "completions.export.schema.json")


def validator_for(document, name):
    root = dict(document)
    root["$ref"] = "#/$defs/" + name
    Draft202012Validator.check_schema(root)
    return Draft202012Validator(root)


def main():
    logs = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "tmp")
    with open(EXPORT, encoding="utf-8") as f:
        document = json.load(f)
    validators = {name: validator_for(document, name) for name in document["$defs"]}
    passed, failed = 0, 0

    def check(kind, name, instance, expected):
        nonlocal passed, failed
        verdict = validators[name].is_valid(instance)
        if verdict == expected:
            passed += 1
        else:
            failed += 1
            print(f"DISAGREE {kind}: {name} expected valid={expected}, python says {verdict}: "
                  f"{json.dumps(instance)[:300]}")

    recorded = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "complete", "*.json")))
    for path in recorded:
        with open(path, encoding="utf-8") as f:
            body = json.load(f)
        check(os.path.basename(path), "Completion", body, "id" in body and "type" in body)
    print(f"recorded responses: {len(recorded)} judged")

    files = sorted(glob.glob(os.path.join(logs, "three-judges-*.jsonl")))
    if not files:
        print(f"no three-judges logs in {logs}: run `cargo test` first")
        return 1
    for path in files:
        count = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                check(os.path.basename(path), record["type"], record["instance"], record["valid"])
                count += 1
        print(f"{os.path.basename(path)}: {count} judged")
    print(f"python-jsonschema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
