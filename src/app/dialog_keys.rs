//! Keys that arrive while a dialog is open: a scan never lands in a form field and never
//! answers a question.
//!
//! A barcode scanner types a whole code and its terminator (Enter, LF or Tab) in one burst,
//! which the terminal loop hands over as one batch of keys. So while a dialog is open, the
//! characters of a batch are held until it is known what they are:
//! - a run of characters ended by a terminator in the same batch is a scan when it looks
//!   like one (see `looks_like_scan`); it goes on the document under the dialog when the
//!   dialog closes, or, off a document screen, is refused with the bell and a message;
//! - a run the batch ends without a terminator is typing, and goes to the dialog as typed
//!   (a person types one key at a time); in a yes/no question only a key pressed on its
//!   own answers: two or more characters in a row are the start of a scan, held until the
//!   rest of it arrives;
//! - any other key (an arrow, Esc, an F-key) first lets the held run go to the dialog as
//!   typing, then acts.
//!
//! Nothing here looks at timing: OpenSSH sends keystrokes in 20 ms clumps, so the batch,
//! not the clock, is what tells a scanner from a person.

use super::input::Key;
use super::{App, DocRole, Modal};
use crate::domain::scan::split_qty;
use crate::domain::text::sanitize;

/// Characters a batch typed into a form, and the form before them (see `App::typed_tail`).
#[derive(Debug, Clone, PartialEq)]
pub struct TypedTail {
    pub before: Modal,
    pub text: String,
    /// A batch of one character went into it: a key pressed by a person. A scanner's code
    /// split by the connection arrives in pieces of several characters, never a key at a
    /// time, so such a tail is typing and is never taken back out of the field.
    pub keyed: bool,
}

/// What kind of dialog has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DialogKind {
    /// A form with text fields: typing is expected.
    Form,
    /// A yes/no question or a picker: one key answers.
    Question,
}

impl App {
    fn dialog_kind(&self) -> Option<DialogKind> {
        match self.modal.as_ref()? {
            Modal::Form(_) => Some(DialogKind::Form),
            _ => Some(DialogKind::Question),
        }
    }

    /// Route a key through the dialog guard. Returns true when the key was taken here (held,
    /// or it ended a scan); false when it goes on to the dialog or the screen as usual.
    pub(crate) fn dialog_keys(&mut self, key: Key) -> bool {
        let first_of_batch = self.batch_keys == 0;
        self.batch_keys += 1;
        let Some(kind) = self.dialog_kind() else {
            // No dialog (any more): nothing to hold.
            self.end_of_held_run();
            self.typed_tail = None;
            return false;
        };
        // Outside a batch (a test feeding keys one by one) each key is a batch of its own:
        // typing, unless a question's run is already waiting for the rest of a scan.
        if !self.batching && self.held.is_empty() {
            self.typed_tail = None;
            return false;
        }
        match key {
            Key::Char(c) => {
                if self.held.is_empty() {
                    self.run_from_batch_start = first_of_batch;
                    if !first_of_batch {
                        self.typed_tail = None;
                    }
                }
                self.held.push(c);
                true
            }
            Key::Enter | Key::Ctrl('j') | Key::Tab if !self.held.is_empty() => {
                let run = std::mem::take(&mut self.held);
                if let Some(tail) = self.typed_tail.take() {
                    // The rest of a scan whose first part the last batch typed into the
                    // form: take that part back out, and the whole is the scan. Not when
                    // the tail was typed a key at a time, nor when this run is a known
                    // code on its own: then the field's text was a person's typing.
                    let whole = format!("{}{run}", tail.text);
                    if !tail.keyed
                        && self.store.resolve(run.trim()).is_err()
                        && self.run_from_batch_start
                        && run.chars().count() >= 2
                        && self.looks_like_scan(&whole)
                    {
                        self.modal = Some(tail.before);
                        self.scan_in_dialog(whole);
                        return true;
                    }
                }
                // One character and Enter is a person answering (`y` Enter); no scanner
                // sends a one-character code.
                let scan = run.chars().count() >= 2
                    && (kind == DialogKind::Question || self.looks_like_scan(&run));
                if scan {
                    self.scan_in_dialog(run);
                    true
                } else {
                    self.typed(run);
                    // A question's answer and its Enter: the Enter belongs to the answer,
                    // not to the screen behind (where it would ask to post again).
                    kind == DialogKind::Question
                }
            }
            _ => {
                self.end_of_held_run_now();
                self.typed_tail = None;
                false
            }
        }
    }

    /// The batch ended (or another kind of key came): a held run that is not waiting for
    /// the rest of a scan goes to the dialog as typing.
    pub(crate) fn end_of_held_run(&mut self) {
        if self.held.is_empty() {
            return;
        }
        let waits =
            self.dialog_kind() == Some(DialogKind::Question) && self.held.chars().count() >= 2;
        if waits {
            // Two or more characters in a row in a question: the start of a scan whose
            // rest is still on its way; nothing a person types there is longer than a key.
            return;
        }
        // The whole batch was these characters, into a form: remember the form before them,
        // in case the next batch brings the rest of a scan.
        if self.run_from_batch_start
            && self.batch_keys == self.held.chars().count()
            && self.dialog_kind() == Some(DialogKind::Form)
        {
            let run = self.held.clone();
            let keyed = run.chars().count() == 1;
            match &mut self.typed_tail {
                Some(tail) => {
                    tail.text.push_str(&run);
                    tail.keyed |= keyed;
                }
                None => {
                    if let Some(before) = self.modal.clone() {
                        self.typed_tail = Some(TypedTail {
                            before,
                            text: run,
                            keyed,
                        });
                    }
                }
            }
        } else {
            self.typed_tail = None;
        }
        let run = std::mem::take(&mut self.held);
        self.typed(run);
    }

