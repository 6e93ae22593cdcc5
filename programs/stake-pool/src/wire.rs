//! The SPL wire format's framing, checked before any account is read, as SPL's
//! `StakePoolInstruction::try_from_slice` checks it: the first byte must be a tag SPL defines, and
//! that instruction's borsh arguments must take exactly the rest of the data. Anything else — no
//! data, an unknown tag (Anchor's event tag among them), arguments cut short, or bytes left over (a
//! `WithdrawSol` carrying `WithdrawSolWithSlippage`'s minimum) — is SPL's `BorshIoError`.

use {
    crate::{instruction as args, tag},
    anchor_lang::{prelude::ProgramError, AnchorDeserialize},
};

/// Whether `data` holds exactly one instance of `T`.
fn exactly<T: AnchorDeserialize>(data: &[u8]) -> bool {
    T::try_from_slice(data).is_ok()
}

/// `Ok` when `data` is a well-formed SPL stake-pool instruction, else `BorshIoError`.
pub fn check(data: &[u8]) -> Result<(), ProgramError> {
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
        Ok(())
    } else {
        Err(ProgramError::BorshIoError)
    }
}

#[cfg(test)]
mod tests {
    use {super::*, anchor_lang::InstructionData};

    #[test]
    fn exact_arguments_only() {
        let withdraw = crate::instruction::WithdrawSol { pool_tokens: 5 }.data();
        assert_eq!(check(&withdraw), Ok(()));
        let mut longer = withdraw.clone();
        longer.extend_from_slice(&7u64.to_le_bytes());
        assert_eq!(check(&longer), Err(ProgramError::BorshIoError), "a slippage minimum on WithdrawSol");
        assert_eq!(check(&withdraw[..5]), Err(ProgramError::BorshIoError), "arguments cut short");
        assert_eq!(check(&[]), Err(ProgramError::BorshIoError));
        assert_eq!(check(&[27]), Err(ProgramError::BorshIoError), "no tag 27");
        let event = [0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d];
        assert_eq!(check(&event), Err(ProgramError::BorshIoError), "Anchor's event tag");
        assert_eq!(check(&[tag::UPDATE_STAKE_POOL_BALANCE]), Ok(()));
        assert_eq!(check(&[tag::UPDATE_STAKE_POOL_BALANCE, 0]), Err(ProgramError::BorshIoError));
    }
}
