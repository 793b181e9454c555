//! JSON Lines in blocks: lines read on this thread, records checked on worker threads
//! ([`Options::jobs`]), then placed and reported here in input order, so that the output is
//! the same whatever the number of threads. Memory stays bounded: at most two blocks a
//! worker are in flight, each of about [`block_bytes`], and no more than [`IN_FLIGHT_BYTES`]
//! in all, unless one record alone is longer (then it goes alone); the blocks in flight keep
//! at most [`PROBLEMS_IN_FLIGHT`] problems between them, and the reporting side checks the
//! rest.

use std::io::BufRead;
use std::ops::Range;
use std::sync::{Mutex, mpsc};

use super::documents::{after_bom, bom_dropped, input_problem, report_all};
use super::record::{Checked, check_unplaced, place_quick};
use super::{Code, Diagnostic, Options, Report, Severity};
use crate::Position;
use crate::lines::{LineError, LineReader};

/// A block is sent off once it holds this many bytes of records at most ...
const BLOCK_BYTES: usize = 256 * 1024;
/// ... or this many lines.
const BLOCK_LINES: usize = 4096;
/// The most worker threads: more cannot help a reader this fast, and with 32 the smallest
/// shares (256 problems, 32 KiB) still fit the budgets.
const MAX_JOBS: usize = 32;
/// The bytes of records in flight at most, unless one record alone is longer (two blocks
/// of 256 KiB keep two cores busy; more threads get smaller blocks).
const IN_FLIGHT_BYTES: usize = 2 * 1024 * 1024;

/// The size of a block when `jobs` threads check them: two a worker fit in
/// [`IN_FLIGHT_BYTES`], between 32 KiB and [`BLOCK_BYTES`].
fn block_bytes(jobs: usize) -> usize {
    (IN_FLIGHT_BYTES / (2 * jobs.max(1))).clamp(32 * 1024, BLOCK_BYTES)
}

/// One line of the input, in order.
enum Item {
    /// A record to check: its line number, byte offset, and bytes in the block (checked to
    /// be UTF-8 by the worker, which is much of what reading costs).
    Record {
        number: usize,
        start: usize,
        text: Range<usize>,
    },
    /// What reading the line found (too long, unreadable): its diagnostic; the line counts
    /// as an invalid record.
    Read(Diagnostic),
}

struct Block {
    bytes: Vec<u8>,
    items: Vec<Item>,
    /// The bytes at which it is full.
    size: usize,
}

impl Block {
    fn full(&self) -> bool {
        self.bytes.len() >= self.size || self.items.len() >= BLOCK_LINES
    }
}

/// The problems the blocks in flight keep at most, between them (each about 400 bytes, so
/// some 6.5 MB): a block's records are checked until their problems reach its share, and the
/// reporting side checks the rest itself, one at a time, so that memory follows the input,
/// not its problems, whatever the number of threads. At two threads a block's share (4,096)
/// holds a full block of records with two warnings each, which most archives have fewer of.
const PROBLEMS_IN_FLIGHT: usize = 8 * 1024;

/// A block's share of [`PROBLEMS_IN_FLIGHT`] when up to `blocks` are in flight.
fn problems_per_block(blocks: usize) -> usize {
    (PROBLEMS_IN_FLIGHT / blocks.max(1)).max(64)
}

/// Checks the records of a block in order (what a worker does), up to `budget` problems:
/// the results may be fewer than the records.
fn check_block(block: &Block, options: &Options, budget: usize) -> Vec<Checked> {
    let mut checked = Vec::new();
    let mut problems = 0;
    for item in &block.items {
        if let Item::Record {
            number,
            start,
            text,
        } = item
        {
            let result = check_bytes(&block.bytes[text.clone()], *number, *start, options);
            problems += match &result {
                Checked::Quick(found) => found.len(),
                Checked::Placed(found) => found.len(),
            };
            // Over the budget: dropped, and checked again on the reporting side (a record
            // with that many problems costs more to report than to check twice).
            if problems > budget {
                break;
            }
            checked.push(result);
        }
    }
    checked
}

