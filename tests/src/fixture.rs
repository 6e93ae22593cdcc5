//! `TestFixture`: a real bank (solana-program-test) with our programs and the upstream SPL stake-pool
//! program loaded as SBF `.so` files from `target/deploy`, plus the account helpers every test needs.

use {
    solana_account::Account,
    solana_instruction::{error::InstructionError, Instruction},
    solana_keypair::Keypair,
    solana_message::{v0, AddressLookupTableAccount, VersionedMessage},
    solana_program_test::{BanksClientError, ProgramTest, ProgramTestContext},
    solana_pubkey::Pubkey,
    solana_signature::Signature,
    solana_signer::Signer,
    solana_stake_interface::state::{Authorized, Lockup},
    solana_transaction::{versioned::VersionedTransaction, Transaction},
    solana_transaction_error::TransactionError,
    solana_vote_interface::{
        instruction::{self as vote_instruction, CreateVoteAccountConfig},
        state::VoteInit,
    },
    std::{
        collections::{HashMap, HashSet},
        path::PathBuf,
        sync::{Arc, Mutex, OnceLock},
    },
};

/// Our stake-pool program id.
pub fn stake_pool_program_id() -> Pubkey {
    Pubkey::new_from_array(stake_pool::ID.to_bytes())
}

/// The upstream SPL stake-pool program id (the peer runs under its own id).
pub fn upstream_program_id() -> Pubkey {
    spl_stake_pool::id()
}

/// The SPL token program.
pub fn token_program_id() -> Pubkey {
    lst_sdk::interface::id::TOKEN_PROGRAM
}

/// The token-2022 program.
pub fn token_2022_program_id() -> Pubkey {
    spl_token_2022_interface::id()
}

/// Metaplex token metadata (mainnet address), built from its published crate by `scripts/build-sbf.sh`.
pub fn metadata_program_id() -> Pubkey {
    lst_sdk::interface::id::METADATA_PROGRAM
}

/// Jito's tip-distribution program (mainnet address), built from its published crate by
/// `scripts/build-sbf.sh`.
pub fn tip_distribution_program_id() -> Pubkey {
    Pubkey::new_from_array(lst_sdk::tip_distribution::PROGRAM_ID.to_bytes())
}

/// Where the SBF builds are: `$SBF_OUT_DIR`, else `<repo>/target/deploy`.
pub fn sbf_out_dir() -> PathBuf {
    std::env::var_os("SBF_OUT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/deploy"))
}

/// The program account of `name`.so from [`sbf_out_dir`], as solana-program-test loads an SBF
/// program (BPF loader 2, executable, rent-exempt). The files are read once per process, and no
/// environment variable is set for program-test to find them: tests run on parallel threads.
fn program_account(name: &str) -> Account {
    static ELVES: OnceLock<Mutex<HashMap<String, Arc<Vec<u8>>>>> = OnceLock::new();
    let elves = ELVES.get_or_init(|| Mutex::new(HashMap::new()));
    let data = {
        let mut elves = elves.lock().expect("no test panicked while loading a program");
        let elf = elves.entry(name.to_owned()).or_insert_with(|| {
            let path = sbf_out_dir().join(format!("{name}.so"));
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("{}: {e}; run scripts/build-sbf.sh first", path.display()));
            Arc::new(bytes)
        });
        elf.as_ref().clone()
    };
    Account {
        lamports: solana_rent::Rent::default().minimum_balance(data.len()).max(1),
        data,
        owner: BPF_LOADER,
        executable: true,
        rent_epoch: 0,
    }
}

/// How a bank differs from the default one.
#[derive(Clone, Debug, Default)]
pub struct BankOptions {
    /// Features turned off at genesis.
    pub features_off: Vec<Pubkey>,
    /// Another stake program (an SBF file's bytes) in place of the one the bank ships.
    pub stake_program: Option<Vec<u8>>,
}

