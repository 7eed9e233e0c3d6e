//! placeholder until generation
