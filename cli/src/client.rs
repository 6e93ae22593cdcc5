//! The RPC side: cluster URL and keypair resolution (Solana-CLI habits), and `send`, which simulates
//! first (nothing is sent if that fails), sets the compute-unit limit from the simulation, signs,
//! sends and confirms. `RpcChain` lets the sdk's crank run against a cluster.

use {
    crate::output::Format,
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, bail, Context, Result},
    base64::Engine,
    lst_sdk::{
        crank::{Chain, ChainClock, RawAccount, Simulation},
        transaction::AddressLookupTableAccount,
    },
    solana_account_decoder_client_types::{UiAccountEncoding, UiDataSliceConfig},
    solana_commitment_config::CommitmentConfig,
    solana_compute_budget_interface::ComputeBudgetInstruction,
    solana_keypair::Keypair,
    solana_message::{v0, Message, VersionedMessage},
    solana_rpc_client::nonblocking::rpc_client::RpcClient,
    solana_rpc_client_api::{
        config::{
            RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcSendTransactionConfig,
            RpcSimulateTransactionConfig, RpcTransactionConfig,
        },
        filter::{Memcmp, RpcFilterType},
    },
    solana_signature::Signature,
    solana_signer::Signer,
    solana_transaction::{versioned::VersionedTransaction, Transaction},
    std::{io::IsTerminal, sync::Arc},
};

/// The address lookup table program.
const LOOKUP_TABLE_PROGRAM: Pubkey = anchor_lang::pubkey!("AddressLookupTab1e1111111111111111111111111");

/// Instruction type of the sdk.
pub type Instruction = anchor_lang::solana_program::instruction::Instruction;

/// Most compute units a transaction may ask for.
pub const MAX_COMPUTE_UNITS: u32 = 1_400_000;

/// `--url` monikers, as the Solana CLI spells them.
pub fn resolve_url(url: &str) -> String {
    match url {
        "local" | "localhost" | "l" => "http://127.0.0.1:8899".into(),
        "devnet" | "d" => "https://api.devnet.solana.com".into(),
        "testnet" | "t" => "https://api.testnet.solana.com".into(),
        "mainnet-beta" | "mainnet" | "m" => "https://api.mainnet-beta.solana.com".into(),
        other => other.into(),
    }
}

/// The Solana CLI's config (`~/.config/solana/cli/config.yml`, read with its own crate), when there
/// is one.
pub fn solana_config() -> Option<solana_cli_config::Config> {
    let path = solana_cli_config::CONFIG_FILE.as_ref()?;
    std::path::Path::new(path).exists().then(|| solana_cli_config::Config::load(path).ok()).flatten()
}

/// The signer source: `--keypair`, else the Solana CLI config's `keypair_path`, else its default.
pub fn default_keypair_path() -> String {
    solana_config().unwrap_or_default().keypair_path
}

/// The cluster: `--url`, else the Solana CLI config's `json_rpc_url`, else the local cluster.
pub fn default_url() -> String {
    solana_config().map_or_else(|| "local".into(), |c| c.json_rpc_url)
}

/// The commitment reads wait for: the Solana CLI config's, else `confirmed`.
fn commitment() -> CommitmentConfig {
    solana_config().and_then(|c| c.commitment.parse().ok()).unwrap_or_else(CommitmentConfig::confirmed)
}

/// Loads a signer from a source as the Solana CLI takes it: a keypair file, `prompt://` (a seed
/// phrase), `-` or `stdin://`, `usb://ledger` (a hardware wallet), … (Anza's `solana-clap-v3-utils`).
fn load_signer(source: &str) -> std::result::Result<Arc<dyn Signer>, String> {
    use solana_clap_v3_utils::keypair::SKIP_SEED_PHRASE_VALIDATION_ARG as SKIP;
    // The loader asks its matches whether to skip the seed phrase's validation (for `prompt://`);
    // lst has no such flag, so matches of a command that only declares it (clap's debug builds
    // refuse a query for an undeclared id).
    let matches =
        clap3::Command::new("lst").arg(clap3::Arg::new(SKIP.name).long(SKIP.long)).get_matches_from(["lst"]);
    let mut wallet_manager = None;
    solana_clap_v3_utils::keypair::signer_from_path(&matches, source, "keypair", &mut wallet_manager)
        .map(Arc::from)
        .map_err(|e| format!("cannot load the signer {source}: {e}"))
}