impl BankOptions {
    /// The chain before stake program v5: the stake program 4.0.0 (1-lamport minimum delegation,
    /// built by `scripts/build-sbf.sh`), and the gates that brought v5 and its rules off.
    pub fn before_stake_v5() -> Self {
        let elf = std::fs::read(sbf_out_dir().join("solana_stake_program_v4.so"))
            .expect("solana_stake_program_v4.so: run scripts/build-sbf.sh");
        Self {
            stake_program: Some(elf),
            features_off: vec![
                agave_feature_set::upgrade_bpf_stake_program_to_v5::id(),
                agave_feature_set::upgrade_bpf_stake_program_to_v5_1::id(),
                agave_feature_set::stake_raise_minimum_delegation_to_1_sol::id(),
            ],
        }
    }
}

/// The BPF loader (v2) that owns programs loaded at genesis.
const BPF_LOADER: Pubkey = Pubkey::from_str_const("BPFLoader2111111111111111111111111111111111");

/// Why a transaction failed, in a form tests can compare exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxError {
    /// Instruction `index` failed with `error`.
    Instruction(u8, InstructionError),
    /// The transaction failed before or around its instructions.
    Transaction(TransactionError),
    /// The bank client failed.
    Client(String),
}

impl TxError {
    /// The `Custom` code of an instruction error, if that is what it is.
    pub fn custom_code(&self) -> Option<u32> {
        match self {
            Self::Instruction(_, InstructionError::Custom(code)) => Some(*code),
            _ => None,
        }
    }
}

impl From<TransactionError> for TxError {
    fn from(error: TransactionError) -> Self {
        match error {
            TransactionError::InstructionError(index, error) => Self::Instruction(index, error),
            other => Self::Transaction(other),
        }
    }
}

impl From<BanksClientError> for TxError {
    fn from(error: BanksClientError) -> Self {
        match error {
            BanksClientError::TransactionError(error) => error.into(),
            BanksClientError::SimulationError { err, .. } => err.into(),
            other => Self::Client(other.to_string()),
        }
    }
}

/// One cross-program call seen in a transaction's logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The program called.
    pub program: Pubkey,
    /// Compute units consumed inside it (0 for builtins, which log none).
    pub units: u64,
    /// The instruction name it logged (`Program log: Instruction: …`), if any.
    pub name: Option<String>,
}

/// What a successful transaction cost.
#[derive(Debug, Clone)]
pub struct Executed {
    /// Compute units of the whole transaction.
    pub compute_units: u64,
    /// Program logs.
    pub logs: Vec<String>,
}

impl Executed {
    /// Compute units consumed by the top-level invocation of `program_id` (from its `consumed` log
    /// line), or the whole transaction's if the line is missing.
    pub fn units_of(&self, program_id: &Pubkey) -> u64 {
        let prefix = format!("Program {program_id} consumed ");
        self.logs
            .iter()
            .rev()
            .find_map(|line| line.strip_prefix(&prefix)?.split(' ').next()?.parse().ok())
            .unwrap_or(self.compute_units)
    }

    /// The direct calls of the last top-level invocation of `program_id`, in order: each callee, the
    /// compute units consumed inside it (with whatever it called in turn) and the instruction name it
    /// logged, if any. What the caller spends to make a call (serialising accounts, the invoke fee) is
    /// not in these figures: it counts as the caller's own.
    pub fn calls_of(&self, program_id: &Pubkey) -> Vec<Call> {
        let (mut stack, mut calls) = (Vec::<Pubkey>::new(), Vec::<Call>::new());
        for line in &self.logs {
            let Some(rest) = line.strip_prefix("Program ") else { continue };
            if let Some(name) = rest.strip_prefix("log: Instruction: ") {
                if let (2, Some(call)) = (stack.len(), calls.last_mut()) {
                    call.name.get_or_insert_with(|| name.to_string());
                }
                continue;
            }
            let mut words = rest.split(' ');
            let (Some(id), Some(verb)) = (words.next(), words.next()) else { continue };
            let Ok(id) = id.parse::<Pubkey>() else { continue };
            match verb {
                "invoke" => {
                    if stack.is_empty() && id == *program_id {
                        calls.clear();
                    }
                    stack.push(id);
                    if stack.len() == 2 && stack[0] == *program_id {
                        calls.push(Call { program: id, units: 0, name: None });
                    }
                }
                "consumed" if stack.len() == 2 && stack[0] == *program_id => {
                    if let (Some(units), Some(call)) =
                        (words.next().and_then(|n| n.parse().ok()), calls.last_mut())
                    {
                        call.units = units;
                    }
                }
                "success" | "failed:" => {
                    stack.pop();
                }
                _ => {}
            }
        }
        calls
    }
}

