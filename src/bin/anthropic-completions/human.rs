//! Output for people: rustc-style diagnostics (annotate-snippets), the summary line, tables.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use anthropic_completions::validate::{Diagnostic, Severity, Stats, Summary};

/// One diagnostic: the message, the file position, the source line with a caret under the value.
pub fn render(file: &str, d: &Diagnostic, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let label = match (&d.expected, &d.found) {
        (Some(expected), Some(found)) => format!("expected {expected}, found {found}"),
        (None, Some(found)) => format!("found {found}"),
        _ if d.pointer.is_root() => String::new(),
        _ => format!("at {}", d.pointer),
    };
    let mut title = if d.pointer.is_root() {
        d.message.clone()
    } else {
        format!("{} (at {})", d.message, d.pointer)
    };
    match (d.interaction, d.part) {
        (Some(number), Some(part)) => title = format!("interaction {number}, {part}: {title}"),
        (Some(number), None) => title = format!("interaction {number}: {title}"),
        _ => {}
    }
    // The source line is a window of the input line: the caret goes at the column within it,
    // the header says the position in the file.
    let start = d.source_column.saturating_sub(1);
    let text = if d.source_line.is_empty()
        || d.source_column == 0
        || start > d.source_line.len()
        || !d.source_line.is_char_boundary(start)
    {
        None
    } else {
        Some(d.source_line.as_str())
    };
    let report = match text {
        Some(source) => {
            let span =
                start..start + token_width(&source[start..]).max(usize::from(start < source.len()));
            let snippet = Snippet::source(source)
                .line_start(d.position.line)
                .path(file)
                .annotation(AnnotationKind::Primary.span(span).label(&label));
            [level
                .primary_title(&title)
                .id(d.code.as_str())
                .element(snippet)]
        }
        None => {
            let origin = Origin::path(file)
                .line(d.position.line)
                .char_column(d.position.column);
            [level
                .primary_title(&title)
                .id(d.code.as_str())
                .element(origin)]
        }
    };
    let rendered = renderer.render(&report);
    // The snippet counts characters in the window it was given; the header says the file's
    // byte column, as the JSON output does.
    let rendered = match text {
        Some(source) if source[..start].chars().count() + 1 != d.position.column => {
            let in_window = source[..start].chars().count() + 1;
            let shown = format!("{file}:{}:{in_window}", d.position.line);
            let real = format!("{file}:{}:{}", d.position.line, d.position.column);
            rendered.replacen(&shown, &real, 1)
        }
        _ => rendered,
    };
    format!("{rendered}\n\n")
}

/// The byte length of the JSON token `rest` starts with: a whole string, number or literal;
/// one character for a bracket; the rest of the line otherwise.
fn token_width(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    match bytes.first() {
        None => 0,
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    _ => i += 1,
                }
            }
            bytes.len()
        }
        Some(b'{' | b'[' | b'}' | b']' | b',' | b':') => 1,
        Some(_) => bytes
            .iter()
            .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t'))
            .unwrap_or(bytes.len()),
    }
}

/// The closing line.
pub fn summary(files: u64, total: &Summary) -> String {
    let mut also = String::new();
    if total.allowed > 0 {
        also.push_str(&format!("; {} allowed (-A)", total.allowed));
    }
    if total.unreported > 0 {
        also.push_str(&format!(
            "; {} not shown (--max-diagnostics)",
            total.unreported
        ));
    }
    let cassettes = if total.interactions + total.skipped > 0 {
        format!(
            " ({} interaction{} with /v1/complete, {} with other endpoints skipped)",
            total.interactions,
            plural(total.interactions),
            total.skipped
        )
    } else {
        String::new()
    };
    format!(
        "checked {files} file{}, {} record{}{cassettes}: {} valid, {} invalid; {} error{}, {} warning{}{also}",
        plural(files),
        total.records,
        plural(total.records),
        total.valid,
        total.invalid,
        total.errors,
        plural(total.errors),
        total.warnings,
        plural(total.warnings),
    )
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The stats as tables, one per count.
pub fn stats(stats: &Stats) -> String {
    let mut out = String::new();
    let mut table = |title: &str, map: &BTreeMap<String, u64>| {
        if map.is_empty() {
            return;
        }
        let _ = writeln!(out, "{title}");
        let mut rows: Vec<(&String, &u64)> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (key, count) in rows {
            let _ = writeln!(out, "  {count:>10}  {key}");
        }
        let _ = writeln!(out);
    };
    table("records by kind", &stats.kinds);
    table("stream events by type", &stats.events);
    table("models", &stats.models);
    table("stop reasons", &stats.stop_reasons);
    for (kind, fields) in &stats.fields {
        table(&format!("fields of {kind} records"), fields);
    }
    table(
        "keys the schema does not declare (drift)",
        &stats.unknown_fields,
    );
    table(
        "model ids the schema does not list (drift)",
        &stats.unknown_models,
    );
    out
}
