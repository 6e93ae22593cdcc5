//! Zero-copy accounts, sizes asserted at compile time.

use anchor_lang::prelude::*;

/// The bonds of one steward's pool, at `["bonds-config", steward config]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct BondsConfig {
    /// The steward config whose history and parameters losses are computed from.
    pub steward_config: Pubkey,
    /// The steward's pool, whose reserve settlements pay into.
    pub stake_pool: Pubkey,
    /// Changes the lock-up, the fee shares and the insurance cover (the DAO).
    pub authority: Pubkey,
    /// Epochs between a withdrawal request and the withdrawal.
    pub withdraw_lockup_epochs: u16,
    /// Bump of this PDA.
    pub bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: [u8; 5],
    /// The successor `authority` offered (default: none); it takes over by signing. Last, so the
    /// fields before it keep their offsets.
    pub pending_authority: Pubkey,
}

const _: () = assert!(std::mem::size_of::<BondsConfig>() == 136);

/// One validator's bond, at `["bond", bonds config, vote account]`. The bond is the account's
/// lamports above its rent-exempt minimum, and at most one stake account delegated to the vote
/// account whose authorities are this PDA; the vote account's withdraw authority controls it.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Bond {
    /// The bonds config.
    pub config: Pubkey,
    /// The vote account whose losses the bond covers.
    pub vote_account: Pubkey,
    /// Lamports requested for withdrawal (0: none).
    pub withdraw_request_lamports: u64,
    /// The bonded stake account's lamports when it was bonded (0: the bond holds none). Rewards it
    /// earns since are the validator's and are not counted.
    pub stake_lamports: u64,
    /// Of `stake_lamports`, what settlements pledged to the pool: paid into the reserve when the
    /// stake account is collected.
    pub owed_lamports: u64,
    /// The bonded stake account (default: none).
    pub stake_account: Pubkey,
    /// Epoch of the request; `NO_EPOCH` when none.
    pub withdraw_request_epoch: u64,
    /// Lamports paid into the pool by settlements, all time.
    pub settled_lamports: u64,
    /// Losses settlements could not pay, all time.
    pub shortfall_lamports: u64,
    /// The epoch the bond was opened in: it answers for no earlier epoch.
    pub opened_epoch: u64,
    /// Bump of this PDA.
    pub bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: [u8; 7],
}

const _: () = assert!(std::mem::size_of::<Bond>() == 160);

/// That (bond, epoch) was settled, at `["settlement", bond, epoch]`; its existence is what stops a
/// second settlement.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Settlement {
    /// The bond.
    pub bond: Pubkey,
    /// The epoch settled.
    pub epoch: u64,
    /// The stakers' loss.
    pub loss_lamports: u64,
    /// What the bond paid into the pool's reserve.
    pub paid_lamports: u64,
    /// `loss − paid`.
    pub shortfall_lamports: u64,
    /// Of the shortfall, what the insurance fund covered.
    pub covered_lamports: u64,
    /// Bump of this PDA.
    pub bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: [u8; 7],
}

const _: () = assert!(std::mem::size_of::<Settlement>() == 80);

/// The insurance fund of one pool's bonds, at `["insurance", bonds config]`. The fund is pool
/// tokens held by token accounts this PDA owns; covering a loss burns them, which gives their
/// value to every other holder (Lido's cover).
#[account(zero_copy)]
#[derive(Debug)]
pub struct Insurance {
    /// The bonds config.
    pub config: Pubkey,
    /// Most lamports anyone may cover in one epoch; beyond it only the bonds authority (the DAO).
    pub cap_lamports_per_epoch: u64,
    /// The epoch `covered_in_epoch` counts.
    pub cap_epoch: u64,
    /// Lamports covered without the authority in `cap_epoch`.
    pub covered_in_epoch: u64,
    /// Lamports covered, all time.
    pub covered_lamports: u64,
    /// Bump of this PDA.
    pub bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: [u8; 7],
}

const _: () = assert!(std::mem::size_of::<Insurance>() == 72);