/// One record's bytes checked: UTF-8 first, then the record.
fn check_bytes(bytes: &[u8], number: usize, start: usize, options: &Options) -> Checked {
    match std::str::from_utf8(bytes) {
        Ok(text) => check_unplaced(text, number, Some(start), options.kind, options),
        Err(error) => {
            // Moved right past a dropped BOM on line 1, as every diagnostic there is.
            let position = Position {
                line: number,
                column: error.valid_up_to() + 1,
                offset: Some(start + error.valid_up_to()),
            };
            let message = "invalid UTF-8".to_owned();
            let problem = input_problem(Severity::Error, Code::InvalidUtf8, message, position);
            Checked::Placed(vec![problem])
        }
    }
}

/// What the reporting side keeps between blocks.
struct Emitter<'r> {
    report: &'r mut dyn Report,
    record: &'r mut dyn FnMut(bool),
    bom: bool,
    any: bool,
}

impl Emitter<'_> {
    /// Places and reports a checked block, in input order.
    fn emit(&mut self, block: Block, checked: Vec<Checked>, options: &Options) {
        let mut checked = checked.into_iter();
        for item in block.items {
            self.any = true;
            match item {
                Item::Record {
                    number,
                    start,
                    text,
                } => {
                    // Past the worker's budget of problems, checked here.
                    let bytes = &block.bytes[text.clone()];
                    let result = checked
                        .next()
                        .unwrap_or_else(|| check_bytes(bytes, number, start, options));
                    let found = match result {
                        Checked::Placed(found) => found,
                        Checked::Quick(mut found) => {
                            self.report.drop_said(&mut found);
                            if found.is_empty() {
                                Vec::new()
                            } else {
                                // The worker checked that the record is UTF-8.
                                let text = std::str::from_utf8(bytes).unwrap_or_default();
                                place_quick(found, text, number, Some(start), options)
                            }
                        }
                    };
                    let found = if number == 1 && self.bom {
                        after_bom(found)
                    } else {
                        found
                    };
                    let valid = report_all(found, self.report);
                    (self.record)(valid);
                }
                Item::Read(diagnostic) => {
                    self.report.report(diagnostic);
                    (self.record)(false);
                }
            }
        }
    }
}

pub(super) fn json_lines<R: BufRead>(
    input: R,
    options: &Options,
    report: &mut dyn Report,
    record: &mut dyn FnMut(bool),
) {
    let mut lines = LineReader::new(input, options.max_record, false);
    // An unreadable start shows again, located, at the first line read.
    let bom = lines.skip_bom().unwrap_or(false);
    if bom {
        report.report(bom_dropped());
    }
    let mut emitter = Emitter {
        report,
        record,
        bom,
        any: false,
    };
    let mut ended = false;
    let jobs = options.jobs.clamp(1, MAX_JOBS);
    let size = block_bytes(jobs);
    let mut next_block = || read_block(&mut lines, &mut ended, options, size);
    if jobs == 1 {
        while let Some(block) = next_block() {
            let checked = check_block(&block, options, problems_per_block(1));
            emitter.emit(block, checked, options);
        }
    } else {
        in_parallel(jobs, options, &mut next_block, &mut emitter);
    }
    if !emitter.any {
        let message = "the input holds no record".to_owned();
        emitter.report.report(input_problem(
            Severity::Error,
            Code::EmptyInput,
            message,
            Position::START,
        ));
        (emitter.record)(false);
    }
}

/// What a worker sends back: the block with its results, or the panic that stopped it.
type Done = Result<(usize, Block, Vec<Checked>), Box<dyn std::any::Any + Send>>;