/// A connection to a cluster with the user's signer.
pub struct Client {
    /// The RPC client.
    pub rpc: RpcClient,
    /// The cluster URL.
    pub url: String,
    /// Where the signer comes from (loaded when first needed: read-only commands need none).
    source: String,
    signer: std::cell::OnceCell<std::result::Result<Arc<dyn Signer>, String>>,
    /// Output format.
    pub format: Format,
    /// Skip confirmation prompts.
    pub yes: bool,
    /// Print progress on stderr.
    pub progress: bool,
}

impl Client {
    /// Connects to `url` (a moniker or URL; default: the Solana CLI config's) with the signer from
    /// `keypair` (a signer source; default: the Solana CLI config's).
    pub fn new(url: Option<&str>, keypair: Option<&str>, format: Format, yes: bool) -> Self {
        let url = resolve_url(&url.map_or_else(default_url, String::from));
        let source = keypair.map_or_else(default_keypair_path, String::from);
        let rpc = RpcClient::new_with_commitment(url.clone(), commitment());
        Self { rpc, url, source, signer: Default::default(), format, yes, progress: format == Format::Text }
    }

    /// A client signing with `keypair`.
    pub fn with_keypair(url: &str, keypair: Keypair, format: Format) -> Self {
        let url = resolve_url(url);
        let rpc = RpcClient::new_with_commitment(url.clone(), CommitmentConfig::confirmed());
        let signer = std::cell::OnceCell::from(Ok(Arc::new(keypair) as Arc<dyn Signer>));
        Self { rpc, url, source: "a keypair".into(), signer, format, yes: true, progress: false }
    }

    /// The same cluster and signer, printing as `format` and asking nothing.
    pub fn with_format(&self, format: Format) -> Self {
        let rpc = RpcClient::new_with_commitment(self.url.clone(), self.rpc.commitment());
        let signer = self.signer.get().cloned().map_or_else(Default::default, std::cell::OnceCell::from);
        Self {
            rpc,
            url: self.url.clone(),
            source: self.source.clone(),
            signer,
            format,
            yes: true,
            progress: false,
        }
    }

    /// The fee payer and default authority, loaded from its source on first use; a clear error
    /// when there is none.
    pub fn payer(&self) -> Result<&dyn Signer> {
        match self.signer.get_or_init(|| load_signer(&self.source)) {
            Ok(signer) => Ok(signer.as_ref()),
            Err(e) => Err(anyhow!("{e} (pass --keypair, or create one with solana-keygen new)")),
        }
    }

    /// The account at `address`, if any; a clear error when the cluster does not answer.
    pub async fn account(&self, address: &Pubkey) -> Result<Option<solana_account::Account>> {
        let response = self
            .rpc
            .get_account_with_commitment(address, CommitmentConfig::confirmed())
            .await
            .map_err(|e| anyhow!("cluster at {} does not answer: {e}", self.url))?;
        Ok(response.value)
    }

    /// The accounts at `addresses`, in their order: `getMultipleAccounts`, 100 addresses a request
    /// (the RPC's limit).
    pub async fn accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<solana_account::Account>>> {
        let mut found = Vec::with_capacity(addresses.len());
        for chunk in addresses.chunks(100) {
            let response = self
                .rpc
                .get_multiple_accounts_with_commitment(chunk, CommitmentConfig::confirmed())
                .await
                .map_err(|e| anyhow!("cluster at {} does not answer: {e}", self.url))?;
            if response.value.len() != chunk.len() {
                bail!(
                    "cluster at {} answered {} accounts for {} addresses",
                    self.url,
                    response.value.len(),
                    chunk.len()
                );
            }
            found.extend(response.value);
        }
        Ok(found)
    }

    /// The accounts of `program` whose data hold each `(offset, bytes)` of `filters`, with their data.
    pub async fn program_accounts(
        &self,
        program: &Pubkey,
        filters: &[(usize, &[u8])],
    ) -> Result<Vec<(Pubkey, Vec<u8>)>> {
        let config = RpcProgramAccountsConfig {
            filters: Some(
                filters
                    .iter()
                    .map(|(at, bytes)| RpcFilterType::Memcmp(Memcmp::new_base58_encoded(*at, bytes)))
                    .collect(),
            ),
            account_config: RpcAccountInfoConfig {
                encoding: Some(UiAccountEncoding::Base64),
                commitment: Some(CommitmentConfig::confirmed()),
                ..RpcAccountInfoConfig::default()
            },
            ..RpcProgramAccountsConfig::default()
        };
        let accounts = self
            .rpc
            .get_program_ui_accounts_with_config(program, config)
            .await
            .map_err(|e| anyhow!("cluster at {} does not answer: {e}", self.url))?;
        Ok(accounts.into_iter().filter_map(|(key, account)| Some((key, account.data.decode()?))).collect())
    }

