"""The rendered docs show no Markdown left over: no type name in brackets that did not become
a link (`[Completion]`, `[`Completion`]`), and no backslash before a bracket (an escape shown
as itself, as in `data: \\[DONE\\]`). Code in prose is checked too; signatures, the sidebar and
source listings are not (there `[T]` is a slice). Run after `cargo doc`:

    python3 tests/docs/check_links.py target/doc/anthropic_completions
"""
import glob
import html
import re
import sys

doc_dir = sys.argv[1]
# A CamelCase name in brackets (not the wire token `[DONE]`), with or without backticks; or an escaped bracket.
pattern = re.compile(r"\[`?[A-Z][a-z][A-Za-z0-9_]*(::[A-Za-z0-9_]+)*`?\]|\\[\[\]]")
found = []
for path in sorted(glob.glob(doc_dir + "/**/*.html", recursive=True)):
    page = open(path, encoding="utf-8").read()
    for noise in (
        r"<pre[^>]*>.*?</pre>",  # source listings and examples
        r"<nav[^>]*>.*?</nav>",  # the sidebar
        r'<(h[1-6])[^>]*class="[^"]*code-header[^"]*"[^>]*>.*?</\1>',  # signatures
        r'<(h[1-6])[^>]*id="deref-methods[^"]*"[^>]*>.*?</\1>',  # "Methods from Deref<Target = [T]>"
        r'<summary[^>]*class="[^"]*hideme[^"]*"[^>]*>.*?</summary>',
    ):
        page = re.sub(noise, "", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for match in pattern.finditer(text):
        around = text[max(0, match.start() - 40):match.end() + 40].replace("\n", " ")
        found.append(f"{path}: {match.group(0)!r} in ...{around}...")
for line in found:
    print(line)
if found:
    sys.exit(f"{len(found)} pieces of Markdown shown literally in the rendered docs")
print(f"rendered docs: no literal link or escaped bracket in {doc_dir}")
