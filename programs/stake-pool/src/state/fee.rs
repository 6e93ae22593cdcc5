//! Fees: a ratio applied with the rounding in the pool's favour, and a value that takes effect later.

use anchor_lang::prelude::*;

/// A fee as `numerator / denominator`; a zero denominator means no fee (SPL layout: two u64).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fee {
    /// Denominator of the fee ratio.
    pub denominator: u64,
    /// Numerator of the fee ratio.
    pub numerator: u64,
}

impl Fee {
    /// The fee taken from `amount`, rounded up (in the pool's favour). `None` on overflow.
    pub fn apply(&self, amount: u64) -> Option<u64> {
        if self.denominator == 0 {
            return Some(0);
        }
        let denominator = u128::from(self.denominator);
        let fee = u128::from(amount)
            .checked_mul(u128::from(self.numerator))?
            .checked_add(denominator.checked_sub(1)?)?
            .checked_div(denominator)?;
        u64::try_from(fee).ok()
    }

    /// Whether the fee is at most 100 %.
    pub fn is_valid(&self) -> bool {
        self.numerator <= self.denominator
    }
}

/// A fee that applies from a later epoch: `Two` becomes `One` at the next update, `One` is applied at
/// the one after (SPL's `FutureEpoch<Fee>`, same borsh layout).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FutureFee {
    /// Nothing pending.
    #[default]
    None,
    /// Takes effect at the next epoch update.
    One(Fee),
    /// Takes effect at the second epoch update from now.
    Two(Fee),
}
