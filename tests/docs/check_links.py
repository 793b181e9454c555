"""The rendered docs show no Markdown left over: no `[Name]` of a type that did not become a
link, and no backslash before a bracket (an escape shown as itself). Run after `cargo doc`:
python3 tests/docs/check_links.py target/doc/anthropic_completions schema/completions.schema.json
"""
import glob
import html
import json
import re
import sys

doc_dir, schema = sys.argv[1], sys.argv[2]
names = set(json.load(open(schema))["$defs"])
names |= {"Completion", "Model", "StreamReader", "Accumulator", "Decoder", "Event", "Payload",
          "ErrorKind", "StreamError", "Diagnostic", "Options", "Summary", "Code", "Pointer",
          "Position", "ResponseBody", "Violations", "Violation", "Cassette", "Interaction"}
pattern = re.compile(r"\[`?(%s)`?\]|\\[\[\]]" % "|".join(sorted(names)))
found = []
for path in sorted(glob.glob(doc_dir + "/**/*.html", recursive=True)):
    page = open(path, encoding="utf-8").read()
    # Only what a reader sees: no tags, no source listings, no search index.
    page = re.sub(r"<pre[^>]*>.*?</pre>", "", page, flags=re.S)
    # Code (signatures, `[T]` slices) is not Markdown.
    page = re.sub(r"<code[^>]*>.*?</code>", "", page, flags=re.S)
    page = re.sub(r'<(h[1-6]|section|summary)[^>]*class="[^"]*(code-header|impl)[^"]*"[^>]*>.*?</\1>', "", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for match in pattern.finditer(text):
        # rustdoc's own headings of Deref methods name a slice type: `Deref<Target = [T]>`.
        if re.search(r"Target\s?=\s?$", text[max(0, match.start() - 10):match.start()]):
            continue
        around = text[max(0, match.start() - 40):match.end() + 40].replace("\n", " ")
        found.append(f"{path}: {match.group(0)!r} in ...{around}...")
for line in found:
    print(line)
if found:
    sys.exit(f"{len(found)} pieces of Markdown shown literally in the rendered docs")
print(f"rendered docs: no literal link or escaped bracket in {doc_dir}")
