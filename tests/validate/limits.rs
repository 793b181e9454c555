//! Levels and caps: what is valid and reported, in bounded memory, every problem counted.

use super::{codes, run};
use anthropic_completions::validate::{Format, Options, Severity};

/// Levels decide validity: a denied warning makes its record invalid, an allowed error does
/// not count; a cap on diagnostics counts the rest.
#[test]
fn levels_and_the_cap_decide_what_is_reported_and_valid() {
    use anthropic_completions::validate::{Code, Level};
    let input = concat!(
        "{\"type\":\"completion\",\"id\":\"a\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-next\"}\n",
        "{\"type\":\"completion\",\"id\":7,\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-2.1\"}\n",
    );
    let with = |levels: &[(Code, Level)], max: Option<u64>| {
        let options = Options {
            levels: levels.iter().copied().collect(),
            max_diagnostics: max,
            ..Options::default()
        };
        run(input.as_bytes(), Format::JsonLines, &options)
    };
    let (summary, _) = with(&[], None);
    assert_eq!((summary.valid, summary.invalid), (1, 1));
    let (summary, found) = with(
        &[
            (Code::UnknownModel, Level::Deny),
            (Code::WrongType, Level::Allow),
        ],
        None,
    );
    assert_eq!((summary.valid, summary.invalid, summary.allowed), (1, 1, 1));
    let column = input.find("\"claude-next\"").unwrap() + 1;
    assert_eq!(codes(&found), [("unknown-model", 1, column, "/model")]);
    assert_eq!(found[0].severity, Severity::Error);
    let (summary, found) = with(&[(Code::WrongType, Level::Warn)], Some(1));
    assert_eq!(
        (summary.valid, summary.invalid, summary.unreported),
        (2, 0, 1)
    );
    assert_eq!(found.len(), 1);
}

/// A request whose `stop_sequences` holds the numbers 0 to `n - 1`: `n` wrong-type errors.
fn request_with_numbers(n: usize) -> String {
    let numbers: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    format!(
        "{{\"model\":\"claude-2.1\",\"prompt\":\"\\n\\nHuman: a\\n\\nAssistant:\",\"max_tokens_to_sample\":1,\"stop_sequences\":[{}]}}",
        numbers.join(",")
    )
}

/// One record with more problems than are placed one by one: the first 1,000 are, the rest
/// are one `more-problems` diagnostic with their count; source lines are windows, not copies
/// of a line of hundreds of kilobytes. The same for one event of a stream.
#[test]
fn a_record_with_a_hundred_thousand_problems_is_bounded() {
    let record = request_with_numbers(100_000);
    let options = Options {
        source_lines: true,
        ..Options::default()
    };
    let (summary, found) = run(record.as_bytes(), Format::Json, &options);
    assert_eq!(summary.invalid, 1);
    assert_eq!(found.len(), 1001);
    let more = found
        .iter()
        .find(|d| d.code == anthropic_completions::validate::Code::MoreProblems)
        .unwrap();
    assert_eq!(more.repeats, 99_000);
    assert!(
        found.iter().all(|d| d.source_line.len() <= 400),
        "windows, not lines"
    );
    let last = found
        .iter()
        .rfind(|d| d.pointer.as_str().starts_with("/stop_sequences/"))
        .unwrap();
    assert_eq!(last.pointer.as_str(), "/stop_sequences/999");
    assert_eq!(
        &last.source_line[last.source_column - 1..][..3],
        "999",
        "the caret's column is in the window"
    );
    let keys: String = (0..160_000).map(|k| format!(",\"k{k}\":1")).collect();
    let event = format!(
        "event: completion\ndata: {{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":\"max_tokens\",\"model\":\"claude-2.1\"{keys}}}\n\n"
    );
    let (summary, found) = run(event.as_bytes(), Format::EventStream, &options);
    assert_eq!(summary.valid, 1);
    assert!(found.len() <= 1002, "{}", found.len());
    assert!(found.iter().all(|d| d.source_line.len() <= 400));
}

/// From the second review: repeated keys take places too; levels apply before the cap; codes
/// that say a record is unread cannot be allowed.
#[test]
fn the_cap_counts_repeated_keys_and_follows_the_levels() {
    use anthropic_completions::validate::{Code, Level};
    let repeats: String = (0..5_000).map(|_| ",\"k\":1").collect();
    let record = format!(
        "{{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null,\"model\":\"claude-2.1\"{repeats}}}"
    );
    let options = Options {
        source_lines: true,
        ..Options::default()
    };
    let (summary, found) = run(record.as_bytes(), Format::JsonLines, &options);
    assert_eq!(summary.invalid, 1);
    assert!(found.len() <= 1001, "{}", found.len());
    let more = found.iter().find(|d| d.code == Code::MoreProblems).unwrap();
    assert_eq!(more.severity, Severity::Error);
    let stood_for: u64 = found
        .iter()
        .map(|d| d.repeats + u64::from(d.code != Code::MoreProblems))
        .sum();
    assert_eq!(
        stood_for,
        5_000 - 1 + 1,
        "each repeat and the undeclared key once"
    );
    // An unlisted model after a thousand undeclared keys, denied: the record is invalid.
    let keys: String = (0..1_000).map(|k| format!(",\"x{k}\":1")).collect();
    let late = format!(
        "{{\"type\":\"completion\",\"id\":\"c\",\"completion\":\"\",\"stop_reason\":null{keys},\"model\":\"claude-nope\"}}"
    );
    let deny = Options {
        levels: [(Code::UnknownModel, Level::Deny)].into_iter().collect(),
        ..Options::default()
    };
    let (summary, _) = run(late.as_bytes(), Format::Json, &deny);
    assert_eq!(summary.invalid, 1);
    // Allowed problems take no place and are counted.
    let allow = Options {
        levels: [(Code::UnknownField, Level::Allow)].into_iter().collect(),
        ..Options::default()
    };
    let (summary, found) = run(late.as_bytes(), Format::Json, &allow);
    assert_eq!((summary.allowed, found.len()), (1_000, 1));
    // Not JSON stays invalid whatever the levels say.
    let unread = Options {
        levels: [(Code::InvalidJson, Level::Allow)].into_iter().collect(),
        ..Options::default()
    };
    let (summary, _) = run(b"not json\n", Format::JsonLines, &unread);
    assert_eq!(summary.invalid, 1);
}

/// The walk itself keeps at most 10,000 problems one by one, and one of each kind past that
/// with its count: a record of any size costs bounded memory, and every problem is counted.
#[test]
fn the_walk_counts_what_it_does_not_keep() {
    let record = request_with_numbers(50_000);
    let all = Options {
        max_per_record: usize::MAX,
        ..Options::default()
    };
    let (summary, found) = run(record.as_bytes(), Format::Json, &all);
    assert_eq!(summary.invalid, 1);
    assert!(found.len() <= 10_002, "{}", found.len());
    let stood_for: u64 = found.iter().map(|d| 1 + d.repeats).sum::<u64>()
        - u64::from(
            found
                .iter()
                .any(|d| d.code == anthropic_completions::validate::Code::MoreProblems),
        );
    assert_eq!(stood_for, 50_000);
}
