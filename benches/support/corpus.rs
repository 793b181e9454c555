//! A realistic corpus of recorded traffic, made on the fly from a seed (nothing is committed):
//! completions of mixed models (current, retired, unknown ids), stop reasons (a few unknown),
//! texts from 10 B to 10 KB with non-ASCII text and `\u` escapes, and event streams.

// Shared by benches and an example, each using part of it.
#![allow(dead_code)]

use std::io::{self, Write};

/// A small, fast, seeded generator (xorshift64*): the same seed makes the same corpus.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const CURRENT: &[&str] = &[
    "claude-opus-4-6",
    "claude-haiku-4-5",
    "claude-sonnet-4-5-20250929",
    "claude-opus-4-5",
];
const RETIRED: &[&str] = &["claude-2.1", "claude-2.0", "claude-instant-1.2"];
const UNKNOWN: &[&str] = &["claude-opus-9", "claude-next-preview"];
const WORDS: &[&str] = &[
    "the",
    "court",
    "case",
    "reaches",
    "Supreme",
    "appeal",
    "jurisdiction",
    "petition",
    "a",
    "of",
    "to",
    "and",
    "in",
    "haiku",
    "love",
    "café",
    "naïve",
    "日本語",
    "🙂",
    "résumé",
    "quote\"d",
    "line\nbreak",
    "tab\there",
];

/// A text of 10 B to 10 KB (log-uniform), with non-ASCII words.
fn text(rng: &mut Rng) -> String {
    let target = 10usize << rng.below(11); // 10 B .. 10 KiB
    text_of(rng, target)
}

/// A model id: 40 % current, 45 % retired (as this endpoint's real traffic is), 15 % unknown.
fn model(rng: &mut Rng) -> &'static str {
    match rng.below(20) {
        0..8 => rng.pick(CURRENT),
        8..17 => rng.pick(RETIRED),
        _ => rng.pick(UNKNOWN),
    }
}

/// JSON text of a string, with some non-ASCII characters written as `\u` escapes.
fn json_string(text: &str, rng: &mut Rng) -> String {
    let json = serde_json::to_string(text).unwrap_or_default();
    if rng.below(3) == 0 {
        json.replace('é', "\\u00e9").replace('ï', "\\u00ef")
    } else {
        json
    }
}

/// A text length drawn from a log-normal distribution (median 300 B, σ = 1.2), kept within
/// 10 B to 20 KB: the shape of real completions, mostly short with a long tail.
fn log_normal_length(rng: &mut Rng) -> usize {
    // Box-Muller: two uniforms in (0, 1] make one standard normal.
    let uniform = |rng: &mut Rng| (rng.next() >> 11) as f64 / (1u64 << 53) as f64 + f64::EPSILON;
    let (u, v) = (uniform(rng), uniform(rng));
    let normal = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
    (300.0 * (1.2 * normal).exp()).clamp(10.0, 20_000.0) as usize
}

/// A text of about `target` bytes, with non-ASCII words, quotes, line breaks and tabs.
fn text_of(rng: &mut Rng, target: usize) -> String {
    let mut text = String::with_capacity(target + 16);
    while text.len() < target {
        text.push(' ');
        text.push_str(rng.pick(WORDS));
    }
    text
}

/// Ids of the text-completions era, which this endpoint served (all retired by now), and ids
/// of that era the schema does not list.
const SERVED: &[&str] = &["claude-2.1", "claude-2.0", "claude-instant-1.2", "claude-2"];
const RETIRED_UNLISTED: &[&str] = &["claude-v1.3", "claude-instant-v1.1"];

