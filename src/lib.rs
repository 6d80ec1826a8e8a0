//! Rapport core (work in progress).
pub mod date;
pub mod diagnostic;
pub mod split;
pub mod frontmatter;
