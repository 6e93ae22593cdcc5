//! One call that runs everything due now for a pool and its steward: the pool's epoch update, the
//! history copies, and the steward's current steps. Idempotent: what is done is skipped, so a
//! keeper may call it as often as it likes. Works against any [`Chain`] (an RPC client, a test bank).

#![allow(
    clippy::arithmetic_side_effects,
    reason = "off-chain counters and indices, bounded by the validator list length"
)]

use {
    crate::{
        accounts::decode_stake_pool,
        bonds::{self as bond_ix, BondsAddresses},
        instructions, lookup,
        steward::{
            self as client, decode_cluster_history, decode_config, decode_history, decode_state,
            StewardAddresses, StewardStateView,
        },
        transaction::{self, AddressLookupTableAccount, MAX_COMPUTE_UNITS, PACKET_DATA_SIZE},
    },
    anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction},
    lst_interface::stake::StakeState,
    stake_pool::state::{validator_list, StakePool},
    steward::{
        constants::{BPS, HISTORY_LEN},
        state::{flag, read_since, StateTag},
    },
};

/// How the crank sends its transactions.
#[derive(Clone, Debug, Default)]
pub struct CrankOptions {
    /// Priority fee in micro-lamports per compute unit (the Solana CLI's
    /// `--with-compute-unit-price`); 0 pays none.
    pub compute_unit_price: u64,
    /// Send legacy-sized transactions without lookup tables (a cluster without the lookup-table
    /// program, or an operator who does not want to pay their rent).
    pub without_lookup_tables: bool,
}

/// Compute units a batch may plan for: what is left of a transaction's maximum after a margin for
/// the state changing between the simulation and the landing.
const BATCH_UNITS: u64 = MAX_COMPUTE_UNITS as u64 * 9 / 10;

/// An account as the crank sees it.
#[derive(Clone, Debug)]
pub struct RawAccount {
    /// Lamports.
    pub lamports: u64,
    /// Owner program.
    pub owner: Pubkey,
    /// Data.
    pub data: Vec<u8>,
}

/// Where the chain is in time.
#[derive(Clone, Copy, Debug)]
pub struct ChainClock {
    /// Current slot.
    pub slot: u64,
    /// Current epoch.
    pub epoch: u64,
    /// First slot of the current epoch.
    pub epoch_first_slot: u64,
    /// Slots in the current epoch.
    pub slots_in_epoch: u64,
}

impl ChainClock {
    /// The first slot at or past `bps` basis points of the epoch (as the steward computes it).
    pub fn point_slot(&self, bps: u16) -> u64 {
        let offset =
            u128::from(self.slots_in_epoch).saturating_mul(u128::from(bps)).div_ceil(u128::from(BPS));
        self.epoch_first_slot.saturating_add(u64::try_from(offset).unwrap_or(u64::MAX))
    }

    /// Progress through the epoch in basis points.
    pub fn progress_bps(&self) -> u64 {
        self.slot
            .saturating_sub(self.epoch_first_slot)
            .saturating_mul(BPS)
            .checked_div(self.slots_in_epoch)
            .unwrap_or(0)
    }
}

/// What the crank needs from a cluster.
#[allow(async_fn_in_trait, reason = "single-threaded callers (CLI, keeper, tests); no Send bound needed")]
pub trait Chain {
    /// The account at `address`, if it exists.
    async fn account(&mut self, address: &Pubkey) -> Result<Option<RawAccount>, String>;
    /// The accounts at `addresses`, in their order. A cluster answers many in one request; this
    /// default asks one by one.
    async fn accounts(&mut self, addresses: &[Pubkey]) -> Result<Vec<Option<RawAccount>>, String> {
        let mut found = Vec::with_capacity(addresses.len());
        for address in addresses {
            found.push(self.account(address).await?);
        }
        Ok(found)
    }
    /// The clock and epoch schedule.
    async fn clock(&mut self) -> Result<ChainClock, String>;
    /// Simulates a v0 transaction of `instructions` paid by the crank's payer, loading accounts from
    /// `tables`. `Err` only when the chain does not answer; a failing transaction is a
    /// [`Simulation`] with its error.
    async fn simulate(
        &mut self,
        instructions: &[Instruction],
        tables: &[AddressLookupTableAccount],
    ) -> Result<Simulation, String>;
    /// Signs (with the crank's payer) and sends a v0 transaction of `instructions` once, and waits
    /// for it; returns the compute units it used.
    async fn send(
        &mut self,
        instructions: Vec<Instruction>,
        tables: &[AddressLookupTableAccount],
    ) -> Result<u64, String>;
    /// Lookup tables whose authority is `authority`.
    async fn lookup_tables(&mut self, authority: &Pubkey) -> Result<Vec<Pubkey>, String>;
    /// Returns once the chain is past `slot` (addresses added to a lookup table in a slot are
    /// usable from the next).
    async fn wait_past(&mut self, slot: u64) -> Result<(), String>;
    /// The crank's fee payer.
    fn payer(&self) -> Pubkey;
    /// `done` of `total` validators of `step` handled so far (a progress display may show it).
    fn progress(&mut self, _step: &'static str, _done: usize, _total: usize) {}
}

/// What a simulation found.
#[derive(Clone, Debug, Default)]
pub struct Simulation {
    /// Compute units consumed.
    pub units: u64,
    /// Why the transaction would fail, if it would.
    pub error: Option<String>,
    /// Program logs.
    pub logs: Vec<String>,
}

impl Simulation {
    /// Whether it failed for doing too much in one transaction: out of compute units, past the
    /// runtime's 64 instructions (calls included), or out of the program's heap (which the
    /// runtime reports only as a program that failed to complete). A smaller batch may pass.
    fn too_big(&self) -> bool {
        let Some(error) = &self.error else { return false };
        self.units >= BATCH_UNITS
            || self.logs.iter().any(|l| l.contains("exceeded CUs meter"))
            || error.contains("MaxInstructionTraceLengthExceeded")
            || error.contains("ProgramFailedToComplete")
    }
}

/// One step of a crank run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepReport {
    /// Step name.
    pub step: &'static str,
    /// Transactions sent.
    pub transactions: usize,
    /// Validators handled.
    pub validators: usize,
    /// Compute units of all its transactions.
    pub compute_units: u64,
    /// Of those, what the programs the steward (or pool) called consumed (the stake-pool program
    /// under `rebalance`, the stake program under the pool update), from the simulations' logs.
    pub callee_compute_units: u64,
    /// Highest compute units of one transaction.
    pub max_compute_units: u64,
    /// Fees paid, lamports (signatures and priority).
    pub fee_lamports: u64,
}

/// A validator a step could not handle, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Step name.
    pub step: &'static str,
    /// The validator's vote account.
    pub validator: Pubkey,
    /// What the chain answered.
    pub error: String,
}

