//! The cassette formats, told by a file's extension or its first bytes.

use std::path::Path;

use super::httprr;

/// How a cassette is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CassetteFormat {
    /// YAML of Ruby VCR or of vcrpy (the two are told apart by their top-level key).
    Vcr,
    /// HAR 1.2 (JSON), as browsers and Polly.JS write it.
    Har,
    /// Go's `httprr trace v1`.
    Httprr,
}

impl CassetteFormat {
    /// The format of a file by its extension (`.yml`, `.yaml`; `.har`; `.httprr`), else by its
    /// first bytes (`httprr trace v1`, a YAML key `interactions:` or `http_interactions:`, a JSON
    /// object with `"log"`); `None` when it is not a cassette.
    pub fn detect(path: &Path, head: &[u8]) -> Option<CassetteFormat> {
        CassetteFormat::of_extension(path).or_else(|| CassetteFormat::of_content(head))
    }

    /// The format a file's extension names, if any.
    pub fn of_extension(path: &Path) -> Option<CassetteFormat> {
        match crate::format::extension_of(path).as_str() {
            "yml" | "yaml" => Some(CassetteFormat::Vcr),
            "har" => Some(CassetteFormat::Har),
            "httprr" => Some(CassetteFormat::Httprr),
            _ => None,
        }
    }

    /// The format `head` (a cassette's first bytes) shows, if any.
    pub fn of_content(head: &[u8]) -> Option<CassetteFormat> {
        let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
        let text = text.trim_start_matches('\u{feff}');
        if text.starts_with(httprr::MAGIC) {
            return Some(CassetteFormat::Httprr);
        }
        let yaml = text
            .lines()
            .filter(|line| !line.starts_with('#') && line.trim() != "---")
            .find(|line| !line.trim().is_empty())
            .is_some_and(|line| {
                line.starts_with("interactions:") || line.starts_with("http_interactions:")
            });
        if yaml {
            return Some(CassetteFormat::Vcr);
        }
        let json = text.trim_start();
        (json.starts_with('{') && json[1..].trim_start().starts_with("\"log\""))
            .then_some(CassetteFormat::Har)
    }

    /// `vcr`, `har` or `httprr`.
    pub fn as_str(self) -> &'static str {
        match self {
            CassetteFormat::Vcr => "vcr",
            CassetteFormat::Har => "har",
            CassetteFormat::Httprr => "httprr",
        }
    }
}
