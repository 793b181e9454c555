//! The model catalogue: the four questions of `models.md` answered for every listed id, from
//! the schema's own annotations (not a second list here), and the schema held to the facts.

use anthropic_completions::{Date, Dated, Model, Status};
use serde_json::Value;
use strum::{EnumCount, IntoEnumIterator, VariantNames};

const FACTS: &str = include_str!("data/api/models.md");
const REFERENCE: &str = include_str!("data/api/reference-page-2026-02-07.txt");

/// The `const` members of the schema's `Model`, in order.
fn schema_members() -> Vec<serde_json::Map<String, Value>> {
    let schema: Value =
        serde_json::from_str(include_str!("../schema/completions.schema.json")).unwrap();
    schema["$defs"]["Model"]["anyOf"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m.get("const").is_some())
        .map(|m| m.as_object().unwrap().clone())
        .collect()
}

fn day(text: &str) -> Date {
    text.parse().unwrap()
}

fn date_of(member: &serde_json::Map<String, Value>, key: &str) -> Option<Date> {
    member.get(key).map(|v| day(v.as_str().unwrap()))
}

/// `x-alias-of` as the schema writes it: one listed id, or spans.
fn spans_of(member: &serde_json::Map<String, Value>) -> Vec<Dated<Model>> {
    match member.get("x-alias-of") {
        None => Vec::new(),
        Some(Value::String(id)) => vec![Dated {
            value: Model::from(id.as_str()),
            from: None,
            through: None,
        }],
        Some(Value::Array(spans)) => spans
            .iter()
            .map(|span| Dated {
                value: Model::from(span["value"].as_str().unwrap()),
                from: span.get("from").map(|d| day(d.as_str().unwrap())),
                through: span.get("through").map(|d| day(d.as_str().unwrap())),
            })
            .collect(),
        Some(other) => panic!("x-alias-of: {other}"),
    }
}

/// Days around every date the schema names, and a few far ones.
fn probe_days() -> Vec<Date> {
    let mut days = vec![day("2023-01-01"), day("2026-12-01"), day("2030-01-01")];
    let text = include_str!("../schema/completions.schema.json");
    for (at, _) in text.match_indices("\"20") {
        if let Ok(date) = text[at + 1..at + 11].parse::<Date>() {
            let (y, m, d) = (date.year(), date.month(), date.day());
            days.push(date);
            days.extend(Date::from_ymd(y, m, d - 1).or(Date::from_ymd(y, m - 1, 28)));
            days.extend(
                Date::from_ymd(y, m, d + 1)
                    .or(Date::from_ymd(y, m + 1, 1))
                    .or(Date::from_ymd(y + 1, 1, 1)),
            );
        }
    }
    days
}

#[test]
fn every_id_answers_the_four_questions_as_the_schema_says() {
    let members = schema_members();
    assert_eq!(members.len(), Model::COUNT);
    let flag = |member: &serde_json::Map<String, Value>, key: &str| {
        member.get(key).and_then(Value::as_bool).unwrap_or(false)
    };
    for (member, model) in members.iter().zip(Model::iter()) {
        assert_eq!(member["const"], model.as_str());
        assert_eq!(
            model.in_reference_list(),
            flag(member, "x-in-reference-list"),
            "{model}"
        );
        assert_eq!(
            model.text_completions(),
            flag(member, "x-text-completions"),
            "{model}"
        );
        assert_eq!(model.alias_of(), spans_of(member).as_slice(), "{model}");
        let deprecated = date_of(member, "x-deprecated-on");
        let retired = date_of(member, "x-retired-on");
        let retired_by = date_of(member, "x-retired-by");
        let not_before = date_of(member, "x-not-before");
        assert_eq!(model.not_before(), not_before, "{model}");
        assert_eq!(model.deprecated_on(), deprecated, "{model}");
        assert_eq!(model.retired_on(), retired, "{model}");
        assert_eq!(model.retired_by(), retired_by, "{model}");
        for probe in probe_days() {
            // The status rule, stated once more from the schema's dates.
            let expected = if flag(member, "x-unpublished-lifecycle") {
                None
            } else if retired.or(retired_by).is_some_and(|r| probe >= r) {
                Some(Status::Retired)
            } else if not_before.is_some_and(|first| probe < first) {
                Some(Status::Unreleased)
            } else if retired_by.is_some() && retired.is_none() {
                None
            } else if deprecated.is_some_and(|d| probe >= d) {
                Some(Status::Deprecated)
            } else {
                Some(Status::Active)
            };
            assert_eq!(model.status_on(probe), expected, "{model} on {probe}");
            let alive = !matches!(expected, Some(Status::Retired | Status::Unreleased));
            let targets: Vec<Model> = spans_of(member)
                .into_iter()
                .filter(|_| alive)
                .filter(|span| {
                    span.from.is_none_or(|f| f <= probe) && span.through.is_none_or(|t| probe <= t)
                })
                .map(|span| span.value)
                .collect();
            assert_eq!(model.alias_on(probe), targets, "{model} on {probe}");
        }
    }
    // An id the list does not hold: unknown, never served as far as anyone can say here.
    let other = Model::from("claude-next-1");
    assert_eq!(other.status_on(day("2024-01-01")), None);
    assert!(!other.in_reference_list() && !other.text_completions());
    assert!(other.alias_of().is_empty());
}

