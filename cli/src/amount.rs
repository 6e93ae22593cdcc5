//! Decimal amounts of SOL and of the pool token (both 9 decimals), parsed exactly (no floats).

use anyhow::{bail, Result};

/// Base units per whole token.
pub const UNITS: u64 = 1_000_000_000;

/// Parses `"1.5"` into 1_500_000_000. At most 9 decimals; zero is refused.
pub fn parse(text: &str) -> Result<u64> {
    match parse_or_zero(text)? {
        0 => bail!("amount must be more than zero"),
        units => Ok(units),
    }
}

/// The same, zero allowed.
pub fn parse_or_zero(text: &str) -> Result<u64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 9 || (whole.is_empty() && fraction.is_empty()) {
        bail!("not an amount with at most 9 decimals: {text}");
    }
    let digits = |s: &str| s.is_empty() || s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        bail!("not an amount: {text}");
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse()? };
    let fraction: u64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<9}").parse()? };
    let units = whole.checked_mul(UNITS).and_then(|w| w.checked_add(fraction));
    units.ok_or_else(|| anyhow::anyhow!("amount too large: {text}"))
}

/// Formats base units as a decimal with 9 places, trailing zeros trimmed.
pub fn format(units: u64) -> String {
    let whole = units / UNITS;
    let fraction = units % UNITS;
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:09}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_exactly() {
        assert_eq!(parse("1.5").unwrap(), 1_500_000_000);
        assert_eq!(parse("0.000000001").unwrap(), 1);
        assert_eq!(parse("12").unwrap(), 12 * UNITS);
        assert_eq!(parse(".25").unwrap(), 250_000_000);
        assert!(parse("0").is_err());
        assert!(parse("1.0000000001").is_err());
        assert!(parse("-1").is_err());
        assert!(parse("1e9").is_err());
        assert!(parse("99999999999999999999").is_err());
        assert_eq!(format(1_500_000_000), "1.5");
        assert_eq!(format(1), "0.000000001");
        assert_eq!(format(3 * UNITS), "3");
    }
}
