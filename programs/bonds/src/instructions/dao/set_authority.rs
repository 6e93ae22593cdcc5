//! `offer_authority`, `accept_authority`: the bonds authority (the lock-up, the fee shares, the
//! insurance cover) changes hands in two steps, so a mistyped key never takes it: the authority
//! offers its place (`Pubkey::default()` withdraws the offer), and the successor signs to accept.

use {
    crate::{
        errors::BondsError,
        events::{AuthorityChanged, AuthorityOffered},
        state::BondsConfig,
    },
    anchor_lang::prelude::*,
};

/// Accounts of `offer_authority`.
#[derive(Accounts)]
pub struct OfferAuthority<'info> {
    /// The bonds config.
    #[account(mut)]
    pub config: AccountLoader<'info, BondsConfig>,
    /// Its authority.
    #[account(address = config.load()?.authority @ BondsError::Unauthorized)]
    pub authority: Signer<'info>,
}

/// Accounts of `accept_authority`.
#[derive(Accounts)]
pub struct AcceptAuthority<'info> {
    /// The bonds config.
    #[account(mut)]
    pub config: AccountLoader<'info, BondsConfig>,
    /// The offered successor.
    pub new_authority: Signer<'info>,
}

/// Offers the authority to `new`.
pub fn process_offer_authority(ctx: Context<OfferAuthority>, new: Pubkey) -> Result<()> {
    let mut config = ctx.accounts.config.load_mut()?;
    let old = std::mem::replace(&mut config.pending_authority, new);
    emit!(AuthorityOffered { config: ctx.accounts.config.key(), authority: config.authority, old, new });
    Ok(())
}

/// The offered successor takes the authority.
pub fn process_accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
    let signer = ctx.accounts.new_authority.key();
    let mut config = ctx.accounts.config.load_mut()?;
    if config.pending_authority != signer || signer == Pubkey::default() {
        return err!(BondsError::NoPendingAuthority);
    }
    config.pending_authority = Pubkey::default();
    let old = std::mem::replace(&mut config.authority, signer);
    emit!(AuthorityChanged { config: ctx.accounts.config.key(), old, new: signer });
    Ok(())
}
