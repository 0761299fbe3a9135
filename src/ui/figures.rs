//! Figures are drawn whole or not at all. A quantity or an amount that does not fit its cell
//! is replaced by the overflow mark (`#` filling the cell, as spreadsheets do), never cut to
//! a different number; text that does not fit is cut at the end with `…`, and text that
//! carries figures (the status line, totals) is cut at a word boundary, so no figure in it is
//! cut either.
//!
//! `Grid` lays out every table: number columns are as wide as the widest figure on the page,
//! and names give way to them.

use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::width_of;

/// What fills a cell whose figure does not fit.
pub const OVERFLOW: char = '#';

/// What ends text that was cut.
pub const ELLIPSIS: &str = "…";

/// What is dropped before a `…`: a cut never ends in a space or a ` · ` separator.
const SEPARATORS: [char; 2] = [' ', '·'];

/// The overflow mark, `width` cells wide.
pub fn overflow_mark(width: u16) -> String {
    std::iter::repeat_n(OVERFLOW, usize::from(width)).collect()
}

/// A figure in `width` cells: itself when it fits, else the overflow mark.
pub fn figure(s: &str, width: u16) -> String {
    if width_of(s) <= width {
        s.to_string()
    } else {
        overflow_mark(width)
    }
}

fn char_width(c: char) -> u16 {
    let mut buf = [0u8; 4];
    width_of(c.encode_utf8(&mut buf))
}

/// How many chars of `chars` to keep so that they and `…` fit in `width` cells, when they do
/// not fit as they are; `None` when they fit. With `words`, the cut is at the last space that
/// allows it (so no word, and no figure, is cut), unless there is none.
fn cut_point(chars: &[char], width: u16, words: bool) -> Option<usize> {
    let total: u32 = chars.iter().map(|c| u32::from(char_width(*c))).sum();
    if total <= u32::from(width) {
        return None;
    }
    let room = u32::from(width.saturating_sub(width_of(ELLIPSIS)));
    // The longest prefix that fits in `room`.
    let mut used = 0u32;
    let mut fit = 0;
    for c in chars {
        let w = u32::from(char_width(*c));
        if used + w > room {
            break;
        }
        used += w;
        fit += 1;
    }
    if words {
        // Cut before the word that does not fit whole: at the last space at or before `fit`.
        if chars.get(fit).is_some_and(|c| *c == ' ') {
            return Some(fit);
        }
        if let Some(space) = chars[..fit].iter().rposition(|c| *c == ' ') {
            return Some(space);
        }
    }
    Some(fit)
}

fn cut(text: &str, width: u16, words: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    match cut_point(&chars, width, words) {
        None => text.to_string(),
        Some(_) if width == 0 => String::new(),
        Some(n) => {
            let kept: String = chars[..n].iter().collect();
            format!("{}{ELLIPSIS}", kept.trim_end_matches(SEPARATORS))
        }
    }
}

/// `text` in `width` cells, cut at the end with `…` when it does not fit (names, SKUs).
pub fn cut_end(text: &str, width: u16) -> String {
    cut(text, width, false)
}

/// `text` in `width` cells, cut at a word boundary with `…` when it does not fit: for text
/// that carries figures (a message, a total), so that a figure is shown whole or not at all.
pub fn cut_words(text: &str, width: u16) -> String {
    cut(text, width, true)
}

/// The end of `text` in `width` cells, `…` first when the start was left out (at a word
/// boundary): for right-aligned labels whose figures come last.
pub fn cut_words_start(text: &str, width: u16) -> String {
    let reversed: String = text.chars().rev().collect();
    let cut = cut(&reversed, width, true);
    if cut == reversed {
        return text.to_string();
    }
    // `cut` is the reversed start then `…`: turn it round.
    let body: String = cut
        .strip_suffix(ELLIPSIS)
        .unwrap_or(&cut)
        .chars()
        .rev()
        .collect();
    if body.is_empty() {
        cut_end("", width)
    } else {
        format!("{ELLIPSIS}{}", body.trim_start())
    }
}

