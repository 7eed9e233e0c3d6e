//! Rust names for Lua names: the conversions of [`crate::model::names`].

pub use crate::model::names::{ident, pascal_case, snake_case};
