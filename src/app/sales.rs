//! Sales (F4): a cart with prices and a total. F6 switches between a sale and a customer
//! return (stock comes back in). Over-selling is refused by the store at posting time, with
//! the item and what is on hand; the cart is kept.

use super::doc_role::DocRole;
use super::App;
use crate::domain::ledger::DocKind;

impl App {
    pub(crate) fn toggle_return_mode(&mut self) {
        let ds = self.doc_mut(DocRole::Sales);
        ds.doc.kind = match ds.doc.kind {
            DocKind::Sale => DocKind::Return,
            _ => DocKind::Sale,
        };
        let now_return = ds.doc.kind == DocKind::Return;
        let has_lines = !ds.doc.lines.is_empty();
        if has_lines {
            if let Err(e) = self.save_doc(DocRole::Sales) {
                self.fail(&e);
                return;
            }
        }
        self.info(if now_return {
            "Return mode: scanned items come back into stock (F6 for a sale)"
        } else {
            "Sale mode (F6 for a customer return)"
        });
    }
}