/// The verbatim table of `models.md`: `(id, description)` in the reference's order.
fn verbatim_table() -> Vec<(String, String)> {
    let start = FACTS
        .find("## The API reference's own description of each id (verbatim)")
        .unwrap();
    let section = &FACTS[start..];
    let section = &section[..section[3..].find("\n## ").unwrap()];
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            cells.get(1)?.parse::<usize>().ok()?;
            Some((cells[2].trim_matches('`').to_owned(), cells[3].to_owned()))
        })
        .collect()
}

#[test]
fn the_reference_list_comes_first_in_its_order_with_its_words() {
    let table = verbatim_table();
    assert_eq!(table.len(), 21);
    let ours: Vec<(String, String)> = Model::iter()
        .filter(Model::in_reference_list)
        .map(|m| (m.to_string(), m.description().unwrap().to_owned()))
        .collect();
    assert_eq!(ours, table);
    let names: Vec<&str> = table.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(&<Model as VariantNames>::VARIANTS[..21], names.as_slice());
    // The page itself: each id in quotes, its description on the next text line.
    for (id, description) in &table {
        let quoted = format!("\"{id}\"\n\n{description}\n");
        assert!(
            REFERENCE.contains(&quoted),
            "{id}: not on the reference page"
        );
    }
    // The reference describes no other id: the text-era ids carry none.
    for model in Model::iter().filter(|m| !m.in_reference_list()) {
        assert_eq!(model.description(), None, "{model}");
    }
}

#[test]
fn no_listed_id_was_served_and_every_text_era_id_was() {
    for model in Model::iter() {
        assert!(
            model.in_reference_list() != model.text_completions(),
            "{model}: the reference lists only Messages API models, and only the text era served /v1/complete"
        );
    }
    // Every id `models.md` names for the text era is listed, served, and retired today.
    let era_start = FACTS.find("## Text-completions-era models").unwrap();
    let era_end = FACTS
        .find("## The API reference's own description")
        .unwrap();
    let more_start = FACTS.find("## More text-era ids").unwrap();
    let more_end = FACTS.find("## The SDKs dropped the endpoint").unwrap();
    let mut named = 0;
    for text in [&FACTS[era_start..era_end], &FACTS[more_start..more_end]] {
        for id in text.split('`').skip(1).step_by(2) {
            // Ranges ("claude-1.0–claude-1.3") and non-ids are skipped; "-100k" variants kept.
            if !id.starts_with("claude-") || id.contains('–') || id.contains(' ') {
                continue;
            }
            if id.contains("-3") || id.contains("-4") {
                continue; // a Claude 3 id mentioned in passing
            }
            let model = Model::from(id);
            assert!(
                model.is_known(),
                "{id}: a text-era id the schema does not list"
            );
            assert!(model.text_completions(), "{id}");
            assert_eq!(
                model.status_on(day("2026-12-01")),
                Some(Status::Retired),
                "{id}"
            );
            named += 1;
        }
    }
    assert!(named >= 15, "{named}");
}

/// The rows of the lifecycle table of `models.md` (`| # | id | kind | points to | ... |`), as
/// cells.
fn lifecycle_rows() -> impl Iterator<Item = Vec<&'static str>> {
    FACTS
        .lines()
        .map(|line| line.split('|').map(str::trim).collect::<Vec<_>>())
        .filter(|cells| cells.len() >= 9 && cells[1].parse::<usize>().is_ok())
}

