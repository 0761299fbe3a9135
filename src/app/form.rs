//! A small form: labelled one-line fields, Enter moves on and saves from the last field.

use super::doc_role::DocRole;
use super::input::Key;
use crate::domain::money::parse_money;

/// What a field accepts; checked when the form is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Required text.
    Text,
    /// Text that may be left empty.
    OptionalText,
    /// A money amount; may be left empty.
    Money,
    /// A whole number 0 or more; may be left empty.
    Count,
    /// A whole number 0 or more; required.
    RequiredCount,
    /// A whole number above 0; required.
    Positive,
    /// A signed whole number, not 0; required.
    Signed,
    /// y or n (yes, no); may be left empty.
    YesNo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    pub kind: FieldKind,
}

impl Field {
    pub fn new(label: &'static str, kind: FieldKind, value: impl Into<String>) -> Field {
        Field {
            label,
            value: value.into(),
            kind,
        }
    }
}

/// What saving the form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// An unknown code in receiving: create the item, then add `qty` of it.
    QuickCreate {
        code: String,
        qty: i64,
    },
    NewItem,
    EditItem {
        item_id: i64,
    },
    Count {
        item_id: i64,
    },
    Adjust {
        item_id: i64,
    },
    /// Void a posted document (`doc` is its label, `S-12`): posts its opposite.
    Void {
        doc: String,
    },
    /// Quantity and unit cost/price of one document line.
    EditLine {
        role: DocRole,
        index: usize,
    },
    /// The quantity and unit cost of one line of a purchase order.
    OrderLine {
        order_id: i64,
        item_id: i64,
    },
    /// Where to write a purchase order's CSV.
    ExportOrder {
        order_id: i64,
    },
    /// A purchase order started by hand: its supplier and note.
    NewOrder,
    /// A file to import (a dry run is shown first).
    Import,
    /// The post question of a receipt (its delivery note) or a return (its reason and
    /// sale): saving posts the document.
    Post {
        role: DocRole,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    /// A line of context under the title (the scanned code, the current on hand...).
    pub note: Option<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last save was refused.
    pub error: Option<String>,
    /// The idempotency key of what saving posts (made when the form opens).
    pub uuid: String,
    /// What staff were asked about and kept by saving again ("label=value"): large
    /// amounts, and supplier names no supplier had yet.
    pub large_amounts_kept: Vec<String>,
}

/// A money amount with more integer digits than this asks before it is saved: no price or
/// cost in a small shop reaches a million, and a scanned GTIN typed into a money field does.
pub const LARGE_AMOUNT_DIGITS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    Cancel,
    Submit,
}

/// The longest value a field keeps.
const MAX_FIELD: usize = 500;

impl Form {
    pub fn new(kind: FormKind, title: impl Into<String>, fields: Vec<Field>) -> Form {
        // Start on the first required field that is still empty.
        let focus = fields
            .iter()
            .position(|f| f.value.is_empty() && f.kind == FieldKind::Text)
            .unwrap_or(0);
        Form {
            kind,
            title: title.into(),
            note: None,
            fields,
            focus,
            error: None,
            uuid: uuid::Uuid::new_v4().to_string(),
            large_amounts_kept: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Form {
        self.note = Some(note.into());
        self
    }

    pub fn with_focus(mut self, focus: usize) -> Form {
        self.focus = focus.min(self.fields.len().saturating_sub(1));
        self
    }

    /// The value of a field by its label ("" when there is none).
    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value.trim())
            .unwrap_or("")
    }

