//! The one failure type of the ffi layer.

use std::fmt;

/// Why an operation did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The library is not running: not initialised, shut down, or (steam) the client went away.
    Unavailable,
    /// The handle does not name a live object of the kind the operation takes.
    InvalidHandle,
    /// The library has nothing by that name there (a configuration key at a scope).
    NotFound,
    /// The library refused with this EResult (raw, e.g. 8 InvalidParam, 25 LimitExceeded).
    Result(i32),
    /// The library refused; luasteam says why in words.
    Message(String),
}

impl Failure {
    /// The EResult a script is shown for this failure (k_EResultFail where the library gave
    /// none).
    pub fn eresult(&self) -> i32 {
        match self {
            Failure::Result(code) => *code,
            Failure::InvalidHandle | Failure::NotFound => super::eresult::INVALID_PARAM,
            Failure::Unavailable | Failure::Message(_) => super::eresult::FAIL,
        }
    }

    /// `Ok(())` for k_EResultOK, the failure otherwise.
    pub(super) fn check(code: i32) -> Result<(), Failure> {
        if code == super::eresult::OK {
            Ok(())
        } else {
            Err(Failure::Result(code))
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Unavailable => f.write_str("the networking library is not running"),
            Failure::InvalidHandle => f.write_str("not a valid handle"),
            Failure::NotFound => f.write_str("not found"),
            Failure::Result(code) => write!(f, "the library returned EResult {code}"),
            Failure::Message(m) => f.write_str(m),
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}
