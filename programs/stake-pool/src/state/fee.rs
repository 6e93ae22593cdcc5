//! Fees: a ratio applied with the rounding in the pool's favour, and a value that takes effect later.

use {
    crate::{constants::MAX_REFERRAL_FEE, error::StakePoolError},
    anchor_lang::prelude::*,
};

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

impl FutureFee {
    /// The fee to apply at this epoch's update, if one is due (`One`).
    pub fn due(&self) -> Option<Fee> {
        match self {
            Self::One(fee) => Some(*fee),
            Self::None | Self::Two(_) => None,
        }
    }

    /// Moves one epoch closer: `Two` becomes `One`, `One` (just applied) becomes `None`.
    pub fn advance(&mut self) {
        *self = match *self {
            Self::Two(fee) => Self::One(fee),
            Self::None | Self::One(_) => Self::None,
        };
    }
}

/// Largest absolute withdrawal-fee increase per change: 0.5 percentage points.
pub const MAX_WITHDRAWAL_FEE_INCREASE: Fee = Fee { numerator: 1, denominator: 200 };
/// Largest relative withdrawal-fee increase per change: ×1.5.
pub const MAX_WITHDRAWAL_FEE_INCREASE_FACTOR: Fee = Fee { numerator: 3, denominator: 2 };
/// The old fee assumed when the current withdrawal fee is zero: 0.1 %.
pub const WITHDRAWAL_BASELINE_FEE: Fee = Fee { numerator: 1, denominator: 1_000 };

impl Fee {
    /// The withdrawal-fee ratchet: `self` may replace `old` only if it is at most 0.5 percentage points
    /// and at most ×1.5 above it (a zero `old` counts as 0.1 %). Decreases always pass.
    pub fn check_withdrawal_increase(&self, old: &Fee) -> std::result::Result<(), StakePoolError> {
        let (old_num, old_den) = if old.denominator == 0 || old.numerator == 0 {
            (WITHDRAWAL_BASELINE_FEE.numerator, WITHDRAWAL_BASELINE_FEE.denominator)
        } else {
            (old.numerator, old.denominator)
        };
        let (old_num, old_den) = (u128::from(old_num), u128::from(old_den));
        let (new_num, new_den) = (u128::from(self.numerator), u128::from(self.denominator));
        let overflow = || StakePoolError::CalculationFailure;

        // new - old <= 1/200, cross-multiplied: (new_num·old_den − new_den·old_num)·200 <= old_den·new_den.
        let allowed = old_den
            .checked_mul(new_den)
            .and_then(|x| x.checked_mul(u128::from(MAX_WITHDRAWAL_FEE_INCREASE.numerator)))
            .ok_or_else(overflow)?;
        let increase = new_num
            .checked_mul(old_den)
            .ok_or_else(overflow)?
            .saturating_sub(new_den.checked_mul(old_num).ok_or_else(overflow)?)
            .checked_mul(u128::from(MAX_WITHDRAWAL_FEE_INCREASE.denominator))
            .ok_or_else(overflow)?;
        if allowed < increase {
            msg!("Fee increase exceeds maximum allowed, need to increase by at most 1 / 200");
            return Err(StakePoolError::FeeIncreaseTooHigh);
        }

        // new / old <= 3/2, cross-multiplied: new_num·old_den·2 <= old_num·new_den·3.
        let ceiling = old_num
            .checked_mul(new_den)
            .and_then(|x| x.checked_mul(u128::from(MAX_WITHDRAWAL_FEE_INCREASE_FACTOR.numerator)))
            .ok_or_else(overflow)?;
        let proposed = new_num
            .checked_mul(old_den)
            .and_then(|x| x.checked_mul(u128::from(MAX_WITHDRAWAL_FEE_INCREASE_FACTOR.denominator)))
            .ok_or_else(overflow)?;
        if ceiling < proposed {
            msg!("Fee increase exceeds maximum allowed factor of 3 / 2");
            return Err(StakePoolError::FeeIncreaseTooHigh);
        }
        Ok(())
    }
}

/// Which fee `SetFee` changes, and to what (SPL's `FeeType`, same borsh encoding).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeeType {
    /// Referrer's share of SOL deposit fees, percent.
    SolReferral(u8),
    /// Referrer's share of stake deposit fees, percent.
    StakeReferral(u8),
    /// Fee on epoch rewards (takes effect two epochs later).
    Epoch(Fee),
    /// Fee on stake withdrawals (two epochs later, ratcheted).
    StakeWithdrawal(Fee),
    /// Fee on SOL deposits.
    SolDeposit(Fee),
    /// Fee on stake deposits.
    StakeDeposit(Fee),
    /// Fee on SOL withdrawals (two epochs later, ratcheted).
    SolWithdrawal(Fee),
}

impl FeeType {
    /// No fee above 100 %, no referral share above 100 %.
    pub fn check_too_high(&self) -> std::result::Result<(), StakePoolError> {
        let too_high = match self {
            Self::SolReferral(percent) | Self::StakeReferral(percent) => *percent > MAX_REFERRAL_FEE,
            Self::Epoch(fee)
            | Self::StakeWithdrawal(fee)
            | Self::SolDeposit(fee)
            | Self::StakeDeposit(fee)
            | Self::SolWithdrawal(fee) => !fee.is_valid(),
        };
        if too_high {
            msg!("Fee greater than 100%: {:?}", self);
            return Err(StakePoolError::FeeTooHigh);
        }
        Ok(())
    }

    /// Fees that wait two epoch boundaries, and so need the pool updated this epoch to be set.
    pub fn can_only_change_next_epoch(&self) -> bool {
        matches!(self, Self::StakeWithdrawal(_) | Self::SolWithdrawal(_) | Self::Epoch(_))
    }
}
