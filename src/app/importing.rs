//! Import from the stock list (F6): a file path, then the dry run's summary, then a
//! confirm that applies it in one transaction. A file with any bad row imports nothing and
//! says what is wrong, as `stockroom import` does.

use std::path::Path;

use anyhow::Result;

use super::form::{Field, FieldKind, Form, FormKind};
use super::input::Key;
use super::{App, Modal};
use crate::channels::Format;
use crate::domain::text::sanitize;
use crate::store::{ImportSummary, Refusal};

/// One line saying what an import did or would do.
pub fn summary_text(s: &ImportSummary) -> String {
    let mut parts = Vec::new();
    for (n, what) in [
        (s.new_items, "new item"),
        (s.updated_items, "updated item"),
        (s.stock_changes, "stock change"),
        (s.sales, "sale"),
        (s.returns, "return"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}{}", if n == 1 { "" } else { "s" }));
        }
    }
    if s.already_imported > 0 {
        parts.push(format!("{} already imported", s.already_imported));
    }
    if s.skipped > 0 {
        parts.push(format!("{} row(s) skipped", s.skipped));
    }
    if !s.partly_refunded.is_empty() {
        parts.push(format!(
            "{} partly refunded (post any return by hand: {})",
            s.partly_refunded.len(),
            s.partly_refunded.join(", ")
        ));
    }
    if let Some(u) = &s.untracked {
        parts.push(format!(
            "quantities of {} variant{} left out: Shopify does not track them (blank {}; \
             the command line's import --track-untracked takes them)",
            u.variants,
            if u.variants == 1 { "" } else { "s" },
            crate::domain::text::sanitize(&u.column)
        ));
    }
    if parts.is_empty() {
        "nothing to change".to_string()
    } else {
        parts.join(", ")
    }
}

impl App {
    pub(crate) fn ask_import(&mut self) {
        let form = Form::new(
            FormKind::Import,
            "Import a file",
            vec![
                Field::new("File", FieldKind::Text, ""),
                Field::new("Format", FieldKind::OptionalText, ""),
            ],
        )
        .with_note(
            "CSV: native, shopify, shopify-inventory, shopify-orders or woocommerce (empty: detected). A dry run comes first.",
        );
        self.modal = Some(Modal::Form(form));
    }

    fn read_import(
        &mut self,
        path: &str,
        format: Option<Format>,
        dry_run: bool,
    ) -> Result<ImportSummary> {
        let bytes = std::fs::read(path)
            .map_err(|e| Refusal(format!("cannot read {}: {e}", sanitize(path))))?;
        crate::import::import_bytes(
            &mut self.store,
            &bytes,
            format,
            dry_run,
            false,
            Path::new(path),
        )
    }

    /// The path was given: run the dry run and ask to apply it.
    pub(crate) fn submit_import(&mut self, form: &Form) -> Result<()> {
        if let Err(p) = form.validate(self.currency_decimals()) {
            return Err(Refusal(p).into());
        }
        let path = form.text("File").unwrap_or_default();
        let format = match form.text("Format") {
            None => None,
            Some(f) => Some(f.parse::<Format>().map_err(|_| {
                Refusal(format!(
                    "unknown format '{}' (use native, shopify, shopify-inventory, shopify-orders or woocommerce)",
                    sanitize(&f)
                ))
            })?),
        };
        let summary = self.read_import(&path, format, true)?;
        if let Some(first) = summary.problems.first() {
            let n = summary.problems.len();
            return Err(Refusal(format!(
                "{n} problem{} in {}, nothing imported; first: {first} (stockroom import --dry-run lists them all)",
                if n == 1 { "" } else { "s" },
                sanitize(&path)
            ))
            .into());
        }
        self.modal = Some(Modal::ConfirmImport {
            path,
            format,
            summary: summary_text(&summary),
        });
        Ok(())
    }

    pub(crate) fn confirm_import_key(
        &mut self,
        path: String,
        format: Option<Format>,
        summary: String,
        key: Key,
    ) {
        match key {
            Key::Enter | Key::Char('y') => match self.read_import(&path, format, false) {
                Ok(done) if done.problems.is_empty() => {
                    self.stock.recount = true;
                    let r = self.reload_stock();
                    self.report(r);
                    self.success(format!(
                        "Imported {}: {}",
                        sanitize(&path),
                        summary_text(&done)
                    ));
                }
                Ok(done) => {
                    // The file changed between the dry run and now.
                    self.ring();
                    self.error(format!(
                        "{} problem(s) in {}; nothing was imported",
                        done.problems.len(),
                        sanitize(&path)
                    ));
                }
                Err(e) => {
                    self.ring();
                    self.fail(&e);
                }
            },
            Key::Esc | Key::Char('n') => self.info("Nothing imported"),
            _ => {
                self.modal = Some(Modal::ConfirmImport {
                    path,
                    format,
                    summary,
                })
            }
        }
    }
}
