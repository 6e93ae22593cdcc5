//! A pool as the CLI sees it: its account, list and steward, loaded with errors that say what is
//! wrong (wrong cluster, not a pool, wrong program).

use {
    crate::client::Client,
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, bail, Result},
    lst_sdk::{
        accounts::decode_stake_pool,
        crank::{list_entries, ListEntry},
        steward::{config_address, decode_config, decode_state, StewardAddresses, StewardStateView},
    },
    stake_pool::state::StakePool,
    steward::state::Config,
};

/// The upstream SPL stake-pool program, which the CLI drives too.
pub const SPL_STAKE_POOL_PROGRAM_ID: Pubkey =
    Pubkey::from_str_const("SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy");

/// A pool and (when it has one) its steward.
pub struct PoolInfo {
    /// The pool account.
    pub address: Pubkey,
    /// The program that owns it.
    pub program: Pubkey,
    /// Its state.
    pub state: StakePool,
    /// Its validators.
    pub list: Vec<ListEntry>,
    /// Reserve lamports.
    pub reserve_lamports: u64,
    /// The steward, if the pool has one.
    pub steward: Option<StewardInfo>,
}

/// A pool's steward.
pub struct StewardInfo {
    /// Addresses.
    pub addresses: StewardAddresses,
    /// Config.
    pub config: Config,
    /// State.
    pub state: StewardStateView,
}

impl PoolInfo {
    /// Loads `address` from the client's cluster.
    pub async fn load(client: &Client, address: &Pubkey) -> Result<Self> {
        let account = client.account(address).await?.ok_or_else(|| {
            anyhow!("stake pool {address} not found on {}: wrong cluster or address?", client.url)
        })?;
        if account.owner != stake_pool::ID && account.owner != SPL_STAKE_POOL_PROGRAM_ID {
            bail!(
                "{address} is owned by {}, not by a stake-pool program ({} or SPL's {})",
                account.owner,
                stake_pool::ID,
                SPL_STAKE_POOL_PROGRAM_ID
            );
        }
        let state =
            decode_stake_pool(&account.data).map_err(|e| anyhow!("{address} is not a stake pool: {e}"))?;
        let list_account =
            client.account(&state.validator_list).await?.ok_or_else(|| anyhow!("validator list missing"))?;
        let list = list_entries(&list_account.data).map_err(|e| anyhow!(e))?;
        let reserve_lamports = client.balance(&state.reserve_stake).await?;
        let config_key = config_address(address);
        let steward = match client.account(&config_key).await? {
            None => None,
            Some(config) => {
                let config = decode_config(&config.data)?;
                let state_account =
                    client.account(&config.state).await?.ok_or_else(|| anyhow!("steward state missing"))?;
                let addresses = StewardAddresses::new(
                    account.owner,
                    *address,
                    state.validator_list,
                    state.reserve_stake,
                    config.state,
                );
                Some(StewardInfo { addresses, config, state: decode_state(&state_account.data)? })
            }
        };
        Ok(Self { address: *address, program: account.owner, state, list, reserve_lamports, steward })
    }

    /// The steward, or an error saying the pool has none.
    pub fn steward(&self) -> Result<&StewardInfo> {
        self.steward.as_ref().ok_or_else(|| anyhow!("pool {} has no steward", self.address))
    }

    /// Refuses when the pool has not been updated this epoch (its gated instructions would fail).
    pub fn require_fresh(&self, epoch: u64) -> Result<()> {
        if self.state.last_update_epoch < epoch {
            bail!(
                "pool is stale: last updated in epoch {}, now epoch {epoch}; run `lst crank` first",
                self.state.last_update_epoch
            );
        }
        Ok(())
    }

    /// The pool's token (mint and token program).
    pub fn token(&self) -> lst_sdk::bonds::PoolToken {
        lst_sdk::bonds::PoolToken { mint: self.state.pool_mint, program: self.state.token_program_id }
    }

    /// The pool's withdraw authority.
    pub fn withdraw_authority(&self) -> Pubkey {
        lst_sdk::pda::find_withdraw_authority(&self.program, &self.address).0
    }

    /// A validator's stake account.
    pub fn validator_stake(&self, entry: &ListEntry) -> Pubkey {
        stake_pool::pda::find_validator_stake(&self.program, &entry.vote, &self.address, entry.validator_seed)
            .0
    }

    /// Lamports per pool token, for display.
    pub fn rate(&self) -> f64 {
        lst_sdk::accounts::display_rate(&self.state)
    }
}
