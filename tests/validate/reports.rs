//! Reports: repeats folded with a count, stats per record, the same order on any thread count.

use super::{data, run};
use anthropic_completions::validate::{Format, Options, validate};

/// A warning that repeats is said once and counted; one that does not is never lost, however
/// many different ones there are (the count is kept for a bounded number of them).
#[test]
fn repeated_warnings_are_said_once_with_a_count() {
    let record = |model: &str| {
        format!(
            "{{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"{model}\"}}\n"
        )
    };
    let same: String = (0..500).map(|_| record("claude-next")).collect();
    let (summary, found) = run(same.as_bytes(), Format::JsonLines, &Options::default());
    assert_eq!(summary.warnings, 500);
    let said: Vec<(usize, &str)> = found
        .iter()
        .map(|d| (d.position.line, d.message.as_str()))
        .collect();
    assert_eq!(said.len(), 2, "{said:#?}");
    assert_eq!(said[0].0, 1);
    assert!(
        said[1]
            .1
            .starts_with("499 more times in this input after line 1: "),
        "{}",
        said[1].1
    );
    let distinct: String = (0..3000)
        .map(|i| record(&format!("claude-next-{i}")))
        .collect();
    let (summary, found) = run(distinct.as_bytes(), Format::JsonLines, &Options::default());
    assert_eq!((summary.warnings, found.len()), (3000, 3000));
    // Errors are each located, never folded.
    let bad: String = (0..50)
        .map(|_| record("claude-2.1").replace("null", "5"))
        .collect();
    let (summary, found) = run(bad.as_bytes(), Format::JsonLines, &Options::default());
    assert_eq!((summary.errors, found.len()), (50, 50));
}

/// Stats count per record: a stream is one record, so its model and its stop reason (its last)
/// count once however many events carry them; a value of the wrong type is never `null`.
#[test]
fn stats_count_each_record_once() {
    use anthropic_completions::validate::Stats;
    let mut stats = Stats::default();
    for path in data("stream") {
        let bytes = std::fs::read(&path).unwrap();
        let events = String::from_utf8_lossy(&bytes).matches("data:").count();
        assert!(events > 2, "{}", path.display());
        stats.add(bytes.as_slice(), Format::EventStream, 1 << 20);
    }
    let streams = data("stream").len() as u64;
    assert_eq!(stats.kinds["stream"], streams);
    assert_eq!(
        stats.models.values().sum::<u64>(),
        streams,
        "{:?}",
        stats.models
    );
    assert_eq!(
        stats.stop_reasons.values().sum::<u64>(),
        streams,
        "{:?}",
        stats.stop_reasons
    );
    assert!(
        !stats.stop_reasons.contains_key("null"),
        "{:?}",
        stats.stop_reasons
    );
    let mut stats = Stats::default();
    let records = concat!(
        "{\"type\":\"completion\",\"id\":\"a\",\"completion\":\"\",\"stop_reason\":5,\"model\":\"claude-2.1\"}\n",
        "{\"type\":\"completion\",\"id\":\"b\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\n",
    );
    stats.add(records.as_bytes(), Format::JsonLines, 1 << 20);
    assert_eq!(stats.models["claude-2.1"], 2);
    assert_eq!(
        stats.stop_reasons.get("null"),
        Some(&1),
        "{:?}",
        stats.stop_reasons
    );
}

/// JSON Lines checked on several threads report what one thread reports, in the same order:
/// across blocks, with blank lines, bytes that are not UTF-8, a record too long, and
/// warnings that repeat (folded across the blocks).
#[test]
fn any_number_of_threads_gives_the_same_report() {
    let mut input = Vec::new();
    for i in 0..20_000u32 {
        let line = match i % 7 {
            0 => format!(
                r#"{{"type":"completion","id":"c{i}","completion":"x","stop_reason":null,"model":"claude-next-{}"}}"#,
                i % 3
            ),
            1 => format!(
                r#"{{"type":"completion","id":{i},"completion":"x","stop_reason":"stop_sequence","model":"claude-2.1"}}"#
            ),
            2 => String::new(),
            3 if i % 1000 == 3 => "{\"type\":\"completion\",\"id\":\"\u{1}\"".to_owned(),
            4 if i % 997 == 4 => "x".repeat(300),
            _ => format!(
                r#"{{"type":"completion","id":"c{i}","completion":" text {i}","stop_reason":"max_tokens","model":"claude-instant-1.2"}}"#
            ),
        };
        input.extend_from_slice(line.as_bytes());
        if i % 5_000 == 10 {
            input.extend_from_slice(b"\xff\xfe");
        }
        input.push(b'\n');
    }
    let run = |jobs: usize| {
        let options = Options {
            jobs,
            max_record: 256,
            ..Options::default()
        };
        let mut found = Vec::new();
        let summary = validate(input.as_slice(), Format::JsonLines, &options, |d| {
            found.push(d)
        });
        (summary, found)
    };
    let (one, found) = run(1);
    assert!(
        one.records > 17_000 && one.invalid > 2_000 && one.warnings > 2_000,
        "{one:?}"
    );
    assert!(found.iter().any(|d| d.repeats > 100), "repeats are folded");
    for jobs in [2, 3, 8] {
        assert_eq!(run(jobs), (one, found.clone()), "jobs {jobs}");
    }
}

/// With the folding table full (1,024 different warnings), a record whose new warning makes
/// room by forgetting an old one sees its repeat of that one reported again, as when each
/// warning is placed before it is folded.
#[test]
fn a_repeat_forgotten_to_make_room_is_reported_again() {
    let mut input = String::new();
    for i in 0..1024 {
        input.push_str(&format!(r#"{{"type":"completion","id":"c","completion":"x","stop_reason":"stop_sequence","model":"claude-zz-{i}","stop":null}}"#));
        input.push('\n');
    }
    input.push_str(r#"{"type":"completion","zzz":1,"id":"c","completion":"x","stop_reason":"stop_sequence","model":"claude-zz-0","stop":null}"#);
    input.push('\n');
    let mut found = Vec::new();
    validate(
        input.as_bytes(),
        Format::JsonLines,
        &Options::default(),
        |d| found.push(d),
    );
    assert!(
        found.iter().any(
            |d| d.code == anthropic_completions::validate::Code::UnknownModel
                && d.position.line == 1025
        ),
        "{:?}",
        found
            .iter()
            .filter(|d| d.position.line > 1020)
            .collect::<Vec<_>>()
    );
}

#[test]
fn warnings_first_met_at_one_position_are_tallied_in_one_order() {
    // Every record lacks three fields: with missing fields made warnings, each repeats, and
    // all three are first met at line 1, column 1.
    let input = "{\"type\":\"completion\",\"id\":\"a\"}\n".repeat(20);
    let options = Options {
        levels: [(
            anthropic_completions::validate::Code::MissingField,
            anthropic_completions::validate::Level::Warn,
        )]
        .into_iter()
        .collect(),
        ..Options::default()
    };
    let runs: Vec<Vec<String>> = (0..8)
        .map(|_| {
            let (_, found) = run(input.as_bytes(), Format::JsonLines, &options);
            found.iter().map(|d| d.message.clone()).collect()
        })
        .collect();
    assert!(runs[0].len() >= 3, "{:?}", runs[0]);
    assert!(runs.iter().all(|run| *run == runs[0]), "{runs:#?}");
}
