//! Make a benchmark-sized store: `cargo run --release --example generate -- PATH [ITEMS] [MOVEMENTS]`.

#[path = "../benches/support/bigstore.rs"]
mod bigstore;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: generate PATH [ITEMS] [MOVEMENTS]"))?;
    let items: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(bigstore::ITEMS);
    let movements: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(bigstore::MOVEMENTS);
    let t = std::time::Instant::now();
    bigstore::generate(std::path::Path::new(&path), items, movements)?;
    println!(
        "generated {items} items and about {movements} movements in {:.1?} at {path}",
        t.elapsed()
    );
    Ok(())
}