/// Blocks checked by up to `jobs` workers (started as blocks come, so that a short input
/// starts one), emitted in order as they come back. A worker's panic is the caller's.
fn in_parallel(
    jobs: usize,
    options: &Options,
    next_block: &mut dyn FnMut() -> Option<Block>,
    emitter: &mut Emitter<'_>,
) {
    let (work, queue) = mpsc::sync_channel::<(usize, Block)>(jobs);
    // Two blocks a worker are in flight at most.
    let budget = problems_per_block(2 * jobs);
    let (done, results) = mpsc::channel::<Done>();
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        let mut workers = 0;
        let mut waiting = std::collections::BTreeMap::new();
        let (mut sent, mut emitted) = (0usize, 0usize);
        let mut in_flight = 0usize;
        let mut reading = true;
        while reading || emitted < sent {
            // Two blocks a worker in flight at most, and (but for one long record) no more
            // than IN_FLIGHT_BYTES of them: then the next result is waited for.
            let room = sent == emitted
                || (sent - emitted < 2 * workers.max(1) && in_flight < IN_FLIGHT_BYTES);
            if reading && room {
                let Some(block) = next_block() else {
                    reading = false;
                    continue;
                };
                if workers < jobs && sent - emitted >= workers {
                    let (queue, done) = (&queue, done.clone());
                    let started = std::thread::Builder::new()
                        .spawn_scoped(scope, move || work_on(queue, &done, options, budget));
                    workers += usize::from(started.is_ok());
                }
                if workers == 0 {
                    // No thread could be started: checked here.
                    let checked = check_block(&block, options, problems_per_block(1));
                    emitter.emit(block, checked, options);
                    continue;
                }
                in_flight += block.bytes.capacity();
                if work.send((sent, block)).is_err() {
                    return;
                }
                sent += 1;
                continue;
            }
            let (index, block, checked) = match results.recv() {
                Ok(Ok(result)) => result,
                Ok(Err(panic)) => {
                    drop(work);
                    std::panic::resume_unwind(panic)
                }
                Err(_) => return,
            };
            in_flight -= block.bytes.capacity();
            waiting.insert(index, (block, checked));
            while let Some((block, checked)) = waiting.remove(&emitted) {
                emitter.emit(block, checked, options);
                emitted += 1;
            }
        }
        drop(work);
    });
}

/// A worker: takes blocks until there are none, sends each back checked (or its panic).
fn work_on(
    queue: &Mutex<mpsc::Receiver<(usize, Block)>>,
    done: &mpsc::Sender<Done>,
    options: &Options,
    budget: usize,
) {
    loop {
        // The lock is held only to take the next block.
        let next = queue.lock().ok().and_then(|queue| queue.recv().ok());
        let Some((index, block)) = next else { return };
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check_block(&block, options, budget)
        }));
        let failed = checked.is_err();
        if done
            .send(checked.map(|checked| (index, block, checked)))
            .is_err()
            || failed
        {
            return;
        }
    }
}

/// The next block of lines, full at `size` bytes; `None` at the end of the input (an unreadable input ends it,
/// with its diagnostic in the last block).
fn read_block<R: BufRead>(
    lines: &mut LineReader<R>,
    ended: &mut bool,
    options: &Options,
    size: usize,
) -> Option<Block> {
    // Room for a full block and its last line, most often: a block grown by doubling would
    // hold up to twice the bytes it carries.
    let mut block = Block {
        bytes: Vec::with_capacity(size + size / 4),
        items: Vec::new(),
        size,
    };
    while !block.full() && !*ended {
        // Read straight into the block: a line is copied once, and a long one held once.
        let Some(line) = lines.next_line_into(&mut block.bytes) else {
            break;
        };
        let item = match line {
            // A blank line (JSON's whitespace only) is no record.
            Ok((_, _, text))
                if block.bytes[text.clone()]
                    .iter()
                    .all(|b| b" \t\n\r".contains(b)) =>
            {
                block.bytes.truncate(text.start);
                continue;
            }
            Ok((number, line_start, text)) => Item::Record {
                number,
                start: line_start,
                text,
            },
            Err(LineError::TooLong) => {
                let message = format!(
                    "a record longer than {} bytes (skipped)",
                    options.max_record
                );
                let position = Position {
                    line: lines.number(),
                    column: 1,
                    offset: Some(lines.line_start()),
                };
                let problem =
                    input_problem(Severity::Error, Code::RecordTooLarge, message, position);
                Item::Read(problem)
            }
            Err(LineError::Io(error)) => {
                let message = format!("cannot read the input: {error}");
                let position = Position {
                    line: lines.number() + 1,
                    column: 1,
                    offset: Some(lines.consumed()),
                };
                let problem = input_problem(Severity::Error, Code::IoError, message, position);
                block.items.push(Item::Read(problem));
                *ended = true;
                break;
            }
        };
        block.items.push(item);
    }
    (!block.items.is_empty()).then_some(block)
}

#[cfg(test)]
mod tests;
