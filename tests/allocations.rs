//! A listed model id or stop reason deserializes without allocating: the typed unions cost no
//! more than a `String` field, and less for the ids the schema lists.

use anthropic_completions::{Model, StopReason};

fn allocations(f: impl FnOnce()) -> u64 {
    allocation_counter::measure(f).count_total
}

#[test]
fn a_known_id_does_not_allocate_and_an_unknown_one_allocates_once() {
    let known = allocations(|| {
        let model: Model = serde_json::from_str("\"claude-opus-4-6\"").unwrap();
        assert_eq!(model, Model::ClaudeOpus4_6);
    });
    assert_eq!(known, 0);
    let reason = allocations(|| {
        let reason: StopReason = serde_json::from_str("\"max_tokens\"").unwrap();
        assert_eq!(reason, StopReason::MaxTokens);
    });
    assert_eq!(reason, 0);

    // (A value with escapes makes serde_json unescape it into its own scratch buffer, which it
    // allocates once per document and reuses; the union itself still allocates nothing.)
    let unknown = allocations(|| {
        let model: Model = serde_json::from_str("\"claude-9\"").unwrap();
        assert!(!model.is_known());
    });
    assert_eq!(unknown, 1);
}

#[test]
fn a_plain_string_allocates_for_comparison() {
    let string = allocations(|| {
        let id: String = serde_json::from_str("\"claude-opus-4-6\"").unwrap();
        assert_eq!(id.len(), 15);
    });
    assert_eq!(string, 1);
}
