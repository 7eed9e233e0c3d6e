//! luasteam's generator: RST function reference -> spec -> checks -> generated outputs.
//!
//! Stages, each a module with one job: [`rst`] parses, [`ir`] is the spec, [`sdk`] reads
//! Valve's `steam_api.json`, [`check`] compares the two, [`emit`] writes every output,
//! [`pipeline`] ties them to the repository layout for the CLI and the tests.

pub mod check;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod model;
pub mod pipeline;
pub mod rst;
pub mod sdk;