/// The lifecycle table of `models.md`: `| # | id | kind | points to | ... | deprecated | retired |`.
#[test]
fn dates_and_alias_targets_match_the_lifecycle_table() {
    let first_date = |text: &str| {
        (0..text.len().saturating_sub(9))
            .filter(|&i| text.is_char_boundary(i) && text.is_char_boundary(i + 10))
            .find_map(|i| text[i..i + 10].parse::<Date>().ok())
    };
    let mut rows = 0;
    for cells in lifecycle_rows() {
        let model = Model::from(cells[2].trim_matches('`'));
        assert!(model.is_known() && model.in_reference_list(), "{model}");
        let target = cells[4].trim_matches('`');
        let expected: Vec<Model> = if target.starts_with("claude") {
            vec![Model::from(target)]
        } else {
            Vec::new()
        };
        let targets: Vec<Model> = model.alias_of().iter().map(|s| s.value.clone()).collect();
        assert_eq!(targets, expected, "{model}");
        assert_eq!(
            model.deprecated_on(),
            first_date(cells[7]),
            "{model}: deprecated"
        );
        let retired = cells[8]
            .contains("retired")
            .then(|| first_date(cells[8]))
            .flatten();
        assert_eq!(model.retired_on(), retired, "{model}: retired");
        rows += 1;
    }
    assert_eq!(rows, 21);
    // The alias that moved (facts: every recording of July 2023 vs from 2024-04-03).
    assert_eq!(
        Model::Claude2.alias_on(day("2023-07-20")),
        vec![Model::Claude2_0]
    );
    assert_eq!(
        Model::Claude2.alias_on(day("2024-04-03")),
        vec![Model::Claude2_1]
    );
    assert_eq!(
        Model::Claude2.alias_on(day("2024-01-15")),
        vec![Model::Claude2_0, Model::Claude2_1]
    );
}

/// The dates of each id hold together, and where an id names a day the schema agrees with it.
#[test]
fn the_dates_are_consistent() {
    for model in Model::iter() {
        let dates = [
            model.not_before(),
            model.deprecated_on(),
            model.retired_on().or(model.retired_by()),
        ];
        let given: Vec<Date> = dates.into_iter().flatten().collect();
        assert!(given.windows(2).all(|w| w[0] <= w[1]), "{model}: {given:?}");
        assert!(
            model.retired_on().is_none() || model.retired_by().is_none(),
            "{model}"
        );
        if model.unpublished_lifecycle() {
            assert!(
                given.is_empty(),
                "{model}: an unpublished lifecycle has no dates"
            );
            continue;
        }
        // A dated snapshot cannot be older than the day its id names.
        let id = model.as_str();
        if let Some(digits) = id
            .rsplit('-')
            .next()
            .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        {
            let named = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
            assert_eq!(model.not_before(), Some(day(&named)), "{model}");
        }
        // An alias is no older than the first snapshot it pointed to.
        if let Some(first) = model.alias_of().first() {
            assert_eq!(model.not_before(), first.value.not_before(), "{model}");
        }
    }
}

/// The status column of the lifecycle table (`status 2026-02-06`) against `status_on`.
#[test]
fn statuses_on_the_day_of_the_table_match_it() {
    let on = day("2026-02-06");
    let mut rows = 0;
    for cells in lifecycle_rows() {
        let model = Model::from(cells[2].trim_matches('`'));
        let column = cells[6].to_ascii_lowercase();
        let expected = if column.starts_with("active") {
            Some(Status::Active)
        } else if column.starts_with("deprecated") {
            Some(Status::Deprecated)
        } else if column.starts_with("retired") {
            Some(Status::Retired)
        } else {
            None // "not listed in the docs"
        };
        assert_eq!(model.status_on(on), expected, "{model}: {column}");
        rows += 1;
    }
    assert_eq!(rows, 21);
    // The table of the four questions, for its three ids.
    for (model, on, status) in [
        (Model::Claude2_1, "2023-11-20", Status::Unreleased),
        (Model::Claude2_1, "2023-11-21", Status::Active),
        (Model::Claude2_1, "2025-01-21", Status::Deprecated),
        (Model::Claude2_1, "2025-07-21", Status::Retired),
        (Model::Claude3Opus20240229, "2026-01-05", Status::Retired),
        (Model::ClaudeOpus4_6, "2026-02-07", Status::Active),
    ] {
        assert_eq!(model.status_on(day(on)), Some(status), "{model} on {on}");
    }
    // An alias answers nothing once retired.
    assert!(Model::Claude2.alias_on(day("2030-01-01")).is_empty());
}