    /// The cluster's Unix time (the clock sysvar's).
    pub async fn unix_time(&self) -> Result<i64> {
        let clock = lst_sdk::interface::id::CLOCK_SYSVAR;
        let data = self.account(&clock).await?.ok_or_else(|| anyhow!("no clock sysvar"))?.data;
        // Clock: slot, epoch start timestamp, epoch, leader schedule epoch, then the Unix timestamp.
        let bytes = data
            .get(32..40)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .ok_or_else(|| anyhow!("clock sysvar"))?;
        Ok(i64::from_le_bytes(bytes))
    }

    /// Lamports of `address` (0 when it does not exist).
    pub async fn balance(&self, address: &Pubkey) -> Result<u64> {
        Ok(self.account(address).await?.map_or(0, |a| a.lamports))
    }

    /// Rent-exempt minimum for `space` bytes.
    pub async fn rent(&self, space: usize) -> Result<u64> {
        Ok(self.rpc.get_minimum_balance_for_rent_exemption(space).await?)
    }

    /// The clock and epoch schedule.
    pub async fn clock(&self) -> Result<ChainClock> {
        let info = self
            .rpc
            .get_epoch_info()
            .await
            .map_err(|e| anyhow!("cluster at {} does not answer: {e}", self.url))?;
        let schedule = self.rpc.get_epoch_schedule().await?;
        Ok(ChainClock {
            slot: info.absolute_slot,
            epoch: info.epoch,
            epoch_first_slot: schedule.get_first_slot_in_epoch(info.epoch),
            slots_in_epoch: schedule.get_slots_in_epoch(info.epoch),
        })
    }

    /// Asks before a destructive action (skipped with `--yes`; refused without a terminal).
    pub fn confirm(&self, question: &str) -> Result<()> {
        if self.yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() {
            bail!("{question}: refusing without --yes (no terminal to ask)");
        }
        eprint!("{question} [y/N] ");
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if matches!(answer.trim(), "y" | "Y" | "yes") {
            Ok(())
        } else {
            bail!("cancelled")
        }
    }

