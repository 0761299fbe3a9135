//! The TUI's state machine: screens, their state, and `update`. No terminal and no SQL
//! here: screens call `Store` methods, and tests drive `App` by feeding events.
//!
//! `tui.rs` turns terminal events into `AppEvent`s (see `input::map_event`), calls
//! `App::update` for each, and draws with `ui::draw` when something changed.

pub mod alerts;
pub mod dialog_keys;
pub mod doc_role;
pub mod document;
pub mod form;
pub mod help;
pub mod importing;
pub mod input;
pub mod item_detail;
pub mod orders;
pub mod receiving;
pub mod sales;
pub mod scan_line;
pub mod screens;
pub mod stock_list;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::session::Session;
use crate::store::{Refusal, Store};

pub use alerts::AlertsScreen;
pub use doc_role::DocRole;
pub use document::{DocScreen, Document, DraftPicker, Focus, LeftOut};
pub use form::{Field, FieldKind, Form, FormKind};
pub use input::{map_event, map_key, paste_keys, AppEvent, Key};
pub use item_detail::ItemDetail;
pub use orders::{ItemPicker, OrderAction, OrdersFocus, OrdersScreen};
pub use scan_line::{ScanLine, ScanOutcome, Terminator};
pub use stock_list::StockList;

/// Rows the chrome takes: the title bar, the status line and the two key lines.
pub const CHROME_ROWS: u16 = 4;
/// Below this size the screen says "terminal too small" and draws nothing else.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The screens. Item detail is reached from the stock list or the alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Help,
    Stock,
    ItemDetail,
    Receiving,
    Sales,
    Alerts,
    /// Purchase orders, reached from the alerts (F8) or with Alt-6.
    Orders,
}

impl Screen {
    pub fn title(self) -> &'static str {
        match self {
            Screen::Help => "Help",
            Screen::Stock => "Stock",
            Screen::ItemDetail => "Item",
            Screen::Receiving => "Receiving",
            Screen::Sales => "Sales",
            Screen::Alerts => "Alerts",
            Screen::Orders => "Orders",
        }
    }
}

/// A dialog over the screen; it takes the keys until it closes.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// "Post this document?" Enter or y posts, Esc keeps it open.
    ConfirmPost(DocRole),
    /// "Throw this document away?" Enter or y discards, Esc keeps it.
    ConfirmDiscard(DocRole),
    Form(Form),
    DraftPicker(DraftPicker),
    /// "Close / cancel this purchase order?" with what is still open on it.
    ConfirmOrder {
        order_id: i64,
        action: OrderAction,
        question: String,
    },
    /// A scan in a receipt against an order that is not on the order, or more than is
    /// still open: Enter or y adds it, Esc leaves it out.
    ConfirmOffOrder {
        item_id: i64,
        qty: i64,
        question: String,
    },
    /// Posting a plain receipt whose lines are on an open purchase order: `o` posts it
    /// against the order (ticking the units off), Enter posts it plain, Esc keeps editing.
    ConfirmOnOrder {
        role: DocRole,
        order_id: i64,
        question: String,
    },
    /// "Remove this line from the purchase order?" Enter or y removes it, Esc keeps it.
    ConfirmRemoveLine {
        order_id: i64,
        item_id: i64,
        question: String,
    },
    /// The items a search on a purchase order's scan line found: Enter adds the chosen.
    PickItem(ItemPicker),
    /// The dry run of an import, asking to apply it.
    ConfirmImport {
        path: String,
        format: Option<crate::channels::Format>,
        summary: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Success,
    Error,
}

/// The last thing that happened: a posting, a scan, or an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// What the terminal loop must do after an update.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effects {
    /// Something on screen may have changed.
    pub redraw: bool,
    /// Ring the terminal bell (unknown code, refusal).
    pub bell: bool,
    /// Leave the TUI.
    pub quit: bool,
}

