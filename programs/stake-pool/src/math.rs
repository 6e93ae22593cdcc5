//! Pure token / lamport conversions. u128 intermediates, `None` on overflow; every rounding favours
//! the pool (mints and payouts round down, fees round up).

use {
    crate::{constants::MINIMUM_RESERVE_LAMPORTS, state::Fee},
    anchor_lang::prelude::Rent,
};

/// `rent.minimum_balance(data_len)` without floating point, which SBF emulates at a cost of hundreds
/// of CU: exact integer arithmetic when the exemption threshold is 1.0 or 2.0 (2.0 on every cluster
/// so far) and the product fits an f64 exactly; the SDK's computation otherwise.
#[allow(deprecated, reason = "the fields `minimum_balance` itself reads, until the SDK renames them")]
pub fn rent_exempt_minimum(rent: &Rent, data_len: usize) -> u64 {
    /// Bytes the runtime charges rent for on top of an account's data.
    const ACCOUNT_STORAGE_OVERHEAD: u64 = 128;
    /// Below this, a u64 and its double are exact as f64.
    const EXACT: u64 = 1 << 52;
    let base = (data_len as u64)
        .checked_add(ACCOUNT_STORAGE_OVERHEAD)
        .and_then(|bytes| bytes.checked_mul(rent.lamports_per_byte_year))
        .filter(|base| *base < EXACT);
    match (base, rent.exemption_threshold.to_bits()) {
        (Some(base), bits) if bits == 2.0f64.to_bits() => base.saturating_mul(2),
        (Some(base), bits) if bits == 1.0f64.to_bits() => base,
        _ => rent.minimum_balance(data_len),
    }
}

/// Lamports of the reserve that never count as pool value: its rent-exempt minimum plus
/// `MINIMUM_RESERVE_LAMPORTS`.
pub fn minimum_reserve_lamports(rent_exempt_reserve: u64) -> u64 {
    rent_exempt_reserve.saturating_add(MINIMUM_RESERVE_LAMPORTS)
}

/// Pool tokens minted for `lamports` at the rate `total_lamports / pool_token_supply` (1:1 on an empty
/// pool), rounded down.
pub fn pool_tokens_for_deposit(total_lamports: u64, pool_token_supply: u64, lamports: u64) -> Option<u64> {
    if total_lamports == 0 || pool_token_supply == 0 {
        return Some(lamports);
    }
    let tokens = u128::from(lamports)
        .checked_mul(u128::from(pool_token_supply))?
        .checked_div(u128::from(total_lamports))?;
    u64::try_from(tokens).ok()
}

/// Lamports paid out for `pool_tokens`, rounded down.
pub fn lamports_for_pool_tokens(
    total_lamports: u64,
    pool_token_supply: u64,
    pool_tokens: u64,
) -> Option<u64> {
    if pool_token_supply == 0 {
        return Some(0);
    }
    let lamports = u128::from(pool_tokens)
        .checked_mul(u128::from(total_lamports))?
        .checked_div(u128::from(pool_token_supply))?;
    u64::try_from(lamports).ok()
}

/// Lamports one pool token is worth, rounded up: the tolerance SPL allows when a withdrawal must take a
/// whole stake account. `None` for an empty supply.
pub fn lamports_per_pool_token(total_lamports: u64, pool_token_supply: u64) -> Option<u64> {
    total_lamports.checked_add(pool_token_supply)?.checked_sub(1)?.checked_div(pool_token_supply)
}

/// Share of `fee_tokens` that goes to a referrer: `fee × percent / 100`, rounded down (the manager keeps
/// the remainder).
pub fn referral_share(fee_tokens: u64, referral_percent: u8) -> Option<u64> {
    let share = u128::from(fee_tokens).checked_mul(u128::from(referral_percent))?.checked_div(100)?;
    u64::try_from(share).ok()
}

/// How the pool tokens of one deposit are split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DepositSplit {
    /// Tokens minted in total (added to the supply).
    pub minted: u64,
    /// Tokens to the depositor.
    pub user: u64,
    /// Tokens to the manager fee account.
    pub manager: u64,
    /// Tokens to the referrer.
    pub referrer: u64,
}

/// Splits a deposit of `lamports` into user / manager / referrer tokens. `None` on overflow.
pub fn split_deposit(
    total_lamports: u64,
    pool_token_supply: u64,
    lamports: u64,
    deposit_fee: &Fee,
    referral_percent: u8,
) -> Option<DepositSplit> {
    let minted = pool_tokens_for_deposit(total_lamports, pool_token_supply, lamports)?;
    let fee = deposit_fee.apply(minted)?;
    let user = minted.checked_sub(fee)?;
    let referrer = referral_share(fee, referral_percent)?;
    let manager = fee.checked_sub(referrer)?;
    Some(DepositSplit { minted, user, manager, referrer })
}