/// A styled line in `width` cells: cut at the end with `…` (styled as the text it follows)
/// when it does not fit; at a word boundary with `words`. Styles and alignment are kept.
pub fn cut_line<'a>(line: Line<'a>, width: u16, words: bool) -> Line<'a> {
    let chars: Vec<(char, usize)> = line
        .spans
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.content.chars().map(move |c| (c, i)))
        .collect();
    let plain: Vec<char> = chars.iter().map(|(c, _)| *c).collect();
    let Some(mut n) = cut_point(&plain, width, words) else {
        return line;
    };
    if width == 0 {
        return Line {
            spans: Vec::new(),
            ..line
        };
    }
    // Drop the spaces and separators before the cut.
    while n > 0 && SEPARATORS.contains(&plain[n - 1]) {
        n -= 1;
    }
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut last_style = line.spans.first().map(|s| s.style).unwrap_or_default();
    for (i, span) in line.spans.iter().enumerate() {
        let taken: String = chars[..n]
            .iter()
            .filter(|(_, s)| *s == i)
            .map(|(c, _)| *c)
            .collect();
        if taken.is_empty() {
            continue;
        }
        last_style = span.style;
        spans.push(Span::styled(taken, span.style));
    }
    spans.push(Span::styled(ELLIPSIS, last_style));
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

/// `text` word-wrapped into at most `rows` lines of `width` cells; what does not fit is cut
/// at a word boundary with `…` at the end of the last line.
pub fn wrap_words(text: &str, width: u16, rows: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() && lines.len() < rows {
        if lines.len() + 1 == rows || width_of(rest) <= width {
            lines.push(cut_words(rest, width));
            break;
        }
        let chars: Vec<char> = rest.chars().collect();
        // The longest run of whole words that fits (a word longer than the line is split).
        let mut used = 0u16;
        let mut fit = 0;
        for c in &chars {
            let w = char_width(*c);
            if used + w > width {
                break;
            }
            used += w;
            fit += 1;
        }
        let end = if chars.get(fit).is_some_and(|c| *c == ' ') {
            fit
        } else {
            match chars[..fit].iter().rposition(|c| *c == ' ') {
                Some(space) if space > 0 => space,
                _ => fit.max(1),
            }
        };
        let line: String = chars[..end].iter().collect();
        lines.push(line.trim_end().to_string());
        let taken = chars[..end].iter().map(|c| c.len_utf8()).sum::<usize>();
        rest = rest[taken..].trim_start();
    }
    lines
}

/// What a figure cell holds when its figure is too large to work out (an amount beyond
/// i64): the overflow mark, as wide as the cell.
pub const TOO_LARGE: &str = "#";

/// `qty` × `unit`, or `None` when the product does not fit an i64: shown as the overflow
/// mark, never as a clamped figure.
pub fn amount(qty: i64, unit: i64) -> Option<i64> {
    qty.checked_mul(unit)
}

/// The sum of the lines' amounts (a line without a unit amount adds nothing), or `None`
/// when it does not fit an i64.
pub fn total_amount(lines: impl IntoIterator<Item = (i64, Option<i64>)>) -> Option<i64> {
    lines.into_iter().try_fold(0i64, |sum, (qty, unit)| {
        sum.checked_add(amount(qty, unit.unwrap_or(0))?)
    })
}

/// Money for display, the overflow mark when the figure could not be worked out.
pub fn money_or_mark(v: Option<i64>, decimals: u32, width: u16) -> String {
    match v {
        Some(m) => crate::domain::money::format_money(m, decimals),
        None => overflow_mark(width),
    }
}

/// How a column takes its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Text `want` cells wide, giving way down to `min` (cut with `…`).
    Text { want: u16, min: u16 },
    /// Text that takes what is left over (shared by `weight`), at least `min` while anything
    /// else can give way.
    Fill { weight: u16, min: u16 },
    /// A figure: at least `min` wide, wider when a figure on the page needs it; right-aligned
    /// unless `left`. Shown whole or as the overflow mark.
    Num { min: u16, left: bool },
}