/// A bank with every program of the project loaded as SBF.
pub struct TestFixture {
    /// The program-test context (bank, client, payer).
    pub ctx: ProgramTestContext,
    /// Signatures sent so far: an identical transaction gets a fresh blockhash instead of being
    /// dropped as already processed.
    sent: HashSet<Signature>,
    /// Lookup tables created through [`TestFixture::process_v0`] (the bank client cannot search
    /// accounts by owner, so the fixture remembers them as a cluster's index would).
    pub lookup_tables: Vec<Pubkey>,
}

impl TestFixture {
    /// Starts a bank with our stake pool, our steward and bonds, upstream SPL stake pool, Metaplex token
    /// metadata, Jito's tip distribution and SPL Governance (all SBF), with inflation rewards enabled for vote
    /// accounts without a BLS key.
    pub async fn new() -> Self {
        Self::with(BankOptions::default()).await
    }

    /// [`TestFixture::new`] with `options`: features turned off, another stake program.
    pub async fn with(options: BankOptions) -> Self {
        let mut program_test = ProgramTest::default();
        let steward_id = Pubkey::new_from_array(lst_sdk::STEWARD_PROGRAM_ID.to_bytes());
        let programs = [
            ("stake_pool", stake_pool_program_id()),
            ("steward", steward_id),
            ("bonds", lst_sdk::bonds::BONDS_PROGRAM_ID),
            ("spl_stake_pool", upstream_program_id()),
            ("mpl_token_metadata", metadata_program_id()),
            ("jito_tip_distribution", tip_distribution_program_id()),
            ("spl_governance", Pubkey::new_from_array(lst_sdk::governance::GOVERNANCE_PROGRAM_ID.to_bytes())),
        ];
        for (name, id) in programs {
            program_test.add_account(id, program_account(name));
        }
        program_test.deactivate_feature(agave_feature_set::validator_admission_ticket::id());
        for feature in options.features_off {
            program_test.deactivate_feature(feature);
        }
        let mut ctx = program_test.start_with_context().await;
        if let Some(elf) = options.stake_program {
            let account = Account {
                lamports: solana_rent::Rent::default().minimum_balance(elf.len()).max(1),
                data: elf,
                owner: BPF_LOADER,
                executable: true,
                rent_epoch: 0,
            };
            ctx.set_account(&solana_stake_interface::program::ID, &account.into());
            let slot = ctx.banks_client.get_root_slot().await.expect("slot");
            ctx.warp_to_slot(slot + 2).expect("a slot on, the new stake program loaded");
        }
        Self { ctx, sent: HashSet::new(), lookup_tables: Vec::new() }
    }

    /// The fee payer, funded by genesis.
    pub fn payer(&self) -> &Keypair {
        &self.ctx.payer
    }

