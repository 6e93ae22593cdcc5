//! Text or JSON output: every command builds one JSON value and a text rendering of it.

use serde_json::Value;

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned `key  value` lines and tables.
    Text,
    /// One JSON document.
    Json,
    /// Nothing (for programs driving the commands).
    #[value(skip)]
    Quiet,
}

/// Prints `value` as JSON, or `text` (built lazily) otherwise.
pub fn emit(format: Format, value: &Value, text: impl FnOnce() -> String) {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(value).unwrap_or_default()),
        Format::Text => println!("{}", text()),
        Format::Quiet => {}
    }
}

/// `key  value` lines with keys padded to one width.
pub fn pairs(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    rows.iter().map(|(k, v)| format!("{k:width$}  {v}")).collect::<Vec<_>>().join("\n")
}
