//! `set_authority`, `accept_authority`, `pause`, `resume`: the authorities' actions on the config,
//! each with an event. An authority changes hands in two steps, so a mistyped key never takes one
//! over: its holder — and only its holder, so the admin cannot take back what it handed to the DAO —
//! proposes a successor (`set_authority`; `Pubkey::default()` withdraws the proposal), and the
//! successor signs `accept_authority`. One exception: the admin may also replace the oracle, an
//! operational key that writes every epoch, so that a lost or stolen oracle key can be revoked. That
//! replacement takes effect at once (a two-step revocation would leave the holder of a stolen key a
//! window to replace the offer with its own); a mistyped key is mended by the admin replacing it again.
//! A change of admin also withdraws any pending oracle offer (with its event).

use {
    crate::{
        errors::StewardError,
        events::{AuthorityChanged, AuthorityProposed, PauseChanged},
        state::{AuthorityKind, Config},
    },
    anchor_lang::prelude::*,
};

/// Accounts of the admin's config actions.
#[derive(Accounts)]
pub struct AdminAction<'info> {
    /// The steward config.
    #[account(mut, constraint = config.load()?.admin == admin.key() @ StewardError::Unauthorized)]
    pub config: AccountLoader<'info, Config>,
    /// Its admin.
    pub admin: Signer<'info>,
}

/// Accounts of `set_authority`.
#[derive(Accounts)]
pub struct ProposeAuthority<'info> {
    /// The steward config.
    #[account(mut)]
    pub config: AccountLoader<'info, Config>,
    /// The holder of the authority it proposes a successor for.
    pub holder: Signer<'info>,
}

/// Accounts of `accept_authority`.
#[derive(Accounts)]
pub struct AcceptAuthority<'info> {
    /// The steward config.
    #[account(mut)]
    pub config: AccountLoader<'info, Config>,
    /// The proposed successor.
    pub new_authority: Signer<'info>,
}

/// The holder of `kind` proposes `new` as its successor.
pub fn process_set_authority(ctx: Context<ProposeAuthority>, kind: AuthorityKind, new: Pubkey) -> Result<()> {
    let config_key = ctx.accounts.config.key();
    let mut config = ctx.accounts.config.load_mut()?;
    let current = *config.authority_mut(kind);
    let signer = ctx.accounts.holder.key();
    if current != signer {
        if kind != AuthorityKind::Oracle || signer != config.admin {
            return err!(StewardError::Unauthorized);
        }
        // The admin revokes the oracle: at once, and any pending offer goes with it.
        *config.pending_mut(kind) = Pubkey::default();
        *config.authority_mut(kind) = new;
        emit!(AuthorityChanged { config: config_key, kind, old: current, new });
        return Ok(());
    }
    let old = std::mem::replace(config.pending_mut(kind), new);
    emit!(AuthorityProposed { config: config_key, kind, current, old, new });
    Ok(())
}

/// The proposed successor of `kind` takes the authority.
pub fn process_accept_authority(ctx: Context<AcceptAuthority>, kind: AuthorityKind) -> Result<()> {
    let config_key = ctx.accounts.config.key();
    let signer = ctx.accounts.new_authority.key();
    let mut config = ctx.accounts.config.load_mut()?;
    let pending = config.pending_mut(kind);
    if *pending != signer || signer == Pubkey::default() {
        return err!(StewardError::NoPendingAuthority);
    }
    *pending = Pubkey::default();
    let old = std::mem::replace(config.authority_mut(kind), signer);
    emit!(AuthorityChanged { config: config_key, kind, old, new: signer });
    if kind == AuthorityKind::Admin {
        let withdrawn = std::mem::take(config.pending_mut(AuthorityKind::Oracle));
        if withdrawn != Pubkey::default() {
            let current = *config.authority_mut(AuthorityKind::Oracle);
            emit!(AuthorityProposed {
                config: config_key,
                kind: AuthorityKind::Oracle,
                current,
                old: withdrawn,
                new: Pubkey::default(),
            });
        }
    }
    Ok(())
}

/// Pauses (`true`) or resumes (`false`) every steward crank; users of the pool are unaffected.
pub fn process_set_paused(ctx: Context<AdminAction>, paused: bool) -> Result<()> {
    let old = std::mem::replace(&mut ctx.accounts.config.load_mut()?.paused, u8::from(paused)) != 0;
    emit!(PauseChanged { config: ctx.accounts.config.key(), old, new: paused });
    Ok(())
}