/// Everything one crank run did.
#[derive(Clone, Debug, Default)]
pub struct CrankReport {
    /// Steps in the order they ran.
    pub steps: Vec<StepReport>,
    /// Validators a step could not handle (the step carried on without them).
    pub skipped: Vec<Skipped>,
}

impl CrankReport {
    /// The report of `step`, if it ran.
    pub fn step(&self, step: &str) -> Option<&StepReport> {
        self.steps.iter().find(|s| s.step == step)
    }

    /// Transactions sent in all.
    pub fn transactions(&self) -> usize {
        self.steps.iter().map(|s| s.transactions).sum()
    }

    /// Compute units of every transaction.
    pub fn compute_units(&self) -> u64 {
        self.steps.iter().map(|s| s.compute_units).sum()
    }

    /// Fees of every transaction, lamports.
    pub fn fee_lamports(&self) -> u64 {
        self.steps.iter().map(|s| s.fee_lamports).sum()
    }

    /// Compute units of the largest transaction.
    pub fn max_compute_units(&self) -> u64 {
        self.steps.iter().map(|s| s.max_compute_units).max().unwrap_or(0)
    }

    /// Steps that handled no validator at all because every attempt failed.
    pub fn failed_steps(&self) -> Vec<&'static str> {
        let mut failed: Vec<&'static str> = self
            .skipped
            .iter()
            .map(|s| s.step)
            .filter(|step| self.step(step).is_none_or(|r| r.transactions == 0))
            .collect();
        failed.dedup();
        failed
    }
}

/// How this run sends: the lookup tables, the priority price, the account-lock limit.
pub(crate) struct Sender {
    tables: Vec<AddressLookupTableAccount>,
    /// Which table holds each address.
    table_of: std::collections::HashMap<Pubkey, usize>,
    pub(crate) price: u64,
    account_locks: usize,
}

impl Sender {
    /// A sender without tables, with the lock limit the chain's feature set allows.
    pub(crate) async fn new(chain: &mut impl Chain, price: u64) -> Result<Self, String> {
        Ok(Self {
            tables: Vec::new(),
            table_of: Default::default(),
            price,
            account_locks: account_locks(chain).await?,
        })
    }

    /// Sends over `tables` from now on.
    fn use_tables(&mut self, tables: Vec<AddressLookupTableAccount>) {
        self.table_of.clear();
        for (i, table) in tables.iter().enumerate() {
            for address in &table.addresses {
                self.table_of.entry(*address).or_insert(i);
            }
        }
        self.tables = tables;
    }

    /// The tables that hold an account `ixs` name (a transaction lists only those it loads from).
    fn tables_for(&self, ixs: &[Instruction]) -> Vec<AddressLookupTableAccount> {
        let mut used: Vec<usize> = ixs
            .iter()
            .flat_map(|ix| &ix.accounts)
            .filter_map(|m| self.table_of.get(&m.pubkey).copied())
            .collect();
        used.sort_unstable();
        used.dedup();
        used.into_iter().map(|i| self.tables[i].clone()).collect()
    }

    /// How many of `items` (at least one) one transaction of `build(items[..n])` carries: its size
    /// and its locked accounts within the limits.
    fn fit(&self, payer: &Pubkey, items: &[Item], build: &impl Fn(&[Item]) -> Vec<Instruction>) -> usize {
        let fits = |n: usize| {
            let mut ixs = transaction::budget(MAX_COMPUTE_UNITS, self.price);
            ixs.extend(build(&items[..n]));
            transaction::shape(payer, &ixs, &self.tables_for(&ixs))
                .is_ok_and(|s| s.bytes <= PACKET_DATA_SIZE && s.accounts <= self.account_locks)
        };
        // The largest n that fits (fitting is monotone in n).
        let (mut lo, mut hi) = (1, items.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lo
    }
}

/// Accounts one transaction may lock on this chain: the feature raising the limit, read from the
/// chain itself.
async fn account_locks(chain: &mut impl Chain) -> Result<usize, String> {
    const INCREASE_TX_ACCOUNT_LOCK_LIMIT: Pubkey =
        anchor_lang::pubkey!("9LZdXeKGeBV6hRLdxS1rHbHoEUsKqesCC2ZAPTPKJAbK");
    // A feature account holds `Option<u64>`: 1 then the activation slot once active.
    let active =
        chain.account(&INCREASE_TX_ACCOUNT_LOCK_LIMIT).await?.is_some_and(|a| a.data.first() == Some(&1));
    Ok(if active { transaction::MAX_ACCOUNT_LOCKS } else { transaction::LEGACY_ACCOUNT_LOCKS })
}

/// How large the next batch of a step may be: what one transaction carries (size, locks), within
/// what earlier batches taught (compute units per validator; a size that did too much).
struct Sizer {
    per_validator: Option<u64>,
    cap: usize,
}

impl Sizer {
    fn new(max: usize) -> Self {
        Self { per_validator: None, cap: max.max(1) }
    }

    /// The next batch's size out of `rest`.
    fn next(
        &self,
        sender: &Sender,
        payer: &Pubkey,
        rest: &[Item],
        build: &impl Fn(&[Item]) -> Vec<Instruction>,
    ) -> usize {
        let n = sender.fit(payer, &rest[..rest.len().min(self.cap)], build);
        match self.per_validator {
            Some(per) => n.min(usize::try_from(BATCH_UNITS / per.max(1)).unwrap_or(usize::MAX)).max(1),
            None => n,
        }
    }

    /// A batch of `n` used `units`.
    fn sent(&mut self, n: usize, units: u64) {
        let per = units.div_ceil(n as u64);
        self.per_validator = Some(self.per_validator.map_or(per, |p| p.max(per)));
    }

    /// A batch of `n` did too much: the half, from now on.
    fn halve(&mut self, n: usize) -> usize {
        self.cap = n / 2;
        self.cap
    }
}

/// Why a transaction was not sent, or failed.
enum SendError {
    /// The simulation found the transaction doing too much ([`Simulation::too_big`]): a smaller
    /// batch may pass.
    TooBig,
    /// Anything else, in the chain's words.
    Failed(String),
}

pub(crate) struct Step<'a> {
    report: &'a mut CrankReport,
    index: usize,
}