    /// The unsigned transaction, base64, with `fee_payer` paying: for a multisig or governance proposal.
    pub fn unsigned_transaction(fee_payer: &Pubkey, instructions: &[Instruction]) -> Result<String> {
        let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(MAX_COMPUTE_UNITS)];
        all.extend_from_slice(instructions);
        let tx = Transaction::new_unsigned(Message::new(&all, Some(fee_payer)));
        Ok(base64::engine::general_purpose::STANDARD.encode(bincode::serialize(&tx)?))
    }

    /// Simulates `instructions`; on success sets the compute-unit limit from the simulation, signs with
    /// the payer and `signers`, sends and confirms. Returns the signature and the units used.
    pub async fn send(
        &self,
        instructions: Vec<Instruction>,
        signers: &[&dyn Signer],
    ) -> Result<(Signature, u64)> {
        let payer = self.payer()?;
        let mut simulated = vec![ComputeBudgetInstruction::set_compute_unit_limit(MAX_COMPUTE_UNITS)];
        simulated.extend_from_slice(&instructions);
        let probe = Transaction::new_unsigned(Message::new(&simulated, Some(&payer.pubkey())));
        let config = simulation_config();
        let simulation = self
            .rpc
            .simulate_transaction_with_config(&probe, config)
            .await
            .map_err(|e| anyhow!("cluster at {} does not answer: {e}", self.url))?
            .value;
        if let Some(err) = simulation.err {
            let logs = simulation.logs.unwrap_or_default();
            bail!("{} (simulation failed; nothing was sent)", explain(&err.to_string(), &logs));
        }
        let units = simulation.units_consumed.unwrap_or(u64::from(MAX_COMPUTE_UNITS));
        let limit = units.saturating_mul(11).checked_div(10).unwrap_or(0).saturating_add(1_000);
        let limit = u32::try_from(limit).unwrap_or(MAX_COMPUTE_UNITS).min(MAX_COMPUTE_UNITS);
        let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(limit)];
        all.extend(instructions);
        let blockhash = self.rpc.get_latest_blockhash().await?;
        let mut keys: Vec<&dyn Signer> = vec![payer];
        for signer in signers {
            if !keys.iter().any(|k| k.pubkey() == signer.pubkey()) {
                keys.push(signer);
            }
        }
        let mut tx = Transaction::new_with_payer(&all, Some(&payer.pubkey()));
        tx.try_sign(&keys, blockhash).context("signing")?;
        let signature =
            self.rpc.send_and_confirm_transaction(&tx).await.map_err(|e| anyhow!("sending failed: {e}"))?;
        Ok((signature, units))
    }

    /// Requests an airdrop and waits for it (local clusters and devnet).
    pub async fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()> {
        let signature = self.rpc.request_airdrop(to, lamports).await?;
        for _ in 0..100 {
            if self.rpc.confirm_transaction(&signature).await? {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        bail!("airdrop to {to} not confirmed")
    }
}

/// How every transaction is simulated: unsigned, on the latest blockhash, at confirmed state.
fn simulation_config() -> RpcSimulateTransactionConfig {
    RpcSimulateTransactionConfig {
        sig_verify: false,
        replace_recent_blockhash: true,
        commitment: Some(CommitmentConfig::confirmed()),
        ..RpcSimulateTransactionConfig::default()
    }
}

/// The program's own words for a failure: Anchor's "Error Message", else the last failing log line.
pub fn explain(err: &str, logs: &[String]) -> String {
    if let Some(message) = logs.iter().rev().find_map(|l| l.split("Error Message: ").nth(1)) {
        return message.trim_end_matches('.').to_string();
    }
    if let Some(line) =
        logs.iter().rev().find(|l| l.starts_with("Program log: ") && !l.contains("Instruction:"))
    {
        return format!("{} ({err})", line.trim_start_matches("Program log: "));
    }
    err.to_string()
}

/// The sdk's crank over RPC: v0 transactions over the crank's lookup tables, simulated first, sent
/// once and confirmed (a blockhash that expires before the transaction lands gets a new one: the
/// expired transaction can no longer land, so nothing is sent twice); a progress bar on stderr for
/// long steps.
pub struct RpcChain<'a> {
    /// The client.
    pub client: &'a Client,
    sent: usize,
    bar: Option<(&'static str, indicatif::ProgressBar)>,
}

impl<'a> RpcChain<'a> {
    /// A chain over `client`.
    pub fn new(client: &'a Client) -> Self {
        Self { client, sent: 0, bar: None }
    }

    /// Transactions sent so far.
    pub fn sent(&self) -> usize {
        self.sent
    }

    /// A v0 transaction of `instructions`, signed by the payer when `sign` (a simulation is not:
    /// a hardware wallet would otherwise ask to approve a transaction that is never sent).
    fn v0(
        &self,
        instructions: &[Instruction],
        tables: &[AddressLookupTableAccount],
        blockhash: solana_hash::Hash,
        sign: bool,
    ) -> std::result::Result<VersionedTransaction, String> {
        let payer = self.client.payer().map_err(|e| e.to_string())?;
        let message = v0::Message::try_compile(&payer.pubkey(), instructions, tables, blockhash)
            .map_err(|e| format!("compiling the transaction: {e}"))?;
        let message = VersionedMessage::V0(message);
        if !sign {
            let signatures =
                vec![Signature::default(); usize::from(message.header().num_required_signatures)];
            return Ok(VersionedTransaction { signatures, message });
        }
        VersionedTransaction::try_new(message, &[payer]).map_err(|e| e.to_string())
    }
}

impl Chain for RpcChain<'_> {
    async fn account(&mut self, address: &Pubkey) -> std::result::Result<Option<RawAccount>, String> {
        let account = self.client.account(address).await.map_err(|e| e.to_string())?;
        Ok(account.map(|a| RawAccount { lamports: a.lamports, owner: a.owner, data: a.data }))
    }

    async fn accounts(
        &mut self,
        addresses: &[Pubkey],
    ) -> std::result::Result<Vec<Option<RawAccount>>, String> {
        let accounts = self.client.accounts(addresses).await.map_err(|e| e.to_string())?;
        Ok(accounts
            .into_iter()
            .map(|a| a.map(|a| RawAccount { lamports: a.lamports, owner: a.owner, data: a.data }))
            .collect())
    }

    async fn clock(&mut self) -> std::result::Result<ChainClock, String> {
        self.client.clock().await.map_err(|e| e.to_string())
    }

    async fn simulate(
        &mut self,
        instructions: &[Instruction],
        tables: &[AddressLookupTableAccount],
    ) -> std::result::Result<Simulation, String> {
        let tx = self.v0(instructions, tables, solana_hash::Hash::default(), false)?;
        let config = simulation_config();
        let result = self
            .client
            .rpc
            .simulate_transaction_with_config(&tx, config)
            .await
            .map_err(|e| format!("cluster at {} does not answer: {e}", self.client.url))?
            .value;
        let logs = result.logs.unwrap_or_default();
        let error = result.err.map(|e| explain(&e.to_string(), &logs));
        Ok(Simulation { units: result.units_consumed.unwrap_or(0), error, logs })
    }

    async fn send(
        &mut self,
        instructions: Vec<Instruction>,
        tables: &[AddressLookupTableAccount],
    ) -> std::result::Result<u64, String> {
        let rpc = &self.client.rpc;
        loop {
            let (blockhash, last_valid) = rpc
                .get_latest_blockhash_with_commitment(CommitmentConfig::confirmed())
                .await
                .map_err(|e| e.to_string())?;
            let tx = self.v0(&instructions, tables, blockhash, true)?;
            let signature = tx.signatures[0];
            let config =
                RpcSendTransactionConfig { skip_preflight: true, ..RpcSendTransactionConfig::default() };
            rpc.send_transaction_with_config(&tx, config)
                .await
                .map_err(|e| format!("sending failed: {e}"))?;
            // Until it lands or its blockhash expires; resent (with a new blockhash) only in the latter case.
            // The height is read before the status: a transaction the cluster has not seen once its
            // blockhash expired can no longer land. One it has seen is waited for, never resent.
            let landed = loop {
                let expired = rpc.get_block_height().await.map_err(|e| e.to_string())? > last_valid;
                let status = rpc.get_signature_statuses(&[signature]).await.map_err(|e| e.to_string())?.value;
                match status.first() {
                    Some(Some(status)) => {
                        if let Some(err) = &status.err {
                            return Err(format!("transaction {signature} failed: {err}"));
                        }
                        if status.satisfies_commitment(CommitmentConfig::confirmed()) {
                            break true;
                        }
                    }
                    _ if expired => break false,
                    _ => {}
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            };
            if !landed {
                continue;
            }
            self.sent = self.sent.saturating_add(1);
            let config = RpcTransactionConfig {
                commitment: Some(CommitmentConfig::confirmed()),
                max_supported_transaction_version: Some(0),
                ..RpcTransactionConfig::default()
            };
            let units = rpc
                .get_transaction_with_config(&signature, config)
                .await
                .ok()
                .and_then(|t| t.transaction.meta)
                .and_then(|m| Option::<u64>::from(m.compute_units_consumed))
                .unwrap_or(0);
            return Ok(units);
        }
    }

    async fn lookup_tables(&mut self, authority: &Pubkey) -> std::result::Result<Vec<Pubkey>, String> {
        // A table's authority sits at byte 22 (after its discriminant, deactivation slot, last
        // extended slot and start index, and the option's tag).
        let config = RpcProgramAccountsConfig {
            filters: Some(vec![RpcFilterType::Memcmp(Memcmp::new_base58_encoded(22, authority.as_ref()))]),
            account_config: RpcAccountInfoConfig {
                encoding: Some(UiAccountEncoding::Base64),
                data_slice: Some(UiDataSliceConfig { offset: 0, length: 0 }),
                commitment: Some(CommitmentConfig::confirmed()),
                ..RpcAccountInfoConfig::default()
            },
            ..RpcProgramAccountsConfig::default()
        };
        let accounts = self
            .client
            .rpc
            .get_program_ui_accounts_with_config(&LOOKUP_TABLE_PROGRAM, config)
            .await
            .map_err(|e| e.to_string())?;
        Ok(accounts.into_iter().map(|(key, _)| key).collect())
    }

    async fn wait_past(&mut self, slot: u64) -> std::result::Result<(), String> {
        while self.client.rpc.get_slot().await.map_err(|e| e.to_string())? <= slot {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(())
    }

    fn payer(&self) -> Pubkey {
        self.client.payer().map(|k| k.pubkey()).unwrap_or_default()
    }

    fn progress(&mut self, step: &'static str, done: usize, total: usize) {
        // A bar for steps of many validators, on a terminal.
        if !self.client.progress || total < 50 || !std::io::stderr().is_terminal() {
            return;
        }
        if self.bar.as_ref().is_none_or(|(s, _)| *s != step) {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{prefix:>24} [{bar:30}] {pos}/{len} validators")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix(step);
            self.bar = Some((step, bar));
        }
        if let Some((_, bar)) = &self.bar {
            bar.set_position(done as u64);
            if done >= total {
                bar.finish_and_clear();
            }
        }
    }
}