pub struct App {
    store: Store,
    store_name: String,
    now: DateTime<Utc>,
    screen: Screen,
    modal: Option<Modal>,
    status: Status,
    monochrome: bool,
    width: u16,
    height: u16,
    stock: StockList,
    detail: Option<ItemDetail>,
    detail_back: Screen,
    receiving: DocScreen,
    sales: DocScreen,
    alerts: AlertsScreen,
    orders: OrdersScreen,
    help_scroll: u16,
    bell: bool,
    quit: bool,
    /// While the terminal loop drains a batch of events, slow reloads wait for `end_batch`.
    batching: bool,
    /// Characters typed while a dialog is open, held until it is known what they are: a
    /// run ended by Enter, LF or Tab in the same batch is a scan (see `dialog_keys`).
    held: String,
    /// Scans that arrived while a form or question was open on a document screen: they go
    /// on that document, in order, when the dialog closes.
    held_scans: Vec<(DocRole, String)>,
    /// Scans that arrived while a form or question was open on the purchase orders screen
    /// over an open order: they go on the order shown when the dialog closes.
    held_order_scans: Vec<String>,
    /// The supplier of the last item quick-created in this session: the next one's default
    /// (a delivery is one supplier's goods).
    last_supplier: Option<String>,
    /// The last batch's characters, typed into a form with nothing else in the batch, and
    /// the form as it was before them: the first part of a scan that arrived split in two
    /// batches (SSH sends keys in 20 ms clumps) is taken back out of the field when the
    /// rest of it arrives.
    typed_tail: Option<dialog_keys::TypedTail>,
    /// Keys fed in the current batch so far.
    batch_keys: usize,
    /// The held run began with the batch's first key.
    run_from_batch_start: bool,
    /// This session: the drafts it opens are held by it until it ends.
    session: Session,
}

impl Drop for App {
    /// The session ends: its drafts stay, free for the next session to reopen.
    fn drop(&mut self) {
        self.flush_drafts();
        let _ = self.store.release_drafts(&self.session);
    }
}