impl Step<'_> {
    pub(crate) fn start<'a>(report: &'a mut CrankReport, step: &'static str) -> Step<'a> {
        let index = match report.steps.iter().position(|s| s.step == step) {
            Some(i) => i,
            None => {
                report.steps.push(StepReport { step, ..Default::default() });
                report.steps.len() - 1
            }
        };
        Step { report, index }
    }

    fn name(&self) -> &'static str {
        self.report.steps[self.index].step
    }

    /// Simulates `ixs`, then sends them once with the unit limit the simulation asks for and the
    /// sender's price; records the transaction. Nothing is sent when the simulation fails.
    async fn try_send(
        &mut self,
        chain: &mut impl Chain,
        sender: &Sender,
        ixs: Vec<Instruction>,
        validators: usize,
    ) -> Result<u64, SendError> {
        let step = self.name();
        let tables = sender.tables_for(&ixs);
        let mut probe = transaction::budget(MAX_COMPUTE_UNITS, sender.price);
        probe.extend(ixs.iter().cloned());
        let simulation =
            chain.simulate(&probe, &tables).await.map_err(|e| SendError::Failed(format!("{step}: {e}")))?;
        if simulation.too_big() {
            return Err(SendError::TooBig);
        }
        if let Some(error) = simulation.error {
            return Err(SendError::Failed(format!("{step}: {error}")));
        }
        let limit = transaction::limit_after(simulation.units);
        let mut all = transaction::budget(limit, sender.price);
        all.extend(ixs);
        let payer = chain.payer();
        let shape = transaction::shape(&payer, &all, &tables).map_err(SendError::Failed)?;
        let units = chain.send(all, &tables).await.map_err(|e| SendError::Failed(format!("{step}: {e}")))?;
        let s = &mut self.report.steps[self.index];
        s.transactions += 1;
        s.validators += validators;
        s.compute_units += units;
        s.callee_compute_units += transaction::callee_units(&simulation.logs);
        s.max_compute_units = s.max_compute_units.max(units);
        s.fee_lamports += transaction::fee(shape.signatures, limit, sender.price);
        Ok(units)
    }

    /// [`Self::try_send`], any failure in words.
    pub(crate) async fn send(
        &mut self,
        chain: &mut impl Chain,
        sender: &Sender,
        ixs: Vec<Instruction>,
        validators: usize,
    ) -> Result<(), String> {
        match self.try_send(chain, sender, ixs, validators).await {
            Ok(_) => Ok(()),
            Err(SendError::TooBig) => Err(format!("{}: too much for one transaction", self.name())),
            Err(SendError::Failed(e)) => Err(e),
        }
    }

    /// Sends `build(batch)` for consecutive batches of `items` (contiguous list indices). Each batch
    /// is as large as one transaction carries (its size and account locks, then the compute units
    /// the previous batches used per validator); one that runs out of units in simulation is
    /// halved. A batch that fails otherwise is retried one validator per transaction, and a
    /// validator that still fails is reported as skipped: one validator never holds the others back.
    async fn batched(
        &mut self,
        chain: &mut impl Chain,
        sender: &Sender,
        items: &[Item],
        max: usize,
        build: impl Fn(&[Item]) -> Vec<Instruction>,
    ) {
        let payer = chain.payer();
        let step = self.name();
        let (total, mut done) = (items.len(), 0);
        let mut sizer = Sizer::new(max);
        for run in contiguous(items) {
            let mut rest = run;
            while !rest.is_empty() {
                let mut n = sizer.next(sender, &payer, rest, &build);
                loop {
                    match self.try_send(chain, sender, build(&rest[..n]), n).await {
                        Ok(units) => sizer.sent(n, units),
                        Err(SendError::TooBig) if n > 1 => {
                            n = sizer.halve(n);
                            continue;
                        }
                        Err(_) => {
                            for item in &rest[..n] {
                                if let Err(error) =
                                    self.send(chain, sender, build(std::slice::from_ref(item)), 1).await
                                {
                                    self.report.skipped.push(Skipped { step, validator: item.vote, error });
                                }
                            }
                        }
                    }
                    break;
                }
                rest = &rest[n..];
                done += n;
                chain.progress(step, done, total);
            }
        }
    }
}

/// One validator a batched step handles.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Item {
    /// Its index in the validator list (and the steward's state).
    index: usize,
    /// Its vote account.
    vote: Pubkey,
    /// Its list entry's seeds.
    validator_seed: u32,
    transient_seed: u64,
}

impl Item {
    /// The validator at list `index`.
    fn listed(index: usize, e: &ListEntry) -> Self {
        Self { index, vote: e.vote, validator_seed: e.validator_seed, transient_seed: e.transient_seed }
    }
}

/// `items` split where list indices stop being consecutive.
fn contiguous(items: &[Item]) -> Vec<&[Item]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || items[i].index != items[i - 1].index + 1 {
            if start < i {
                runs.push(&items[start..i]);
            }
            start = i;
        }
    }
    runs
}

/// One validator-list entry, as the crank needs it.
#[derive(Clone, Copy, Debug)]
pub struct ListEntry {
    /// Vote account.
    pub vote: Pubkey,
    /// Validator stake seed.
    pub validator_seed: u32,
    /// Transient stake seed.
    pub transient_seed: u64,
    /// Lamports of the validator stake account at the last update.
    pub active_lamports: u64,
    /// Lamports in transient stake.
    pub transient_lamports: u64,
    /// SPL status byte (0 active, 2 ready for removal, ...).
    pub status: u8,
}

/// Decodes every list entry.
pub fn list_entries(data: &[u8]) -> Result<Vec<ListEntry>, String> {
    let entries = lst_interface::validator_list::entries(data).ok_or_else(|| {
        "validator list: not an initialized validator list, or shorter than its length".to_string()
    })?;
    Ok(entries
        .iter()
        .map(|e| ListEntry {
            vote: e.vote_account_address,
            validator_seed: e.validator_seed(),
            transient_seed: e.transient_seed(),
            active_lamports: e.active_stake_lamports(),
            transient_lamports: e.transient_stake_lamports(),
            status: e.status,
        })
        .collect())
}

async fn need(chain: &mut impl Chain, address: &Pubkey, what: &str) -> Result<RawAccount, String> {
    chain.account(address).await?.ok_or_else(|| format!("{what} {address} not found"))
}

/// The pool, its list entries and the steward state, freshly read.
async fn read_all(
    chain: &mut impl Chain,
    a: &StewardAddresses,
) -> Result<(StakePool, Vec<ListEntry>, StewardStateView), String> {
    let pool = decode_stake_pool(&need(chain, &a.stake_pool, "stake pool").await?.data)
        .map_err(|e| e.to_string())?;
    let list = list_entries(&need(chain, &a.validator_list, "validator list").await?.data)?;
    let state =
        decode_state(&need(chain, &a.state, "steward state").await?.data).map_err(|e| e.to_string())?;
    Ok((pool, list, state))
}

/// Runs the pool's epoch update if it is stale, in legacy transactions at no priority price (see
/// [`crank_with`] for lookup tables and a price).
pub async fn update_pool(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
) -> Result<(), String> {
    let sender = Sender::new(chain, 0).await?;
    update_pool_with(chain, a, report, &sender).await
}

