//! The screens, as data: one row each. The keys that switch screens, the tab line, the
//! title bar, the footer, the help screen's sections, the key dispatch and the reload after
//! another session's postings are all read from this table, so none of them can drift from
//! the others. A new screen is its state and keys in `app/NAME.rs`, its drawing in
//! `ui/NAME.rs`, and one row here (plus its arm in `ui::draw_screen`, which draws it).

use anyhow::Result;

use super::doc_role::DocRole;
use super::document::Focus;
use super::help::{self, KeyHelp};
use super::input::Key;
use super::{App, Modal, OrdersFocus, Screen};

/// A screen's place on the tab line and the keys that switch to it.
#[derive(Debug, Clone, Copy)]
pub struct Tab {
    /// Its name on the tab line.
    pub name: &'static str,
    /// Its function key (F1 ..), when it has one; every tab also has `Alt-DIGIT`.
    pub fkey: Option<u8>,
    pub alt: char,
    /// How the help screen's "Everywhere" section names a tab with no function key.
    pub everywhere: &'static str,
}

/// A screen's section on the help screen.
pub type HelpSection = (&'static str, &'static [KeyHelp]);

/// One screen.
pub struct ScreenSpec {
    pub screen: Screen,
    pub tab: Option<Tab>,
    /// The tab lit while this screen shows (item detail lights Stock).
    pub lights: Screen,
    /// What the title bar says.
    pub title: fn(&App) -> String,
    /// The keys the footer shows while no dialog is open.
    pub footer: fn(&App) -> &'static [KeyHelp],
    /// Its section on the help screen (screens that share one name it once).
    pub help: Option<HelpSection>,
    /// A key for this screen (no dialog open, not a screen-switching key).
    pub on_key: fn(&mut App, Key),
    /// Load what it shows (on entering it, and when another session posted).
    pub reload: fn(&mut App) -> Result<()>,
}

/// Every screen, in the order of the help screen's sections.
pub const SCREENS: &[ScreenSpec] = &[
    ScreenSpec {
        screen: Screen::Help,
        tab: Some(Tab {
            name: "Help",
            fkey: Some(1),
            alt: '1',
            everywhere: "",
        }),
        lights: Screen::Help,
        title: |_| "Help: every key".to_string(),
        footer: |_| help::HELP_KEYS,
        help: None,
        on_key: |app, key| app.help_key(key),
        reload: |_| Ok(()),
    },
    ScreenSpec {
        screen: Screen::Receiving,
        tab: Some(Tab {
            name: "Receiving",
            fkey: Some(3),
            alt: '3',
            everywhere: "",
        }),
        lights: Screen::Receiving,
        title: |_| "Receiving: goods in".to_string(),
        footer: |app| match app.receiving().focus {
            Focus::Lines => help::LINES_KEYS,
            Focus::Scan => help::RECEIVING_KEYS,
        },
        help: Some(help::DOCUMENT_HELP),
        on_key: |app, key| app.doc_key(DocRole::Receiving, key),
        reload: |app| app.reload_doc(DocRole::Receiving),
    },
    ScreenSpec {
        screen: Screen::Sales,
        tab: Some(Tab {
            name: "Sales",
            fkey: Some(4),
            alt: '4',
            everywhere: "",
        }),
        lights: Screen::Sales,
        title: |app| {
            if app.sales().is_return() {
                "Sales: CUSTOMER RETURN".to_string()
            } else {
                "Sales".to_string()
            }
        },
        footer: |app| match app.sales().focus {
            Focus::Lines => help::LINES_KEYS,
            Focus::Scan => help::SALES_KEYS,
        },
        // Shares its section with receiving.
        help: None,
        on_key: |app, key| app.doc_key(DocRole::Sales, key),
        reload: |app| app.reload_doc(DocRole::Sales),
    },
    ScreenSpec {
        screen: Screen::Stock,
        tab: Some(Tab {
            name: "Stock",
            fkey: Some(2),
            alt: '2',
            everywhere: "",
        }),
        lights: Screen::Stock,
        title: |_| "Stock list".to_string(),
        footer: |_| help::STOCK_KEYS,
        help: Some(help::STOCK_HELP),
        on_key: |app, key| app.stock_key(key),
        reload: |app| {
            app.stock.recount = true;
            app.reload_stock()
        },
    },
    ScreenSpec {
        screen: Screen::ItemDetail,
        tab: None,
        lights: Screen::Stock,
        title: |app| match app.detail() {
            Some(d) => format!("Item {}", crate::domain::text::sanitize(&d.item.sku)),
            None => "Item".to_string(),
        },
        footer: |_| help::DETAIL_KEYS,
        help: Some(help::DETAIL_HELP),
        on_key: |app, key| app.detail_key(key),
        reload: |app| app.reload_detail(),
    },
    ScreenSpec {
        screen: Screen::Alerts,
        tab: Some(Tab {
            name: "Alerts",
            fkey: Some(5),
            alt: '5',
            everywhere: "",
        }),
        lights: Screen::Alerts,
        title: |_| "Low-stock alerts".to_string(),
        footer: |_| help::ALERTS_KEYS,
        help: Some(help::ALERTS_HELP),
        on_key: |app, key| app.alerts_key(key),
        reload: |app| app.reload_alerts(),
    },
    ScreenSpec {
        screen: Screen::Orders,
        tab: Some(Tab {
            name: "Orders",
            fkey: None,
            alt: '6',
            everywhere: "purchase orders (also F8 on the alerts)",
        }),
        lights: Screen::Alerts,
        title: |_| "Purchase orders".to_string(),
        footer: |app| match app.orders().focus {
            OrdersFocus::Lines => help::ORDER_LINES_KEYS,
            _ => help::ORDERS_KEYS,
        },
        help: Some(help::ORDERS_HELP),
        on_key: |app, key| app.orders_key(key),
        reload: |app| app.reload_orders(),
    },
];

