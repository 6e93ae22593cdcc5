//! A bond's stake account: what the bond accepts, and the stake-program calls the bond signs.
//!
//! A validator may bond a stake account delegated to its own vote account (it keeps earning): the
//! account's staker and withdrawer are the bond's PDA, so only this program moves it. A settlement
//! pledges part of it (`owed_lamports`); anyone then deactivates it and, once it is inactive,
//! collects it into the bond, which pays what is owed into the pool's reserve.

use {
    crate::{constants::BOND_SEED, errors::BondsError, state::Bond},
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
    solana_stake_interface::{
        instruction as stake_ix,
        state::{StakeAuthorize, StakeStateV2},
    },
};

/// The stake program, as an account constraint.
pub const STAKE_PROGRAM_ID: Pubkey = solana_stake_interface::program::ID;
/// The sysvars the stake program reads.
pub use {
    solana_stake_interface::sysvar::stake_history::ID as STAKE_HISTORY_ID,
    solana_sysvar::clock::ID as CLOCK_ID,
};

/// `stake` can back `bond`: a delegated stake account of `bond`'s vote account, controlled by the
/// bond alone (both authorities, no lock-up in force), not deactivating. Its lamports.
pub fn bondable(stake: &AccountInfo, bond: &Pubkey, vote: &Pubkey, clock: &Clock) -> Result<u64> {
    if stake.owner != &STAKE_PROGRAM_ID {
        return err!(BondsError::NotDelegatedStake);
    }
    let state = {
        let data = stake.try_borrow_data()?;
        // bincode, the stake program's own encoding (borsh's would check the warm-up rate's float
        // for NaN, which SBF has no soft-float routine for).
        bincode::deserialize::<StakeStateV2>(&data).map_err(|_| BondsError::NotDelegatedStake)?
    };
    let StakeStateV2::Stake(meta, delegated, _) = state else {
        return err!(BondsError::NotDelegatedStake);
    };
    if &meta.authorized.staker != bond || &meta.authorized.withdrawer != bond {
        return err!(BondsError::StakeNotBondControlled);
    }
    if meta.lockup.is_in_force(clock, None) {
        return err!(BondsError::StakeLocked);
    }
    if &delegated.delegation.voter_pubkey != vote {
        return err!(BondsError::StakeNotDelegatedToVote);
    }
    if delegated.delegation.deactivation_epoch != u64::MAX {
        return err!(BondsError::StakeDeactivating);
    }
    Ok(stake.lamports())
}

/// The bond's PDA signing for its stake account.
pub struct BondSigner<'a, 'info> {
    /// The bond.
    pub bond: &'a AccountInfo<'info>,
    /// Its bonds config.
    pub config: Pubkey,
    /// Its vote account.
    pub vote_account: Pubkey,
    /// Its bump.
    pub bump: u8,
}

impl<'a, 'info> BondSigner<'a, 'info> {
    /// The signer of `bond`.
    pub fn of(bond: &'a AccountInfo<'info>, state: &Bond) -> Self {
        Self { bond, config: state.config, vote_account: state.vote_account, bump: state.bump }
    }

    fn invoke(&self, ix: &Instruction, accounts: &[AccountInfo<'info>]) -> Result<()> {
        let bump = [self.bump];
        let seeds: &[&[u8]] = &[BOND_SEED, self.config.as_ref(), self.vote_account.as_ref(), &bump];
        invoke_signed(ix, accounts, &[seeds])?;
        Ok(())
    }

    /// Deactivates `stake`.
    pub fn deactivate(&self, stake: &AccountInfo<'info>, clock: &AccountInfo<'info>) -> Result<()> {
        let ix = stake_ix::deactivate_stake(stake.key, self.bond.key);
        self.invoke(&ix, &[stake.clone(), clock.clone(), self.bond.clone()])
    }

    /// Withdraws every lamport of the inactive `stake` into the bond.
    pub fn withdraw_all(
        &self,
        stake: &AccountInfo<'info>,
        clock: &AccountInfo<'info>,
        stake_history: &AccountInfo<'info>,
    ) -> Result<()> {
        let ix = stake_ix::withdraw(stake.key, self.bond.key, self.bond.key, stake.lamports(), None);
        let accounts =
            [stake.clone(), self.bond.clone(), clock.clone(), stake_history.clone(), self.bond.clone()];
        self.invoke(&ix, &accounts)
    }

    /// Hands both of `stake`'s authorities to `new`.
    pub fn authorize_both(
        &self,
        stake: &AccountInfo<'info>,
        clock: &AccountInfo<'info>,
        new: &Pubkey,
    ) -> Result<()> {
        for kind in [StakeAuthorize::Staker, StakeAuthorize::Withdrawer] {
            let ix = stake_ix::authorize(stake.key, self.bond.key, new, kind, None);
            self.invoke(&ix, &[stake.clone(), clock.clone(), self.bond.clone()])?;
        }
        Ok(())
    }
}