/// Runs the pool's epoch update if it is stale: `UpdateValidatorListBalance` over the whole list in
/// batches as large as one transaction carries, then `UpdateStakePoolBalance` and the cleanup.
async fn update_pool_with(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
    sender: &Sender,
) -> Result<(), String> {
    let epoch = chain.clock().await?.epoch;
    let pool = decode_stake_pool(&need(chain, &a.stake_pool, "stake pool").await?.data)
        .map_err(|e| e.to_string())?;
    let list = list_entries(&need(chain, &a.validator_list, "validator list").await?.data)?;
    if pool.last_update_epoch >= epoch {
        // Up to date; entries ready for removal still need the cleanup (the steward waits for it).
        if list.iter().any(|e| e.status == validator_list::status::READY_FOR_REMOVAL) {
            let cleanup = instructions::cleanup_removed_validator_entries(
                &a.pool_program,
                &a.stake_pool,
                &a.validator_list,
            );
            Step::start(report, "pool cleanup").send(chain, sender, vec![cleanup], 0).await?;
        }
        return Ok(());
    }
    let mut step = Step::start(report, "pool update");
    let items = all_items(&list);
    let build = |batch: &[Item], no_merge: bool| {
        let stakes: Vec<_> = batch
            .iter()
            .map(|i| {
                (a.validator_stake(&i.vote, i.validator_seed), a.transient_stake(&i.vote, i.transient_seed))
            })
            .collect();
        vec![instructions::update_validator_list_balance(
            &a.pool_program,
            &a.stake_pool,
            &a.withdraw_authority,
            &a.validator_list,
            &a.reserve,
            &stakes,
            batch.first().map_or(0, |i| i.index as u32),
            no_merge,
        )]
    };
    let payer = chain.payer();
    let mut rest = &items[..];
    let mut sizer = Sizer::new(usize::MAX);
    while !rest.is_empty() {
        let mut n = sizer.next(sender, &payer, rest, &|b| build(b, false));
        loop {
            match step.try_send(chain, sender, build(&rest[..n], false), n).await {
                Ok(units) => sizer.sent(n, units),
                Err(SendError::TooBig) if n > 1 => {
                    n = sizer.halve(n);
                    continue;
                }
                Err(SendError::TooBig) => return Err("pool update: too much for one transaction".into()),
                Err(SendError::Failed(error)) => {
                    // A transient stake the stake program will not merge yet fails the whole batch
                    // (it is still partly activating when the cluster's warmup rate caps
                    // activation: `MergeTransientStake`). The same update without merging counts
                    // every stake where it is, so the pool stays usable this epoch; the merge
                    // happens at a later crank.
                    step.send(chain, sender, build(&rest[..n], true), n).await?;
                    for item in &rest[..n] {
                        step.report.skipped.push(Skipped {
                            step: "pool update",
                            validator: item.vote,
                            error: format!("merge left for a later epoch ({error})"),
                        });
                    }
                }
            }
            break;
        }
        rest = &rest[n..];
        chain.progress("pool update", items.len() - rest.len(), items.len());
    }
    let ixs = vec![
        instructions::update_stake_pool_balance(
            &a.pool_program,
            &a.stake_pool,
            &a.withdraw_authority,
            &a.validator_list,
            &a.reserve,
            &pool.manager_fee_account,
            &pool.pool_mint,
            &pool.token_program_id,
        ),
        instructions::cleanup_removed_validator_entries(&a.pool_program, &a.stake_pool, &a.validator_list),
    ];
    step.send(chain, sender, ixs, 0).await
}

/// When the steward's inputs must have been read for the decision due now.
#[derive(Clone, Copy, Debug)]
struct Freshness {
    /// Vote-account and tip-distribution copies must be stamped at or after this slot.
    histories_since: u64,
    /// The cluster's block count of this epoch must reach this slot (the instant-unstake point),
    /// or just exist when no instant-unstake step is due.
    cluster_since: Option<u64>,
}

/// Copies what the due decision needs: every listed validator's vote account and this epoch's
/// tip-distribution account not read since `fresh.histories_since` (creating missing histories), the
/// previous epoch's tip-distribution account where it appeared after the last copy, and the cluster's
/// block counts. A validator whose copy fails is reported and skipped.
async fn copy_histories(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
    sender: &Sender,
    list: &[ListEntry],
    fresh: Freshness,
) -> Result<(), String> {
    let clock = chain.clock().await?;
    let epoch = clock.epoch;
    let mut init = Vec::new();
    let mut copy = Vec::new();
    let mut previous = Vec::new();
    // Every history in one read; then the vote accounts of validators without one, and the
    // previous epoch's tip accounts of those whose MEV client is not recorded.
    let histories = chain.accounts(&list.iter().map(|e| a.history(&e.vote)).collect::<Vec<_>>()).await?;
    let (mut missing, mut tipless) = (Vec::new(), Vec::new());
    for (index, (e, h)) in list.iter().zip(histories).enumerate() {
        let item = Item::listed(index, e);
        let Some(h) = h else {
            missing.push(item);
            continue;
        };
        let history = decode_history(&h.data).map_err(|e| e.to_string())?;
        let since = fresh.histories_since;
        if !read_since(history.vote_copy_slot, since) || !read_since(history.mev_copy_slot, since) {
            copy.push(item);
        }
        let recorded = epoch.checked_sub(1).and_then(|p| {
            let entry = history.entries[(p % HISTORY_LEN as u64) as usize];
            (u64::from(entry.epoch) == p).then_some(entry.mev_client == 1)
        });
        if epoch > 0 && recorded != Some(true) {
            tipless.push(item);
        }
    }
    let votes = chain.accounts(&missing.iter().map(|i| i.vote).collect::<Vec<_>>()).await?;
    for (item, vote) in missing.into_iter().zip(votes) {
        if vote.is_some_and(|account| vote_account_open(&item.vote, account)) {
            init.push(item);
            copy.push(item);
        }
    }
    copy.sort_by_key(|i| i.index);
    if let Some(previous_epoch) = epoch.checked_sub(1) {
        let tips = tipless
            .iter()
            .map(|i| client::tip_distribution_address(&i.vote, previous_epoch))
            .collect::<Vec<_>>();
        let tips = chain.accounts(&tips).await?;
        previous.extend(tipless.into_iter().zip(tips).filter(|(_, tip)| tip.is_some()).map(|(i, _)| i));
    }
    let (config, payer) = (a.config, chain.payer());
    if !init.is_empty() {
        let mut step = Step::start(report, "init histories");
        step.batched(chain, sender, &init, usize::MAX, |batch| {
            batch.iter().map(|i| client::init_validator_history(&config, &payer, &i.vote)).collect()
        })
        .await;
    }
    let mut step = Step::start(report, "copy histories");
    step.batched(chain, sender, &copy, usize::MAX, |batch| {
        let votes: Vec<_> = batch.iter().map(|i| i.vote).collect();
        vec![client::copy_histories(&config, epoch, &votes)]
    })
    .await;
    step.batched(chain, sender, &previous, usize::MAX, |batch| {
        batch.iter().map(|i| client::copy_tip_distribution(&config, &i.vote, epoch - 1)).collect()
    })
    .await;
    // Blocks per epoch: the previous epoch's final count once, this epoch's as fresh as the due step needs.
    let cluster = chain.account(&a.cluster_history).await?;
    let counts = cluster.as_ref().map(|c| cluster_counts(&c.data, &clock));
    let stale = match counts {
        None => true,
        Some((previous_complete, current_to)) => {
            !previous_complete
                || match (fresh.cluster_since, current_to) {
                    (_, None) => true,
                    (Some(since), Some(to)) => to < since,
                    (None, Some(_)) => false,
                }
        }
    };
    if stale {
        step.send(chain, sender, vec![client::copy_cluster_info(&config)], 0).await?;
    }
    Ok(())
}

