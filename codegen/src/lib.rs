//! luasteam's generator: RST function reference -> spec -> checks -> model -> generated outputs.
//!
//! Stages, each a module with one job: [`rst`] parses, [`ir`] is the spec, [`sdk`] reads
//! Valve's `steam_api.json` and headers, [`check`] compares the two, [`model`] resolves the
//! checked spec (types, kinds, names), [`emit`] writes every output from the model,
//! [`pipeline`] ties them to the repository layout for the CLI and the tests.

pub mod check;
pub mod diag;
pub mod emit;
pub mod ir;
pub mod model;
pub mod pipeline;
pub mod rst;
pub mod sdk;