impl Col {
    pub const fn text(want: u16, min: u16) -> Col {
        Col::Text { want, min }
    }
    pub const fn fill(min: u16) -> Col {
        Col::Fill { weight: 1, min }
    }
    pub const fn fill_weighted(weight: u16, min: u16) -> Col {
        Col::Fill { weight, min }
    }
    /// A right-aligned figure (quantities, money).
    pub const fn num(min: u16) -> Col {
        Col::Num { min, left: false }
    }
    /// A left-aligned figure (document numbers, dates).
    pub const fn num_left(min: u16) -> Col {
        Col::Num { min, left: true }
    }
    fn is_num(self) -> bool {
        matches!(self, Col::Num { .. })
    }
}

/// The spacing between columns (ratatui's default, set explicitly).
const SPACING: u16 = 1;

/// Shrink the columns `which` allows toward `floor`, the widest first, until `excess` is gone
/// or none can give more; returns what is left of `excess`.
fn shrink(
    w: &mut [u16],
    floor: impl Fn(usize) -> u16,
    which: impl Fn(usize) -> bool,
    mut excess: u32,
) -> u32 {
    while excess > 0 {
        let pick = (0..w.len())
            .filter(|&i| which(i) && w[i] > floor(i))
            .max_by_key(|&i| (w[i], std::cmp::Reverse(i)));
        let Some(i) = pick else {
            break;
        };
        w[i] -= 1;
        excess -= 1;
    }
    excess
}

/// Column widths for `cols` in `avail` cells (after the selection column and the spacing):
/// `need[i]` is the widest figure in a number column (0 for text), `header[i]` the width of
/// its header.
///
/// In turn, until the columns fit: number columns lose their padding (down to their widest
/// figure or header); text gives way down to its minimum; names (fill) down to 3 cells;
/// number columns down to their widest figure (the header is cut with `…`); a number column
/// narrower than its figures, the widest first (its figures show the overflow mark); last,
/// anything.
pub fn fit_widths(cols: &[Col], need: &[u16], header: &[u16], avail: u16) -> Vec<u16> {
    let mut w: Vec<u16> = cols
        .iter()
        .zip(need)
        .map(|(c, n)| match *c {
            Col::Text { want, .. } => want,
            Col::Fill { min, .. } => min,
            Col::Num { min, .. } => min.max(*n),
        })
        .collect();
    let sum: u32 = w.iter().map(|x| u32::from(*x)).sum();
    let avail32 = u32::from(avail);
    if sum <= avail32 {
        // What is left goes to the fill columns, by weight.
        let extra = avail32 - sum;
        let weights: u32 = cols
            .iter()
            .map(|c| match c {
                Col::Fill { weight, .. } => u32::from(*weight),
                _ => 0,
            })
            .sum();
        let mut given = 0u32;
        let mut first_fill = None;
        for (i, c) in cols.iter().enumerate() {
            if let Col::Fill { weight, .. } = c {
                first_fill.get_or_insert(i);
                let share = (extra * u32::from(*weight))
                    .checked_div(weights)
                    .unwrap_or(0);
                w[i] = w[i].saturating_add(u16::try_from(share).unwrap_or(u16::MAX));
                given += share;
            }
        }
        // The rounding's rest goes to the first.
        if let Some(i) = first_fill {
            let rest = u16::try_from(extra - given).unwrap_or(u16::MAX);
            w[i] = w[i].saturating_add(rest);
        }
        return w;
    }
    let mut excess = sum - avail32;
    // 0. Number columns without their padding.
    excess = shrink(
        &mut w,
        |i| need[i].max(header[i]),
        |i| cols[i].is_num(),
        excess,
    );
    // 1. Text down to its minimum.
    excess = shrink(
        &mut w,
        |i| match cols[i] {
            Col::Text { min, .. } => min,
            _ => 0,
        },
        |i| matches!(cols[i], Col::Text { .. }),
        excess,
    );
    // 2. Names down to 3 cells.
    excess = shrink(
        &mut w,
        |i| match cols[i] {
            Col::Fill { min, .. } => min.min(3),
            _ => 0,
        },
        |i| matches!(cols[i], Col::Fill { .. }),
        excess,
    );
    // 3. Number columns down to their widest figure.
    excess = shrink(&mut w, |i| need[i].max(1), |i| cols[i].is_num(), excess);
    // 4. A number column narrower than its figures, the widest first.
    while excess > 0 {
        let pick = (0..w.len())
            .filter(|&i| cols[i].is_num() && w[i] > 1)
            .max_by_key(|&i| (w[i], std::cmp::Reverse(i)));
        let Some(i) = pick else {
            break;
        };
        let give = u32::from(w[i] - 1).min(excess);
        w[i] -= u16::try_from(give).unwrap_or(0);
        excess -= give;
    }
    // 5. Anything.
    shrink(&mut w, |_| 0, |_| true, excess);
    w
}

