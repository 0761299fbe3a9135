//! The command line as clap derive types: every command, argument and help text, and
//! nothing that runs them (that is the other files of `cli`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "stockroom",
    version,
    about = "A perpetual inventory for small shops: stock list, receiving, sales and low-stock alerts over one SQLite ledger.",
    long_about = None
)]
pub struct Cli {
    /// The store file (else $STOCKROOM_DB, else $XDG_DATA_HOME/stockroom/stockroom.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Draw the TUI without colour (also NO_COLOR or TERM=dumb).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Write a diagnostic log under $XDG_STATE_HOME/stockroom/.
    #[arg(long, global = true)]
    pub log: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or migrate the store; --demo also loads a sample shop with 90 days of history.
    Init {
        /// Load the demo catalogue and history (refused on a non-empty store).
        #[arg(long)]
        demo: bool,
    },
    /// The terminal UI (the default).
    Tui,
    /// Open the TUI on a demo store of its own (created on first use).
    Demo,
    /// Add, change or show catalogue items.
    #[command(subcommand)]
    Item(ItemCommand),
    /// Goods in.
    Receive(ReceiveArgs),
    /// Goods out to a customer.
    Sell(SellArgs),
    /// A customer return, back into stock at the sale's cost.
    Return(ReturnArgs),
    /// A signed correction (damaged, lost, found, ...).
    Adjust {
        /// The item's barcode or SKU.
        code: String,
        /// The change in units, signed, e.g. -2 (two damaged) or 3 (three found).
        #[arg(allow_hyphen_values = true)]
        delta: String,
        /// Why (required), e.g. "damaged in transit"; kept on the ledger.
        #[arg(long)]
        reason: String,
    },
    /// A physical count: sets on hand to QTY by posting the difference.
    Count {
        /// The item's barcode or SKU.
        code: String,
        /// The units counted on the shelf (0 or more).
        #[arg(allow_hyphen_values = true)]
        qty: String,
    },
    /// Reverse a posted document by posting its opposite.
    Void {
        /// The document number, e.g. S-42.
        doc: String,
        /// Why it is voided (required); kept on the ledger.
        #[arg(long)]
        reason: String,
    },
    /// The on-hand list (active items).
    Stock {
        /// Print JSON (an array of items) instead of a table.
        #[arg(long)]
        json: bool,
        /// Only items at or below their reorder point.
        #[arg(long)]
        low: bool,
    },
    /// Items at or below their reorder point, with a suggested order quantity.
    Alerts {
        /// Print JSON (an array of alerts) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// An item's ledger, oldest first, with running balance (inactive items too).
    History {
        /// The item's barcode or SKU.
        code: String,
        /// Print JSON (an array of movements) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Verify every invariant of the ledger; exit 1 with a list if any fails.
    Check,
    /// Purchase orders.
    #[command(subcommand)]
    Order(OrderCommand),
    /// Suppliers: records with a contact and a default lead time.
    #[command(subcommand)]
    Supplier(SupplierCommand),
    /// Read codes from standard input, one `CODE` or `N*CODE` a line (sell/receive post
    /// each line; count posts one count when the input ends).
    #[command(long_about = SCAN_HELP)]
    Scan {
        /// sell or receive (post each line), or count (one count of the whole run).
        #[arg(value_enum)]
        mode: ScanMode,
    },
    /// Load a CSV in one transaction (native, Shopify or WooCommerce).
    Import(ImportArgs),
    /// Write stock, movements or Shopify's inventory CSV.
    Export {
        /// What to write: stock, movements, or shopify-inventory (Shopify's layout).
        #[arg(value_enum)]
        kind: ExportKind,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// A consistent copy of the live store, safe while others post.
    Backup {
        /// Where to write the copy (a new file).
        file: PathBuf,
    },
}

// The arguments of the commands that have more than a few, as one value each. No doc
// comments on these structs: the variant's doc comment is the command's help text.

#[derive(Debug, Args)]
pub struct ReceiveArgs {
    /// Barcode or SKU.
    pub code: String,
    /// Units received.
    #[arg(allow_hyphen_values = true)]
    pub qty: String,
    /// Unit cost (major units, e.g. 4.20); defaults to the order's or item's cost.
    #[arg(long, allow_hyphen_values = true)]
    pub cost: Option<String>,
    /// A reference, e.g. the delivery note number.
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// Receive against this purchase order.
    #[arg(long)]
    pub order: Option<String>,
    /// With --order: receive even an item that is not on the order, or more than is
    /// still open on it (refused without it; the terminal UI asks instead).
    #[arg(long, requires = "order")]
    pub extra: bool,
    /// When it happened (RFC 3339, not in the future).
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct SellArgs {
    /// Barcode or SKU.
    pub code: String,
    /// Units sold.
    #[arg(allow_hyphen_values = true)]
    pub qty: String,
    /// Unit price (major units, e.g. 24.00); defaults to the item's price.
    #[arg(long, allow_hyphen_values = true)]
    pub price: Option<String>,
    /// A reference, e.g. the till receipt or invoice number.
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// When it happened (RFC 3339, not in the future).
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    /// Barcode or SKU.
    pub code: String,
    /// Units returned.
    #[arg(allow_hyphen_values = true)]
    pub qty: String,
    /// A reference, e.g. the sale's receipt number or the reason.
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// When it happened (RFC 3339, not in the future).
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file to load.
    pub file: PathBuf,
    /// native, shopify, shopify-inventory, shopify-orders or woocommerce (else detected).
    #[arg(long)]
    pub format: Option<String>,
    /// Report what would change, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and list the skipped ones.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Shopify products files: take the quantities of variants Shopify does not track
    /// (blank Variant Inventory Tracker) as on-hand too; without it they are left out and
    /// the summary says how many.
    #[arg(long)]
    pub track_untracked: bool,
    /// When there is no store at the path yet, create it from this file (moving in from
    /// another system); without it, a path with no store is an error, as for every command.
    #[arg(long)]
    pub init: bool,
}

/// `scan --help`: what each mode posts and prints.
const SCAN_HELP: &str = "\
Read codes from standard input, one `CODE` or `N*CODE` a line (N units of CODE).
Every input line gets one output line at once; a bad line does not stop the rest, and
the exit status is 1 if any line failed.

scan sell, scan receive: each line is one posted transaction.
  ok DOC SKU ON_HAND      posted (DOC is the document, ON_HAND the stock after it)
  error LINE MESSAGE      line LINE was refused and changed nothing

scan count: the whole run is ONE count. Every line adds to its item's tally (scanning
a code three times counts 3; N*CODE adds N) and nothing is posted until the input ends
(Ctrl-D on a terminal). Then the tallies are posted as one count document in one
transaction: each counted item's on-hand is set to its tally; items not scanned are
left as they are. So scan everything of those items (every shelf they are on) in one
run: a second run is a new count and sets the figures again, it does not add to them.
  ok - SKU TALLY          the line was counted: SKU's tally so far (nothing posted yet)
  error LINE MESSAGE      line LINE was not counted (the other lines still are)
  ok DOC SKU ON_HAND      after the input ends: the count DOC was posted, one line per item
  error - nothing posted: WHY
                          after the input ends: the count could not be posted; nothing was
Interrupting the run (Ctrl-C) posts nothing.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanMode {
    /// Each line is one sale.
    Sell,
    /// Each line is one receipt.
    Receive,
    /// The whole run is one count, posted when the input ends.
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// Every item with its on-hand, in the native CSV layout.
    Stock,
    /// Every movement of the ledger.
    Movements,
    /// Shopify's inventory CSV, to upload back.
    ShopifyInventory,
}

#[derive(Debug, Args, Default)]
pub struct ItemFlags {
    /// The item's stock-keeping unit, unique in the store (required by item add; on item
    /// edit, a new SKU).
    #[arg(long)]
    pub sku: Option<String>,
    /// The item's name as staff and receipts show it (required by item add).
    #[arg(long)]
    pub name: Option<String>,
    /// A barcode to add: EAN-13, UPC-A, EAN-8, GTIN-14 or any Code 128 text (repeat for
    /// several).
    #[arg(long = "barcode", value_name = "BARCODE")]
    pub barcodes: Vec<String>,
    /// Selling price per unit (major units, e.g. 24.00).
    #[arg(long, allow_hyphen_values = true)]
    pub price: Option<String>,
    /// Purchase cost per unit (major units, e.g. 8.50): a receipt's default cost.
    #[arg(long, allow_hyphen_values = true)]
    pub cost: Option<String>,
    /// Alert when on hand falls to this many units or fewer.
    #[arg(long, allow_hyphen_values = true, value_name = "UNITS")]
    pub reorder_point: Option<String>,
    /// Units to order when it is low (else a quantity is suggested from its sales).
    #[arg(long, allow_hyphen_values = true, value_name = "UNITS")]
    pub reorder_qty: Option<String>,
    /// The supplier's name; it must exist (supplier add) unless --new-supplier is given.
    /// An empty name clears it.
    #[arg(long)]
    pub supplier: Option<String>,
    /// With --supplier: create the supplier if no supplier has that name yet.
    #[arg(long, requires = "supplier")]
    pub new_supplier: bool,
    /// Days from order to delivery for this item (else the supplier's lead time).
    #[arg(long, allow_hyphen_values = true, value_name = "DAYS")]
    pub lead_time: Option<String>,
    /// Units per pack it is ordered in: suggested orders are rounded up to whole packs.
    #[arg(long, allow_hyphen_values = true, value_name = "UNITS")]
    pub pack: Option<String>,
    /// Product name the item is a variant of (e.g. "Classic Tee").
    #[arg(long)]
    pub product: Option<String>,
    /// Option values of the variant (e.g. "M / Red").
    #[arg(long)]
    pub variant: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ItemCommand {
    /// A new item.
    Add(ItemFlags),
    /// Change an item: only the fields given change.
    Edit {
        /// The item's barcode or SKU (inactive items too).
        code: String,
        #[command(flatten)]
        flags: ItemFlags,
        /// A barcode to take off the item (repeat for several).
        #[arg(long = "remove-barcode", value_name = "BARCODE")]
        remove_barcodes: Vec<String>,
        /// Make the item inactive: left out of stock, alerts, orders and scans; its
        /// history is kept.
        #[arg(long, conflicts_with = "active")]
        inactive: bool,
        /// Make an inactive item active again.
        #[arg(long)]
        active: bool,
    },
    /// Show an item (inactive items too).
    Show {
        /// The item's barcode or SKU.
        code: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SupplierCommand {
    /// Add a supplier, or change the contact or lead time of one (by name).
    Add {
        /// The supplier's name (unique, case-insensitive).
        name: String,
        /// Who to call or mail.
        #[arg(long)]
        contact: Option<String>,
        /// Days from order to delivery (items without their own lead time use it).
        #[arg(long = "lead-time", allow_hyphen_values = true)]
        lead_time: Option<String>,
    },
    /// Every supplier.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Give a supplier a new name (refused if another supplier has it: use merge).
    Rename {
        /// The supplier's current name.
        old: String,
        /// Its new name.
        new: String,
    },
    /// Move FROM's items and purchase orders to INTO and remove FROM, in one transaction.
    Merge {
        /// The supplier to merge away (it is removed).
        from: String,
        /// The supplier that stays (it keeps its contact and lead time, taking FROM's
        /// where it has none).
        into: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Draft purchase orders from the alerts, one per supplier.
    Draft {
        /// Only this supplier's alerts.
        #[arg(long)]
        supplier: Option<String>,
    },
    /// Purchase orders with their lines and what has been received.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One purchase order.
    Show {
        /// The order's number.
        id: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The order as CSV to send to the supplier.
    Export {
        /// The order's number.
        id: String,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Mark an order as sent to the supplier.
    Send {
        /// The order's number.
        id: String,
    },
    /// Close an order (lines still open are reported).
    Close {
        /// The order's number.
        id: String,
    },
    /// Cancel an order.
    Cancel {
        /// The order's number.
        id: String,
    },
    /// Start a purchase order by hand: an empty draft for a supplier; prints its number.
    New {
        /// The supplier the order is for (an existing one; see `supplier list`).
        #[arg(long, value_name = "NAME")]
        supplier: String,
        /// A note kept with the order (shown by `order show`).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Order an item on an open (draft or sent) order; a second add of the same item adds
    /// to its line. An item of another supplier is refused (one with no supplier is not).
    Add {
        /// The order's number.
        id: String,
        /// The item's barcode or SKU.
        code: String,
        /// Units to order (1 or more).
        #[arg(allow_hyphen_values = true)]
        qty: String,
        /// Unit cost on the order, in major units (`8.50`); default: the line's cost, else
        /// the item's.
        #[arg(long, value_name = "MONEY", allow_hyphen_values = true)]
        cost: Option<String>,
    },
    /// Change a line of an open order: its quantity (never below what was received) and/or
    /// its unit cost.
    Set {
        /// The order's number.
        id: String,
        /// The item's barcode or SKU.
        code: String,
        /// The line's new quantity in units (1 or more, and at least what was received).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        qty: Option<String>,
        /// The line's new unit cost, in major units (`8.50`).
        #[arg(long, value_name = "MONEY", allow_hyphen_values = true)]
        cost: Option<String>,
    },
    /// Take an item's line off an open order (refused once anything was received on it).
    Remove {
        /// The order's number.
        id: String,
        /// The item's barcode or SKU.
        code: String,
    },
    /// Change a line's quantity (0 removes it).
    SetQty {
        /// The order's number.
        id: String,
        /// The item's barcode or SKU.
        code: String,
        /// The new quantity in units (0 removes the line).
        #[arg(allow_hyphen_values = true)]
        qty: String,
    },
}