/// One recipient of the pool's fees, as stored.
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct FeeRecipient {
    /// A pool-token account.
    pub token_account: Pubkey,
    /// Its share, bps of what is distributed.
    pub share_bps: u16,
    /// Keeps the entry 8-byte aligned.
    pub padding: [u8; 6],
}

/// One recipient of the pool's fees, as `set_fee_shares` takes it and events carry it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeShare {
    /// A pool-token account.
    pub token_account: Pubkey,
    /// Its share, bps of what is distributed.
    pub share_bps: u16,
}

/// How the pool's fees are shared, at `["fee-shares", bonds config]`: set by the bonds authority
/// (the DAO); the shares of the first `count` recipients add up to 10,000 bps.
#[account(zero_copy)]
#[derive(Debug)]
pub struct FeeShares {
    /// The bonds config.
    pub config: Pubkey,
    /// The recipients; only the first `count` are used.
    pub recipients: [FeeRecipient; crate::constants::MAX_FEE_RECIPIENTS],
    /// Recipients in use.
    pub count: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Bump of the fee vault's owner PDA.
    pub vault_bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: [u8; 5],
}

const _: () = assert!(std::mem::size_of::<FeeRecipient>() == 40);

impl FeeShares {
    /// The recipients in use.
    pub fn shares(&self) -> Vec<FeeShare> {
        self.recipients
            .iter()
            .take(usize::from(self.count))
            .map(|r| FeeShare { token_account: r.token_account, share_bps: r.share_bps })
            .collect()
    }
}
const _: () = assert!(std::mem::size_of::<FeeShares>() == 32 + 40 * crate::constants::MAX_FEE_RECIPIENTS + 8);

/// Account sizes, discriminator included.
pub mod len {
    /// [`super::BondsConfig`].
    pub const CONFIG: usize = 8 + std::mem::size_of::<super::BondsConfig>();
    /// [`super::Bond`].
    pub const BOND: usize = 8 + std::mem::size_of::<super::Bond>();
    /// [`super::Settlement`].
    pub const SETTLEMENT: usize = 8 + std::mem::size_of::<super::Settlement>();
    /// [`super::Insurance`].
    pub const INSURANCE: usize = 8 + std::mem::size_of::<super::Insurance>();
    /// [`super::FeeShares`].
    pub const FEE_SHARES: usize = 8 + std::mem::size_of::<super::FeeShares>();
}

impl Bond {
    /// The bond's lamports above the rent-exempt minimum of an account holding `lamports`.
    pub fn available(lamports: u64, rent: &Rent) -> u64 {
        lamports.saturating_sub(rent.minimum_balance(len::BOND))
    }

    /// Whether the bond holds a stake account.
    pub fn has_stake(&self) -> bool {
        self.stake_account != Pubkey::default()
    }

    /// What of the bonded stake no settlement has pledged yet.
    pub fn stake_unpledged(&self) -> u64 {
        self.stake_lamports.saturating_sub(self.owed_lamports)
    }

    /// Forgets the stake account (withdrawn or collected).
    pub fn clear_stake(&mut self) {
        self.stake_account = Pubkey::default();
        self.stake_lamports = 0;
        self.owed_lamports = 0;
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "constant offsets")]
mod tests {
    use {super::*, std::mem::offset_of};

    /// The steward's bond filter reads bonds from their bytes (`steward::foreign::bond`).
    #[test]
    fn the_steward_reads_bonds_where_they_are() {
        assert_eq!(
            &steward::constants::BOND_DISCRIMINATOR[..],
            <Bond as anchor_lang::Discriminator>::DISCRIMINATOR
        );
        assert_eq!(8 + offset_of!(Bond, config), 8);
        assert_eq!(8 + offset_of!(Bond, vote_account), 40);
        assert_eq!(8 + offset_of!(Bond, withdraw_request_lamports), 72);
        assert_eq!(8 + offset_of!(Bond, stake_lamports), 80);
        assert_eq!(8 + offset_of!(Bond, owed_lamports), 88);
        assert_eq!(steward::constants::BONDS_PROGRAM_ID, crate::ID);
        assert_eq!(steward::constants::BOND_LEN, len::BOND);
    }
}
