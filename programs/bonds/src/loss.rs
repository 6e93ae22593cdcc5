//! The stakers' loss in one epoch, as the runtime pays rewards (pure math).
//!
//! The runtime pays a stake account, for epoch E, `points × total_rewards / total_points` lamports
//! (points = delegated stake × vote credits earned in E; both totals from the epoch-rewards sysvar),
//! then gives the validator `commission` of that and the staker the rest, each share rounded down.
//! The stakers' loss is what the pool's stake would have earned had the validator kept the
//! steward's limits — credits at least the delinquency floor, commission at most the threshold —
//! minus what it earned, each computed with the runtime's own roundings. MEV tips are shared as
//! Jito's tip distribution shares them: the validator takes its MEV commission of the epoch's tips,
//! rounded down, and the stakers the rest in proportion to their stake, rounded down; the loss adds
//! what an MEV commission above the steward's limit took from the pool's share.

use crate::errors::BondsError;
use anchor_lang::prelude::*;

/// Basis points in one whole.
pub const BPS: u64 = 10_000;
/// Vote credits per slot a validator earns for a vote that lands at once.
pub const CREDITS_PER_SLOT: u64 = 16;

/// The epoch's MEV tips, from the validator's tip-distribution account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AnchorSerialize, AnchorDeserialize)]
pub struct MevInputs {
    /// Tips the account received.
    pub tips: u64,
    /// The MEV commission it charged (bps).
    pub commission_bps: u16,
    /// All stake delegated to the validator in the epoch (the runtime's epoch stake), which the
    /// stakers' share of the tips is divided over.
    pub validator_stake: u64,
}

/// One (validator, epoch) as recorded on chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AnchorSerialize, AnchorDeserialize)]
pub struct Inputs {
    /// The pool's stake delegated to the validator in the epoch.
    pub stake: u64,
    /// Vote credits the validator earned in the epoch.
    pub credits: u64,
    /// Blocks the cluster produced in the epoch.
    pub blocks: u64,
    /// Commission (bps) the validator charged on the epoch's rewards.
    pub commission_bps: u16,
    /// The epoch's total points (epoch-rewards sysvar).
    pub total_points: u128,
    /// The epoch's total rewards (epoch-rewards sysvar).
    pub total_rewards: u64,
    /// The epoch's MEV tips; `None` when the validator had no tip-distribution account.
    pub mev: Option<MevInputs>,
}

/// The steward's promises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AnchorSerialize, AnchorDeserialize)]
pub struct Limits {
    /// Highest commission (bps).
    pub commission_bps: u16,
    /// Lowest credits, as bps of 16 credits per block produced.
    pub credits_ratio_bps: u16,
    /// Highest MEV commission (bps).
    pub mev_commission_bps: u16,
}

impl Limits {
    /// The steward's limits as its parameters set them.
    pub fn of(params: &steward::state::Parameters) -> Self {
        Self {
            commission_bps: params.commission_threshold_bps,
            credits_ratio_bps: params.scoring_delinquency_ratio_bps,
            mev_commission_bps: params.mev_commission_threshold_bps,
        }
    }
}

/// What the pool's stake earned and was promised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AnchorSerialize, AnchorDeserialize)]
pub struct Loss {
    /// The lowest credits the steward accepts in the epoch.
    pub credit_floor: u64,
    /// The stakers' rewards at the validator's credits and commission.
    pub earned: u64,
    /// The stakers' rewards at the steward's limits.
    pub promised: u64,
    /// The pool's share of the tips at the validator's MEV commission.
    pub mev_earned: u64,
    /// The pool's share of the tips at the steward's limit.
    pub mev_promised: u64,
    /// `promised − earned + mev_promised − mev_earned`.
    pub loss: u64,
}

/// A staker's rewards for `stake` at `credits` and `commission_bps`, as the runtime computes them.
pub fn staker_rewards(
    stake: u64,
    credits: u64,
    commission_bps: u16,
    points: u128,
    rewards: u64,
) -> Result<u64> {
    if points == 0 {
        return Ok(0);
    }
    let overflow = || error!(BondsError::Overflow);
    let earned_points = u128::from(stake).checked_mul(u128::from(credits)).ok_or_else(overflow)?;
    let gross = earned_points
        .checked_mul(u128::from(rewards))
        .ok_or_else(overflow)?
        .checked_div(points)
        .ok_or_else(overflow)?;
    let gross = u64::try_from(gross).map_err(|_| overflow())?;
    let commission = u64::from(commission_bps).min(BPS);
    let kept = BPS.checked_sub(commission).ok_or_else(overflow)?;
    let share =
        u128::from(gross).checked_mul(u128::from(kept)).ok_or_else(overflow)?.checked_div(u128::from(BPS));
    let share = share.ok_or_else(overflow)?;
    u64::try_from(share).map_err(|_| overflow())
}

