//! The bonds program: addresses, instruction builders and account decoding.

use {
    crate::steward::ids::{CLOCK as CLOCK_SYSVAR, STAKE_HISTORY as STAKE_HISTORY_SYSVAR, STAKE_PROGRAM_ID},
    crate::steward::{cluster_history_address, history_address, zero_copy, StewardDecodeError},
    anchor_lang::{
        prelude::{AccountMeta, Pubkey, ToAccountMetas},
        solana_program::instruction::Instruction,
        system_program, InstructionData,
    },
    bonds::{
        constants::{
            BOND_SEED, CONFIG_SEED, FEE_SHARES_SEED, FEE_VAULT_SEED, INSURANCE_SEED, SETTLEMENT_SEED,
        },
        state::{Bond, BondsConfig, FeeShare, FeeShares, Insurance, Settlement},
    },
};

pub use bonds::ID as BONDS_PROGRAM_ID;

/// The bonds config of the steward `steward_config`.
pub fn config_address(steward_config: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[CONFIG_SEED, steward_config.as_ref()], &bonds::ID).0
}

/// The bond of `vote` under the bonds config `config`.
pub fn bond_address(config: &Pubkey, vote: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[BOND_SEED, config.as_ref(), vote.as_ref()], &bonds::ID).0
}

/// The record that `bond`'s loss of `epoch` was settled.
pub fn settlement_address(bond: &Pubkey, epoch: u64) -> Pubkey {
    Pubkey::find_program_address(&[SETTLEMENT_SEED, bond.as_ref(), &epoch.to_le_bytes()], &bonds::ID).0
}

/// The fee shares of the bonds config `config`.
pub fn fee_shares_address(config: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[FEE_SHARES_SEED, config.as_ref()], &bonds::ID).0
}

/// The owner of the fee vault (the pool's manager fee account) of the bonds config `config`.
pub fn fee_vault_authority(config: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[FEE_VAULT_SEED, config.as_ref()], &bonds::ID).0
}

/// The insurance fund of the bonds config `config`.
pub fn insurance_address(config: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[INSURANCE_SEED, config.as_ref()], &bonds::ID).0
}

fn ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction { program_id: bonds::ID, accounts: accounts.to_account_metas(None), data: data.data() }
}

/// The pool's token, as the insurance fund's covers need it.
#[derive(Clone, Copy, Debug)]
pub struct PoolToken {
    /// The pool's mint.
    pub mint: Pubkey,
    /// Its token program.
    pub program: Pubkey,
}

/// The bonds of one steward's pool.
#[derive(Clone, Debug)]
pub struct BondsAddresses {
    /// The steward config.
    pub steward_config: Pubkey,
    /// The bonds config.
    pub config: Pubkey,
    /// The steward's pool.
    pub stake_pool: Pubkey,
    /// The pool's reserve.
    pub reserve: Pubkey,
}

impl BondsAddresses {
    /// The bonds of the steward `steward_config`, which runs `stake_pool` (reserve `reserve`).
    pub fn new(steward_config: Pubkey, stake_pool: Pubkey, reserve: Pubkey) -> Self {
        Self { steward_config, config: config_address(&steward_config), stake_pool, reserve }
    }

    /// `vote`'s bond.
    pub fn bond(&self, vote: &Pubkey) -> Pubkey {
        bond_address(&self.config, vote)
    }

    /// The insurance fund.
    pub fn insurance(&self) -> Pubkey {
        insurance_address(&self.config)
    }

    /// The insurance fund's pool-token account (the fund PDA's associated token account; anyone may
    /// deposit SOL to the pool with it as the receiving account).
    pub fn insurance_fund(&self, token: &PoolToken) -> Pubkey {
        crate::instructions::associated_token_address(&self.insurance(), &token.mint, &token.program)
    }

    /// The fee vault: the fee-vault PDA's pool-token account, which the pool's manager names as its
    /// manager fee account.
    pub fn fee_vault(&self, token: &PoolToken) -> Pubkey {
        crate::instructions::associated_token_address(
            &fee_vault_authority(&self.config),
            &token.mint,
            &token.program,
        )
    }

    /// `set_fee_shares`, signed by the bonds authority.
    pub fn set_fee_shares(&self, authority: &Pubkey, shares: Vec<FeeShare>) -> Instruction {
        ix(
            bonds::accounts::SetFeeShares {
                config: self.config,
                authority: *authority,
                fee_shares: fee_shares_address(&self.config),
            },
            bonds::instruction::SetFeeShares { shares },
        )
    }