    /// Signs with the payer plus `signers` and executes.
    pub async fn process(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Executed, TxError> {
        let tx = self.signed(instructions, signers).await?;
        self.sent.insert(tx.signatures[0]);
        let outcome = self.ctx.banks_client.process_transaction_with_metadata(tx).await?;
        outcome.result.map_err(TxError::from)?;
        Ok(outcome
            .metadata
            .map(|meta| Executed { compute_units: meta.compute_units_consumed, logs: meta.log_messages })
            .unwrap_or(Executed { compute_units: 0, logs: Vec::new() }))
    }

    /// A v0 transaction of `instructions` paid and signed by the payer, loading accounts from
    /// `tables`, with a blockhash it has not been sent with.
    async fn v0_transaction(
        &mut self,
        instructions: &[Instruction],
        tables: &[AddressLookupTableAccount],
    ) -> Result<VersionedTransaction, TxError> {
        let mut blockhash = self.ctx.banks_client.get_latest_blockhash().await.map_err(TxError::from)?;
        let payer = self.ctx.payer.insecure_clone();
        loop {
            let message = v0::Message::try_compile(&payer.pubkey(), instructions, tables, blockhash)
                .map_err(|e| TxError::Client(e.to_string()))?;
            let tx = VersionedTransaction::try_new(VersionedMessage::V0(message), &[&payer])
                .map_err(|e| TxError::Client(e.to_string()))?;
            if !self.sent.contains(&tx.signatures[0]) {
                return Ok(tx);
            }
            blockhash =
                self.ctx.get_new_latest_blockhash().await.map_err(|e| TxError::Client(e.to_string()))?;
        }
    }

    /// Executes a v0 transaction of `instructions` (signed by the payer) over `tables`.
    pub async fn process_v0(
        &mut self,
        instructions: &[Instruction],
        tables: &[AddressLookupTableAccount],
    ) -> Result<Executed, TxError> {
        let tx = self.v0_transaction(instructions, tables).await?;
        self.sent.insert(tx.signatures[0]);
        let outcome = self.ctx.banks_client.process_transaction_with_metadata(tx).await?;
        outcome.result.map_err(TxError::from)?;
        for ix in instructions {
            // `CreateLookupTable` is variant 0 of the lookup-table program; the table is its first account.
            if ix.program_id == solana_sdk_ids::address_lookup_table::ID && ix.data.starts_with(&[0, 0, 0, 0])
            {
                self.lookup_tables.extend(ix.accounts.first().map(|a| a.pubkey));
            }
        }
        Ok(outcome
            .metadata
            .map(|meta| Executed { compute_units: meta.compute_units_consumed, logs: meta.log_messages })
            .unwrap_or(Executed { compute_units: 0, logs: Vec::new() }))
    }

    /// Simulates a v0 transaction: units consumed, the error if it fails, the logs.
    pub async fn simulate_v0(
        &mut self,
        instructions: &[Instruction],
        tables: &[AddressLookupTableAccount],
    ) -> Result<(u64, Option<String>, Vec<String>), TxError> {
        let tx = self.v0_transaction(instructions, tables).await?;
        let processed = solana_commitment_config::CommitmentLevel::Processed;
        let outcome = self.ctx.banks_client.simulate_transaction_with_commitment(tx, processed).await?;
        let (units, logs) =
            outcome.simulation_details.map(|d| (d.units_consumed, d.logs)).unwrap_or_default();
        let error = match outcome.result {
            Some(Err(e)) => Some(format!("{:?}", TxError::from(e))),
            _ => None,
        };
        Ok((units, error, logs))
    }

    /// Moves to the next slot.
    pub async fn next_slot(&mut self) {
        let slot = self.ctx.banks_client.get_root_slot().await.expect("slot");
        let now = self.ctx.banks_client.get_sysvar::<solana_clock::Clock>().await.expect("clock").slot;
        self.ctx.warp_to_slot(now.max(slot) + 1).expect("warp forward");
    }

    /// Signs with the payer plus `signers`, with a blockhash no identical transaction was sent with
    /// (the bank would answer `AlreadyProcessed`).
    async fn signed(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Transaction, TxError> {
        let mut blockhash = self.ctx.banks_client.get_latest_blockhash().await.map_err(TxError::from)?;
        let fee_payer = self.ctx.payer.insecure_clone();
        let mut all: Vec<&Keypair> = vec![&fee_payer];
        all.extend(signers.iter().copied().filter(|k| k.pubkey() != fee_payer.pubkey()));
        let payer = Some(&fee_payer.pubkey());
        let mut tx = Transaction::new_signed_with_payer(instructions, payer, &all, blockhash);
        while self.sent.contains(&tx.signatures[0]) {
            blockhash =
                self.ctx.get_new_latest_blockhash().await.map_err(|e| TxError::Client(e.to_string()))?;
            tx = Transaction::new_signed_with_payer(instructions, payer, &all, blockhash);
        }
        Ok(tx)
    }

    /// Signs with the payer plus `signers` and simulates, changing nothing.
    pub async fn simulate(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), TxError> {
        let tx = self.signed(instructions, signers).await?;
        let processed = solana_commitment_config::CommitmentLevel::Processed;
        let outcome = self.ctx.banks_client.simulate_transaction_with_commitment(tx, processed).await?;
        if std::env::var_os("LST_SIMULATION_LOGS").is_some() {
            for line in outcome.simulation_details.iter().flat_map(|d| &d.logs) {
                println!("{line}");
            }
        }
        outcome.result.unwrap_or(Ok(())).map_err(TxError::from)
    }

    /// The account at `address`, if it exists.
    pub async fn account(&mut self, address: &Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(*address).await.expect("bank client")
    }

    /// The account's data (empty if it does not exist).
    pub async fn data(&mut self, address: &Pubkey) -> Vec<u8> {
        self.account(address).await.map(|a| a.data).unwrap_or_default()
    }

    /// The account's lamports (0 if it does not exist).
    pub async fn lamports(&mut self, address: &Pubkey) -> u64 {
        self.account(address).await.map(|a| a.lamports).unwrap_or(0)
    }

    /// Token amount of a token account (SPL or token-2022 layout).
    pub async fn token_balance(&mut self, address: &Pubkey) -> u64 {
        let data = self.data(address).await;
        u64::from_le_bytes(data[64..72].try_into().expect("token account"))
    }

    /// Supply of a mint.
    pub async fn mint_supply(&mut self, mint: &Pubkey) -> u64 {
        let data = self.data(mint).await;
        u64::from_le_bytes(data[36..44].try_into().expect("mint"))
    }

    /// Rent-exempt minimum for `space` bytes.
    pub async fn rent_exempt(&mut self, space: usize) -> u64 {
        self.ctx.banks_client.get_rent().await.expect("rent").minimum_balance(space)
    }

    /// Current epoch.
    pub async fn epoch(&mut self) -> u64 {
        self.ctx.banks_client.get_sysvar::<solana_clock::Clock>().await.expect("clock").epoch
    }

    /// Moves to `slots_after` slots past the first slot of `epoch` (rewards are paid in the first
    /// slots after a boundary, and the pool refuses updates until they are).
    pub async fn warp_to_epoch(&mut self, epoch: u64, slots_after: u64) {
        let first = self.ctx.genesis_config().epoch_schedule.get_first_slot_in_epoch(epoch);
        // The warp leaves the new bank's blockhash in the context; transactions fetch the latest.
        self.ctx.warp_to_slot(first + slots_after).expect("warp forward");
    }

    /// Creates a rent-exempt account of `space` bytes owned by `owner`, then runs `init` (if any) in
    /// the same transaction.
    async fn create_then(
        &mut self,
        account: &Keypair,
        space: usize,
        owner: &Pubkey,
        init: Option<Instruction>,
    ) -> Result<(), TxError> {
        let lamports = self.rent_exempt(space).await;
        let create = solana_system_interface::instruction::create_account(
            &self.payer().pubkey(),
            &account.pubkey(),
            lamports,
            space as u64,
            owner,
        );
        let ixs: Vec<Instruction> = std::iter::once(create).chain(init).collect();
        self.process(&ixs, &[account]).await.map(|_| ())
    }

    /// Creates a zeroed account of `space` bytes owned by `owner`, rent-exempt.
    pub async fn create_account(
        &mut self,
        account: &Keypair,
        space: usize,
        owner: &Pubkey,
    ) -> Result<(), TxError> {
        self.create_then(account, space, owner, None).await
    }

    /// Creates a mint with `authority` as mint authority.
    pub async fn create_mint(
        &mut self,
        mint: &Keypair,
        token_program: &Pubkey,
        authority: &Pubkey,
        decimals: u8,
    ) -> Result<(), TxError> {
        let init = spl_token_2022_interface::instruction::initialize_mint2(
            token_program,
            &mint.pubkey(),
            authority,
            None,
            decimals,
        )
        .expect("mint instruction");
        self.create_then(mint, 82, token_program, Some(init)).await
    }

    /// Creates a token account of `mint` owned by `owner`.
    pub async fn create_token_account(
        &mut self,
        account: &Keypair,
        token_program: &Pubkey,
        mint: &Pubkey,
        owner: &Pubkey,
    ) -> Result<(), TxError> {
        let init = spl_token_2022_interface::instruction::initialize_account3(
            token_program,
            &account.pubkey(),
            mint,
            owner,
        )
        .expect("account instruction");
        self.create_then(account, 165, token_program, Some(init)).await
    }

    /// Creates an initialized (undelegated) stake account with both authorities `authority` and
    /// `lamports` on top of its rent-exempt minimum.
    pub async fn create_stake(
        &mut self,
        stake: &Keypair,
        authority: &Pubkey,
        lockup: &Lockup,
        extra_lamports: u64,
    ) -> Result<(), TxError> {
        let lamports = self.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await + extra_lamports;
        let authorized = Authorized { staker: *authority, withdrawer: *authority };
        let ixs = solana_stake_interface::instruction::create_account(
            &self.payer().pubkey(),
            &stake.pubkey(),
            &authorized,
            lockup,
            lamports,
        );
        self.process(&ixs, &[stake]).await.map(|_| ())
    }

    /// Creates a validator: identity, vote account (commission `commission` %).
    pub async fn create_vote(
        &mut self,
        identity: &Keypair,
        vote: &Keypair,
        commission: u8,
    ) -> Result<(), TxError> {
        let space = CreateVoteAccountConfig::default().space as usize;
        let lamports = self.rent_exempt(space).await;
        let identity_lamports = self.rent_exempt(0).await;
        let mut ixs = vec![solana_system_interface::instruction::transfer(
            &self.payer().pubkey(),
            &identity.pubkey(),
            identity_lamports,
        )];
        ixs.extend(vote_instruction::create_account_with_config(
            &self.payer().pubkey(),
            &vote.pubkey(),
            &VoteInit {
                node_pubkey: identity.pubkey(),
                authorized_voter: identity.pubkey(),
                authorized_withdrawer: identity.pubkey(),
                commission,
            },
            lamports,
            CreateVoteAccountConfig::default(),
        ));
        self.process(&ixs, &[identity, vote]).await.map(|_| ())
    }

    /// Creates a stake account of `lamports` (plus rent) delegated to `vote`, authority `authority`.
    pub async fn create_delegated_stake(
        &mut self,
        stake: &Keypair,
        authority: &Keypair,
        vote: &Pubkey,
        lamports: u64,
    ) -> Result<(), TxError> {
        self.create_stake(stake, &authority.pubkey(), &Lockup::default(), lamports).await?;
        let ix =
            solana_stake_interface::instruction::delegate_stake(&stake.pubkey(), &authority.pubkey(), vote);
        self.process(&[ix], &[authority]).await.map(|_| ())
    }

    /// A new validator (identity and vote account, 0 % commission); returns the vote account.
    pub async fn new_validator(&mut self) -> Pubkey {
        let (identity, vote) = (crate::keys::fresh(), crate::keys::fresh());
        self.create_vote(&identity, &vote, 0).await.expect("vote account");
        vote.pubkey()
    }

    /// A funded user with `lamports`.
    pub async fn funded_user(&mut self, lamports: u64) -> Keypair {
        let user = crate::keys::fresh();
        let ix =
            solana_system_interface::instruction::transfer(&self.payer().pubkey(), &user.pubkey(), lamports);
        self.process(&[ix], &[]).await.expect("fund user");
        user
    }

    /// Moves the clock's Unix time `seconds` on (what governance's voting and hold-up times read),
    /// a slot on so that the next transaction is not a replay.
    pub async fn advance_time(&mut self, seconds: i64) {
        let mut clock = self.ctx.banks_client.get_sysvar::<solana_clock::Clock>().await.expect("clock");
        let slot = clock.slot + 1;
        self.ctx.warp_to_slot(slot).expect("warp");
        clock = self.ctx.banks_client.get_sysvar::<solana_clock::Clock>().await.expect("clock");
        clock.unix_timestamp += seconds;
        self.ctx.set_sysvar(&clock);
    }

    /// Moves to the next epoch, a few slots in (rewards paid, updates allowed).
    pub async fn next_epoch(&mut self) {
        let epoch = self.epoch().await;
        self.warp_to_epoch(epoch + 1, 5).await;
    }

    /// Credits `credits` votes to `vote` in the current epoch (what a voting validator earns).
    pub fn credit_votes(&mut self, vote: &Pubkey, credits: u64) {
        self.ctx.increment_vote_account_credits(vote, credits);
    }
}