/// One record of the realistic archive (issue 14): a completion with a log-normal text, raw
/// UTF-8 or `\u` escapes; 40 % of the models current ids, 45 % ids of the text-completions
/// era, 15 % unlisted; 2 % unlisted stop reasons; 5 % of the records with one schema error.
pub fn realistic_completion(rng: &mut Rng, id: u64) -> String {
    let reason = match rng.below(100) {
        0..70 => "\"stop_sequence\"",
        70..98 => "\"max_tokens\"",
        _ => "\"refusal\"",
    };
    let stop = stop_of(reason);
    let model = match rng.below(20) {
        0..8 => rng.pick(CURRENT),
        8..17 => rng.pick(SERVED),
        _ => {
            let unlisted = if rng.below(2) == 0 {
                UNKNOWN
            } else {
                RETIRED_UNLISTED
            };
            rng.pick(unlisted)
        }
    };
    let length = log_normal_length(rng);
    let text = json_string(&text_of(rng, length), rng);
    let record = format!(
        "{{\"type\":\"completion\",\"id\":\"compl_{id:016x}\",\"completion\":{text},\"stop_reason\":{reason},\"model\":\"{model}\",\"stop\":{stop},\"log_id\":\"compl_{id:016x}\"}}"
    );
    if rng.below(20) != 0 {
        return record;
    }
    // One schema error, of the kinds recorded traffic shows.
    match rng.below(4) {
        0 => record.replacen("\"stop_reason\":", "\"stop_reason\":5,\"was\":", 1),
        1 => record.replacen(&format!("\"id\":\"compl_{id:016x}\","), "", 1),
        2 => record.replacen("\"type\":\"completion\"", "\"type\":\"completions\"", 1),
        _ => record
            .replacen("\"completion\":\"", "\"completion\":[\"", 1)
            .replacen(",\"stop_reason\"", "],\"stop_reason\"", 1),
    }
}

/// Writes `bytes` (at least) of the realistic archive as JSON Lines, from `seed`.
pub fn write_realistic_jsonl(out: &mut impl Write, bytes: u64, seed: u64) -> io::Result<()> {
    write_lines(out, bytes, seed, realistic_completion)
}

/// Writes `bytes` (at least) of JSON Lines, each line a `record` made from the seeded
/// generator and the line's number.
fn write_lines(
    out: &mut impl Write,
    bytes: u64,
    seed: u64,
    record: fn(&mut Rng, u64) -> String,
) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let mut written = 0u64;
    let mut id = 0;
    while written < bytes {
        let line = record(&mut rng, id);
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        written += line.len() as u64 + 1;
        id += 1;
    }
    Ok(())
}

/// The `stop` of a completion that ended for `reason` (JSON): the stop sequence that matched,
/// or `null`.
fn stop_of(reason: &str) -> &'static str {
    if reason == "\"stop_sequence\"" {
        "\"\\n\\nHuman:\""
    } else {
        "null"
    }
}

/// One completion body, as the API sends it (key order and all).
pub fn completion(rng: &mut Rng, id: u64) -> String {
    let reason = match rng.below(20) {
        0..14 => "\"stop_sequence\"",
        14..19 => "\"max_tokens\"",
        _ => "\"refusal\"",
    };
    let stop = stop_of(reason);
    let text = text(rng);
    format!(
        "{{\"type\":\"completion\",\"id\":\"compl_{id:016x}\",\"completion\":{},\"stop_reason\":{reason},\"model\":\"{}\",\"stop\":{stop},\"log_id\":\"compl_{id:016x}\"}}",
        json_string(&text, rng),
        model(rng),
    )
}

/// Writes `bytes` (at least) of JSON Lines completions.
pub fn write_jsonl(out: &mut impl Write, bytes: u64, seed: u64) -> io::Result<()> {
    write_lines(out, bytes, seed, completion)
}

