//! The diagnostic codes: stable names a user can match on, filter by, or allow.

/// What kind of problem a [`Diagnostic`](super::Diagnostic) reports. Written in kebab-case
/// (`wrong-type`) in every output; `Code::from_str` reads that form back.
///
/// ```
/// use anthropic_completions::validate::Code;
///
/// assert_eq!(Code::WrongType.as_str(), "wrong-type");
/// assert_eq!("retired-model".parse::<Code>(), Ok(Code::RetiredModel));
/// assert!(Code::WrongType == "wrong-type");
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    /// The record is not JSON.
    InvalidJson,
    /// The input is not UTF-8.
    InvalidUtf8,
    /// A required key is absent.
    MissingField,
    /// A value has the wrong JSON type.
    WrongType,
    /// A value is not the constant its key must hold.
    WrongConst,
    /// A string is not one of the values a closed union lists.
    WrongValue,
    /// A key the schema does not declare.
    UnknownField,
    /// A model id the schema does not list.
    UnknownModel,
    /// A stop reason the schema does not list.
    UnknownStopReason,
    /// An error type the schema does not list.
    UnknownErrorType,
    /// A stream event type the schema does not list.
    UnknownEventType,
    /// A value an open union does not list, for a union without a code of its own.
    UnknownValue,
    /// The record is none of the kinds the API sends or takes.
    UnknownKind,
    /// A listed model that was retired before the record was made (said only when the day the
    /// record was made is known).
    RetiredModel,
    /// A listed model not yet released on the day the record was made (said only when that
    /// day is known).
    UnreleasedModel,
    /// A listed model that `/v1/complete` never served (the API refuses it with a 400): an
    /// error in a request, a warning elsewhere.
    UnservedModel,
    /// A record of the 2023 shape.
    LegacyShape,
    /// A key that appears twice in one object.
    DuplicateKey,
    /// A number outside its range.
    OutOfRange,
    /// A string of the wrong length.
    WrongLength,
    /// An array with the wrong number of items.
    WrongCount,
    /// A prompt the API would refuse for its turns.
    PromptFormat,
    /// A rule of the schema's custom checks other than the prompt's.
    Constraint,
    /// A record longer than the reader keeps.
    RecordTooLarge,
    /// A record with more problems than are placed one by one: their count.
    MoreProblems,
    /// The input holds no record.
    EmptyInput,
    /// The input starts with a byte order mark.
    Bom,
    /// Reading the input failed.
    IoError,
    /// An event's name disagrees with its data's `type`.
    EventNameMismatch,
    /// The stream carried an `error` event.
    StreamErrorEvent,
    /// The stream ended without a final event.
    StreamNoFinalEvent,
    /// An event came after the stream's end.
    StreamAfterEnd,
    /// The completion id changed within a stream.
    StreamIdChanged,
    /// The model changed within a stream.
    StreamModelChanged,
    /// A cumulative (2023-01-01) stream's text did not grow.
    StreamNotCumulative,
    /// The stream ends inside an event.
    StreamUnterminated,
    /// A cassette that cannot be read as the format it is taken for.
    UnreadableCassette,
    /// A body of a cassette that cannot be decoded from how it is stored (base64, gzip,
    /// deflate, br).
    UndecodableBody,
    /// In a cassette, a request or response recorded without its body (HAR may leave a
    /// stream's out): nothing of it is checked.
    BodyNotRecorded,
    /// In a cassette, the request's `stream` flag, the response's `content-type` and its body
    /// disagree.
    StreamMismatch,
    /// In a cassette, the HTTP status disagrees with the response body's kind or its error type.
    StatusMismatch,
    /// In a cassette, the request's `anthropic-version` disagrees with the response's stream
    /// format or body shape.
    VersionMismatch,
    /// In a cassette, the `request-id` response header and the error body's `request_id` differ.
    RequestIdMismatch,
    /// In a cassette, the response's model is neither the requested id nor a snapshot the
    /// requested alias pointed to on the recording day.
    ModelMismatch,
    /// In a cassette, the response's `stop` is neither one of the requested `stop_sequences`
    /// nor the turn marker `"\n\nHuman:"`.
    StopMismatch,
}

impl Code {
    /// The code as it is written (`wrong-type`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether `-A`/`-W` cannot change it ([`Options::levels`](super::Options::levels)): a
    /// record that cannot be read, or whose problems are only counted, is invalid whatever the
    /// levels say.
    pub fn is_fixed(self) -> bool {
        matches!(
            self,
            Code::IoError
                | Code::InvalidJson
                | Code::InvalidUtf8
                | Code::RecordTooLarge
                | Code::EmptyInput
                | Code::MoreProblems
                | Code::UnreadableCassette
                | Code::UndecodableBody
        )
    }

    /// The code of a failed custom check (`x-rust-check`) named `check`: its own code where the
    /// crate has one for it (`prompt_format` → `prompt-format`), else `constraint`. A check
    /// never takes a code of another kind (a check named `wrong_type` is a `constraint`).
    pub(crate) fn of_check(check: &str) -> Code {
        match Code::named(&check.replace('_', "-"), Code::Constraint) {
            code @ (Code::PromptFormat | Code::UnservedModel) => code,
            _ => Code::Constraint,
        }
    }

    /// The code a schema annotation names (`x-diagnostic-code`, a note's code), or `fallback`
    /// when the crate has no such code.
    pub(crate) fn named(name: &str, fallback: Code) -> Code {
        name.parse().unwrap_or(fallback)
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