/// The pool's share of `tips` at `commission_bps`: the validator's commission rounded down, then
/// the rest over `validator_stake` in proportion to `stake`, rounded down.
pub fn staker_tips(tips: u64, commission_bps: u16, stake: u64, validator_stake: u64) -> Result<u64> {
    if validator_stake == 0 {
        return Ok(0);
    }
    let overflow = || error!(BondsError::Overflow);
    let commission = u128::from(tips)
        .checked_mul(u128::from(u64::from(commission_bps).min(BPS)))
        .and_then(|c| c.checked_div(u128::from(BPS)))
        .ok_or_else(overflow)?;
    let rest = u128::from(tips).checked_sub(commission).ok_or_else(overflow)?;
    let share = rest
        .checked_mul(u128::from(stake.min(validator_stake)))
        .and_then(|s| s.checked_div(u128::from(validator_stake)))
        .ok_or_else(overflow)?;
    u64::try_from(share).map_err(|_| overflow())
}

/// The lowest credits the steward accepts in an epoch of `blocks` blocks.
pub fn credit_floor(blocks: u64, ratio_bps: u16) -> Result<u64> {
    let reference =
        u128::from(blocks).checked_mul(u128::from(CREDITS_PER_SLOT)).ok_or(BondsError::Overflow)?;
    let floor = reference.checked_mul(u128::from(ratio_bps)).and_then(|f| f.checked_div(u128::from(BPS)));
    let floor = floor.ok_or(BondsError::Overflow)?;
    u64::try_from(floor).map_err(|_| error!(BondsError::Overflow))
}

/// The stakers' loss for `inputs` under `limits`.
pub fn loss(inputs: &Inputs, limits: &Limits) -> Result<Loss> {
    let floor = credit_floor(inputs.blocks, limits.credits_ratio_bps)?;
    let Inputs { stake, credits, commission_bps, total_points, total_rewards, .. } = *inputs;
    let earned = staker_rewards(stake, credits, commission_bps, total_points, total_rewards)?;
    let promised = staker_rewards(
        stake,
        credits.max(floor),
        commission_bps.min(limits.commission_bps),
        total_points,
        total_rewards,
    )?;
    let (mev_earned, mev_promised) = match inputs.mev {
        Some(m) => (
            staker_tips(m.tips, m.commission_bps, stake, m.validator_stake)?,
            staker_tips(m.tips, m.commission_bps.min(limits.mev_commission_bps), stake, m.validator_stake)?,
        ),
        None => (0, 0),
    };
    // Promised ≥ earned: more credits and a lower commission never pay less.
    let loss = promised
        .checked_sub(earned)
        .and_then(|l| l.checked_add(mev_promised.checked_sub(mev_earned)?))
        .ok_or(BondsError::Overflow)?;
    Ok(Loss { credit_floor: floor, earned, promised, mev_earned, mev_promised, loss })
}

/// How a bond pays a loss: from its SOL first, then pledged from its stake account; the rest is the
/// shortfall.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payment {
    /// Paid from the bond's SOL into the reserve now.
    pub in_sol: u64,
    /// Pledged from the bond's stake account, paid in when it is collected.
    pub from_stake: u64,
    /// What the bond could not pay.
    pub shortfall: u64,
}

impl Payment {
    /// `loss` paid from a bond with `sol` lamports above its rent and `stake` lamports of stake not
    /// yet pledged.
    pub fn of(loss: u64, sol: u64, stake: u64) -> Self {
        let in_sol = loss.min(sol);
        let from_stake = loss.saturating_sub(in_sol).min(stake);
        Self { in_sol, from_stake, shortfall: loss.saturating_sub(in_sol).saturating_sub(from_stake) }
    }