/// Whether the previous epoch's block count is complete, and the slot this epoch's count reaches.
fn cluster_counts(data: &[u8], clock: &ChainClock) -> (bool, Option<u64>) {
    use steward::state::{unset, ClusterHistory};
    let Some(body) = data.get(8..).and_then(|b| b.get(..std::mem::size_of::<ClusterHistory>())) else {
        return (false, None);
    };
    let cluster: ClusterHistory = bytemuck::pod_read_unaligned(body);
    let entry = |epoch: u64| {
        let e = cluster.entries[(epoch % HISTORY_LEN as u64) as usize];
        (u64::from(e.epoch) == epoch && e.counted_to_slot != unset::U64 && e.from_first_slot == 1)
            .then_some(e)
    };
    let previous_complete = clock.epoch == 0
        || clock
            .epoch
            .checked_sub(1)
            .and_then(entry)
            .is_some_and(|e| e.counted_to_slot.saturating_add(1) >= clock.epoch_first_slot);
    (previous_complete, entry(clock.epoch).map(|e| e.counted_to_slot))
}

/// Whether `account`, at `vote`, is an open vote account (owned by the vote program and readable,
/// as the steward judges it).
fn vote_account_open(vote: &Pubkey, account: RawAccount) -> bool {
    use steward::{constants::VOTE_PROGRAM_ID, foreign::vote::VoteFacts};
    let (mut lamports, mut data) = (account.lamports, account.data);
    let owner = account.owner;
    let info =
        anchor_lang::prelude::AccountInfo::new(vote, false, false, &mut lamports, &mut data, &owner, false);
    let Ok(bytes) = info.try_borrow_data().map(|d| d.to_vec()) else { return false };
    owner == VOTE_PROGRAM_ID && VoteFacts::read_open(&info, &bytes).is_some()
}

/// The validators (from the list) whose slot lacks `bit`.
fn pending_items(state: &StewardStateView, list: &[ListEntry], bit: u16) -> Vec<Item> {
    state
        .slots
        .iter()
        .zip(list)
        .enumerate()
        .filter(|(_, (slot, _))| slot.flags & bit == 0)
        .map(|(index, (_, e))| Item::listed(index, e))
        .collect()
}

/// Every validator of the list.
fn all_items(list: &[ListEntry]) -> Vec<Item> {
    list.iter().enumerate().map(|(index, e)| Item::listed(index, e)).collect()
}

/// The steward's steps due now.
struct Due {
    /// A new cycle's scoring (at its progress point), or scoring under way.
    scoring: bool,
    /// This epoch's instant-unstake step (at its progress point, no cycle due), or one under way.
    instant: bool,
}

/// What the steward in `state` has due at `clock`, as its guards decide it.
fn due(state: &StewardStateView, params: &steward::state::Parameters, clock: &ChainClock) -> Due {
    let last = state.header.last_cycle_epoch;
    let cycle_due =
        last == u64::MAX || clock.epoch >= last.saturating_add(u64::from(params.epochs_per_cycle));
    let progress = clock.progress_bps();
    let idle = state.tag() == Some(StateTag::Idle);
    Due {
        scoring: state.tag() == Some(StateTag::ComputeScores)
            || (idle && cycle_due && progress >= u64::from(params.compute_score_progress_bps)),
        instant: state.tag() == Some(StateTag::ComputeInstantUnstake)
            || (idle
                && state.header.rebalance_epoch != clock.epoch
                && !cycle_due
                && progress >= u64::from(params.instant_unstake_progress_bps)),
    }
}

