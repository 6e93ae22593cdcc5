//! `initialize_steward`: creates the config, the cluster history and the state for one pool. The
//! pool's current staker or manager signs, so nobody else can claim a pool. The pool's manager then
//! hands the staker role to the steward's staker PDA with SPL `SetStaker`.

use {
    crate::{constants::*, errors::StewardError, foreign::pool::PoolView, state::*},
    anchor_lang::prelude::*,
};

/// Authorities and parameters of a new steward.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct InitializeArgs {
    /// [`Config::admin`].
    pub admin: Pubkey,
    /// [`Config::parameters_authority`].
    pub parameters_authority: Pubkey,
    /// [`Config::blacklist_authority`].
    pub blacklist_authority: Pubkey,
    /// [`Config::oracle_authority`].
    pub oracle_authority: Pubkey,
    /// Starting parameters.
    pub parameters: Parameters,
}

/// Accounts of `initialize_steward`.
#[derive(Accounts)]
pub struct InitializeSteward<'info> {
    /// Pays for the new accounts.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The pool's current staker or manager.
    pub pool_authority: Signer<'info>,
    /// The new config.
    #[account(init, payer = payer, space = CONFIG_ACCOUNT_LEN,
        seeds = [CONFIG_SEED, stake_pool.key().as_ref()], bump)]
    pub config: AccountLoader<'info, Config>,
    /// The state account, created by the client (it is larger than a program may create).
    #[account(zero)]
    pub state: AccountLoader<'info, StewardState>,
    /// The new cluster history.
    #[account(init, payer = payer, space = CLUSTER_HISTORY_ACCOUNT_LEN,
        seeds = [CLUSTER_HISTORY_SEED, config.key().as_ref()], bump)]
    pub cluster_history: AccountLoader<'info, ClusterHistory>,
    /// CHECK: an SPL stake pool; owner and layout checked in `validate`.
    pub stake_pool: UncheckedAccount<'info>,
    /// System program.
    pub system_program: Program<'info, System>,
}

impl InitializeSteward<'_> {
    /// The pool must be a stake pool whose staker or manager signed; parameters in bounds; the
    /// state account exactly `STATE_ACCOUNT_LEN` bytes.
    pub fn validate(&self, args: &InitializeArgs) -> Result<()> {
        args.parameters.validate()?;
        let pool = PoolView::read(&self.stake_pool, self.stake_pool.owner)?;
        let manager = {
            let data = self.stake_pool.try_borrow_data()?;
            lst_interface::stake_pool::StakePoolPrefix::read_pool(&data).map(|p| p.manager)
        };
        let signer = self.pool_authority.key;
        if signer != &pool.staker && Some(*signer) != manager {
            return err!(StewardError::Unauthorized);
        }
        if self.state.as_ref().data_len() != STATE_ACCOUNT_LEN {
            return err!(StewardError::StateSize);
        }
        Ok(())
    }
}

/// Writes the config, empties the cluster ring and starts the state machine idle.
pub fn process_initialize_steward(ctx: Context<InitializeSteward>, args: InitializeArgs) -> Result<()> {
    ctx.accounts.validate(&args)?;
    let config_key = ctx.accounts.config.key();
    let (_, staker_bump) = Pubkey::find_program_address(&[STAKER_SEED, config_key.as_ref()], &crate::ID);
    *ctx.accounts.config.load_init()? = Config {
        stake_pool: ctx.accounts.stake_pool.key(),
        pool_program: *ctx.accounts.stake_pool.owner,
        state: ctx.accounts.state.key(),
        admin: args.admin,
        parameters_authority: args.parameters_authority,
        blacklist_authority: args.blacklist_authority,
        oracle_authority: args.oracle_authority,
        pending: [Pubkey::default(); 4],
        parameters: args.parameters,
        paused: 0,
        bump: ctx.bumps.config,
        staker_bump,
        padding: [0; 5],
    };

    let mut cluster = ctx.accounts.cluster_history.load_init()?;
    cluster.config = config_key;
    cluster.bump = ctx.bumps.cluster_history;
    for entry in cluster.entries.iter_mut() {
        *entry = ClusterEntry::empty(unset::U16);
    }

    let mut state = ctx.accounts.state.load_init()?;
    state.config = config_key;
    state.maintenance_epoch = u64::MAX;
    state.cycle_start_epoch = u64::MAX;
    state.last_cycle_epoch = u64::MAX;
    state.rebalance_epoch = u64::MAX;
    state.cluster_blocks = [unset::U32; HISTORY_LEN];
    state.tag = StateTag::Idle as u8;
    Ok(())
}
