//! Which document screen a document belongs to: receiving or sales. A leaf of its own, so
//! forms and the order screen can name a document screen without importing `document`.

use super::Screen;
use crate::domain::ledger::DocKind;

/// Which screen a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocRole {
    Receiving,
    Sales,
}

impl DocRole {
    /// The kinds of draft this screen opens.
    pub fn kinds(self) -> &'static [DocKind] {
        match self {
            DocRole::Receiving => &[DocKind::Receipt],
            DocRole::Sales => &[DocKind::Sale, DocKind::Return],
        }
    }
    pub fn default_kind(self) -> DocKind {
        match self {
            DocRole::Receiving => DocKind::Receipt,
            DocRole::Sales => DocKind::Sale,
        }
    }
    pub fn of_kind(kind: DocKind) -> Option<DocRole> {
        match kind {
            DocKind::Receipt => Some(DocRole::Receiving),
            DocKind::Sale | DocKind::Return => Some(DocRole::Sales),
            _ => None,
        }
    }
    pub fn screen(self) -> Screen {
        match self {
            DocRole::Receiving => Screen::Receiving,
            DocRole::Sales => Screen::Sales,
        }
    }
}