/// The row of a screen.
pub fn spec(screen: Screen) -> &'static ScreenSpec {
    SCREENS
        .iter()
        .find(|s| s.screen == screen)
        .unwrap_or(&SCREENS[0])
}

/// The screen a key switches to: its F-key or its Alt-digit.
pub fn switched_to_by(key: Key) -> Option<Screen> {
    SCREENS.iter().find_map(|s| {
        let tab = s.tab?;
        let hit = match key {
            Key::F(n) => tab.fkey == Some(n),
            Key::Alt(c) => tab.alt == c,
            _ => false,
        };
        hit.then_some(s.screen)
    })
}

/// `F1` .. `F12` as text.
fn f_label(n: u8) -> &'static str {
    const LABELS: [&str; 13] = [
        "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12",
    ];
    LABELS.get(usize::from(n)).copied().unwrap_or("F?")
}

/// The tabs with a function key, in key order: (key, name, screen).
pub fn function_key_tabs() -> Vec<(&'static str, &'static str, Screen)> {
    let mut tabs: Vec<(u8, &'static str, Screen)> = SCREENS
        .iter()
        .filter_map(|s| {
            let tab = s.tab?;
            Some((tab.fkey?, tab.name, s.screen))
        })
        .collect();
    tabs.sort_by_key(|t| t.0);
    tabs.into_iter()
        .map(|(n, name, screen)| (f_label(n), name, screen))
        .collect()
}

/// The first and last Alt-digits of the function-key tabs (`Alt-1 .. Alt-5`).
fn alt_range() -> (char, char) {
    let alts: Vec<char> = SCREENS
        .iter()
        .filter_map(|s| s.tab.filter(|t| t.fkey.is_some()).map(|t| t.alt))
        .collect();
    let first = alts.iter().min().copied().unwrap_or('1');
    let last = alts.iter().max().copied().unwrap_or('1');
    (first, last)
}

/// The fallback for the function keys, as the tab line shows it (`Alt-1..5`, "same").
pub fn alt_fallback() -> (String, &'static str) {
    let (first, last) = alt_range();
    (format!("Alt-{first}..{last}"), "same")
}

/// The help screen's "Everywhere" section: the tabs, their Alt fallback, the tabs with no
/// function key, quitting and Esc.
pub fn everywhere_section() -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = function_key_tabs()
        .into_iter()
        .map(|(k, name, _)| (k.to_string(), name.to_string()))
        .collect();
    let tabs = function_key_tabs();
    let (first, last) = alt_range();
    if let (Some(f), Some(l)) = (tabs.first(), tabs.last()) {
        keys.push((
            format!("Alt-{first} .. Alt-{last}"),
            format!("the same as {} .. {} (if F-keys do not work)", f.0, l.0),
        ));
    }
    for s in SCREENS {
        if let Some(tab) = s.tab.filter(|t| t.fkey.is_none()) {
            keys.push((format!("Alt-{}", tab.alt), tab.everywhere.to_string()));
        }
    }
    keys.push((
        "Ctrl-C".into(),
        "quit from anywhere (open documents stay as drafts)".into(),
    ));
    keys.push((
        "Esc".into(),
        "leave an input or a dialog; keeps documents".into(),
    ));
    keys
}