    pub fn handle(&mut self, key: Key) -> FormOutcome {
        let last = self.fields.len().saturating_sub(1);
        match key {
            Key::Esc => return FormOutcome::Cancel,
            Key::Enter => {
                if self.focus >= last {
                    return FormOutcome::Submit;
                }
                self.focus += 1;
            }
            Key::F(10) => return FormOutcome::Submit,
            Key::Tab | Key::Down | Key::Ctrl('j') => self.focus = (self.focus + 1).min(last),
            Key::BackTab | Key::Up => self.focus = self.focus.saturating_sub(1),
            Key::Home => self.focus = 0,
            Key::End => self.focus = last,
            Key::Char(c) => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    if f.value.len() < MAX_FIELD {
                        f.value.push(c);
                    }
                }
            }
            Key::Backspace => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    f.value.pop();
                }
            }
            Key::Ctrl('u') => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    f.value.clear();
                }
            }
            _ => {}
        }
        FormOutcome::Continue
    }

    /// Check every field; the first problem names its field.
    pub fn validate(&self, decimals: u32) -> Result<(), String> {
        for f in &self.fields {
            let v = f.value.trim();
            let problem = match f.kind {
                FieldKind::Text if v.is_empty() => Some("is required".to_string()),
                FieldKind::Text | FieldKind::OptionalText => None,
                FieldKind::Money if v.is_empty() => None,
                FieldKind::Money => parse_money(v, decimals).err().map(|e| e.to_string()),
                FieldKind::Count if v.is_empty() => None,
                FieldKind::Count | FieldKind::RequiredCount => {
                    crate::domain::ledger::parse_count_qty(v).err()
                }
                FieldKind::Positive => crate::domain::ledger::parse_positive_qty(v).err(),
                FieldKind::Signed => match crate::domain::ledger::parse_signed_qty(v) {
                    Ok(0) => Some("must not be 0".to_string()),
                    Ok(_) => None,
                    Err(e) => Some(e),
                },
                FieldKind::YesNo if v.is_empty() || yes_no(v).is_some() => None,
                FieldKind::YesNo => Some("answer y or n".to_string()),
            };
            if let Some(p) = problem {
                return Err(format!("{}: {p}", f.label));
            }
        }
        Ok(())
    }

    /// Money fields with an absurd amount ask first: the first save names the field and the
    /// amount and refuses; saving again with the same amount keeps it.
    pub fn ask_about_large_amounts(&mut self) -> Result<(), String> {
        for f in &self.fields {
            let v = f.value.trim();
            if f.kind != FieldKind::Money || v.is_empty() {
                continue;
            }
            let integer_digits = v
                .trim_start_matches(['-', '+'])
                .split(['.', ','])
                .next()
                .unwrap_or("")
                .trim_start_matches('0')
                .chars()
                .filter(char::is_ascii_digit)
                .count();
            let key = format!("{}={v}", f.label);
            if integer_digits > LARGE_AMOUNT_DIGITS && !self.large_amounts_kept.contains(&key) {
                let problem = format!(
                    "{} {v} is over a million: correct it, or save again to keep it",
                    f.label
                );
                self.large_amounts_kept.push(key);
                return Err(problem);
            }
        }
        Ok(())
    }

    /// A money field as minor units (None when empty). Call after `validate`.
    pub fn money(&self, label: &str, decimals: u32) -> Option<i64> {
        let v = self.value(label);
        if v.is_empty() {
            None
        } else {
            parse_money(v, decimals).ok()
        }
    }

    /// A number field (None when empty or not a number). Call after `validate`.
    pub fn number(&self, label: &str) -> Option<i64> {
        let v = self.value(label);
        if v.is_empty() {
            None
        } else {
            crate::domain::ledger::parse_signed_qty(v).ok()
        }
    }

    /// A text field (None when empty).
    pub fn text(&self, label: &str) -> Option<String> {
        let v = self.value(label);
        (!v.is_empty()).then(|| v.to_string())
    }

    /// A y/n field (None when empty). Call after `validate`.
    pub fn yes_no(&self, label: &str) -> Option<bool> {
        yes_no(self.value(label))
    }

    /// A supplier name no supplier has is asked about first (a typo must not make a second
    /// supplier): the first save names it and refuses; saving again with the same name
    /// keeps it. `Ok(true)`: it is to be added; `Ok(false)`: no name, or a known one.
    pub(crate) fn ask_about_new_supplier(
        &mut self,
        store: &crate::store::Store,
        label: &str,
    ) -> anyhow::Result<bool> {
        let Some(name) = self.text(label) else {
            return Ok(false);
        };
        if store.supplier_by_name(&name)?.is_some() {
            return Ok(false);
        }
        let asked = format!("{label}={name}");
        if self.large_amounts_kept.contains(&asked) {
            return Ok(true);
        }
        self.large_amounts_kept.push(asked);
        Err(crate::store::Refusal(format!(
            "No supplier '{}' yet: correct the name, or save again to add it",
            crate::domain::text::sanitize(&name)
        ))
        .into())
    }
}

/// y, yes, n or no, in any case.
fn yes_no(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}