/// One streamed response (as the API sends it: CRLF, a ping, increments, a final event), and
/// the JSON Lines of its events' data.
pub fn stream(rng: &mut Rng, id: u64) -> (String, String) {
    let model = model(rng);
    let text = text(rng);
    let words: Vec<&str> = text.split_inclusive(' ').collect();
    let mut sse = String::new();
    let mut jsonl = String::new();
    let mut event = |name: &str, data: String| {
        sse.push_str(&format!("event: {name}\r\ndata: {data}\r\n\r\n"));
        jsonl.push_str(&data);
        jsonl.push('\n');
    };
    for (index, chunk) in words.chunks(3).enumerate() {
        if index == 1 {
            event("ping", "{\"type\": \"ping\"}".to_owned());
        }
        let delta = json_string(&chunk.concat(), rng);
        event(
            "completion",
            format!(
                "{{\"type\":\"completion\",\"id\":\"compl_{id:016x}\",\"completion\":{delta},\"stop_reason\":null,\"model\":\"{model}\",\"stop\":null,\"log_id\":\"compl_{id:016x}\"}}"
            ),
        );
    }
    event(
        "completion",
        format!(
            "{{\"type\":\"completion\",\"id\":\"compl_{id:016x}\",\"completion\":\"\",\"stop_reason\":\"stop_sequence\",\"model\":\"{model}\",\"stop\":\"\\n\\nHuman:\",\"log_id\":\"compl_{id:016x}\"}}"
        ),
    );
    (sse, jsonl)
}

/// One recorded call: the request, the status and the response body. Models this endpoint
/// never served (today's ids) are answered 400 as the API did; 2 % of the completions carry a
/// schema error (a numeric `stop_reason`).
pub fn interaction(rng: &mut Rng, id: u64) -> (String, u16, String) {
    let response = completion(rng, id);
    let model = response
        .split("\"model\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let prompt = json_string(&format!("\n\nHuman:{}\n\nAssistant:", text(rng)), rng);
    let request = format!(
        "{{\"model\":\"{model}\",\"prompt\":{prompt},\"max_tokens_to_sample\":256,\"stop_sequences\":[\"\\n\\nHuman:\"]}}"
    );
    if CURRENT.contains(&model.as_str()) {
        let error = format!(
            "{{\"type\":\"error\",\"error\":{{\"type\":\"invalid_request_error\",\"message\":\"\\\"{model}\\\" is not supported on this API. Please use the Messages API instead.\"}}}}"
        );
        return (request, 400, error);
    }
    let response = if rng.below(50) == 0 {
        response.replace("\"stop_reason\":\"", "\"stop_reason\":5,\"x\":\"")
    } else {
        response
    };
    (request, 200, response)
}

/// Writes a vcrpy cassette of `count` interactions, each response gzip-compressed in a
/// `!!binary` body as vcrpy stores it, recorded on 2024-03-05; and, to `jsonl`, the same
/// request and response bodies as JSON Lines (two lines per interaction).
pub fn write_cassette(
    out: &mut impl Write,
    jsonl: &mut impl Write,
    count: u64,
    seed: u64,
) -> io::Result<()> {
    use base64::Engine as _;
    let mut rng = Rng::new(seed);
    writeln!(out, "interactions:")?;
    for id in 0..count {
        let (request, status, response) = interaction(&mut rng, id);
        writeln!(jsonl, "{request}\n{response}")?;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(response.as_bytes())?;
        let encoded = base64::engine::general_purpose::STANDARD.encode(gzip.finish()?);
        let mut binary = String::new();
        for chunk in encoded.as_bytes().chunks(76) {
            binary.push_str("        ");
            binary.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            binary.push('\n');
        }
        let message = if status == 200 { "OK" } else { "Bad Request" };
        write!(
            out,
            "- request:\n    body: '{}'\n    headers:\n      anthropic-version:\n      - '2023-06-01'\n      content-type:\n      - application/json\n    method: POST\n    uri: https://api.anthropic.com/v1/complete\n  response:\n    body:\n      string: !!binary |\n{binary}    headers:\n      Content-Encoding:\n      - gzip\n      Content-Type:\n      - application/json\n      Date:\n      - Tue, 05 Mar 2024 21:46:12 GMT\n      request-id:\n      - req_{id:016x}\n    status:\n      code: {status}\n      message: {message}\n",
            request.replace('\'', "''"),
        )?;
    }
    writeln!(out, "version: 1")
}
