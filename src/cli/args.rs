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
        code: String,
        /// The change, e.g. -2 or 3.
        #[arg(allow_hyphen_values = true)]
        delta: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// A physical count: sets on hand to QTY by posting the difference.
    Count {
        code: String,
        #[arg(allow_hyphen_values = true)]
        qty: String,
    },
    /// Reverse a posted document by posting its opposite.
    Void {
        /// The document number, e.g. S-42.
        doc: String,
        #[arg(long)]
        reason: String,
    },
    /// The on-hand list.
    Stock {
        #[arg(long)]
        json: bool,
        /// Only items at or below their reorder point.
        #[arg(long)]
        low: bool,
    },
    /// Items at or below their reorder point, with a suggested order quantity.
    Alerts {
        #[arg(long)]
        json: bool,
    },
    /// An item's ledger, oldest first, with running balance.
    History {
        code: String,
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
        #[arg(value_enum)]
        mode: ScanMode,
    },
    /// Load a CSV in one transaction (native, Shopify or WooCommerce).
    Import(ImportArgs),
    /// Write stock, movements or Shopify's inventory CSV.
    Export {
        #[arg(value_enum)]
        kind: ExportKind,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// A consistent copy of the live store, safe while others post.
    Backup { file: PathBuf },
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
    pub code: String,
    #[arg(allow_hyphen_values = true)]
    pub qty: String,
    /// Unit price; defaults to the item's price.
    #[arg(long, allow_hyphen_values = true)]
    pub price: Option<String>,
    #[arg(long = "ref")]
    pub reference: Option<String>,
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    pub code: String,
    #[arg(allow_hyphen_values = true)]
    pub qty: String,
    #[arg(long = "ref")]
    pub reference: Option<String>,
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
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
    Sell,
    Receive,
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    Stock,
    Movements,
    ShopifyInventory,
}

#[derive(Debug, Args, Default)]
pub struct ItemFlags {
    #[arg(long)]
    pub sku: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// A barcode (repeat for several).
    #[arg(long = "barcode")]
    pub barcodes: Vec<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub price: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub cost: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub reorder_point: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub reorder_qty: Option<String>,
    #[arg(long)]
    pub supplier: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub lead_time: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
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
    /// Change an item.
    Edit {
        code: String,
        #[command(flatten)]
        flags: ItemFlags,
    },
    /// Show an item.
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SupplierCommand {
    /// Add a supplier, or change the contact or lead time of one (by name).
    Add {
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
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Draft purchase orders from the alerts, one per supplier.
    Draft {
        #[arg(long)]
        supplier: Option<String>,
    },
    /// Purchase orders with their lines and what has been received.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One purchase order.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The order as CSV to send to the supplier.
    Export {
        id: String,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Mark an order as sent to the supplier.
    Send { id: String },
    /// Close an order (lines still open are reported).
    Close { id: String },
    /// Cancel an order.
    Cancel { id: String },
    /// Change a line's quantity (0 removes it).
    SetQty {
        id: String,
        code: String,
        #[arg(allow_hyphen_values = true)]
        qty: String,
    },
}
