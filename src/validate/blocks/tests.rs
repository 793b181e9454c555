//! The budgets that keep the blocks in flight bounded.

use super::*;

/// A block of `records` requests with `problems` wrong stop sequences each.
fn block_of(records: usize, problems: usize) -> Block {
    let wrong: Vec<String> = (0..problems).map(|i| i.to_string()).collect();
    let line = format!(
        "{{\"model\":\"claude-2.1\",\"prompt\":\"\\n\\nHuman: a\\n\\nAssistant:\",\"max_tokens_to_sample\":5,\"stop_sequences\":[{}]}}",
        wrong.join(",")
    );
    let mut block = Block {
        bytes: Vec::new(),
        items: Vec::new(),
        size: BLOCK_BYTES,
    };
    for number in 1..=records {
        let at = block.bytes.len();
        block.bytes.extend_from_slice(line.as_bytes());
        block.items.push(Item::Record {
            number,
            start: at,
            text: at..block.bytes.len(),
        });
    }
    block
}

fn problems(checked: &[Checked]) -> usize {
    checked
        .iter()
        .map(|c| match c {
            Checked::Quick(found) => found.len(),
            Checked::Placed(found) => found.len(),
        })
        .sum()
}

#[test]
fn a_worker_keeps_no_more_problems_than_its_budget() {
    let block = block_of(50, 30);
    let options = Options::default();
    let all = check_block(&block, &options, usize::MAX);
    assert_eq!((all.len(), problems(&all)), (50, 1500));
    let some = check_block(&block, &options, 100);
    assert_eq!((some.len(), problems(&some)), (3, 90));
    // A record alone over the budget is left to the reporting side.
    assert!(check_block(&block, &options, 10).is_empty());
}

#[test]
fn more_threads_share_the_same_memory_budget() {
    for jobs in 1..=MAX_JOBS {
        assert!(problems_per_block(2 * jobs) * 2 * jobs <= PROBLEMS_IN_FLIGHT);
        assert!(block_bytes(jobs) * 2 * jobs <= IN_FLIGHT_BYTES);
        assert!(block_bytes(jobs) >= 32 * 1024);
    }
    assert_eq!(block_bytes(1), BLOCK_BYTES);
    assert_eq!(block_bytes(2), BLOCK_BYTES);
}