    /// What the bond pays, now and pledged.
    pub fn paid(&self) -> u64 {
        self.in_sol.saturating_add(self.from_stake)
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test arithmetic on small numbers")]
mod tests {
    use {super::*, proptest::prelude::*};

    const SOL: u64 = 1_000_000_000;
    const LIMITS: Limits =
        Limits { commission_bps: 500, credits_ratio_bps: 9_000, mev_commission_bps: 1_000 };

    /// The README's worked example: 1,000 SOL of pool stake with a validator, in an epoch of 400,000
    /// blocks whose 200,000 SOL of inflation went to 400 M SOL of stake, all voting 6,000,000
    /// credits.
    fn example() -> Inputs {
        Inputs {
            stake: 1_000 * SOL,
            credits: 6_000_000,
            blocks: 400_000,
            commission_bps: 500,
            total_points: 400_000_000 * SOL as u128 * 6_000_000,
            total_rewards: 200_000 * SOL,
            mev: None,
        }
    }

    #[test]
    fn the_worked_example() {
        let inflation_only = |earned, promised, loss| Loss {
            credit_floor: 5_760_000,
            earned,
            promised,
            mev_earned: 0,
            mev_promised: 0,
            loss,
        };
        // Within every limit: credits 6,000,000 ≥ 0.9 × 16 × 400,000 = 5,760,000; commission 5 %.
        let fair = loss(&example(), &LIMITS).unwrap();
        // Gross: 1,000 SOL × 6e6 × 200,000 SOL / (4e8 SOL × 6e6) = 0.5 SOL; stakers keep 95 %.
        assert_eq!(fair, inflation_only(475_000_000, 475_000_000, 0));

        // Commission raised to 100 %: stakers get nothing of the 0.5 SOL they were promised 95 % of.
        let rug = loss(&Inputs { commission_bps: 10_000, ..example() }, &LIMITS).unwrap();
        assert_eq!(rug, inflation_only(0, 475_000_000, 475_000_000));

        // Down for most of the epoch: 1,200,000 credits instead of the 5,760,000 floor.
        let down = loss(&Inputs { credits: 1_200_000, ..example() }, &LIMITS).unwrap();
        // Earned: 0.1 SOL gross, 0.095 to stakers; promised at the floor: 0.48 gross, 0.456.
        assert_eq!(down, inflation_only(95_000_000, 456_000_000, 361_000_000));

        // MEV: 10 SOL of tips to a validator with 100,000 SOL of stake, 1,000 of them the pool's,
        // at a 50 % MEV commission (limit 10 %): the pool gets 0.05 SOL of the 0.09 promised.
        let mev = MevInputs { tips: 10 * SOL, commission_bps: 5_000, validator_stake: 100_000 * SOL };
        let tipped = loss(&Inputs { mev: Some(mev), ..example() }, &LIMITS).unwrap();
        assert_eq!(
            (tipped.mev_earned, tipped.mev_promised, tipped.loss),
            (50_000_000, 90_000_000, 40_000_000)
        );
    }

    #[test]
    fn tips_round_as_jito_shares_them() {
        // 7 lamports at 33 %: the validator 2, the stakers 5, of which a third of the stake gets 1.
        assert_eq!(staker_tips(7, 3_300, 1, 3).unwrap(), 1);
        assert_eq!(staker_tips(7, 0, 3, 3).unwrap(), 7);
        assert_eq!(staker_tips(7, 10_000, 3, 3).unwrap(), 0);
        assert_eq!(staker_tips(7, 0, 3, 0).unwrap(), 0);
        // Never more than the whole stakers' share.
        assert_eq!(staker_tips(7, 0, 9, 3).unwrap(), 7);
    }

    #[test]
    fn rounds_as_the_runtime_does() {
        // 7 lamports gross at 33 %: the validator gets 2 (rounded down), the staker 4 (rounded down).
        assert_eq!(staker_rewards(7, 1, 3_300, 1, 1).unwrap(), 4);
        assert_eq!(staker_rewards(7, 1, 0, 1, 1).unwrap(), 7);
        assert_eq!(staker_rewards(7, 1, 10_000, 1, 1).unwrap(), 0);
        // Commission above 100 % is 100 %.
        assert_eq!(staker_rewards(7, 1, u16::MAX, 1, 1).unwrap(), 0);
        // No points, no rewards.
        assert_eq!(staker_rewards(7, 1, 0, 0, 1_000).unwrap(), 0);
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(staker_rewards(u64::MAX, u64::MAX, 0, 1, u64::MAX).is_err());
        assert!(staker_rewards(u64::MAX, 2, 0, 1, 1).is_err());
    }

    #[test]
    fn sol_first_then_stake_then_shortfall() {
        assert_eq!(Payment::of(10, 4, 3), Payment { in_sol: 4, from_stake: 3, shortfall: 3 });
        assert_eq!(Payment::of(10, 12, 3), Payment { in_sol: 10, from_stake: 0, shortfall: 0 });
        assert_eq!(Payment::of(10, 0, 30), Payment { in_sol: 0, from_stake: 10, shortfall: 0 });
        assert_eq!(Payment::of(u64::MAX, u64::MAX, u64::MAX).paid(), u64::MAX);
    }

    proptest! {
        #[test]
        fn a_payment_adds_up_to_the_loss(loss: u64, sol: u64, stake: u64) {
            let p = Payment::of(loss, sol, stake);
            prop_assert_eq!(u128::from(p.in_sol) + u128::from(p.from_stake) + u128::from(p.shortfall), u128::from(loss));
            prop_assert!(p.in_sol <= sol && p.from_stake <= stake);
            // Stake is pledged only when the SOL is spent; a shortfall only when both are.
            prop_assert!(p.from_stake == 0 || p.in_sol == sol);
            prop_assert!(p.shortfall == 0 || (p.in_sol == sol && p.from_stake == stake));
        }

        #[test]
        fn never_negative_and_zero_within_limits(
            stake in 0..u64::MAX / 4,
            credits in 0u64..10_000_000,
            blocks in 0u64..500_000,
            commission_bps in 0u16..=10_000,
            points in 1u128..u128::MAX >> 40,
            rewards in 0u64..1 << 50,
        ) {
            let inputs =
                Inputs { stake, credits, blocks, commission_bps, total_points: points, total_rewards: rewards, mev: None };
            if let Ok(l) = loss(&inputs, &LIMITS) {
                prop_assert!(l.promised >= l.earned);
                if credits >= l.credit_floor && commission_bps <= LIMITS.commission_bps {
                    prop_assert_eq!(l.loss, 0);
                }
                // Never more than everything the stake could earn.
                let gross = staker_rewards(stake, credits.max(l.credit_floor), 0, points, rewards).unwrap();
                prop_assert!(l.loss <= gross);
            }
        }
    }
}
