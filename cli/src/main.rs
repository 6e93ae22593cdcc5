//! `lst`: the liquid-staking command line. Users deposit and withdraw; crank operators run epochs; the
//! DAO updates the steward; admins create pools and list validators. Solana-CLI habits: `--url`
//! (monikers or a URL; default the local cluster), `--keypair` (default the Solana CLI config's),
//! `--output json`, simulation before sending, compute-unit limits from the simulation, prompts before
//! destructive actions (`--yes` skips them).
#![deny(missing_docs)]
#![allow(
    clippy::arithmetic_side_effects,
    reason = "off-chain sums of rents, counters and display math; release builds keep overflow checks, so an overflow panics, never wraps"
)]

use {
    anyhow::{anyhow, bail, Result},
    clap::{Args, Parser, Subcommand},
    lst_cli::{
        amount,
        client::Client,
        commands::{admin, bond, crank, dao, user},
        output::Format,
        pool::SPL_STAKE_POOL_PROGRAM_ID,
        Pubkey,
    },
    lst_sdk::{math, pda, Fee},
    std::{process::ExitCode, str::FromStr, time::Duration},
    steward::{
        events::OracleData,
        state::{Parameters, ParametersUpdate},
    },
};

#[derive(Parser)]
#[command(
    name = "lst",
    version,
    about = "Liquid staking on Solana: users, crank operators, the DAO and admins"
)]
struct Cli {
    /// Cluster: local (127.0.0.1:8899), devnet, testnet, mainnet-beta, or a URL (default: the Solana
    /// CLI config's json_rpc_url, else local).
    #[arg(long, short = 'u', global = true)]
    url: Option<String>,
    /// Signer, as the Solana CLI takes it: a keypair file, prompt:// (a seed phrase), - or stdin://
    /// (a keypair on stdin), usb://ledger (default: the Solana CLI config's keypair_path).
    #[arg(long, short = 'k', global = true)]
    keypair: Option<String>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "text")]
    output: Format,
    /// Answer yes to confirmation prompts.
    #[arg(long, short = 'y', global = true)]
    yes: bool,
    /// The stake pool (or set LST_POOL).
    #[arg(long, global = true, env = "LST_POOL", value_parser = address)]
    pool: Option<Pubkey>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Governance {
    /// Print the unsigned transaction (base64) for a multisig or governance proposal instead of sending.
    #[arg(long)]
    print_tx: bool,
    /// The authority's address when it is not the keypair (with --print-tx: a multisig vault).
    #[arg(long, value_parser = address)]
    authority: Option<Pubkey>,
}

/// How the crank sends.
#[derive(Args, Clone)]
struct CrankSend {
    /// Priority fee, micro-lamports per compute unit.
    #[arg(long, value_name = "MICRO_LAMPORTS", default_value_t = 0)]
    with_compute_unit_price: u64,
    /// Legacy-sized batches without address lookup tables (no table rent to pay).
    #[arg(long)]
    no_lookup_tables: bool,
}

