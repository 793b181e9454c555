//! The event-stream reader follows the WHATWG rules: line ends, fields, bad lines located.

use anthropic_completions::stream::sse::SseReader;
use anthropic_completions::stream::{ErrorKind, fold};

use super::recorded;

/// (line ends, expected) for one document written with each terminator.
#[test]
fn lf_crlf_and_cr_line_ends_read_the_same() {
    let lines = [
        "event: completion",
        "data: a",
        "data: b",
        "",
        ": comment",
        "data: c",
        "",
    ];
    let read = |ending: &str| -> Vec<(Option<String>, String, usize)> {
        let input = lines.join(ending);
        SseReader::new(input.as_bytes())
            .map(|e| e.unwrap())
            .map(|e| (e.event, e.data, e.line))
            .collect()
    };
    let expected = vec![
        (Some("completion".to_owned()), "a\nb".to_owned(), 1),
        (None, "c".to_owned(), 6),
    ];
    for ending in ["\n", "\r\n", "\r"] {
        assert_eq!(read(ending), expected, "{ending:?}");
    }
    // A recorded CRLF stream read with LF ends instead gives the same events.
    let (_, crlf) = recorded()
        .into_iter()
        .find(|(n, _)| n == "openinference-1.sse")
        .unwrap();
    let lf = String::from_utf8(crlf.clone())
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(fold(crlf.as_slice()).unwrap(), fold(lf.as_bytes()).unwrap());
}

#[test]
fn whatwg_field_rules() {
    let input = "\u{FEFF}data:no space\ndata:  two spaces\nid: 7\nretry: 1500\nretry: soon\nfield without colon\nevent\n\n\
                 event: only-a-name\n\n\
                 data\n\n\
                 id: bad\0id\ndata: x\n\n";
    let events: Vec<_> = SseReader::new(input.as_bytes())
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(events.len(), 3, "{events:#?}");
    assert_eq!(events[0].data, "no space\n two spaces");
    assert_eq!(
        events[0].event.as_deref(),
        None,
        "`event` with no colon sets an empty type, which is the default (`message`)"
    );
    assert_eq!(
        (events[0].id.as_deref(), events[0].retry),
        (Some("7"), Some(1500))
    );
    // Columns count the input's bytes: line 1 starts after the 3-byte BOM.
    assert_eq!(events[0].data_starts, [(1, 9), (2, 7)]);
    // A block with only `event` is not dispatched; `data` with no colon is an empty data line.
    assert_eq!((events[1].data.as_str(), events[1].line), ("", 11));
    // An id with NUL is ignored: the last good id persists.
    assert_eq!(
        (events[2].data.as_str(), events[2].id.as_deref()),
        ("x", Some("7"))
    );
    assert!(events.iter().all(|e| e.terminated));
}

#[test]
fn a_missing_final_blank_line_still_yields_the_last_event() {
    let events: Vec<_> = SseReader::new("data: 1\n\ndata: 2".as_bytes())
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(events.len(), 2);
    assert!(events[0].terminated && !events[1].terminated);
    let (_, docs) = recorded()
        .into_iter()
        .find(|(n, _)| n == "docs-1.sse")
        .unwrap();
    let cut = String::from_utf8(docs).unwrap().trim_end().to_owned(); // as the docs show it
    assert_eq!(
        fold(cut.as_bytes()).unwrap().completion,
        " Hello! My name is Claude."
    );
}

#[test]
fn invalid_utf8_and_long_lines_are_located_and_reading_goes_on() {
    let input = b"data: ok\n\ndata: \xff\xfe\n\ndata: fine\n\n";
    let items: Vec<_> = SseReader::new(&input[..]).collect();
    assert_eq!(items.len(), 3);
    let error = items[1].as_ref().unwrap_err();
    assert_eq!(
        (error.position.line, error.position.column, &error.kind),
        (3, 7, &ErrorKind::InvalidUtf8)
    );
    assert_eq!(items[2].as_ref().unwrap().data, "fine");

    let long = format!("data: {}\n\ndata: after\n\n", "x".repeat(100));
    let items: Vec<_> = SseReader::new(long.as_bytes()).max_line(50).collect();
    assert_eq!(
        items[0].as_ref().unwrap_err().kind,
        ErrorKind::LineTooLong { limit: 50 }
    );
    assert_eq!(items[1].as_ref().unwrap().data, "after");
}

#[test]
fn a_long_id_is_shared_not_copied_per_event() {
    let id = "i".repeat(100_000);
    let mut body = format!("id: {id}\n");
    for _ in 0..50 {
        body.push_str("data: {}\n\n");
    }
    let events: Vec<_> = SseReader::new(body.as_bytes())
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(events.len(), 50);
    let first = events[0].id.clone().unwrap();
    assert!(
        events
            .iter()
            .all(|e| std::sync::Arc::ptr_eq(e.id.as_ref().unwrap(), &first))
    );
}

#[test]
fn an_event_with_a_line_that_cannot_be_read_is_not_sent_without_it() {
    let body = format!("data: a\n{}\ndata: b\n\ndata: c\n\n", "x".repeat(200));
    let items: Vec<_> = SseReader::new(body.as_bytes()).max_line(100).collect();
    assert!(matches!(&items[0], Err(e) if matches!(e.kind, ErrorKind::LineTooLong { .. })));
    // The broken event is not dispatched with "a\nb"; the next one is.
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[1].as_ref().unwrap().data, "c");
    let utf8 = b"data: a\ndata: \xff\n\ndata: c\n\n";
    let items: Vec<_> = SseReader::new(&utf8[..]).collect();
    assert!(matches!(&items[0], Err(e) if e.kind == ErrorKind::InvalidUtf8));
    assert_eq!(items.len(), 2, "{items:?}");
}