    fn end_of_held_run_now(&mut self) {
        let run = std::mem::take(&mut self.held);
        if !run.is_empty() {
            self.typed(run);
        }
    }

    /// Characters that were typed by a person: into the dialog. In a question only one key
    /// on its own is an answer; a longer run is not, and answers nothing.
    fn typed(&mut self, run: String) {
        let question = self.dialog_kind() == Some(DialogKind::Question);
        if question && run.chars().count() > 1 {
            if let Some(Modal::ConfirmPost(role) | Modal::ConfirmDiscard(role)) = self.modal {
                // As before: typing closes the dialog unanswered and goes to the scan line.
                self.modal = None;
                for c in run.chars() {
                    self.doc_key(role, Key::Char(c));
                }
                return;
            }
            self.ring();
            self.error(format!(
                "'{}' is not an answer: press y or n (Esc to go back)",
                sanitize(&run)
            ));
            return;
        }
        for c in run.chars() {
            self.modal_key(Key::Char(c));
        }
    }

    /// In a form, a run ended by a terminator is a scan when it could be nothing a person
    /// types into a field: a code of a known item, `N*CODE`, or six digits or more with no
    /// space (a GTIN, a long number no price or count has). A name ("Tote bag") or a price
    /// ("12.50") typed and sent with Enter in one go stays typing.
    fn looks_like_scan(&self, run: &str) -> bool {
        let run = run.trim();
        if run.chars().count() < 2 || run.chars().any(char::is_whitespace) {
            return false;
        }
        if run.chars().filter(char::is_ascii_digit).count() >= 6 {
            return true;
        }
        let Ok((qty, code)) = split_qty(run) else {
            return false;
        };
        if qty != 1 || code.len() != run.len() {
            // `N*CODE`: a person types no star in a field.
            return true;
        }
        self.store.resolve(code).is_ok()
    }

    /// A scan arrived while a dialog was open. A post or discard question closes unanswered
    /// and the scan goes on the document; other dialogs stay, and the scan waits for them
    /// to close (on a document screen) or is refused.
    fn scan_in_dialog(&mut self, code: String) {
        let shown = sanitize(code.trim());
        if let Some(Modal::Form(form)) = &self.modal {
            if let super::FormKind::Post { role } = form.kind {
                // The post question of a receipt or a return, as a form: the same as the
                // yes/no one, and what was typed in it is kept for the next time.
                let form = form.clone();
                self.keep_post_form(&form, role);
                self.modal = None;
                self.info("Not posted: a scan arrived, and goes on the document");
                self.scan_code(role, code.trim());
                return;
            }
        }
        if let Some(
            Modal::ConfirmPost(role)
            | Modal::ConfirmDiscard(role)
            | Modal::ConfirmOnOrder { role, .. },
        ) = self.modal
        {
            self.modal = None;
            self.info("Not posted: a scan arrived, and goes on the document");
            self.scan_code(role, code.trim());
            return;
        }
        self.ring();
        let what = match self.dialog_kind() {
            Some(DialogKind::Form) => "form",
            _ => "question",
        };
        match self.current_role() {
            Some(role) => {
                self.held_scans.push((role, code.trim().to_string()));
                let n = self.held_scans.len();
                let doc = match role {
                    DocRole::Receiving => "receipt",
                    DocRole::Sales => "sale",
                };
                let first = if what == "question" {
                    "answer first"
                } else {
                    "finish the form first"
                };
                self.error(format!(
                    "Scan {shown} held for the {doc} ({n} waiting): {first}"
                ));
            }
            None if self.screen == super::Screen::Orders && self.orders.has_scan_line() => {
                self.held_order_scans.push(code.trim().to_string());
                let n = self.held_order_scans.len();
                let first = if what == "question" {
                    "answer first"
                } else {
                    "finish the form first"
                };
                self.error(format!(
                    "Scan {shown} held for the purchase order ({n} waiting): {first}"
                ));
            }
            None => self.error(format!(
                "Scan {shown} not taken: close this {what} first (Esc), then scan again"
            )),
        }
    }

    /// Scans held while a dialog was open, onto their document once no dialog is open and
    /// the document's screen is showing. A scan that opens a dialog (an unknown code, an
    /// item off the order) stops the rest until that one closes.
    pub(crate) fn apply_held_scans(&mut self) {
        self.apply_held_order_scans();
        while self.modal.is_none() && !self.held_scans.is_empty() {
            let (role, _) = &self.held_scans[0];
            if self.current_role() != Some(*role) {
                return;
            }
            let (role, code) = self.held_scans.remove(0);
            self.scan_code(role, &code);
        }
    }

    /// Scans held on the purchase orders screen, onto the open order shown once no dialog
    /// is open (a scan that opens one, a search's picker, stops the rest until it closes).
    /// Off that screen, or with no open order shown, they are dropped and said.
    fn apply_held_order_scans(&mut self) {
        while self.modal.is_none() && !self.held_order_scans.is_empty() {
            let code = self.held_order_scans.remove(0);
            if self.screen == super::Screen::Orders && self.orders.has_scan_line() {
                self.order_scan(&code);
            } else {
                let n = self.held_order_scans.len() + 1;
                self.held_order_scans.clear();
                self.ring();
                self.error(format!(
                    "{n} held scan{} not taken: no open purchase order is shown",
                    if n == 1 { "" } else { "s" }
                ));
            }
        }
    }

    /// Scans waiting for a dialog to close.
    pub fn held_scans(&self) -> &[(DocRole, String)] {
        &self.held_scans
    }
}