    /// `distribute` to `recipients` (the shares' token accounts, in order).
    pub fn distribute(&self, token: &PoolToken, recipients: &[Pubkey]) -> Instruction {
        let mut ix = ix(
            bonds::accounts::Distribute {
                config: self.config,
                fee_shares: fee_shares_address(&self.config),
                vault_authority: fee_vault_authority(&self.config),
                vault: self.fee_vault(token),
                steward_config: self.steward_config,
                stake_pool: self.stake_pool,
                pool_mint: token.mint,
                token_program: token.program,
            },
            bonds::instruction::Distribute {},
        );
        ix.accounts.extend(recipients.iter().map(|r| anchor_lang::prelude::AccountMeta::new(*r, false)));
        ix
    }

    /// `open_insurance`, signed by the bonds authority.
    pub fn open_insurance(
        &self,
        authority: &Pubkey,
        payer: &Pubkey,
        cap_lamports_per_epoch: u64,
    ) -> Instruction {
        ix(
            bonds::accounts::OpenInsurance {
                config: self.config,
                authority: *authority,
                insurance: self.insurance(),
                payer: *payer,
                system_program: system_program::ID,
            },
            bonds::instruction::OpenInsurance { cap_lamports_per_epoch },
        )
    }

    /// `set_cover_cap`, signed by the bonds authority.
    pub fn set_cover_cap(&self, authority: &Pubkey, cap_lamports_per_epoch: u64) -> Instruction {
        ix(
            bonds::accounts::SetCoverCap {
                config: self.config,
                authority: *authority,
                insurance: self.insurance(),
            },
            bonds::instruction::SetCoverCap { cap_lamports_per_epoch },
        )
    }

    fn cover_accounts(
        &self,
        vote: &Pubkey,
        epoch: u64,
        token: &PoolToken,
        authority: Option<Pubkey>,
    ) -> bonds::accounts::Cover {
        let bond = self.bond(vote);
        bonds::accounts::Cover {
            config: self.config,
            insurance: self.insurance(),
            bond,
            settlement: settlement_address(&bond, epoch),
            steward_config: self.steward_config,
            stake_pool: self.stake_pool,
            pool_mint: token.mint,
            fund: self.insurance_fund(token),
            token_program: token.program,
            authority,
        }
    }

    /// `cover`: the insurance fund covers `vote`'s settlement of `epoch` within the epoch's cap.
    pub fn cover(&self, vote: &Pubkey, epoch: u64, token: &PoolToken) -> Instruction {
        ix(self.cover_accounts(vote, epoch, token, None), bonds::instruction::Cover { epoch })
    }

    /// `cover_beyond_cap`, signed by the bonds authority, up to `lamports`.
    pub fn cover_beyond_cap(
        &self,
        authority: &Pubkey,
        vote: &Pubkey,
        epoch: u64,
        token: &PoolToken,
        lamports: u64,
    ) -> Instruction {
        ix(
            self.cover_accounts(vote, epoch, token, Some(*authority)),
            bonds::instruction::CoverBeyondCap { epoch, lamports },
        )
    }

    /// `initialize_bonds`, signed by the steward's admin.
    pub fn initialize(&self, admin: &Pubkey, payer: &Pubkey, authority: &Pubkey, lockup: u16) -> Instruction {
        ix(
            bonds::accounts::InitializeBonds {
                steward_config: self.steward_config,
                admin: *admin,
                config: self.config,
                fee_shares: fee_shares_address(&self.config),
                payer: *payer,
                system_program: system_program::ID,
            },
            bonds::instruction::InitializeBonds { authority: *authority, withdraw_lockup_epochs: lockup },
        )
    }

    /// `set_lockup`, signed by the bonds authority.
    pub fn set_lockup(&self, authority: &Pubkey, lockup: u16) -> Instruction {
        ix(
            bonds::accounts::SetLockup { config: self.config, authority: *authority },
            bonds::instruction::SetLockup { withdraw_lockup_epochs: lockup },
        )
    }