impl CrankSend {
    fn options(&self) -> lst_sdk::crank::CrankOptions {
        lst_sdk::crank::CrankOptions {
            compute_unit_price: self.with_compute_unit_price,
            without_lookup_tables: self.no_lookup_tables,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Deposit SOL and receive pool tokens.
    ///
    /// Example: lst deposit-sol 1.5 --slippage-bps 30
    DepositSol {
        /// SOL to deposit (e.g. 1.5).
        #[arg(value_parser = sol)]
        amount: u64,
        /// Accept up to this much less than quoted, in basis points.
        #[arg(long, default_value_t = 50)]
        slippage_bps: u16,
    },
    /// Burn pool tokens for SOL from the reserve.
    ///
    /// Example: lst withdraw-sol 10
    WithdrawSol {
        /// Pool tokens to burn.
        #[arg(value_parser = sol)]
        amount: u64,
        /// Accept up to this much less than quoted, in basis points.
        #[arg(long, default_value_t = 50)]
        slippage_bps: u16,
    },
    /// Deposit an active stake account delegated to one of the pool's validators.
    ///
    /// Example: lst deposit-stake <STAKE_ACCOUNT>
    DepositStake {
        /// The stake account (its withdrawer must be your keypair).
        #[arg(value_parser = address)]
        stake_account: Pubkey,
        /// Accept up to this much less than quoted, in basis points.
        #[arg(long, default_value_t = 50)]
        slippage_bps: u16,
    },
    /// Burn pool tokens for a new stake account split from a validator.
    ///
    /// Example: lst withdraw-stake 10 --vote <VOTE>
    WithdrawStake {
        /// Pool tokens to burn.
        #[arg(value_parser = sol)]
        amount: u64,
        /// Take the stake from this validator (default: the one with the most stake).
        #[arg(long, value_parser = address)]
        vote: Option<Pubkey>,
    },
    /// SOL and pool-token balances.
    ///
    /// Example: lst balance --owner <ADDRESS>
    Balance {
        /// Whose balances (default: your keypair).
        #[arg(long, value_parser = address)]
        owner: Option<Pubkey>,
    },
    /// The pool: rate, TVL, APY, fees, last update, steward.
    ///
    /// Example: lst --pool <POOL> pool
    Pool,
    /// Run everything due now: pool update, history copies, the steward's steps.
    ///
    /// Example: lst crank --with-compute-unit-price 1000
    Crank {
        #[command(flatten)]
        send: CrankSend,
    },
    /// Crank in a loop; RPC errors back off instead of stopping.
    ///
    /// Example: lst keeper --interval 60 --summary keeper.json
    Keeper {
        #[command(flatten)]
        send: CrankSend,
        /// Seconds between rounds.
        #[arg(long, default_value_t = 30)]
        interval: u64,
        /// Stop after this many rounds (0: never).
        #[arg(long, default_value_t = 0)]
        iterations: u64,
        /// Keep the current epoch's summary (every round added up) in this JSON file.
        #[arg(long, value_name = "PATH")]
        summary: Option<std::path::PathBuf>,
    },
    /// Validator bonds: open, fund, withdraw, show (and `init` for the steward's admin).
    ///
    /// Example: lst bond show <VOTE>
    Bond {
        #[command(subcommand)]
        action: BondAction,
    },
    /// The insurance fund: show it; the bonds authority (the DAO) opens it, sets its cap and covers
    /// beyond the cap; anyone covers within it.
    ///
    /// Example: lst insurance show
    Insurance {
        #[command(subcommand)]
        action: InsuranceAction,
    },
    /// The pool's fees: a vault the bonds program owns, shared out by the DAO's shares.
    ///
    /// Example: lst fees show
    Fees {
        #[command(subcommand)]
        action: FeesAction,
    },
    /// Settle a validator's loss of an ended epoch into the pool's reserve (anyone, once per epoch).
    ///
    /// Example: lst settle <VOTE> 812
    Settle {
        /// The validator's vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        /// The epoch of the loss.
        epoch: u64,
    },
    /// Steward parameters.
    ///
    /// Example: lst params show
    Params {
        #[command(subcommand)]
        action: ParamsAction,
    },
    /// The steward's blacklist.
    ///
    /// Example: lst blacklist add <VOTE> --print-tx --authority <MULTISIG_VAULT>
    Blacklist {
        #[command(subcommand)]
        action: BlacklistAction,
    },
    /// The DAO (SPL Governance): put a DAO action to its vote, vote, execute, list proposals.
    ///
    /// Example: lst dao --realm <REALM> proposals
    Dao {
        /// The DAO's realm (or set LST_REALM).
        #[arg(long, global = true, env = "LST_REALM", value_parser = address)]
        realm: Option<Pubkey>,
        #[command(subcommand)]
        action: DaoAction,
    },
    /// Stop the steward's cranks (users are not affected).
    ///
    /// Example: lst pause
    Pause {
        #[command(flatten)]
        governance: Governance,
    },
    /// Let the steward's cranks run again.
    ///
    /// Example: lst resume
    Resume {
        #[command(flatten)]
        governance: Governance,
    },
    /// Oracle authority: this epoch's facts the chain cannot tell (stake rank, superminority,
    /// client) about a validator. MEV commission, credits and stake are read on chain.
    ///
    /// Example: lst oracle <VOTE> --stake-rank 12 --superminority false
    Oracle {
        /// The validator's vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        /// Rank by stake, 0 = largest.
        #[arg(long)]
        stake_rank: Option<u32>,
        /// In the superminority.
        #[arg(long)]
        superminority: Option<bool>,
        /// Client type.
        #[arg(long)]
        client_type: Option<u8>,
        /// Client version, `major << 24 | minor << 12 | patch`.
        #[arg(long)]
        client_version: Option<u32>,
        #[command(flatten)]
        governance: Governance,
    },
    /// Create a pool, its LST mint and its steward (your keypair is manager and every authority).
    ///
    /// Example: lst create-pool --max-validators 1000 --epoch-fee 5/100 --steward-params params.json
    CreatePool {
        /// Stake-pool program: ours, spl, or a program id.
        #[arg(long, default_value = "ours")]
        program: String,
        /// Validator list capacity.
        #[arg(long, default_value_t = 100)]
        max_validators: u32,
        /// Epoch fee, numerator/denominator.
        #[arg(long, default_value = "1/100")]
        epoch_fee: String,
        /// Withdrawal fee, numerator/denominator.
        #[arg(long, default_value = "1/1000")]
        withdrawal_fee: String,
        /// Deposit fee, numerator/denominator.
        #[arg(long, default_value = "0/1")]
        deposit_fee: String,
        /// Referral share of deposit fees, percent.
        #[arg(long, default_value_t = 0)]
        referral: u8,
        /// SOL placed in the reserve at creation.
        #[arg(long, default_value = "10")]
        reserve: String,
        /// JSON file of steward parameters (keys as `lst params show --output json` prints them);
        /// missing keys keep the mainnet defaults.
        #[arg(long)]
        steward_params: Option<String>,
    },
    /// List a validator through the steward's admission rules.
    ///
    /// Example: lst add-validator <VOTE>
    AddValidator {
        /// The validator's vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
    },
    /// Manager: name the pool token (Metaplex metadata: created the first time, updated after).
    ///
    /// Example: lst token-metadata --name "My Liquid SOL" --symbol mySOL --uri https://example.com/mysol.json
    TokenMetadata {
        /// Token name (at most 32 bytes).
        #[arg(long)]
        name: String,
        /// Token symbol (at most 10 bytes).
        #[arg(long)]
        symbol: String,
        /// URI of the token's JSON metadata (at most 200 bytes).
        #[arg(long)]
        uri: String,
    },
    /// Admin: start removing a validator.
    ///
    /// Example: lst remove-validator <VOTE>
    RemoveValidator {
        /// The validator's vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
    },
    /// Print a completion script for your shell.
    ///
    /// Example: lst completions bash > ~/.local/share/bash-completion/completions/lst
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write a new keypair file (like `solana-keygen new`), refusing to overwrite one.
    ///
    /// Example: lst keygen ~/.config/solana/lst-admin.json
    Keygen {
        /// Where to write it.
        path: String,
    },
    /// Request SOL from the cluster's faucet (local cluster, devnet).
    ///
    /// Example: lst --url devnet airdrop 2
    Airdrop {
        /// SOL to request.
        #[arg(value_parser = sol)]
        amount: u64,
        /// Who receives it (default: your keypair).
        #[arg(long, value_parser = address)]
        to: Option<Pubkey>,
    },
    /// Print the program-derived addresses of a pool (offline).
    ///
    /// Example: lst addresses <POOL>
    Addresses {
        /// The stake pool account.
        #[arg(value_parser = address)]
        pool: Pubkey,
        /// Stake-pool program id (defaults to ours).
        #[arg(long, value_parser = address)]
        program_id: Option<Pubkey>,
    },
    /// Quote a SOL deposit exactly as the program computes it (offline).
    ///
    /// Example: lst quote-deposit --total-lamports 1000000000000 --pool-token-supply 990000000000 --lamports 1000000000
    QuoteDeposit {
        /// Lamports in the pool.
        #[arg(long)]
        total_lamports: u64,
        /// Pool tokens in circulation.
        #[arg(long)]
        pool_token_supply: u64,
        /// Lamports to deposit.
        #[arg(long)]
        lamports: u64,
        /// Deposit fee as `numerator/denominator`.
        #[arg(long, default_value = "0/0")]
        fee: String,
        /// Referrer's share of the fee, percent.
        #[arg(long, default_value_t = 0)]
        referral: u8,
    },
}

#[derive(Subcommand)]
enum BondAction {
    /// The steward's admin (your keypair) opens bonds for the pool.
    ///
    /// Example: lst bond init --lockup 3
    Init {
        /// Epochs between a withdrawal request and the withdrawal (2–32).
        #[arg(long, default_value_t = 3)]
        lockup: u16,
        /// Who may change the lock-up (default: your keypair).
        #[arg(long, value_parser = address)]
        authority: Option<Pubkey>,
    },
    /// Open your vote account's bond (your keypair is its withdraw authority).
    ///
    /// Example: lst bond open <VOTE> --amount 25
    Open {
        /// The vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        /// SOL to fund it with.
        #[arg(long, value_parser = sol)]
        amount: Option<u64>,
    },
    /// Add SOL to a bond (anyone), or bond a stake account delegated to the vote account (the
    /// validator: your keypair is the vote account's withdraw authority and the stake's authority).
    ///
    /// Example: lst bond fund <VOTE> 25   |   lst bond fund <VOTE> --stake <STAKE_ACCOUNT>
    Fund {
        /// The vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        /// SOL to add.
        #[arg(required_unless_present = "stake", conflicts_with = "stake", value_parser = sol)]
        amount: Option<u64>,
        /// A stake account to bond instead: its staker and withdrawer are handed to the bond.
        #[arg(long, value_parser = address)]
        stake: Option<Pubkey>,
    },
    /// Ask for SOL back after the lock-up ("0" cancels).
    ///
    /// Example: lst bond request-withdraw <VOTE> 5
    RequestWithdraw {
        /// The vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        /// SOL to take out.
        #[arg(value_parser = amount_or_zero)]
        amount: u64,
    },
    /// Take out what was requested, once the lock-up has passed: the bonded stake account first
    /// (its authorities go to `--to`) when the request covers it and nothing of it is owed, then
    /// SOL.
    ///
    /// Example: lst bond withdraw <VOTE> --to <ADDRESS>
    Withdraw {
        /// The vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        /// Where the SOL goes (default: your keypair).
        #[arg(long, value_parser = address)]
        to: Option<Pubkey>,
    },
    /// A validator's bond: available, requested, paid to stakers, shortfall.
    ///
    /// Example: lst bond show <VOTE>
    Show {
        /// The vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
    },
    /// Bonds authority: offer the authority (lock-up, fee shares, insurance cover) to a successor,
    /// who takes it with `bond accept-authority` (the default address withdraws the offer).
    ///
    /// Example: lst bond set-authority <DAO_TREASURY>
    SetAuthority {
        /// The successor.
        #[arg(value_parser = address)]
        new: Pubkey,
        #[command(flatten)]
        governance: Governance,
    },
    /// Take the bonds authority offered to your keypair (or, in a proposal, to the DAO's treasury).
    ///
    /// Example: lst dao propose bond accept-authority
    AcceptAuthority {
        #[command(flatten)]
        governance: Governance,
    },
}

#[derive(Subcommand)]
enum FeesAction {
    /// The vault, its pool tokens and the shares.
    ///
    /// Example: lst fees show
    Show,
    /// Create the fee vault; as the pool's manager, make it the pool's fee account.
    ///
    /// Example: lst fees vault
    Vault,
    /// Bonds authority: the recipients, `TOKEN_ACCOUNT:BPS` each, adding up to 10000.
    ///
    /// Example: lst fees set-shares <TREASURY>:7000 <INSURANCE_FUND>:3000
    SetShares {
        /// `TOKEN_ACCOUNT:BPS`, 1 to 8 of them.
        #[arg(required = true)]
        shares: Vec<String>,
        #[command(flatten)]
        governance: Governance,
    },
    /// Share the vault out (anyone; the crank does it after each pool update).
    ///
    /// Example: lst fees distribute
    Distribute,
}

#[derive(Subcommand)]
enum InsuranceAction {
    /// The fund (pool tokens and their value), its cap per epoch and what it covered.
    ///
    /// Example: lst insurance show
    Show,
    /// Bonds authority: open the fund (and its pool-token account; deposit SOL to the pool with it as
    /// the receiving account to fill it).
    ///
    /// Example: lst insurance open --cap 10
    Open {
        /// Most SOL anyone may have it cover in one epoch.
        #[arg(long, value_parser = amount_or_zero)]
        cap: u64,
        #[command(flatten)]
        governance: Governance,
    },
    /// Bonds authority: change the cap per epoch.
    ///
    /// Example: lst insurance set-cap 20
    SetCap {
        /// SOL per epoch.
        #[arg(value_parser = amount_or_zero)]
        cap: u64,
        #[command(flatten)]
        governance: Governance,
    },
    /// Cover what a bond could not pay of a settlement, within the epoch's cap (anyone), or beyond it
    /// (the bonds authority, `--beyond-cap SOL`).
    ///
    /// Example: lst insurance cover <VOTE> 812
    Cover {
        /// The validator's vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        /// The settled epoch.
        epoch: u64,
        /// Bonds authority: cover up to this much SOL beyond the cap.
        #[arg(long, value_parser = sol)]
        beyond_cap: Option<u64>,
        #[command(flatten)]
        governance: Governance,
    },
}

#[derive(Subcommand)]
enum DaoAction {
    /// Propose a DAO action, given as the lst command that would send it: params set, blacklist
    /// add|remove, pause, resume, insurance open|set-cap, insurance cover --beyond-cap, fees
    /// set-shares, bond set-authority|accept-authority. The proposal holds exactly that instruction,
    /// with the DAO's treasury as its
    /// authority; your keypair proposes (it needs deposited community tokens).
    ///
    /// Example: lst dao propose params set --num-delegation-validators 12
    Propose {
        /// The proposal's name (default: the action).
        #[arg(long)]
        name: Option<String>,
        /// A link describing the proposal.
        #[arg(long, default_value = "")]
        description: String,
        /// The action, as an lst command line.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        action: Vec<String>,
    },
    /// Vote on a proposal with your deposited community tokens, or veto it with your council
    /// tokens.
    ///
    /// Example: lst dao vote <PROPOSAL> yes
    Vote {
        /// The proposal.
        #[arg(value_parser = address)]
        proposal: Pubkey,
        /// yes or no (community), or veto (council). SPL Governance 4.0.0 takes no abstention.
        #[arg(value_parser = ["yes", "no", "veto"])]
        vote: String,
    },
    /// Execute a passed proposal once its hold-up is over (anyone); a vote whose time is over is
    /// finalized first.
    ///
    /// Example: lst dao execute <PROPOSAL>
    Execute {
        /// The proposal.
        #[arg(value_parser = address)]
        proposal: Pubkey,
    },
    /// The DAO's proposals: state, votes, time left.
    ///
    /// Example: lst dao --realm <REALM> proposals
    Proposals,
    /// The steward's admin (your keypair) creates the DAO: a community mint and a council mint (all
    /// their tokens yours, deposited), a realm, a governance of the steward and its treasury, which
    /// takes the parameters and blacklist authorities (the admin with --with-admin, and the bonds
    /// authority when you hold it) by vote.
    ///
    /// Example: lst dao init --name "My LST DAO" --hold-up 0
    Init {
        /// The realm's name.
        #[arg(long)]
        name: String,
        /// Community tokens to mint (to you, deposited).
        #[arg(long, default_value_t = 1_000_000)]
        supply: u64,
        /// Yes votes needed, percent of the supply.
        #[arg(long, default_value_t = 60)]
        threshold: u8,
        /// Seconds between a vote passing and its execution.
        #[arg(long, default_value_t = 86_400)]
        hold_up: u32,
        /// Seconds a vote runs.
        #[arg(long, default_value_t = 3 * 86_400)]
        voting_time: u32,
        /// Hand the steward's admin to the DAO too (pause, resume and validators by vote).
        #[arg(long)]
        with_admin: bool,
        /// Council tokens to mint (to you, deposited; 0: no council). The council may veto a
        /// community proposal while it is voted on; it can neither pass nor create one.
        #[arg(long, default_value_t = 1)]
        council: u64,
        /// When a vote may end early: disabled (every vote runs its full time, so the council sees
        /// every proposal), strict (as soon as the outcome is certain), early (as soon as the
        /// threshold is reached). Strict and early let a holder above the threshold pass a
        /// proposal before the council can veto it.
        #[arg(long, default_value = "disabled", value_parser = ["disabled", "strict", "early"])]
        tipping: String,
    },
}

#[derive(Subcommand)]
enum ParamsAction {
    /// Print the parameters and authorities.
    ///
    /// Example: lst params show --output json
    Show,
    /// Change parameters (only those given).
    ///
    /// Example: lst params set --num-delegation-validators 200 --print-tx
    Set {
        #[command(flatten)]
        update: UpdateArgs,
        #[command(flatten)]
        governance: Governance,
    },
}

#[derive(Args)]
struct UpdateArgs {
    /// MEV commission threshold, bps.
    #[arg(long)]
    mev_commission_threshold_bps: Option<u16>,
    /// MEV look-back window, epochs.
    #[arg(long)]
    mev_commission_window: Option<u16>,
    /// Commission threshold, bps.
    #[arg(long)]
    commission_threshold_bps: Option<u16>,
    /// Commission look-back window, epochs.
    #[arg(long)]
    commission_window: Option<u16>,
    /// All-time commission ceiling, bps.
    #[arg(long)]
    historical_commission_ceiling_bps: Option<u16>,
    /// Scoring delinquency ratio, bps of the cluster maximum.
    #[arg(long)]
    scoring_delinquency_ratio_bps: Option<u16>,
    /// Instant-unstake delinquency ratio, bps.
    #[arg(long)]
    instant_unstake_delinquency_ratio_bps: Option<u16>,
    /// Vote-credit window, epochs.
    #[arg(long)]
    epoch_credits_window: Option<u16>,
    /// Validators receiving delegation.
    #[arg(long)]
    num_delegation_validators: Option<u32>,
    /// Scoring unstake cap per cycle, bps.
    #[arg(long)]
    scoring_unstake_cap_bps: Option<u16>,
    /// Instant unstake cap per cycle, bps.
    #[arg(long)]
    instant_unstake_cap_bps: Option<u16>,
    /// Stake-deposit unstake cap per cycle, bps.
    #[arg(long)]
    stake_deposit_unstake_cap_bps: Option<u16>,
    /// Scoring epoch-progress point, bps.
    #[arg(long)]
    compute_score_progress_bps: Option<u16>,
    /// Instant-unstake epoch-progress point, bps.
    #[arg(long)]
    instant_unstake_progress_bps: Option<u16>,
    /// Epochs between scoring cycles.
    #[arg(long)]
    epochs_per_cycle: Option<u16>,
    /// Minimum voting epochs for admission.
    #[arg(long)]
    minimum_voting_epochs: Option<u16>,
    /// Minimum stake for admission, SOL.
    #[arg(long)]
    minimum_stake: Option<String>,
    /// Bond a validator needs, bps of its target stake (0: no bond filter).
    #[arg(long)]
    minimum_bond_bps: Option<u16>,
}

#[derive(Subcommand)]
enum BlacklistAction {
    /// Exclude a validator.
    ///
    /// Example: lst blacklist add <VOTE>
    Add {
        /// The validator's vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        #[command(flatten)]
        governance: Governance,
    },
    /// Readmit a validator.
    ///
    /// Example: lst blacklist remove <VOTE>
    Remove {
        /// The validator's vote account.
        #[arg(value_parser = address)]
        vote: Pubkey,
        #[command(flatten)]
        governance: Governance,
    },
}

/// An amount of SOL or pool tokens (up to 9 decimals, more than zero), parsed by clap.
fn sol(text: &str) -> std::result::Result<u64, String> {
    amount::parse(text).map_err(|e| e.to_string())
}

/// The same, zero allowed (a withdrawal request of 0 cancels; a cover cap of 0 stops every cover
/// without a vote).
fn amount_or_zero(text: &str) -> std::result::Result<u64, String> {
    amount::parse_or_zero(text).map_err(|e| e.to_string())
}

/// An address argument, checked by clap as it parses.
fn address(text: &str) -> std::result::Result<Pubkey, String> {
    Pubkey::from_str(text).map_err(|_| "not a base58 public key".into())
}

fn pubkey(text: &str) -> Result<Pubkey> {
    Pubkey::from_str(text).map_err(|_| anyhow!("not a base58 public key: {text}"))
}

fn fee(text: &str) -> Result<Fee> {
    let (numerator, denominator) =
        text.split_once('/').ok_or_else(|| anyhow!("fee must be numerator/denominator: {text}"))?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| anyhow!("not a number: {s}"));
    let fee = Fee { numerator: number(numerator)?, denominator: number(denominator)? };
    if !fee.is_valid() {
        bail!("fee above 100 %: {text}");
    }
    Ok(fee)
}

fn authority(g: &Governance) -> Result<dao::Authority> {
    Ok(dao::Authority { authority: g.authority, print_tx: g.print_tx, propose: dao::proposing() })
}

fn steward_parameters(path: Option<&str>) -> Result<Parameters> {
    let mut p = Parameters::MAINNET;
    let Some(path) = path else { return Ok(p) };
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("cannot read {path}: {e}"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| anyhow!("{path} is not JSON: {e}"))?;
    let object = json.as_object().ok_or_else(|| anyhow!("{path}: expected a JSON object"))?;
    macro_rules! field {
        ($($name:ident: $ty:ty),*) => {
            for (key, value) in object {
                match key.as_str() {
                    $(stringify!($name) => {
                        p.$name = value.as_u64().and_then(|v| <$ty>::try_from(v).ok())
                            .ok_or_else(|| anyhow!("{path}: {key} must be a {}", stringify!($ty)))?;
                    })*
                    _ => bail!("{path}: unknown parameter {key}"),
                }
            }
        };
    }
    field!(
        mev_commission_threshold_bps: u16, mev_commission_window: u16, commission_threshold_bps: u16,
        commission_window: u16, historical_commission_ceiling_bps: u16, scoring_delinquency_ratio_bps: u16,
        instant_unstake_delinquency_ratio_bps: u16, epoch_credits_window: u16, num_delegation_validators: u32,
        scoring_unstake_cap_bps: u16, instant_unstake_cap_bps: u16, stake_deposit_unstake_cap_bps: u16,
        compute_score_progress_bps: u16, instant_unstake_progress_bps: u16, epochs_per_cycle: u16,
        minimum_voting_epochs: u16, minimum_stake_lamports: u64, minimum_bond_bps: u16
    );
    Ok(p)
}

async fn run(cli: Cli) -> Result<()> {
    let client = Client::new(cli.url.as_deref(), cli.keypair.as_deref(), cli.output, cli.yes);
    let pool = || -> Result<Pubkey> {
        cli.pool.ok_or_else(|| anyhow!("which pool? pass --pool <address> or set LST_POOL"))
    };
    match cli.command {
        Command::DepositSol { amount, slippage_bps } => {
            user::deposit_sol(&client, &pool()?, amount, slippage_bps).await
        }
        Command::WithdrawSol { amount, slippage_bps } => {
            user::withdraw_sol(&client, &pool()?, amount, slippage_bps).await
        }
        Command::DepositStake { stake_account, slippage_bps } => {
            user::deposit_stake(&client, &pool()?, &stake_account, slippage_bps).await
        }
        Command::WithdrawStake { amount, vote } => {
            user::withdraw_stake(&client, &pool()?, amount, vote).await
        }
        Command::Balance { owner } => user::balance(&client, &pool()?, owner).await,
        Command::Pool => user::status(&client, &pool()?).await,
        Command::Crank { send } => {
            client.payer()?;
            crank::crank(&client, &pool()?, &send.options()).await
        }
        Command::Keeper { send, interval, iterations, summary } => {
            // A signer that cannot load stops the keeper at once, not round after round.
            client.payer()?;
            let interval = Duration::from_secs(interval);
            crank::keeper(&client, &pool()?, &send.options(), interval, iterations, summary.as_deref()).await
        }
        Command::Bond { action } => match action {
            BondAction::Init { lockup, authority } => bond::init(&client, &pool()?, authority, lockup).await,
            BondAction::Open { vote, amount } => bond::open(&client, &pool()?, &vote, amount).await,
            BondAction::Fund { vote, amount, stake } => match (amount, stake) {
                (_, Some(stake)) => bond::fund_stake(&client, &pool()?, &vote, &stake).await,
                (Some(amount), None) => bond::fund(&client, &pool()?, &vote, amount).await,
                (None, None) => Err(anyhow::anyhow!("give an amount of SOL or --stake")),
            },
            BondAction::RequestWithdraw { vote, amount } => {
                bond::request_withdraw(&client, &pool()?, &vote, amount).await
            }
            BondAction::Withdraw { vote, to } => bond::withdraw(&client, &pool()?, &vote, to).await,
            BondAction::Show { vote } => bond::show(&client, &pool()?, &vote).await,
            BondAction::SetAuthority { new, governance } => {
                bond::offer_authority(&client, &pool()?, &new, &authority(&governance)?).await
            }
            BondAction::AcceptAuthority { governance } => {
                bond::accept_authority(&client, &pool()?, &authority(&governance)?).await
            }
        },
        Command::Insurance { action } => match action {
            InsuranceAction::Show => bond::insurance_show(&client, &pool()?).await,
            InsuranceAction::Open { cap, governance } => {
                bond::insurance_open(&client, &pool()?, cap, &authority(&governance)?).await
            }
            InsuranceAction::SetCap { cap, governance } => {
                bond::insurance_set_cap(&client, &pool()?, cap, &authority(&governance)?).await
            }
            InsuranceAction::Cover { vote, epoch, beyond_cap, governance } => {
                let who = authority(&governance)?;
                bond::insurance_cover(&client, &pool()?, &vote, epoch, beyond_cap, &who).await
            }
        },
        Command::Fees { action } => match action {
            FeesAction::Show => bond::fees_show(&client, &pool()?).await,
            FeesAction::Vault => bond::fees_vault(&client, &pool()?).await,
            FeesAction::SetShares { shares, governance } => {
                bond::fees_set_shares(&client, &pool()?, &shares, &authority(&governance)?).await
            }
            FeesAction::Distribute => bond::fees_distribute(&client, &pool()?).await,
        },
        Command::Settle { vote, epoch } => bond::settle(&client, &pool()?, &vote, epoch).await,
        Command::Params { action: ParamsAction::Show } => dao::show(&client, &pool()?).await,
        Command::Params { action: ParamsAction::Set { update, governance } } => {
            let u = ParametersUpdate {
                mev_commission_threshold_bps: update.mev_commission_threshold_bps,
                mev_commission_window: update.mev_commission_window,
                commission_threshold_bps: update.commission_threshold_bps,
                commission_window: update.commission_window,
                historical_commission_ceiling_bps: update.historical_commission_ceiling_bps,
                scoring_delinquency_ratio_bps: update.scoring_delinquency_ratio_bps,
                instant_unstake_delinquency_ratio_bps: update.instant_unstake_delinquency_ratio_bps,
                epoch_credits_window: update.epoch_credits_window,
                num_delegation_validators: update.num_delegation_validators,
                scoring_unstake_cap_bps: update.scoring_unstake_cap_bps,
                instant_unstake_cap_bps: update.instant_unstake_cap_bps,
                stake_deposit_unstake_cap_bps: update.stake_deposit_unstake_cap_bps,
                compute_score_progress_bps: update.compute_score_progress_bps,
                instant_unstake_progress_bps: update.instant_unstake_progress_bps,
                epochs_per_cycle: update.epochs_per_cycle,
                minimum_voting_epochs: update.minimum_voting_epochs,
                minimum_stake_lamports: update.minimum_stake.as_deref().map(amount::parse).transpose()?,
                minimum_bond_bps: update.minimum_bond_bps,
            };
            dao::set(&client, &pool()?, u, &authority(&governance)?).await
        }
        Command::Blacklist { action: BlacklistAction::Add { vote, governance } } => {
            dao::blacklist(&client, &pool()?, &vote, true, &authority(&governance)?).await
        }
        Command::Blacklist { action: BlacklistAction::Remove { vote, governance } } => {
            dao::blacklist(&client, &pool()?, &vote, false, &authority(&governance)?).await
        }
        Command::Dao { realm, action } => {
            let realm = || -> Result<Pubkey> {
                realm.ok_or_else(|| anyhow!("which realm? pass --realm <address> or set LST_REALM"))
            };
            match action {
                DaoAction::Propose { name, description, action } => {
                    // The action is read before anything is asked of the cluster; a bad one is one line.
                    let mut inner = Cli::try_parse_from(std::iter::once("lst".to_string()).chain(action))
                        .map_err(|e| {
                            let rendered = e.render().to_string();
                            let first = rendered.lines().next().unwrap_or("").trim_start_matches("error: ");
                            anyhow!("the action to propose: {first}")
                        })?;
                    let dao_action = matches!(
                        &inner.command,
                        Command::Params { action: ParamsAction::Set { .. } }
                            | Command::Blacklist { .. }
                            | Command::Pause { .. }
                            | Command::Resume { .. }
                            | Command::Insurance {
                                action: InsuranceAction::Open { .. }
                                    | InsuranceAction::SetCap { .. }
                                    | InsuranceAction::Cover { beyond_cap: Some(_), .. }
                            }
                            | Command::Fees { action: FeesAction::SetShares { .. } }
                            | Command::Bond {
                                action: BondAction::SetAuthority { .. } | BondAction::AcceptAuthority { .. }
                            }
                    );
                    let (found, governance) = dao::resolve(&client, &pool()?, &realm()?).await?;
                    if !dao_action {
                        bail!(
                            "a proposal holds a DAO action: params set, blacklist add|remove, pause, resume, \
                             insurance open|set-cap, insurance cover --beyond-cap, fees set-shares, \
                             bond set-authority|accept-authority"
                        );
                    }
                    (inner.url, inner.keypair, inner.output, inner.yes, inner.pool) =
                        (cli.url.clone(), cli.keypair.clone(), cli.output, cli.yes, cli.pool);
                    dao::propose_instead(dao::Proposing {
                        dao: found,
                        hold_up: governance.config.min_transaction_hold_up_time,
                        name,
                        description,
                    })?;
                    Box::pin(run(inner)).await?;
                    if !dao::proposed() {
                        bail!("the action made no proposal");
                    }
                    Ok(())
                }
                DaoAction::Vote { proposal, vote } => dao::vote(&client, &proposal, &vote).await,
                DaoAction::Execute { proposal } => dao::execute(&client, &proposal).await,
                DaoAction::Init {
                    name,
                    supply,
                    threshold,
                    hold_up,
                    voting_time,
                    with_admin,
                    council,
                    tipping,
                } => {
                    use lst_sdk::governance::VoteTipping;
                    let tipping = match tipping.as_str() {
                        "strict" => VoteTipping::Strict,
                        "early" => VoteTipping::Early,
                        _ => VoteTipping::Disabled,
                    };
                    let setup = admin::DaoSetup {
                        name,
                        supply,
                        threshold_percent: threshold,
                        hold_up,
                        voting_time,
                        with_admin,
                        council_supply: council,
                        tipping,
                    };
                    admin::dao_init(&client, &pool()?, &setup).await.map(|_| ())
                }
                DaoAction::Proposals => {
                    let (found, governance) = dao::resolve(&client, &pool()?, &realm()?).await?;
                    dao::proposals(&client, &found, &governance).await
                }
            }
        }
        Command::Pause { governance } => dao::pause(&client, &pool()?, true, &authority(&governance)?).await,
        Command::Resume { governance } => {
            dao::pause(&client, &pool()?, false, &authority(&governance)?).await
        }
        Command::Oracle { vote, stake_rank, superminority, client_type, client_version, governance } => {
            let data = OracleData { stake_rank, superminority, client_type, client_version };
            dao::oracle(&client, &pool()?, &vote, data, &authority(&governance)?).await
        }
        Command::CreatePool {
            program,
            max_validators,
            epoch_fee,
            withdrawal_fee,
            deposit_fee,
            referral,
            reserve,
            steward_params,
        } => {
            let program = match program.as_str() {
                "ours" => lst_sdk::STAKE_POOL_PROGRAM_ID,
                "spl" => SPL_STAKE_POOL_PROGRAM_ID,
                other => pubkey(other)?,
            };
            if referral > 100 {
                bail!("referral share above 100 %: {referral}");
            }
            let setup = admin::PoolSetup {
                program,
                max_validators,
                epoch_fee: fee(&epoch_fee)?,
                withdrawal_fee: fee(&withdrawal_fee)?,
                deposit_fee: fee(&deposit_fee)?,
                referral_fee: referral,
                reserve_lamports: amount::parse(&reserve)?,
                parameters: steward_parameters(steward_params.as_deref())?,
            };
            admin::create_pool(&client, &setup).await.map(|_| ())
        }
        Command::AddValidator { vote } => admin::add_validator(&client, &pool()?, &vote).await,
        Command::TokenMetadata { name, symbol, uri } => {
            admin::token_metadata(&client, &pool()?, &name, &symbol, &uri).await
        }
        Command::RemoveValidator { vote } => admin::remove_validator(&client, &pool()?, &vote).await,
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "lst",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Keygen { path } => {
            if std::path::Path::new(&path).exists() {
                bail!("{path} exists; not overwriting it");
            }
            let keypair = solana_keypair::Keypair::new();
            solana_keypair::write_keypair_file(&keypair, &path)
                .map_err(|e| anyhow!("cannot write {path}: {e}"))?;
            println!("{}", solana_signer::Signer::pubkey(&keypair));
            Ok(())
        }
        Command::Airdrop { amount: lamports, to } => {
            let to = match to {
                Some(to) => to,
                None => solana_signer::Signer::pubkey(client.payer()?),
            };
            client.airdrop(&to, lamports).await?;
            println!(
                "{} SOL to {to}; balance {} SOL",
                amount::format(lamports),
                amount::format(client.balance(&to).await?)
            );
            Ok(())
        }
        Command::Addresses { pool, program_id } => {
            let program = program_id.unwrap_or(lst_sdk::STAKE_POOL_PROGRAM_ID);
            println!("program             {program}");
            println!("withdraw authority  {}", pda::find_withdraw_authority(&program, &pool).0);
            println!("deposit authority   {}", pda::find_deposit_authority(&program, &pool).0);
            Ok(())
        }
        Command::QuoteDeposit { total_lamports, pool_token_supply, lamports, fee: fee_text, referral } => {
            if referral > 100 {
                bail!("referral share above 100 %: {referral}");
            }
            let split =
                math::split_deposit(total_lamports, pool_token_supply, lamports, &fee(&fee_text)?, referral)
                    .ok_or_else(|| anyhow!("amounts overflow"))?;
            if split.user == 0 {
                bail!("deposit too small: it would mint no pool tokens");
            }
            println!("minted    {}", split.minted);
            println!("you get   {}", split.user);
            println!("manager   {}", split.manager);
            println!("referrer  {}", split.referrer);
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // A bad amount or address is one clear line, like every other refusal; the rest (help,
        // usage errors) as clap prints it.
        Err(e) if e.kind() == clap::error::ErrorKind::ValueValidation => {
            let rendered = e.render().to_string();
            eprintln!("{}", rendered.lines().next().unwrap_or("error: invalid value"));
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use {
        super::Cli,
        clap::{CommandFactory, Parser},
    };

    /// Every "Example:" in a command's help, each `|`-separated command line of it.
    fn examples(command: &clap::Command, found: &mut Vec<String>) {
        let help =
            command.get_long_about().or(command.get_about()).map(|s| s.to_string()).unwrap_or_default();
        for line in help.lines().filter_map(|l| l.trim().strip_prefix("Example: ")) {
            found.extend(line.split(" | ").map(|e| e.split(" > ").next().unwrap_or(e).trim().to_string()));
        }
        for sub in command.get_subcommands() {
            examples(sub, found);
        }
    }

    /// Splits a shell line on spaces, keeping "double-quoted" words whole.
    fn words(line: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => out.push(String::new()),
                c => out.last_mut().expect("a word").push(c),
            }
        }
        out.into_iter().filter(|w| !w.is_empty()).collect()
    }

    #[test]
    fn every_command_has_an_example_that_parses() {
        let root = Cli::command();
        let mut missing = Vec::new();
        fn leaves(command: &clap::Command, path: String, missing: &mut Vec<String>) {
            let has = command
                .get_long_about()
                .or(command.get_about())
                .is_some_and(|s| s.to_string().contains("Example: "));
            if !has && command.get_name() != "help" {
                missing.push(path.clone());
            }
            for sub in command.get_subcommands() {
                leaves(sub, format!("{path} {}", sub.get_name()), missing);
            }
        }
        for sub in root.get_subcommands() {
            leaves(sub, sub.get_name().to_string(), &mut missing);
        }
        assert!(missing.is_empty(), "commands without an example: {missing:?}");
        let mut found = Vec::new();
        examples(&root, &mut found);
        assert!(found.len() > 50, "{} examples found", found.len());
        for example in found {
            // A <PLACEHOLDER> stands for an address.
            let filled = words(&example).into_iter().map(|w| {
                if w.starts_with('<') && w.ends_with('>') {
                    super::Pubkey::new_unique().to_string()
                } else {
                    w
                }
            });
            let parsed = Cli::try_parse_from(filled);
            assert!(parsed.is_ok(), "{example}: {}", parsed.err().map(|e| e.to_string()).unwrap_or_default());
        }
    }
}
