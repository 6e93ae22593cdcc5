//! The SPL wire format's framing, checked before any account is read, as SPL's
//! `StakePoolInstruction::try_from_slice` checks it: the first byte must be a tag SPL defines, and
//! that instruction's borsh arguments must take exactly the rest of the data. Anything else — no
//! data, an unknown tag (Anchor's event tag among them), arguments cut short, or bytes left over (a
//! `WithdrawSol` carrying `WithdrawSolWithSlippage`'s minimum) — is SPL's `BorshIoError`.
//!
//! Then the account list's shape, as SPL's processors read it before checking any account
//! ([`check_accounts`]): one by one, each read needing one more account, the clock and rent sysvars
//! parsed the moment they are read. An account left out (every later one shifted) thus gets SPL's
//! first answer: `NotEnoughAccountKeys` where the list runs out, `InvalidArgument` where a shifted
//! account stands in a sysvar's place.

use {
    crate::{
        constants::{CLOCK_SYSVAR_ID, RENT_SYSVAR_ID},
        instruction as args, tag,
    },
    anchor_lang::{
        prelude::{AccountInfo, ProgramError},
        AnchorDeserialize,
    },
};

/// Whether `data` holds exactly one instance of `T`.
fn exactly<T: AnchorDeserialize>(data: &[u8]) -> bool {
    T::try_from_slice(data).is_ok()
}

/// The tag when `data` is a well-formed SPL stake-pool instruction, else `BorshIoError`.
pub fn check(data: &[u8]) -> Result<u8, ProgramError> {
    let Some((tag, rest)) = data.split_first() else {
        return Err(ProgramError::BorshIoError);
    };
    let well_formed = match *tag {
        tag::INITIALIZE => exactly::<args::Initialize>(rest),
        tag::ADD_VALIDATOR_TO_POOL => exactly::<args::AddValidatorToPool>(rest),
        tag::REMOVE_VALIDATOR_FROM_POOL => exactly::<args::RemoveValidatorFromPool>(rest),
        tag::DECREASE_VALIDATOR_STAKE => exactly::<args::DecreaseValidatorStake>(rest),
        tag::INCREASE_VALIDATOR_STAKE => exactly::<args::IncreaseValidatorStake>(rest),
        tag::SET_PREFERRED_VALIDATOR => exactly::<args::SetPreferredValidator>(rest),
        tag::UPDATE_VALIDATOR_LIST_BALANCE => exactly::<args::UpdateValidatorListBalance>(rest),
        tag::UPDATE_STAKE_POOL_BALANCE => exactly::<args::UpdateStakePoolBalance>(rest),
        tag::CLEANUP_REMOVED_VALIDATOR_ENTRIES => exactly::<args::CleanupRemovedValidatorEntries>(rest),
        tag::DEPOSIT_STAKE => exactly::<args::DepositStake>(rest),
        tag::WITHDRAW_STAKE => exactly::<args::WithdrawStake>(rest),
        tag::SET_MANAGER => exactly::<args::SetManager>(rest),
        tag::SET_FEE => exactly::<args::SetFee>(rest),
        tag::SET_STAKER => exactly::<args::SetStaker>(rest),
        tag::DEPOSIT_SOL => exactly::<args::DepositSol>(rest),
        tag::SET_FUNDING_AUTHORITY => exactly::<args::SetFundingAuthority>(rest),
        tag::WITHDRAW_SOL => exactly::<args::WithdrawSol>(rest),
        tag::CREATE_TOKEN_METADATA => exactly::<args::CreateTokenMetadata>(rest),
        tag::UPDATE_TOKEN_METADATA => exactly::<args::UpdateTokenMetadata>(rest),
        tag::INCREASE_ADDITIONAL_VALIDATOR_STAKE => exactly::<args::IncreaseAdditionalValidatorStake>(rest),
        tag::DECREASE_ADDITIONAL_VALIDATOR_STAKE => exactly::<args::DecreaseAdditionalValidatorStake>(rest),
        tag::DECREASE_VALIDATOR_STAKE_WITH_RESERVE => {
            exactly::<args::DecreaseValidatorStakeWithReserve>(rest)
        }
        tag::REDELEGATE => exactly::<args::Redelegate>(rest),
        tag::DEPOSIT_STAKE_WITH_SLIPPAGE => exactly::<args::DepositStakeWithSlippage>(rest),
        tag::WITHDRAW_STAKE_WITH_SLIPPAGE => exactly::<args::WithdrawStakeWithSlippage>(rest),
        tag::DEPOSIT_SOL_WITH_SLIPPAGE => exactly::<args::DepositSolWithSlippage>(rest),
        tag::WITHDRAW_SOL_WITH_SLIPPAGE => exactly::<args::WithdrawSolWithSlippage>(rest),
        _ => false,
    };
    if well_formed {
        Ok(*tag)
    } else {
        Err(ProgramError::BorshIoError)
    }
}

/// How SPL reads an instruction's accounts before any check: how many it takes one by one, and
/// where among them the clock and rent sysvars are, which it parses on reading
/// (`Clock::from_account_info`, `Rent::from_account_info`). Optional trailing accounts are not
/// counted.
struct Reads {
    accounts: u8,
    clock: Option<u8>,
    rent: Option<u8>,
}