impl App {
    /// Open the app on a store. The user's open drafts are reopened: the screen of the
    /// newest one is shown first (several of one kind: a picker asks which).
    pub fn new(store: Store, now: DateTime<Utc>) -> App {
        let store_name = store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| store.path().display().to_string());
        let mut app = App {
            store,
            store_name: crate::domain::text::sanitize(&store_name),
            now,
            screen: Screen::Stock,
            modal: None,
            status: Status {
                kind: StatusKind::Info,
                text: "F1 lists every key".to_string(),
            },
            monochrome: false,
            width: 80,
            height: 24,
            stock: StockList::default(),
            detail: None,
            detail_back: Screen::Stock,
            receiving: DocScreen::new(DocRole::Receiving),
            sales: DocScreen::new(DocRole::Sales),
            alerts: AlertsScreen::default(),
            orders: OrdersScreen::default(),
            help_scroll: 0,
            bell: false,
            quit: false,
            batching: false,
            held: String::new(),
            held_scans: Vec::new(),
            held_order_scans: Vec::new(),
            last_supplier: None,
            typed_tail: None,
            batch_keys: 0,
            run_from_batch_start: false,
            session: Session::start(),
        };
        let first = app.reopen_drafts();
        app.switch_to(first.unwrap_or(Screen::Stock));
        app
    }

    // ----- read access (for the ui and for tests) -----

    pub fn store(&self) -> &Store {
        &self.store
    }
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }
    pub fn store_name(&self) -> &str {
        &self.store_name
    }
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
    pub fn screen(&self) -> Screen {
        self.screen
    }
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }
    pub fn status(&self) -> &Status {
        &self.status
    }
    pub fn monochrome(&self) -> bool {
        self.monochrome
    }
    pub fn set_monochrome(&mut self, on: bool) {
        self.monochrome = on;
    }
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }
    pub fn stock(&self) -> &StockList {
        &self.stock
    }
    pub fn detail(&self) -> Option<&ItemDetail> {
        self.detail.as_ref()
    }
    pub fn receiving(&self) -> &DocScreen {
        &self.receiving
    }
    pub fn sales(&self) -> &DocScreen {
        &self.sales
    }
    pub fn doc_screen(&self, role: DocRole) -> &DocScreen {
        match role {
            DocRole::Receiving => &self.receiving,
            DocRole::Sales => &self.sales,
        }
    }
    pub fn alerts(&self) -> &AlertsScreen {
        &self.alerts
    }
    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }
    /// This session (what the drafts it holds record).
    pub fn session(&self) -> &Session {
        &self.session
    }
    pub fn should_quit(&self) -> bool {
        self.quit
    }
    pub fn currency_decimals(&self) -> u32 {
        self.store.settings().currency_decimals
    }

    pub(crate) fn doc_mut(&mut self, role: DocRole) -> &mut DocScreen {
        match role {
            DocRole::Receiving => &mut self.receiving,
            DocRole::Sales => &mut self.sales,
        }
    }

    /// The role of the current screen when it holds a document.
    pub fn current_role(&self) -> Option<DocRole> {
        match self.screen {
            Screen::Receiving => Some(DocRole::Receiving),
            Screen::Sales => Some(DocRole::Sales),
            _ => None,
        }
    }

    // ----- status -----

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.status = Status {
            kind: StatusKind::Info,
            text: text.into(),
        };
    }
    pub(crate) fn success(&mut self, text: impl Into<String>) {
        self.status = Status {
            kind: StatusKind::Success,
            text: text.into(),
        };
    }
    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.status = Status {
            kind: StatusKind::Error,
            text: text.into(),
        };
    }
    /// Show an error from the store: a refusal as it is, anything else with its causes.
    pub(crate) fn fail(&mut self, e: &anyhow::Error) {
        let text = match e.downcast_ref::<Refusal>() {
            Some(r) => r.0.clone(),
            None => format!("error: {e:#}"),
        };
        self.error(text.replace(['\n', '\r'], " "));
    }
    /// Report the error of a fallible step, if any.
    pub(crate) fn report(&mut self, r: Result<()>) {
        if let Err(e) = r {
            self.fail(&e);
        }
    }
    pub(crate) fn ring(&mut self) {
        self.bell = true;
    }

    // ----- the loop's entry points -----

    /// The terminal loop calls this before feeding a drained batch of events...
    pub fn begin_batch(&mut self) {
        self.batching = true;
        self.batch_keys = 0;
    }
    /// ...and this after it, before drawing: deferred reloads (search as you type) run once.
    pub fn end_batch(&mut self) {
        self.batching = false;
        self.end_of_held_run();
        self.apply_held_scans();
        self.settle();
    }

    /// Run reloads that were put off while a batch of keys was being fed.
    fn settle(&mut self) {
        self.flush_drafts();
        if (self.stock.dirty || self.stock.recount) && matches!(self.screen, Screen::Stock) {
            let r = self.reload_stock();
            self.report(r);
        }
    }

    /// Handle one event.
    pub fn update(&mut self, ev: AppEvent) -> Effects {
        let mut redraw = true;
        match ev {
            AppEvent::Key(k) => self.on_key(k),
            AppEvent::Paste(text) => self.on_paste(&text),
            AppEvent::Resize { width, height } => self.resize(width, height),
            AppEvent::Tick(now) => {
                self.now = now;
                redraw = false;
            }
            AppEvent::Refresh => self.refresh(),
        }
        if !self.batching {
            self.settle();
        }
        let bell = std::mem::take(&mut self.bell);
        Effects {
            redraw,
            bell,
            quit: self.quit,
        }
    }

    /// The terminal size changed (also sent once at start).
    pub fn resize(&mut self, width: u16, height: u16) {
        let rows_before = self.stock.page_rows;
        self.width = width;
        self.height = height;
        self.stock.page_rows = stock_list::page_rows(height);
        if rows_before != self.stock.page_rows && self.screen == Screen::Stock {
            self.stock.dirty = true;
        }
    }

    /// Data changed in another session: reload what is on screen.
    pub fn refresh(&mut self) {
        let r = self.reload_screen();
        self.report(r);
    }

    /// Reload what is on screen (another session posted, or this one changed something).
    pub(crate) fn reload_screen(&mut self) -> Result<()> {
        (screens::spec(self.screen).reload)(self)
    }

    /// Go to a screen and load what it shows.
    pub fn switch_to(&mut self, screen: Screen) {
        self.modal = None;
        self.screen = screen;
        let r = self.reload_screen();
        self.report(r);
        if let Some(role) = self.current_role() {
            self.offer_draft_picker(role);
        }
    }

    fn on_key(&mut self, key: Key) {
        if self.too_small() {
            // Nothing on screen shows what a key would do: only Ctrl-C acts.
            if key == Key::Ctrl('c') {
                self.flush_drafts();
                self.quit = true;
            } else {
                self.ring();
            }
            return;
        }
        if self.dialog_keys(key) {
            return;
        }
        self.dispatch_key(key);
        self.apply_held_scans();
    }

    /// Whether the screen is below the size it can be used at ("terminal too small").
    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// A key, after the dialog guard: to the dialog, or to the screen.
    fn dispatch_key(&mut self, key: Key) {
        if key == Key::Ctrl('c') {
            self.flush_drafts();
            self.quit = true;
            return;
        }
        if let Some(screen) = screens::switched_to_by(key) {
            self.switch_to(screen);
            return;
        }
        if self.modal.is_some() {
            self.modal_key(key);
            return;
        }
        (screens::spec(self.screen).on_key)(self, key);
    }

    /// Pasted text is typed text. On a screen with a scan line, its lines are scans and
    /// its empty lines are skipped (an empty line in a paste never confirms anything).
    fn on_paste(&mut self, text: &str) {
        if self.too_small() {
            self.ring();
            return;
        }
        for key in paste_keys(text) {
            let scan_line_empty = match (self.modal.is_some(), self.screen) {
                (true, _) => false,
                (false, Screen::Receiving) => self.receiving.scan.is_empty(),
                (false, Screen::Sales) => self.sales.scan.is_empty(),
                (false, Screen::Stock) => self.stock.search.is_empty(),
                (false, Screen::Orders) => {
                    self.orders.has_scan_line() && self.orders.scan.is_empty()
                }
                _ => false,
            };
            if key == Key::Enter && scan_line_empty {
                continue;
            }
            if self.modal.is_some() && matches!(key, Key::Enter | Key::Tab | Key::Ctrl('j')) {
                // A paste fills a field; it does not move through or submit a dialog.
                continue;
            }
            self.dispatch_key(key);
        }
        self.apply_held_scans();
    }

    fn modal_key(&mut self, key: Key) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        match modal {
            Modal::ConfirmPost(role) => match key {
                Key::Enter | Key::Char('y') => self.post_document(role),
                Key::Esc => self.info("Not posted; the document is kept"),
                Key::Char(_) | Key::Backspace => {
                    // A scan arriving while the dialog is open goes back to the scan line.
                    self.doc_key(role, key);
                }
                _ => self.modal = Some(Modal::ConfirmPost(role)),
            },
            Modal::ConfirmDiscard(role) => match key {
                Key::Enter | Key::Char('y') => self.discard_document(role),
                Key::Esc => self.info("The document is kept"),
                Key::Char(_) | Key::Backspace => self.doc_key(role, key),
                _ => self.modal = Some(Modal::ConfirmDiscard(role)),
            },
            Modal::Form(mut form) => match form.handle(key) {
                form::FormOutcome::Continue => self.modal = Some(Modal::Form(form)),
                form::FormOutcome::Cancel => match form.kind {
                    FormKind::Post { role } => {
                        self.keep_post_form(&form, role);
                        self.info("Not posted; the document is kept");
                    }
                    _ => self.info("Cancelled"),
                },
                form::FormOutcome::Submit => self.submit_form(form),
            },
            Modal::DraftPicker(picker) => self.picker_key(picker, key),
            Modal::ConfirmOrder {
                order_id,
                action,
                question,
            } => self.confirm_order_key(order_id, action, question, key),
            Modal::ConfirmOffOrder {
                item_id,
                qty,
                question,
            } => self.confirm_off_order_key(item_id, qty, question, key),
            Modal::ConfirmOnOrder {
                role,
                order_id,
                question,
            } => self.confirm_on_order_key(role, order_id, question, key),
            Modal::ConfirmRemoveLine {
                order_id,
                item_id,
                question,
            } => self.confirm_remove_line_key(order_id, item_id, question, key),
            Modal::PickItem(p) => self.item_picker_key(p, key),
            Modal::ConfirmImport {
                path,
                format,
                summary,
            } => self.confirm_import_key(path, format, summary, key),
        }
    }

    /// A form was submitted: act on it; on a refusal the form stays open with the message.
    fn submit_form(&mut self, mut form: Form) {
        if let Err(problem) = form
            .validate(self.currency_decimals())
            .and_then(|()| form.ask_about_large_amounts())
        {
            self.ring();
            self.error(problem.clone());
            form.error = Some(problem);
            self.modal = Some(Modal::Form(form));
            return;
        }
        let result = match form.kind.clone() {
            FormKind::QuickCreate { code, qty } => self.submit_quick_create(&mut form, &code, qty),
            FormKind::NewItem => self.submit_new_item(&mut form),
            FormKind::EditItem { item_id } => self.submit_edit_item(&mut form, item_id),
            FormKind::Count { item_id } => self.submit_count(&form, item_id),
            FormKind::Adjust { item_id } => self.submit_adjust(&form, item_id),
            FormKind::Void { doc } => self.submit_void(&form, &doc),
            FormKind::EditLine { role, index } => self.submit_edit_line(&form, role, index),
            FormKind::OrderLine { order_id, item_id } => {
                self.submit_order_line(&form, order_id, item_id)
            }
            FormKind::ExportOrder { order_id } => self.submit_export_order(&mut form, order_id),
            FormKind::NewOrder => self.submit_new_order(&form),
            FormKind::Import => self.submit_import(&form),
            FormKind::Post { role } => self.submit_post_form(&form, role),
        };
        if let Err(e) = result {
            self.fail(&e);
            self.ring();
            form.error = Some(self.status.text.clone());
            self.modal = Some(Modal::Form(form));
        }
    }

    pub(crate) fn help_key(&mut self, key: Key) {
        let max =
            screens::help_line_count().saturating_sub(self.height.saturating_sub(CHROME_ROWS));
        let page = self.height.saturating_sub(CHROME_ROWS + 1).max(1);
        let at = self.help_scroll;
        self.help_scroll = match key {
            Key::Up => at.saturating_sub(1),
            Key::Down => at.saturating_add(1),
            Key::PageUp => at.saturating_sub(page),
            Key::PageDown | Key::Char(' ') => at.saturating_add(page),
            Key::Home => 0,
            Key::End => max,
            Key::Esc => {
                self.switch_to(Screen::Stock);
                at
            }
            Key::Char(c) if !c.is_whitespace() => {
                self.start_stock_search(c);
                at
            }
            _ => at,
        }
        .min(max);
    }

    /// A printable key on a screen without a scan line starts a search (or a scan) on the
    /// stock list, so a scan arriving anywhere still finds its item.
    pub(crate) fn start_stock_search(&mut self, c: char) {
        self.switch_to(Screen::Stock);
        self.stock_key(Key::Char(c));
    }
}

/// Shown in the status line for a refusal or an error.
pub fn error_text(e: &anyhow::Error) -> String {
    match e.downcast_ref::<Refusal>() {
        Some(r) => r.0.clone(),
        None => format!("error: {e:#}"),
    }
}
