//! surfpool's test-only RPC methods, which no real cluster has: moving the clock and overwriting an
//! account.

use {
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, bail, Result},
    lst_cli::client::Client,
    solana_rpc_client_api::request::RpcRequest,
};

/// The local cluster's test-only calls, on the CLI's client.
#[allow(async_fn_in_trait, reason = "used from single-threaded code only")]
pub trait Surfnet {
    /// Moves the clock to `slot` (`surfnet_timeTravel`).
    async fn time_travel(&self, slot: u64) -> Result<()>;
    /// Overwrites an account (`surfnet_setAccount`).
    async fn set_account(&self, address: &Pubkey, lamports: u64, owner: &Pubkey, data: &[u8]) -> Result<()>;
}

impl Surfnet for Client {
    async fn time_travel(&self, slot: u64) -> Result<()> {
        let params = serde_json::json!([{ "absoluteSlot": slot }]);
        self.rpc
            .send::<serde_json::Value>(RpcRequest::Custom { method: "surfnet_timeTravel" }, params)
            .await
            .map_err(|e| anyhow!("time travel needs the local cluster: {e}"))?;
        // The clock moves with the next produced slot.
        for _ in 0..100 {
            if self.rpc.get_slot().await? >= slot {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        bail!("the cluster did not reach slot {slot}")
    }

    async fn set_account(&self, address: &Pubkey, lamports: u64, owner: &Pubkey, data: &[u8]) -> Result<()> {
        let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
        let params = serde_json::json!([
            address.to_string(),
            { "lamports": lamports, "owner": owner.to_string(), "data": hex, "executable": false }
        ]);
        self.rpc
            .send::<serde_json::Value>(RpcRequest::Custom { method: "surfnet_setAccount" }, params)
            .await
            .map_err(|e| anyhow!("setting an account needs the local cluster: {e}"))?;
        Ok(())
    }
}
