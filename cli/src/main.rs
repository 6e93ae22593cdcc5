//! `lst`: the liquid-staking command line. Offline commands for now (addresses and quotes computed with
//! the same code the program runs); the RPC commands for users, crank operators and the DAO build on
//! the same `lst-sdk`.
#![deny(missing_docs)]

use {
    anchor_lang::prelude::Pubkey,
    clap::{Parser, Subcommand},
    lst_sdk::{math, pda, Fee, STAKE_POOL_PROGRAM_ID},
    std::{process::ExitCode, str::FromStr},
};

#[derive(Parser)]
#[command(name = "lst", version, about = "Liquid staking on Solana: pool, steward and crank tooling")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the program-derived addresses of a pool.
    Addresses {
        /// The stake pool account.
        pool: String,
        /// Stake-pool program id (defaults to ours).
        #[arg(long)]
        program_id: Option<String>,
    },
    /// Quote a SOL deposit exactly as the program computes it.
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

fn parse_pubkey(text: &str) -> Result<Pubkey, String> {
    Pubkey::from_str(text).map_err(|_| format!("not a base58 public key: {text}"))
}

fn parse_fee(text: &str) -> Result<Fee, String> {
    let (numerator, denominator) =
        text.split_once('/').ok_or(format!("fee must be numerator/denominator: {text}"))?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| format!("not a number: {s}"));
    let fee = Fee { numerator: number(numerator)?, denominator: number(denominator)? };
    if !fee.is_valid() {
        return Err(format!("fee above 100 %: {text}"));
    }
    Ok(fee)
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Addresses { pool, program_id } => {
            let pool = parse_pubkey(&pool)?;
            let program =
                program_id.as_deref().map(parse_pubkey).transpose()?.unwrap_or(STAKE_POOL_PROGRAM_ID);
            println!("program             {program}");
            println!("withdraw authority  {}", pda::find_withdraw_authority(&program, &pool).0);
            println!("deposit authority   {}", pda::find_deposit_authority(&program, &pool).0);
        }
        Command::QuoteDeposit { total_lamports, pool_token_supply, lamports, fee, referral } => {
            if referral > 100 {
                return Err(format!("referral share above 100 %: {referral}"));
            }
            let fee = parse_fee(&fee)?;
            let split = math::split_deposit(total_lamports, pool_token_supply, lamports, &fee, referral)
                .ok_or("amounts overflow")?;
            if split.user == 0 {
                return Err("deposit too small: it would mint no pool tokens".into());
            }
            println!("minted    {}", split.minted);
            println!("you get   {}", split.user);
            println!("manager   {}", split.manager);
            println!("referrer  {}", split.referrer);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