/// Runs the steward's steps that are due now, copying first what they need.
async fn run_steward(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
    sender: &Sender,
) -> Result<(), String> {
    let clock = chain.clock().await?;
    let config =
        decode_config(&need(chain, &a.config, "steward config").await?.data).map_err(|e| e.to_string())?;
    if config.is_paused() {
        return Ok(());
    }
    let params = config.parameters;
    // The bond filter on: scoring and instant-unstake checks read each validator's bond too.
    let bonded = params.minimum_bond_bps > 0;
    let (_, listed, state) = read_all(chain, a).await?;
    // Maintenance once per epoch, and again when the pool's list changed since (a cleanup).
    if state.header.maintenance_epoch != clock.epoch || listed.len() != state.slots.len() {
        Step::start(report, "epoch maintenance").send(chain, sender, vec![a.epoch_maintenance()], 0).await?;
    }

    // Validators whose vote account closed: anyone may start their removal.
    let (_, list, state) = read_all(chain, a).await?;
    let mut closed = Vec::new();
    let votes = chain.accounts(&list.iter().map(|e| e.vote).collect::<Vec<_>>()).await?;
    let stakes = list.iter().map(|e| a.validator_stake(&e.vote, e.validator_seed)).collect::<Vec<_>>();
    let stakes = chain.accounts(&stakes).await?;
    for (index, ((slot, entry), (vote, stake))) in
        state.slots.iter().zip(&list).zip(votes.into_iter().zip(stakes)).enumerate()
    {
        let gone = !vote.is_some_and(|account| vote_account_open(&entry.vote, account))
            || stake_deactivating(stake.as_ref());
        if slot.flags & flag::REMOVING == 0 && gone {
            closed.push(Item::listed(index, entry));
        }
    }
    if !closed.is_empty() {
        let mut step = Step::start(report, "remove closed or deactivated validators");
        step.batched(chain, sender, &closed, 1, |batch| {
            batch
                .iter()
                .map(|i| {
                    a.remove_validator(i.index as u32, &i.vote, i.validator_seed, i.transient_seed, None)
                })
                .collect()
        })
        .await;
    }

    // What is due: scoring (a new cycle at its progress point, or scoring under way), or the
    // epoch's instant unstake (at its progress point), and the inputs each must read fresh.
    let (_, list, state) = read_all(chain, a).await?;
    let Due { scoring, instant: instant_due } = due(&state, &params, &clock);
    let fresh = Freshness {
        histories_since: if scoring {
            clock.point_slot(params.compute_score_progress_bps)
        } else {
            clock.epoch_first_slot
        },
        cluster_since: (instant_due || scoring)
            .then(|| clock.point_slot(params.instant_unstake_progress_bps)),
    };
    copy_histories(
        chain,
        a,
        report,
        sender,
        &list,
        Freshness { cluster_since: fresh.cluster_since.filter(|_| instant_due), ..fresh },
    )
    .await?;

    if scoring {
        let mut step = Step::start(report, "compute scores");
        let items = if state.tag() == Some(StateTag::Idle) {
            all_items(&list)
        } else {
            pending_items(&state, &list, flag::SCORED)
        };
        step.batched(chain, sender, &items, usize::MAX, |batch| {
            let votes: Vec<_> = batch.iter().map(|i| i.vote).collect();
            let start = batch[0].index as u32;
            vec![if bonded {
                a.compute_scores_bonded(start, &votes)
            } else {
                a.compute_scores(start, &votes)
            }]
        })
        .await;
    }
    let (_, _, state) = read_all(chain, a).await?;
    if state.tag() == Some(StateTag::ComputeDelegations) {
        let n = state.slots.len();
        Step::start(report, "compute delegations")
            .send(chain, sender, vec![a.compute_delegations()], n)
            .await?;
    }

    // Instant unstake, then rebalance: once per epoch, after the progress point. A cycle scored this
    // epoch reaches them at the next crank past the point (the cluster count read after it).
    let (_, list, state) = read_all(chain, a).await?;
    let instant = due(&state, &params, &clock).instant;
    if instant {
        if !instant_due {
            // Scored just now, past the instant-unstake point: the cluster count must be fresh too.
            let since = Some(clock.point_slot(params.instant_unstake_progress_bps));
            copy_histories(chain, a, report, sender, &list, Freshness { cluster_since: since, ..fresh })
                .await?;
        }
        let mut step = Step::start(report, "compute instant unstake");
        let items = if state.tag() == Some(StateTag::Idle) {
            all_items(&list)
        } else {
            pending_items(&state, &list, flag::INSTANT_CHECKED)
        };
        step.batched(chain, sender, &items, usize::MAX, |batch| {
            let votes: Vec<_> = batch.iter().map(|i| i.vote).collect();
            let start = batch[0].index as u32;
            vec![if bonded {
                a.compute_instant_unstake_bonded(clock.epoch, start, &votes)
            } else {
                a.compute_instant_unstake(clock.epoch, start, &votes)
            }]
        })
        .await;
    }
    let (_, list, state) = read_all(chain, a).await?;
    // Rebalance; then, this epoch, increases waiting for the reserve once it holds what was taken.
    let waiting: Vec<Item> =
        if state.header.rebalance_epoch == clock.epoch && reserve_restored(chain, a, &state).await? {
            pending_items(&state, &list, 0)
                .into_iter()
                .filter(|i| state.slots[i.index].flags & flag::WAITING != 0)
                .collect()
        } else {
            Vec::new()
        };
    let items = match state.tag() {
        Some(StateTag::Rebalance) => {
            let mut items = pending_items(&state, &list, flag::REBALANCED);
            items.extend(waiting);
            items.sort_by_key(|i| i.index);
            items
        }
        Some(StateTag::Idle) => waiting,
        _ => Vec::new(),
    };
    if !items.is_empty() {
        let mut step = Step::start(report, "rebalance");
        let payer = chain.payer();
        step.batched(chain, sender, &items, usize::MAX, |batch| {
            let validators: Vec<_> =
                batch.iter().map(|i| (i.vote, i.validator_seed, i.transient_seed)).collect();
            vec![a.rebalance(&payer, batch[0].index as u32, &validators)]
        })
        .await;
    }
    Ok(())
}

/// Whether the reserve holds again what others took from it since the rebalance snapshot (waiting
/// increases can then take their planned amounts).
async fn reserve_restored(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    state: &StewardStateView,
) -> Result<bool, String> {
    let h = &state.header;
    let reserve = need(chain, &a.reserve, "reserve").await?.lamports;
    Ok(reserve >= h.snapshot_reserve_lamports.saturating_sub(h.reserve_used))
}

/// Whether a stake account is deactivating (or is gone, or is no delegated stake account).
fn stake_deactivating(stake: Option<&RawAccount>) -> bool {
    stake.is_none_or(|s| {
        StakeState::read(&s.data)
            .and_then(|state| state.delegation().copied())
            .is_none_or(|d| d.is_deactivating())
    })
}

/// Everything due now: pool update, the steward's steps and the copies they need, in v0
/// transactions over the payer's lookup tables for the pool (created or extended first when
/// validators joined) at no priority price. Validators a step could not handle are in the report's
/// `skipped`; an error means the crank could not go on.
pub async fn crank(chain: &mut impl Chain, a: &StewardAddresses) -> Result<CrankReport, String> {
    crank_with(chain, a, &CrankOptions::default()).await
}

/// Creates or extends the payer's lookup tables for the pool so that they hold every validator's
/// accounts, and waits until they are usable; what [`crank_with`] does first. A keeper may run it
/// ahead of the epoch's progress points (table transactions take slots).
pub async fn prepare_lookup_tables(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    options: &CrankOptions,
) -> Result<CrankReport, String> {
    let mut report = CrankReport::default();
    let sender = Sender::new(chain, options.compute_unit_price).await?;
    tables(chain, a, &mut report, &sender).await?;
    Ok(report)
}

/// The payer's lookup tables for the pool, holding every address the crank will name.
async fn tables(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
    sender: &Sender,
) -> Result<Vec<AddressLookupTableAccount>, String> {
    let pool = decode_stake_pool(&need(chain, &a.stake_pool, "stake pool").await?.data)
        .map_err(|e| e.to_string())?;
    let list = list_entries(&need(chain, &a.validator_list, "validator list").await?.data)?;
    lookup::ensure(chain, report, sender, &lookup::wanted(a, &pool, &list)).await
}

/// [`crank`] with `options`.
pub async fn crank_with(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    options: &CrankOptions,
) -> Result<CrankReport, String> {
    let mut report = CrankReport::default();
    let mut sender = Sender::new(chain, options.compute_unit_price).await?;
    if !options.without_lookup_tables {
        let tables = tables(chain, a, &mut report, &sender).await?;
        sender.use_tables(tables);
    }
    update_pool_with(chain, a, &mut report, &sender).await?;
    run_steward(chain, a, &mut report, &sender).await?;
    settle_bonds(chain, a, &mut report, &sender).await?;
    Ok(report)
}