/// The help screen: sections of (keys, what they do): every key that works everywhere,
/// then each screen's section in the order of the screen table, then the forms.
pub fn help_sections() -> Vec<(&'static str, Vec<(String, String)>)> {
    let owned = |keys: &[KeyHelp]| -> Vec<(String, String)> {
        keys.iter()
            .map(|(k, w)| (k.to_string(), w.to_string()))
            .collect()
    };
    let mut out = vec![("Everywhere", everywhere_section())];
    for spec in SCREENS {
        if let Some((title, keys)) = spec.help {
            out.push((title, owned(keys)));
        }
    }
    out.push((help::FORMS_HELP.0, owned(help::FORMS_HELP.1)));
    out
}

/// Lines the help screen has (sections, their keys, blank lines, and the settings).
pub fn help_line_count() -> u16 {
    let n: usize = help_sections().iter().map(|(_, keys)| keys.len() + 2).sum();
    u16::try_from(n + HELP_TAIL_LINES).unwrap_or(u16::MAX)
}

/// Lines after the key sections on the help screen (settings and the tmux note).
pub const HELP_TAIL_LINES: usize = 3;

impl App {
    /// The keys of what has the keyboard now: a dialog, or the screen.
    pub fn footer_keys(&self) -> &'static [KeyHelp] {
        match self.modal() {
            Some(Modal::ConfirmPost(_)) | Some(Modal::ConfirmDiscard(_)) => {
                return help::CONFIRM_KEYS
            }
            Some(Modal::Form(_)) => return help::FORM_KEYS,
            Some(Modal::DraftPicker(_)) => return help::PICKER_KEYS,
            Some(Modal::ConfirmOnOrder { .. }) => return help::ON_ORDER_KEYS,
            Some(Modal::PickItem(_)) => return help::ITEM_PICKER_KEYS,
            Some(Modal::ConfirmOrder { .. })
            | Some(Modal::ConfirmRemoveLine { .. })
            | Some(Modal::ConfirmOffOrder { .. })
            | Some(Modal::ConfirmImport { .. }) => return help::CONFIRM_KEYS,
            None => {}
        }
        (spec(self.screen()).footer)(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_has_one_row_and_every_key_switches_to_one_screen() {
        for screen in [
            Screen::Help,
            Screen::Stock,
            Screen::ItemDetail,
            Screen::Receiving,
            Screen::Sales,
            Screen::Alerts,
            Screen::Orders,
        ] {
            assert_eq!(SCREENS.iter().filter(|s| s.screen == screen).count(), 1);
        }
        let mut keys = Vec::new();
        for s in SCREENS {
            if let Some(tab) = s.tab {
                keys.push(Key::Alt(tab.alt));
                if let Some(n) = tab.fkey {
                    keys.push(Key::F(n));
                }
            }
        }
        for k in &keys {
            assert_eq!(keys.iter().filter(|o| *o == k).count(), 1, "{k:?} twice");
            assert!(switched_to_by(*k).is_some());
        }
    }

    #[test]
    fn the_tab_line_is_in_function_key_order() {
        let tabs: Vec<&str> = function_key_tabs().iter().map(|t| t.0).collect();
        assert_eq!(tabs, ["F1", "F2", "F3", "F4", "F5"]);
        assert_eq!(alt_fallback().0, "Alt-1..5");
    }

    #[test]
    fn every_help_line_fits_in_80_columns() {
        for (title, keys) in help_sections() {
            assert!(title.chars().count() <= 80, "{title}");
            for (k, w) in keys {
                // As the help screen draws them: 2 + key column + text.
                let n = 2 + help::HELP_KEY_WIDTH.max(k.chars().count()) + w.chars().count();
                assert!(n <= 80, "{k} {w}: {n} wide");
            }
        }
    }
}