    /// `offer_authority`, signed by the bonds authority: `new` may then take it.
    pub fn offer_authority(&self, authority: &Pubkey, new: &Pubkey) -> Instruction {
        ix(
            bonds::accounts::OfferAuthority { config: self.config, authority: *authority },
            bonds::instruction::OfferAuthority { new: *new },
        )
    }

    /// `accept_authority`, signed by the offered successor.
    pub fn accept_authority(&self, new_authority: &Pubkey) -> Instruction {
        ix(
            bonds::accounts::AcceptAuthority { config: self.config, new_authority: *new_authority },
            bonds::instruction::AcceptAuthority {},
        )
    }

    /// `open_bond` for `vote`, signed by its withdraw authority.
    pub fn open_bond(&self, vote: &Pubkey, withdrawer: &Pubkey, payer: &Pubkey) -> Instruction {
        ix(
            bonds::accounts::OpenBond {
                config: self.config,
                vote_account: *vote,
                withdrawer: *withdrawer,
                bond: self.bond(vote),
                payer: *payer,
                system_program: system_program::ID,
            },
            bonds::instruction::OpenBond {},
        )
    }

    /// `fund_bond`: `funder` adds `lamports` to `vote`'s bond.
    pub fn fund_bond(&self, vote: &Pubkey, funder: &Pubkey, lamports: u64) -> Instruction {
        ix(
            bonds::accounts::FundBond {
                config: self.config,
                bond: self.bond(vote),
                funder: *funder,
                system_program: system_program::ID,
            },
            bonds::instruction::FundBond { lamports },
        )
    }

    fn owner(&self, vote: &Pubkey, withdrawer: &Pubkey) -> bonds::accounts::BondOwner {
        bonds::accounts::BondOwner {
            config: self.config,
            bond: self.bond(vote),
            vote_account: *vote,
            withdrawer: *withdrawer,
        }
    }

    /// The two stake-program `Authorize` instructions that hand `stake`'s staker and withdrawer
    /// (both `authority`) to `vote`'s bond, then `fund_bond_stake`: one transaction, signed by
    /// `authority` and the vote account's `withdrawer`.
    pub fn fund_bond_stake(
        &self,
        vote: &Pubkey,
        withdrawer: &Pubkey,
        stake: &Pubkey,
        authority: &Pubkey,
    ) -> Vec<Instruction> {
        let bond = self.bond(vote);
        vec![
            crate::instructions::stake_authorize(stake, authority, &bond, 0),
            crate::instructions::stake_authorize(stake, authority, &bond, 1),
            ix(
                bonds::accounts::FundBondStake {
                    owner: self.owner(vote, withdrawer),
                    stake_account: *stake,
                    clock: CLOCK_SYSVAR,
                },
                bonds::instruction::FundBondStake {},
            ),
        ]
    }

    /// `unstake_bond`: deactivates `vote`'s bonded stake account `stake`, pledged to the pool.
    pub fn unstake_bond(&self, vote: &Pubkey, stake: &Pubkey) -> Instruction {
        ix(
            bonds::accounts::UnstakeBond {
                config: self.config,
                bond: self.bond(vote),
                stake_account: *stake,
                clock: CLOCK_SYSVAR,
                stake_program: STAKE_PROGRAM_ID,
            },
            bonds::instruction::UnstakeBond {},
        )
    }

    /// `collect_bond_stake`: withdraws `vote`'s deactivated bond stake `stake` into the bond, which
    /// pays what it owes into the pool's reserve.
    pub fn collect_bond_stake(&self, vote: &Pubkey, stake: &Pubkey) -> Instruction {
        ix(
            bonds::accounts::CollectBondStake {
                config: self.config,
                bond: self.bond(vote),
                stake_account: *stake,
                stake_pool: self.stake_pool,
                reserve: self.reserve,
                clock: CLOCK_SYSVAR,
                stake_history: STAKE_HISTORY_SYSVAR,
                stake_program: STAKE_PROGRAM_ID,
            },
            bonds::instruction::CollectBondStake {},
        )
    }

    /// `request_withdraw` of `lamports` (0 cancels) from `vote`'s bond.
    pub fn request_withdraw(&self, vote: &Pubkey, withdrawer: &Pubkey, lamports: u64) -> Instruction {
        ix(self.owner(vote, withdrawer), bonds::instruction::RequestWithdraw { lamports })
    }