/// Settles the epoch that just ended for every listed validator with a bond whose records show a
/// loss and that nobody settled yet (the program computes the loss again from the same records,
/// through the same functions). Nothing when the pool has no bonds.
async fn settle_bonds(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
    sender: &Sender,
) -> Result<(), String> {
    let bonds = BondsAddresses::new(a.config, a.stake_pool, a.reserve);
    let clock = chain.clock().await?;
    let Some(epoch) = clock.epoch.checked_sub(1) else { return Ok(()) };
    if chain.account(&bonds.config).await?.is_none() {
        return Ok(());
    }
    let params = decode_config(&need(chain, &a.config, "steward config").await?.data)
        .map_err(|e| e.to_string())?
        .parameters;
    let limits = bonds::loss::Limits::of(&params);
    let cluster = decode_cluster_history(&need(chain, &a.cluster_history, "cluster history").await?.data)
        .map_err(|e| e.to_string())?;
    let feature = chain.account(&bonds::constants::DELAY_COMMISSION_UPDATES_FEATURE).await?;
    let delayed = feature
        .is_some_and(|f| bonds::record::commissions_delayed(&f.owner, &f.data, clock.epoch_first_slot));
    let list = list_entries(&need(chain, &a.validator_list, "validator list").await?.data)?;
    // Each read for every validator at once: bonds; the settlements of the bonded; then the
    // histories and tip accounts of those not yet settled.
    let bond_keys = list.iter().map(|e| bonds.bond(&e.vote)).collect::<Vec<_>>();
    let bond_accounts = chain.accounts(&bond_keys).await?;
    let mut bonded = Vec::new();
    for ((index, e), (bond, account)) in list.iter().enumerate().zip(bond_keys.iter().zip(bond_accounts)) {
        let Some(account) = account else { continue };
        // A bond answers for no epoch before it was opened.
        if epoch >= bond_ix::decode_bond(&account.data).map_err(|e| e.to_string())?.opened_epoch {
            bonded.push((Item::listed(index, e), *bond));
        }
    }
    let settlements =
        bonded.iter().map(|(_, bond)| bond_ix::settlement_address(bond, epoch)).collect::<Vec<_>>();
    let settlements = chain.accounts(&settlements).await?;
    let open: Vec<Item> = bonded
        .into_iter()
        .zip(settlements)
        .filter(|(_, settled)| settled.is_none())
        .map(|((i, _), _)| i)
        .collect();
    let histories = chain.accounts(&open.iter().map(|i| a.history(&i.vote)).collect::<Vec<_>>()).await?;
    let tip_keys = open.iter().map(|i| client::tip_distribution_address(&i.vote, epoch)).collect::<Vec<_>>();
    let tip_accounts = chain.accounts(&tip_keys).await?;
    let mut due = Vec::new();
    for ((item, history), (tip_address, tip)) in
        open.into_iter().zip(histories).zip(tip_keys.iter().zip(tip_accounts))
    {
        let Some(history) = history else { continue };
        let history = decode_history(&history.data).map_err(|e| e.to_string())?;
        let tips = match tip {
            Some(mut account) => {
                let mut lamports = account.lamports;
                let info = anchor_lang::prelude::AccountInfo::new(
                    tip_address,
                    false,
                    false,
                    &mut lamports,
                    &mut account.data,
                    &account.owner,
                    false,
                );
                let rent = anchor_lang::prelude::Rent::default();
                steward::foreign::tip_distribution::read_with_tips(&info, &item.vote, epoch, &rent)
                    .ok()
                    .flatten()
            }
            None => None,
        };
        let inputs = bonds::record::inputs(&history, &cluster, epoch, clock.epoch_first_slot, delayed, tips);
        if inputs.and_then(|i| bonds::loss::loss(&i, &limits)).is_ok_and(|l| l.loss > 0) {
            due.push(item);
        }
    }
    if !due.is_empty() {
        let payer = chain.payer();
        let mut step = Step::start(report, "settle bonds");
        step.batched(chain, sender, &due, usize::MAX, |batch| {
            batch.iter().map(|i| bonds.settle(&i.vote, epoch, &payer)).collect()
        })
        .await;
    }
    collect_bond_stakes(chain, &bonds, &list, clock.epoch, report, sender).await?;
    cover_shortfalls(chain, &bonds, &list, epoch, report, sender).await?;
    distribute_fees(chain, &bonds, report, sender).await
}

/// Deactivates each bonded stake account that settlements pledged to the pool, and collects those
/// deactivated in an earlier epoch (the bond pays what it owes into the reserve).
async fn collect_bond_stakes(
    chain: &mut impl Chain,
    bonds: &BondsAddresses,
    list: &[ListEntry],
    epoch: u64,
    report: &mut CrankReport,
    sender: &Sender,
) -> Result<(), String> {
    let (mut unstake, mut collect) = (Vec::new(), Vec::new());
    let bond_accounts = chain.accounts(&list.iter().map(|e| bonds.bond(&e.vote)).collect::<Vec<_>>()).await?;
    let mut pledged = Vec::new();
    for ((index, e), account) in list.iter().enumerate().zip(bond_accounts) {
        let Some(account) = account else { continue };
        let bond = bond_ix::decode_bond(&account.data).map_err(|e| e.to_string())?;
        if bond.has_stake() && bond.owed_lamports > 0 {
            pledged.push((Item::listed(index, e), bond.stake_account));
        }
    }
    let stakes = chain.accounts(&pledged.iter().map(|(_, stake)| *stake).collect::<Vec<_>>()).await?;
    for ((item, stake_account), stake) in pledged.into_iter().zip(stakes) {
        match stake.and_then(|s| StakeState::read(&s.data).and_then(|state| state.delegation().copied())) {
            Some(d) if !d.is_deactivating() => unstake.push((item, stake_account)),
            Some(d) if d.deactivation_epoch < epoch => collect.push((item, stake_account)),
            _ => {}
        }
    }
    for (name, due, collecting) in [("unstake bonds", unstake, false), ("collect bond stakes", collect, true)]
    {
        if due.is_empty() {
            continue;
        }
        let stakes: std::collections::HashMap<Pubkey, Pubkey> =
            due.iter().map(|(i, s)| (i.vote, *s)).collect();
        let stake_of = |vote: &Pubkey| stakes.get(vote).copied().unwrap_or_default();
        let items: Vec<Item> = due.into_iter().map(|(i, _)| i).collect();
        let mut step = Step::start(report, name);
        step.batched(chain, sender, &items, usize::MAX, |batch| {
            batch
                .iter()
                .map(|i| match collecting {
                    true => bonds.collect_bond_stake(&i.vote, &stake_of(&i.vote)),
                    false => bonds.unstake_bond(&i.vote, &stake_of(&i.vote)),
                })
                .collect()
        })
        .await;
    }
    Ok(())
}

/// The pool's token, read from the pool.
async fn pool_token(chain: &mut impl Chain, bonds: &BondsAddresses) -> Result<bond_ix::PoolToken, String> {
    let pool = decode_stake_pool(&need(chain, &bonds.stake_pool, "stake pool").await?.data)
        .map_err(|e| e.to_string())?;
    Ok(bond_ix::PoolToken { mint: pool.pool_mint, program: pool.token_program_id })
}

