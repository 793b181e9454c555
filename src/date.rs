//! Calendar dates, for the facts the schema dates (a model's deprecation and retirement, the
//! span an alias pointed to a snapshot) and the date a record was made.
//!
//! ```
//! use anthropic_completions::Date;
//!
//! let day: Date = "2025-07-21".parse()?;
//! assert_eq!((day.year(), day.month(), day.day()), (2025, 7, 21));
//! assert!(day < "2025-07-22".parse()?);
//! assert_eq!(day.to_string(), "2025-07-21");
//! assert!("2025-02-29".parse::<Date>().is_err()); // not a leap year
//! # Ok::<(), anthropic_completions::DateError>(())
//! ```

use std::fmt;
use std::str::FromStr;

/// A day of the Gregorian calendar, from 0000-01-01 to 9999-12-31. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // Field order is the order of time: the derived `Ord` relies on it.
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it exists (`None` for 2025-02-29 or a year past 9999).
    pub const fn from_ymd(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let length = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if year > 9999 || day == 0 || day > length {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Today, in UTC, by the system clock (`None` if the clock is before 1970 or past 9999).
    pub fn today() -> Option<Date> {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        Date::from_days_since_epoch(i64::try_from(seconds / 86_400).ok()?)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::from_ymd(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a [`Date`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    text: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a date written YYYY-MM-DD that exists, found {:?}",
            self.text
        )
    }
}

impl std::error::Error for DateError {}

impl FromStr for Date {
    type Err = DateError;

    /// Parses RFC 3339's `full-date`: `YYYY-MM-DD`, exactly.
    fn from_str(text: &str) -> Result<Date, DateError> {
        let error = || DateError {
            text: text.chars().take(40).collect(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(error());
        }
        let number = |range: std::ops::Range<usize>| {
            let digits = &bytes[range];
            digits.iter().all(u8::is_ascii_digit).then(|| {
                digits
                    .iter()
                    .fold(0u16, |n, digit| n * 10 + u16::from(digit - b'0'))
            })
        };
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10))
        else {
            return Err(error());
        };
        let (Ok(month), Ok(day)) = (u8::try_from(month), u8::try_from(day)) else {
            return Err(error());
        };
        Date::from_ymd(year, month, day).ok_or_else(error)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A value that held for a span of days, either end of which may be unknown: the snapshot an
/// alias pointed to, for one. Spans of one fact may overlap where the day it changed is not
/// known; a day in both is a day either held.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dated<T> {
    /// What held.
    pub value: T,
    /// The first day it held, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// The last day it held, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<Date>,
}

impl<T> Dated<T> {
    /// A value that held on every day known: no first or last day.
    pub const fn always(value: T) -> Self {
        Dated {
            value,
            from: None,
            through: None,
        }
    }

    /// Whether it held on `day` (as far as is known: an open end holds).
    pub fn holds_on(&self, day: Date) -> bool {
        self.from.is_none_or(|from| from <= day)
            && self.through.is_none_or(|through| day <= through)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_since_the_epoch_become_dates() {
        let day = |days| Date::from_days_since_epoch(days).map(|d| d.to_string());
        assert_eq!(day(0).as_deref(), Some("1970-01-01"));
        assert_eq!(day(59).as_deref(), Some("1970-03-01"));
        assert_eq!(day(11_016).as_deref(), Some("2000-02-29"));
        assert_eq!(day(20_423).as_deref(), Some("2025-12-01"));
        assert_eq!(day(-1).as_deref(), Some("1969-12-31"));
    }
}