/// Splits a stake deposit: `total_deposit` lamports arrived, of which `stake_deposit` as delegated stake
/// (charged the stake deposit fee) and the rest as plain lamports (charged the SOL deposit fee); the
/// referrer gets `referral_percent` of the whole fee. `None` on overflow.
pub fn split_stake_deposit(
    total_lamports: u64,
    pool_token_supply: u64,
    total_deposit: u64,
    stake_deposit: u64,
    stake_deposit_fee: &Fee,
    sol_deposit_fee: &Fee,
    referral_percent: u8,
) -> Option<DepositSplit> {
    let minted = pool_tokens_for_deposit(total_lamports, pool_token_supply, total_deposit)?;
    let from_stake = pool_tokens_for_deposit(total_lamports, pool_token_supply, stake_deposit)?;
    let from_sol = minted.checked_sub(from_stake)?;
    let fee = stake_deposit_fee.apply(from_stake)?.checked_add(sol_deposit_fee.apply(from_sol)?)?;
    let user = minted.checked_sub(fee)?;
    let referrer = referral_share(fee, referral_percent)?;
    let manager = fee.checked_sub(referrer)?;
    Some(DepositSplit { minted, user, manager, referrer })
}

/// Pool tokens minted to the manager for an epoch's `reward_lamports`, so that they are worth the fee
/// (`epoch_fee` of the reward, rounded up) at the new rate, rounded down: `supply × fee / (total − fee)`
/// with `total` the lamports after the reward. Nothing on no gain. `None` on overflow.
pub fn epoch_fee_tokens(
    previous_total_lamports: u64,
    pool_token_supply: u64,
    reward_lamports: u64,
    epoch_fee: &Fee,
) -> Option<u64> {
    if reward_lamports == 0 {
        return Some(0);
    }
    let total = u128::from(previous_total_lamports).checked_add(u128::from(reward_lamports))?;
    let fee = u128::from(epoch_fee.apply(reward_lamports)?);
    if total == fee || pool_token_supply == 0 {
        return Some(reward_lamports);
    }
    let tokens = u128::from(pool_token_supply).checked_mul(fee)?.checked_div(total.checked_sub(fee)?)?;
    u64::try_from(tokens).ok()
}

/// How the pool tokens of one withdrawal are split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WithdrawSplit {
    /// Tokens moved to the manager as the withdrawal fee.
    pub fee: u64,
    /// Tokens burnt (removed from the supply).
    pub burnt: u64,
    /// Lamports paid out for the burnt tokens.
    pub lamports: u64,
}

/// Splits a withdrawal of `pool_tokens`: the fee (rounded up; none when `charge_fee` is false) goes to
/// the manager, the rest is burnt and paid out at the current rate, rounded down. `None` on overflow.
pub fn split_withdrawal(
    total_lamports: u64,
    pool_token_supply: u64,
    pool_tokens: u64,
    withdrawal_fee: &Fee,
    charge_fee: bool,
) -> Option<WithdrawSplit> {
    let fee = if charge_fee { withdrawal_fee.apply(pool_tokens)? } else { 0 };
    let burnt = pool_tokens.checked_sub(fee)?;
    let lamports = lamports_for_pool_tokens(total_lamports, pool_token_supply, burnt)?;
    Some(WithdrawSplit { fee, burnt, lamports })
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "u128 reference arithmetic in assertions cannot overflow")]
mod tests {
    use {super::*, proptest::prelude::*};

    fn fee(numerator: u64, denominator: u64) -> Fee {
        Fee { numerator, denominator }
    }

    #[test]
    fn empty_pool_is_one_to_one() {
        assert_eq!(pool_tokens_for_deposit(0, 0, 1_000), Some(1_000));
        assert_eq!(pool_tokens_for_deposit(5, 0, 7), Some(7));
    }

    #[test]
    fn fee_rounds_up_and_mint_rounds_down() {
        assert_eq!(fee(1, 3).apply(10), Some(4));
        assert_eq!(fee(0, 0).apply(10), Some(0));
        assert_eq!(pool_tokens_for_deposit(3, 2, 2), Some(1));
        assert_eq!(lamports_for_pool_tokens(3, 2, 1), Some(1));
    }

    #[test]
    fn overflow_is_none_not_a_wrap() {
        assert_eq!(pool_tokens_for_deposit(1, u64::MAX, u64::MAX), None);
        assert_eq!(fee(u64::MAX, 1).apply(u64::MAX), None);
    }

