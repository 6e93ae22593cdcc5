//! The steward's config: which pool it runs, its authorities and parameters.

use {super::Parameters, anchor_lang::prelude::*};

/// One per stake pool, at `["config", stake_pool]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Config {
    /// The pool this steward is the staker of.
    pub stake_pool: Pubkey,
    /// The stake-pool program that owns it (ours or the upstream SPL program).
    pub pool_program: Pubkey,
    /// The zero-copy [`super::StewardState`] account.
    pub state: Pubkey,
    /// Proposes its own successor and the oracle's, pauses and resumes, removes validators.
    pub admin: Pubkey,
    /// Updates [`Parameters`].
    pub parameters_authority: Pubkey,
    /// Adds and removes validators from the blacklist.
    pub blacklist_authority: Pubkey,
    /// Writes the history fields that cannot be read on chain (stake rank, superminority, client),
    /// for the current epoch only.
    pub oracle_authority: Pubkey,
    /// Proposed successors of the four authorities above (admin, parameters, blacklist, oracle), in
    /// that order; `Pubkey::default()` when none. A rotation takes effect when the successor signs.
    pub pending: [Pubkey; 4],
    /// Current parameters.
    pub parameters: Parameters,
    /// 1 while every steward crank is stopped (never the pool's users).
    pub paused: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Bump of the staker PDA `["staker", config]`.
    pub staker_bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: [u8; 5],
}

/// Size of the config account.
pub const CONFIG_ACCOUNT_LEN: usize = 8 + std::mem::size_of::<Config>();

const _: () = assert!(std::mem::size_of::<Config>() == 32 * 11 + 48 + 8);

impl Config {
    /// Whether the admin paused the steward.
    pub fn is_paused(&self) -> bool {
        self.paused != 0
    }
}

/// Which authority [`crate::steward::set_authority`] rotates.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorityKind {
    /// [`Config::admin`].
    Admin,
    /// [`Config::parameters_authority`].
    Parameters,
    /// [`Config::blacklist_authority`].
    Blacklist,
    /// [`Config::oracle_authority`].
    Oracle,
}

impl Config {
    /// The authority slot `kind` names.
    pub fn authority_mut(&mut self, kind: AuthorityKind) -> &mut Pubkey {
        match kind {
            AuthorityKind::Admin => &mut self.admin,
            AuthorityKind::Parameters => &mut self.parameters_authority,
            AuthorityKind::Blacklist => &mut self.blacklist_authority,
            AuthorityKind::Oracle => &mut self.oracle_authority,
        }
    }

    /// The proposed successor of `kind`'s authority.
    pub fn pending_mut(&mut self, kind: AuthorityKind) -> &mut Pubkey {
        &mut self.pending[kind as usize]
    }
}
