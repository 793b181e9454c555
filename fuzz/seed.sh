#!/usr/bin/env bash
# Fills fuzz/seeds/ (ignored by git) with the project's own examples, one folder per target.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p seeds/{completion_json,jsonl,sse_reader,request_validation,generator}
for f in ../tests/data/complete/*.json; do cp "$f" seeds/completion_json/; done
for f in ../tests/data/error/*.json; do cp "$f" "seeds/completion_json/error-$(basename "$f")"; done
cp ../tests/data/complete/*.json ../examples/traffic/archive.jsonl seeds/jsonl/
cp ../tests/data/stream/*.sse ../examples/traffic/*.sse seeds/sse_reader/
cp ../tests/data/request/*.json seeds/request_validation/
cp ../schema/completions.schema.json ../tests/kitchen_sink/schema.json ../tests/bad_schemas/*.json seeds/generator/