    proptest! {
        #[test]
        fn deposit_never_lowers_the_rate(
            total in 1u64..=u64::MAX / 4,
            supply in 1u64..=u64::MAX / 4,
            lamports in 0u64..=u64::MAX / 4,
            num in 0u64..=1_000,
            den in 0u64..=1_000,
            referral in 0u8..=100,
        ) {
            prop_assume!(num <= den);
            let exact = u128::from(lamports) * u128::from(supply) / u128::from(total);
            match split_deposit(total, supply, lamports, &fee(num, den), referral) {
                Some(split) => {
                    prop_assert_eq!(split.user + split.manager + split.referrer, split.minted);
                    // New rate (total + lamports) / (supply + minted) >= old rate total / supply.
                    let lhs = (u128::from(total) + u128::from(lamports)) * u128::from(supply);
                    let rhs = u128::from(total) * (u128::from(supply) + u128::from(split.minted));
                    prop_assert!(lhs >= rhs);
                    // The user never receives more than the exact share.
                    prop_assert!(u128::from(split.user) * u128::from(total)
                        <= u128::from(lamports) * u128::from(supply));
                }
                // Refused only when the tokens would not fit in a u64.
                None => prop_assert!(exact > u128::from(u64::MAX), "{exact} tokens fit, yet refused"),
            }
        }

        #[test]
        fn fee_is_at_least_the_exact_share(amount: u64, num in 0u64..=u64::MAX, den in 1u64..=u64::MAX) {
            prop_assume!(num <= den);
            let taken = fee(num, den).apply(amount).unwrap();
            prop_assert!(u128::from(taken) * u128::from(den) >= u128::from(amount) * u128::from(num));
            prop_assert!(taken <= amount);
        }

        #[test]
        fn withdrawal_never_lowers_the_rate(
            total in 1u64..=u64::MAX / 4,
            supply in 1u64..=u64::MAX / 4,
            tokens in 0u64..=u64::MAX / 4,
            num in 0u64..=1_000,
            den in 0u64..=1_000,
            charge: bool,
        ) {
            prop_assume!(num <= den && tokens <= supply);
            let split = split_withdrawal(total, supply, tokens, &fee(num, den), charge).unwrap();
            prop_assert_eq!(split.fee + split.burnt, tokens);
            // (total - lamports) / (supply - burnt) >= total / supply, i.e. lamports / burnt <= rate.
            prop_assert!(u128::from(split.lamports) * u128::from(supply)
                <= u128::from(split.burnt) * u128::from(total));
            prop_assert!(split.lamports <= total);
        }

        #[test]
        fn stake_deposits_never_lower_the_rate(
            total in 1u64..=u64::MAX / 4,
            supply in 1u64..=u64::MAX / 4,
            deposit in 0u64..=u64::MAX / 8,
            stake_share in 0u64..=1_000,
            stake_num in 0u64..=100,
            sol_num in 0u64..=100,
            referral in 0u8..=100,
        ) {
            let stake_part = (u128::from(deposit) * u128::from(stake_share) / 1_000) as u64;
            let split = split_stake_deposit(
                total, supply, deposit, stake_part, &fee(stake_num, 100), &fee(sol_num, 100), referral,
            );
            let exact = u128::from(deposit) * u128::from(supply) / u128::from(total);
            match split {
                Some(split) => {
                    prop_assert_eq!(split.user + split.manager + split.referrer, split.minted);
                    let lhs = (u128::from(total) + u128::from(deposit)) * u128::from(supply);
                    prop_assert!(lhs >= u128::from(total) * (u128::from(supply) + u128::from(split.minted)));
                }
                // Refused only when the tokens would not fit in a u64.
                None => prop_assert!(exact > u128::from(u64::MAX), "{exact} tokens fit, yet refused"),
            }
        }

        #[test]
        fn the_epoch_fee_is_worth_at_most_its_share_of_the_gain(
            total in 1u64..=u64::MAX / 4,
            supply in 1u64..=u64::MAX / 4,
            reward in 0u64..=u64::MAX / 4,
            num in 0u64..=100,
            den in 1u64..=100,
        ) {
            prop_assume!(num <= den);
            let epoch_fee = fee(num, den);
            let new_total = u128::from(total) + u128::from(reward);
            let fee_lamports = u128::from(epoch_fee.apply(reward).unwrap());
            let Some(tokens) = epoch_fee_tokens(total, supply, reward, &epoch_fee) else {
                // Only when the exact amount does not fit a u64: an error, never a wrap.
                prop_assert!(u128::from(supply) * fee_lamports / (new_total - fee_lamports) > u128::from(u64::MAX));
                return Ok(());
            };
            // Worth of the minted tokens at the new rate never exceeds the fee.
            prop_assert!(u128::from(tokens) * new_total <= fee_lamports * (u128::from(supply) + u128::from(tokens))
                || fee_lamports == new_total);
            // Holders never lose: the rate after the fee is at least the rate before the reward.
            prop_assert!(new_total * u128::from(supply) >= u128::from(total) * (u128::from(supply) + u128::from(tokens)));
        }

        #[test]
        fn withdraw_never_pays_more_than_the_share(total: u64, supply in 1u64..=u64::MAX, tokens: u64) {
            prop_assume!(tokens <= supply);
            let out = lamports_for_pool_tokens(total, supply, tokens).unwrap();
            prop_assert!(u128::from(out) * u128::from(supply) <= u128::from(tokens) * u128::from(total));
        }
    }
}