/// Whether the token account at `address` is missing or holds no tokens.
async fn holds_nothing(chain: &mut impl Chain, address: &Pubkey) -> Result<bool, String> {
    let account = chain.account(address).await?;
    Ok(account.is_none_or(|a| instructions::token_amount(&a.data) == 0))
}

/// Shares out the pool's fees in the bonds' fee vault by the DAO's fee shares, when there are
/// shares and fees.
async fn distribute_fees(
    chain: &mut impl Chain,
    bonds: &BondsAddresses,
    report: &mut CrankReport,
    sender: &Sender,
) -> Result<(), String> {
    let Some(shares) = chain.account(&bond_ix::fee_shares_address(&bonds.config)).await? else {
        return Ok(());
    };
    let recipients: Vec<Pubkey> = bond_ix::decode_fee_shares(&shares.data)
        .map_err(|e| e.to_string())?
        .shares()
        .iter()
        .map(|s| s.token_account)
        .collect();
    if recipients.is_empty() {
        return Ok(());
    }
    let token = pool_token(chain, bonds).await?;
    if holds_nothing(chain, &bonds.fee_vault(&token)).await? {
        return Ok(());
    }
    Step::start(report, "distribute fees")
        .send(chain, sender, vec![bonds.distribute(&token, &recipients)], 0)
        .await
}

/// Has the insurance fund cover, within its cap for the epoch, what bonds could not pay of the
/// epoch's settlements. Nothing when the pool has no insurance fund or it is empty.
async fn cover_shortfalls(
    chain: &mut impl Chain,
    bonds: &BondsAddresses,
    list: &[ListEntry],
    epoch: u64,
    report: &mut CrankReport,
    sender: &Sender,
) -> Result<(), String> {
    let Some(insurance) = chain.account(&bonds.insurance()).await? else { return Ok(()) };
    let insurance = bond_ix::decode_insurance(&insurance.data).map_err(|e| e.to_string())?;
    let clock = chain.clock().await?;
    let used = if insurance.cap_epoch == clock.epoch { insurance.covered_in_epoch } else { 0 };
    if insurance.cap_lamports_per_epoch <= used {
        return Ok(());
    }
    let token = pool_token(chain, bonds).await?;
    if holds_nothing(chain, &bonds.insurance_fund(&token)).await? {
        return Ok(());
    }
    let mut due = Vec::new();
    let settlements =
        list.iter().map(|e| bond_ix::settlement_address(&bonds.bond(&e.vote), epoch)).collect::<Vec<_>>();
    let settlements = chain.accounts(&settlements).await?;
    for ((index, e), account) in list.iter().enumerate().zip(settlements) {
        let Some(account) = account else { continue };
        let settlement = bond_ix::decode_settlement(&account.data).map_err(|e| e.to_string())?;
        if settlement.shortfall_lamports > settlement.covered_lamports {
            due.push(Item::listed(index, e));
        }
    }
    if !due.is_empty() {
        // One cover per transaction: each takes what the cap leaves.
        let mut step = Step::start(report, "insurance covers");
        step.batched(chain, sender, &due, 1, |batch| {
            batch.iter().map(|i| bonds.cover(&i.vote, epoch, &token)).collect()
        })
        .await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use {super::*, anchor_lang::prelude::AccountMeta};

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|index| Item { index, vote: Pubkey::new_unique(), validator_seed: 0, transient_seed: 0 })
            .collect()
    }

    /// One instruction naming three accounts per validator (as `rebalance` does).
    fn build(batch: &[Item]) -> Vec<Instruction> {
        let program = Pubkey::new_from_array([7; 32]);
        let accounts = batch
            .iter()
            .flat_map(|i| {
                let a = i.vote;
                [AccountMeta::new_readonly(a, false), AccountMeta::new(a, false), AccountMeta::new(a, false)]
            })
            .collect();
        vec![Instruction { program_id: program, accounts, data: vec![0; 12] }]
    }

    fn sender(tables: Vec<AddressLookupTableAccount>, locks: usize) -> Sender {
        let mut s =
            Sender { tables: Vec::new(), table_of: Default::default(), price: 1, account_locks: locks };
        s.use_tables(tables);
        s
    }

    #[test]
    fn batches_fill_the_transaction_and_no_more() {
        let payer = Pubkey::new_unique();
        let all = items(200);
        // Without tables: 32 bytes a validator, bound by the packet size.
        let bare = sender(Vec::new(), transaction::MAX_ACCOUNT_LOCKS);
        let n = bare.fit(&payer, &all, &build);
        let size = |n: usize, s: &Sender| {
            let mut ixs = transaction::budget(MAX_COMPUTE_UNITS, 1);
            ixs.extend(build(&all[..n]));
            transaction::shape(&payer, &ixs, &s.tables_for(&ixs)).unwrap()
        };
        assert!(size(n, &bare).bytes <= PACKET_DATA_SIZE && size(n + 1, &bare).bytes > PACKET_DATA_SIZE);
        // With every vote in a table: bound by the account locks instead.
        let table = AddressLookupTableAccount {
            key: Pubkey::new_unique(),
            addresses: all.iter().map(|i| i.vote).collect(),
        };
        let tabled = sender(vec![table], transaction::LEGACY_ACCOUNT_LOCKS);
        let m = tabled.fit(&payer, &all, &build);
        assert!(m > n);
        assert!(size(m, &tabled).accounts <= transaction::LEGACY_ACCOUNT_LOCKS);
        assert!(size(m + 1, &tabled).accounts > transaction::LEGACY_ACCOUNT_LOCKS);
        // A table none of a batch's accounts are in is not listed.
        assert!(tabled.tables_for(&build(&items(3))).is_empty());
    }

    #[test]
    fn what_a_batch_taught_bounds_the_next() {
        let payer = Pubkey::new_unique();
        let all = items(30);
        let s = sender(
            vec![AddressLookupTableAccount {
                key: Pubkey::new_unique(),
                addresses: all.iter().map(|i| i.vote).collect(),
            }],
            128,
        );
        let mut sizer = Sizer::new(usize::MAX);
        assert_eq!(sizer.next(&s, &payer, &all, &build), 30);
        // 100k CU per validator: 12 fit in 90 % of a transaction.
        sizer.sent(10, 1_000_000);
        assert_eq!(sizer.next(&s, &payer, &all, &build), 12);
        // A batch of 12 did too much: 6 from now on.
        assert_eq!(sizer.halve(12), 6);
        assert_eq!(sizer.next(&s, &payer, &all, &build), 6);
        // The caller's own maximum.
        assert_eq!(Sizer::new(1).next(&s, &payer, &all, &build), 1);
    }
}