fn is_too_large(line: &Line) -> bool {
    line.spans.len() == 1 && line.spans[0].content == TOO_LARGE
}

/// A table whose figures are shown whole or as the overflow mark, and whose text is cut with
/// `…`: built row by row, then laid out for the width it is drawn in.
pub struct Grid<'a> {
    cols: Vec<Col>,
    header: Vec<Line<'a>>,
    rows: Vec<(Vec<Line<'a>>, Option<Style>)>,
}

impl<'a> Grid<'a> {
    /// Columns with their header texts.
    pub fn new(cols: Vec<(Col, &'a str)>) -> Grid<'a> {
        let (cols, header) = cols.into_iter().map(|(c, h)| (c, Line::from(h))).unzip();
        Grid {
            cols,
            header,
            rows: Vec::new(),
        }
    }

    /// Add a row: one line a column (a figure's line holds just the figure).
    pub fn push(&mut self, cells: Vec<Line<'a>>) {
        self.rows.push((cells, None));
    }

    /// Add a row drawn in `style`.
    pub fn push_styled(&mut self, cells: Vec<Line<'a>>, style: Style) {
        self.rows.push((cells, Some(style)));
    }

    /// The widths of the columns when drawn `width` wide with a selection column of
    /// `selection` cells.
    pub fn widths(&self, width: u16, selection: u16) -> Vec<u16> {
        let n = self.cols.len();
        let gaps = SPACING.saturating_mul(u16::try_from(n.saturating_sub(1)).unwrap_or(0));
        let avail = width.saturating_sub(selection).saturating_sub(gaps);
        let header: Vec<u16> = self
            .header
            .iter()
            .map(|l| u16::try_from(l.width()).unwrap_or(u16::MAX))
            .collect();
        let need: Vec<u16> = (0..n)
            .map(|i| {
                if !self.cols[i].is_num() {
                    return 0;
                }
                self.rows
                    .iter()
                    .filter_map(|(cells, _)| cells.get(i))
                    .filter(|l| !is_too_large(l))
                    .map(|l| u16::try_from(l.width()).unwrap_or(u16::MAX))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        fit_widths(&self.cols, &need, &header, avail)
    }

    /// The table, laid out for `width` cells with a selection column of `selection` cells
    /// (the highlight symbol's width when it is always shown, else 0).
    pub fn table(self, width: u16, selection: u16, header_style: Style) -> Table<'a> {
        let widths = self.widths(width, selection);
        let cols = self.cols;
        let fit_row = |cells: Vec<Line<'a>>, header: bool| -> Vec<Cell<'a>> {
            cells
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    let w = widths.get(i).copied().unwrap_or(0);
                    let line = match cols.get(i) {
                        Some(Col::Num { left, .. }) => {
                            let fits = !is_too_large(&line) && line.width() <= usize::from(w);
                            let line = if header || fits {
                                cut_line(line, w, false)
                            } else {
                                let style = line.spans.first().map(|s| s.style);
                                Line {
                                    spans: vec![Span::styled(
                                        overflow_mark(w),
                                        style.unwrap_or_default(),
                                    )],
                                    ..line
                                }
                            };
                            if *left {
                                line.left_aligned()
                            } else {
                                line.right_aligned()
                            }
                        }
                        _ => cut_line(line, w, false),
                    };
                    Cell::from(line)
                })
                .collect()
        };
        let header = Row::new(fit_row(self.header, true)).style(header_style);
        let rows: Vec<Row<'a>> = self
            .rows
            .into_iter()
            .map(|(cells, style)| {
                let row = Row::new(fit_row(cells, false));
                match style {
                    Some(s) => row.style(s),
                    None => row,
                }
            })
            .collect();
        let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
        Table::new(rows, constraints)
            .header(header)
            .column_spacing(SPACING)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_whole_or_marked() {
        assert_eq!(figure("1000000", 7), "1000000");
        assert_eq!(figure("1000000", 5), "#####");
        assert_eq!(figure("12.50", 9), "12.50");
    }

    #[test]
    fn words_are_cut_before_the_width() {
        assert_eq!(cut_words("sold 1000000 units", 40), "sold 1000000 units");
        assert_eq!(cut_words("sold 1000000 units", 10), "sold…");
        assert_eq!(cut_words("sold 1000000 units", 13), "sold 1000000…");
        assert_eq!(cut_words("abcdefghij", 5), "abcd…");
        assert_eq!(cut_end("Apple juice", 6), "Apple…");
        assert_eq!(
            cut_words_start(" sort name · 1-20 of 300 ", 14),
            "…1-20 of 300 "
        );
    }

    #[test]
    fn long_text_wraps_into_its_rows_and_is_cut_at_a_word() {
        assert_eq!(
            wrap_words("Not posted: PRESS-01 has 1000000 on this sale", 20, 2),
            vec!["Not posted: PRESS-01", "has 1000000 on this…"]
        );
        assert_eq!(wrap_words("short", 20, 2), vec!["short"]);
        assert_eq!(
            wrap_words("abcdefghij klm", 4, 3),
            vec!["abcd", "efgh", "ij…"]
        );
    }

    #[test]
    fn amounts_too_large_are_not_clamped() {
        assert_eq!(amount(1_000_000, HUGE), None);
        assert_eq!(total_amount([(2, Some(5)), (1, None)]), Some(10));
        assert_eq!(total_amount([(1, Some(i64::MAX)), (1, Some(1))]), None);
        assert_eq!(money_or_mark(None, 2, 5), "#####");
    }

    const HUGE: i64 = 501_234_567_890_000;

    #[test]
    fn numbers_widen_and_names_give_way() {
        let cols = [Col::text(14, 6), Col::fill(8), Col::num(5), Col::num(9)];
        // Room for all: the fill takes the rest.
        let header = [3, 4, 3, 9];
        assert_eq!(
            fit_widths(&cols, &[0, 0, 3, 5], &header, 60),
            vec![14, 32, 5, 9]
        );
        // Short of room: the padding of number columns goes first.
        assert_eq!(
            fit_widths(&cols, &[0, 0, 3, 5], &header, 33),
            vec![13, 8, 3, 9]
        );
        // A wide figure: the number column widens, the name gives way.
        assert_eq!(
            fit_widths(&cols, &[0, 0, 7, 16], &header, 40),
            vec![9, 8, 7, 16]
        );
        assert_eq!(
            fit_widths(&cols, &[0, 0, 7, 16], &header, 34),
            vec![6, 5, 7, 16]
        );
        // No room at all: the widest number column shows the mark.
        let w = fit_widths(&cols, &[0, 0, 7, 16], &header, 20);
        assert_eq!(w.iter().sum::<u16>(), 20);
        assert_eq!(w[2], 7);
        assert!(w[3] < 16);
    }
}
