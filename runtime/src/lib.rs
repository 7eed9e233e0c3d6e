//! runtime placeholder
