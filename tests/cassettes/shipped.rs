//! The ten shipped cassettes validate with the right counts, and no damaged copy panics.

use super::*;

/// The codes only a pair can raise.
const PAIR_CODES: [Code; 6] = [
    Code::StreamMismatch,
    Code::StatusMismatch,
    Code::VersionMismatch,
    Code::RequestIdMismatch,
    Code::ModelMismatch,
    Code::StopMismatch,
];

#[test]
fn every_shipped_cassette_validates_with_the_right_counts() {
    let expected = [
        (ARIZE, 1, 0),
        (ARIZE_STREAM, 1, 0),
        (BOXCARS_400, 1, 0),
        (BOXCARS_MIXED, 2, 2),
        (RUDALL_2024, 1, 0),
        (RUDALL_2023, 1, 0),
        (HTTPRR, 1, 0),
        (HAR_STREAM, 1, 0),
        (HAR, 1, 0),
        (VCRPY_GZIP, 1, 0),
    ];
    let shipped = std::fs::read_dir(DIR)
        .unwrap()
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).into_iter().flatten())
        .count();
    assert_eq!(
        shipped,
        expected.len(),
        "a cassette without expected counts"
    );
    for (name, interactions, skipped) in expected {
        let (summary, found) = check(name, &real(name));
        assert_eq!(
            (summary.interactions, summary.skipped),
            (interactions, skipped),
            "{name}"
        );
        assert_eq!(summary.records, 2 * interactions, "{name}");
        assert_eq!(
            (summary.invalid, summary.errors),
            (0, 0),
            "{name}: {found:#?}"
        );
        assert!(
            found.iter().all(|d| !PAIR_CODES.contains(&d.code)),
            "{name}: {found:#?}"
        );
    }
}

const ALL: [&str; 10] = [
    ARIZE,
    ARIZE_STREAM,
    BOXCARS_400,
    BOXCARS_MIXED,
    RUDALL_2024,
    RUDALL_2023,
    HTTPRR,
    HAR_STREAM,
    HAR,
    VCRPY_GZIP,
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// A real cassette with bytes changed and cut anywhere, read as each format: a
    /// diagnostic, never a panic.
    #[test]
    fn no_damaged_cassette_makes_the_validator_panic(
        which in 0..ALL.len(),
        cut in proptest::prelude::any::<proptest::sample::Index>(),
        flips in proptest::collection::vec(
            (proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()),
            0..6,
        ),
    ) {
        let mut bytes = real(ALL[which]);
        for (at, byte) in flips {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        for format in [CassetteFormat::Vcr, CassetteFormat::Har, CassetteFormat::Httprr] {
            let (summary, found) = check_as(&bytes, format);
            // An invalid record has an error said of it, and every diagnostic is placed
            // inside the input.
            proptest::prop_assert!(summary.invalid == 0 || found.iter().any(|d| d.severity == Severity::Error));
            for diagnostic in &found {
                let offset = diagnostic.position.offset.unwrap_or(usize::MAX);
                proptest::prop_assert!(offset <= bytes.len(), "{:?}", diagnostic);
            }
        }
    }
}