const fn reads(accounts: u8, clock: Option<u8>, rent: Option<u8>) -> Reads {
    Reads { accounts, clock, rent }
}

/// SPL 2.2.0's reads for `tag` (`Redelegate` reads none: it is refused first).
fn spl_reads(tag: u8) -> Reads {
    match tag {
        tag::INITIALIZE => reads(9, None, None),
        tag::ADD_VALIDATOR_TO_POOL => reads(13, Some(8), Some(7)),
        tag::REMOVE_VALIDATOR_FROM_POOL => reads(8, Some(6), None),
        tag::DECREASE_VALIDATOR_STAKE => reads(10, Some(6), Some(7)),
        tag::DECREASE_VALIDATOR_STAKE_WITH_RESERVE => reads(11, Some(7), None),
        tag::DECREASE_ADDITIONAL_VALIDATOR_STAKE => reads(12, Some(8), None),
        tag::INCREASE_VALIDATOR_STAKE => reads(14, Some(8), Some(9)),
        tag::INCREASE_ADDITIONAL_VALIDATOR_STAKE => reads(13, Some(9), None),
        tag::SET_PREFERRED_VALIDATOR => reads(3, None, None),
        tag::UPDATE_VALIDATOR_LIST_BALANCE => reads(7, Some(4), None),
        tag::UPDATE_STAKE_POOL_BALANCE => reads(7, None, None),
        tag::CLEANUP_REMOVED_VALIDATOR_ENTRIES => reads(2, None, None),
        tag::DEPOSIT_STAKE | tag::DEPOSIT_STAKE_WITH_SLIPPAGE => reads(15, Some(11), None),
        tag::WITHDRAW_STAKE | tag::WITHDRAW_STAKE_WITH_SLIPPAGE => reads(13, Some(10), None),
        tag::SET_MANAGER => reads(4, None, None),
        tag::SET_FEE | tag::SET_FUNDING_AUTHORITY => reads(2, None, None),
        tag::SET_STAKER => reads(3, None, None),
        tag::DEPOSIT_SOL | tag::DEPOSIT_SOL_WITH_SLIPPAGE => reads(10, None, None),
        tag::WITHDRAW_SOL | tag::WITHDRAW_SOL_WITH_SLIPPAGE => reads(12, None, None),
        tag::CREATE_TOKEN_METADATA => reads(8, None, None),
        tag::UPDATE_TOKEN_METADATA => reads(5, None, None),
        _ => reads(0, None, None),
    }
}

/// `Ok` when `accounts` has the shape SPL reads for instruction `tag` ([`check`] has passed), else
/// SPL's first answer: `InvalidArgument` at a parsed sysvar that is not that sysvar, read before
/// the list runs out; otherwise `NotEnoughAccountKeys` if it runs out.
pub fn check_accounts(tag: u8, accounts: &[AccountInfo]) -> Result<(), ProgramError> {
    let Reads { accounts: count, clock, rent } = spl_reads(tag);
    // The sysvars in reading order (where an instruction reads both, rent comes first).
    let sysvars = match (rent, clock) {
        (Some(rent), Some(clock)) if rent < clock => {
            [(Some(rent), &RENT_SYSVAR_ID), (Some(clock), &CLOCK_SYSVAR_ID)]
        }
        _ => [(clock, &CLOCK_SYSVAR_ID), (rent, &RENT_SYSVAR_ID)],
    };
    for (at, id) in sysvars {
        let Some(at) = at else { continue };
        match accounts.get(usize::from(at)) {
            Some(account) if account.key != id => return Err(ProgramError::InvalidArgument),
            Some(_) => {}
            // The list ran out before this read.
            None => break,
        }
    }
    if accounts.len() < usize::from(count) {
        return Err(ProgramError::NotEnoughAccountKeys);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use {super::*, anchor_lang::InstructionData};

    #[test]
    fn exact_arguments_only() {
        let withdraw = crate::instruction::WithdrawSol { pool_tokens: 5 }.data();
        assert_eq!(check(&withdraw), Ok(tag::WITHDRAW_SOL));
        let mut longer = withdraw.clone();
        longer.extend_from_slice(&7u64.to_le_bytes());
        assert_eq!(check(&longer), Err(ProgramError::BorshIoError), "a slippage minimum on WithdrawSol");
        assert_eq!(check(&withdraw[..5]), Err(ProgramError::BorshIoError), "arguments cut short");
        assert_eq!(check(&[]), Err(ProgramError::BorshIoError));
        assert_eq!(check(&[27]), Err(ProgramError::BorshIoError), "no tag 27");
        let event = [0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d];
        assert_eq!(check(&event), Err(ProgramError::BorshIoError), "Anchor's event tag");
        assert_eq!(check(&[tag::UPDATE_STAKE_POOL_BALANCE]), Ok(tag::UPDATE_STAKE_POOL_BALANCE));
        assert_eq!(check(&[tag::UPDATE_STAKE_POOL_BALANCE, 0]), Err(ProgramError::BorshIoError));
    }
}