    /// `withdraw` from `vote`'s bond to `destination` in epoch `now`, the request made in
    /// `requested_in` and the bond opened in `opened`: with the settlement record and
    /// tip-distribution account of each epoch the program checks is settled or loss-free.
    pub fn withdraw(
        &self,
        vote: &Pubkey,
        withdrawer: &Pubkey,
        destination: &Pubkey,
        (opened, requested_in, now): (u64, u64, u64),
    ) -> Instruction {
        let mut ix =
            ix(self.withdraw_accounts(vote, withdrawer, destination), bonds::instruction::Withdraw {});
        ix.accounts.extend(self.settled_since(vote, opened, requested_in, now));
        ix
    }

    /// `withdraw_stake`: hands `vote`'s bonded stake account `stake` to `destination` (its new
    /// staker and withdrawer); the epochs as for [`Self::withdraw`].
    pub fn withdraw_stake(
        &self,
        vote: &Pubkey,
        withdrawer: &Pubkey,
        destination: &Pubkey,
        stake: &Pubkey,
        (opened, requested_in, now): (u64, u64, u64),
    ) -> Instruction {
        let mut ix = ix(
            bonds::accounts::WithdrawStake {
                withdraw: self.withdraw_accounts(vote, withdrawer, destination),
                stake_account: *stake,
                clock: CLOCK_SYSVAR,
                stake_program: STAKE_PROGRAM_ID,
            },
            bonds::instruction::WithdrawStake {},
        );
        ix.accounts.extend(self.settled_since(vote, opened, requested_in, now));
        ix
    }

    fn withdraw_accounts(
        &self,
        vote: &Pubkey,
        withdrawer: &Pubkey,
        destination: &Pubkey,
    ) -> bonds::accounts::Withdraw {
        bonds::accounts::Withdraw {
            owner: self.owner(vote, withdrawer),
            destination: *destination,
            steward_config: self.steward_config,
            history: history_address(&self.steward_config, vote),
            cluster_history: cluster_history_address(&self.steward_config),
            commission_feature: bonds::constants::DELAY_COMMISSION_UPDATES_FEATURE,
        }
    }

    /// The settlement record and tip-distribution account of each epoch a withdrawal checks.
    fn settled_since(&self, vote: &Pubkey, opened: u64, requested_in: u64, now: u64) -> Vec<AccountMeta> {
        let bond = self.bond(vote);
        (requested_in.saturating_sub(1).max(opened)..now)
            .flat_map(|epoch| {
                let tips = crate::steward::tip_distribution_address(vote, epoch);
                [
                    AccountMeta::new_readonly(settlement_address(&bond, epoch), false),
                    AccountMeta::new_readonly(tips, false),
                ]
            })
            .collect()
    }

    /// `settle` `vote`'s loss of `epoch`; `payer` pays the settlement record's rent.
    pub fn settle(&self, vote: &Pubkey, epoch: u64, payer: &Pubkey) -> Instruction {
        let bond = self.bond(vote);
        ix(
            bonds::accounts::Settle {
                config: self.config,
                bond,
                steward_config: self.steward_config,
                history: history_address(&self.steward_config, vote),
                cluster_history: cluster_history_address(&self.steward_config),
                stake_pool: self.stake_pool,
                reserve: self.reserve,
                tip_distribution_account: crate::steward::tip_distribution_address(vote, epoch),
                commission_feature: bonds::constants::DELAY_COMMISSION_UPDATES_FEATURE,
                settlement: settlement_address(&bond, epoch),
                payer: *payer,
                system_program: system_program::ID,
            },
            bonds::instruction::Settle { epoch },
        )
    }
}

/// Decodes a bonds config.
pub fn decode_config(data: &[u8]) -> Result<BondsConfig, StewardDecodeError> {
    zero_copy(data)
}

/// Decodes a bond.
pub fn decode_bond(data: &[u8]) -> Result<Bond, StewardDecodeError> {
    zero_copy(data)
}

/// Decodes the fee shares.
pub fn decode_fee_shares(data: &[u8]) -> Result<FeeShares, StewardDecodeError> {
    zero_copy(data)
}

/// Decodes the insurance fund's account.
pub fn decode_insurance(data: &[u8]) -> Result<Insurance, StewardDecodeError> {
    zero_copy(data)
}

/// Decodes a settlement record.
pub fn decode_settlement(data: &[u8]) -> Result<Settlement, StewardDecodeError> {
    zero_copy(data)
}
