//! The event being read: its lines kept until a blank line dispatches it.

/// What a line does.
pub(super) enum LineOutcome {
    /// A blank line: dispatch the pending event.
    Dispatch,
    /// Anything else.
    Continue,
}

/// The event being assembled.
#[derive(Debug, Default)]
pub(super) struct Pending {
    pub(super) event: Option<String>,
    pub(super) data: String,
    pub(super) has_data: bool,
    pub(super) retry: Option<u64>,
    pub(super) line: Option<usize>,
    pub(super) data_starts: Vec<(usize, usize)>,
    /// The event's data outgrew the limit.
    pub(super) too_large: bool,
    /// A line of the event could not be read (too long, not UTF-8): that was reported, and
    /// the event is not dispatched with the line missing.
    pub(super) broken: bool,
}

/// What one data line costs besides its text: its position (two `usize`s).
pub(super) const DATA_LINE_COST: usize = 2 * std::mem::size_of::<usize>();

impl Pending {
    /// Applies the field of one line (`number`) to the pending event; also says whether the
    /// line is one of the format's own (a comment or a known field).
    #[inline]
    pub(super) fn process_line(
        &mut self,
        last_id: &mut Option<std::sync::Arc<str>>,
        number: usize,
        text: &str,
        shift: usize,
        max: usize,
    ) -> (LineOutcome, bool) {
        if text.is_empty() {
            return (LineOutcome::Dispatch, false);
        }
        if text.starts_with(':') {
            return (LineOutcome::Continue, true);
        }
        let (field, value, value_column) = match text.find(':') {
            Some(colon) => {
                let value = &text[colon + 1..];
                let (value, skipped) = match value.strip_prefix(' ') {
                    Some(rest) => (rest, 1),
                    None => (value, 0),
                };
                (&text[..colon], value, shift + colon + 2 + skipped)
            }
            None => (text, "", shift + text.len() + 1),
        };
        self.line.get_or_insert(number);
        match field {
            // An empty type is the default one (`message`): no name.
            "event" => self.event = (!value.is_empty()).then(|| value.to_owned()),
            "data" if self.too_large => {}
            "data"
                if self.data.len()
                    + value.len()
                    + 1
                    + DATA_LINE_COST * (self.data_starts.len() + 1)
                    > max =>
            {
                // Too big to keep: drop what was gathered, and report the event when it ends.
                self.too_large = true;
                self.data = String::new();
                self.data_starts = Vec::new();
            }
            "data" => {
                // One allocation for the common event of one data line.
                self.data.reserve(value.len() + 1);
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
                self.data_starts.push((number, value_column));
            }
            "id" if !value.contains('\0') => *last_id = Some(value.into()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        let known = matches!(field, "event" | "data" | "id" | "retry");
        (LineOutcome::Continue, known)
    }
}
