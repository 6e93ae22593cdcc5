//! End-to-end: the `lst` binary against the local cluster (surfpool with our SBF programs), every
//! command, and the bad inputs that must fail with one clear line, a non-zero exit and nothing sent.
#![allow(clippy::arithmetic_side_effects, reason = "test code")]

use {
    lst_cli::{client::Client, output::Format, Pubkey},
    lst_localnet::demo,
    serde_json::Value,
    solana_keypair::{write_keypair_file, Keypair},
    solana_signer::Signer,
    solana_vote_interface::{
        instruction::{create_account_with_config, CreateVoteAccountConfig},
        state::VoteInit,
    },
    std::{path::PathBuf, process::Command},
};

const SOL: u64 = 1_000_000_000;
const PORT: &str = "18899";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cluster(action: &str) {
    let status = Command::new("bash")
        .arg(root().join("scripts/cluster.sh"))
        .arg(action)
        .env("LST_CLUSTER_PORT", PORT)
        .status()
        .expect("cluster script");
    assert!(status.success(), "cluster {action}");
}

struct Lst {
    url: String,
    dir: PathBuf,
}

/// One run of the binary: exit success, stdout, stderr.
struct Run {
    ok: bool,
    out: String,
    err: String,
}

impl Run {
    fn json(&self) -> Value {
        assert!(self.ok, "command failed: {}", self.err);
        serde_json::from_str(&self.out).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.out))
    }

    /// Failed with exactly one line on stderr containing `text`.
    fn fails_with(&self, text: &str) {
        assert!(!self.ok, "expected a failure, got: {}", self.out);
        let lines: Vec<_> =
            self.err.lines().filter(|l| !l.trim().is_empty() && !l.contains("cranking:")).collect();
        assert_eq!(lines.len(), 1, "one line of error, got: {}", self.err);
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(text),
            "expected {text:?} in {:?}",
            lines[0]
        );
    }
}

impl Lst {
    fn keypair(&self, name: &str) -> (Keypair, String) {
        let keypair = Keypair::new();
        let path = self.dir.join(format!("{name}.json"));
        write_keypair_file(&keypair, &path).expect("keypair file");
        (keypair, path.display().to_string())
    }

    fn run(&self, keypair: &str, pool: Option<&Pubkey>, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_lst"));
        cmd.args(["--url", &self.url, "--keypair", keypair]);
        if let Some(pool) = pool {
            cmd.args(["--pool", &pool.to_string()]);
        }
        let output = cmd.args(args).output().expect("lst runs");
        Run {
            ok: output.status.success(),
            out: String::from_utf8_lossy(&output.stdout).into_owned(),
            err: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Stops the cluster when the test ends, pass or fail.
struct Running;

impl Drop for Running {
    fn drop(&mut self) {
        cluster("stop");
    }
}

#[tokio::test]
async fn every_command_against_the_local_cluster() {
    cluster("start");
    let _running = Running;
    scenario().await;
}

/// The validators open this epoch's tip-distribution accounts (0, 2 and 4 % MEV commission).
async fn open_tips(rpc: &Client, identities: &[Keypair], votes: &[Pubkey]) {
    let list: Vec<_> =
        identities.iter().zip(votes).enumerate().map(|(i, (k, v))| (k, *v, i as u16 * 200)).collect();
    demo::open_tip_accounts(rpc, &list).await.expect("tip-distribution accounts");
}

async fn scenario() {
    let dir = std::env::temp_dir().join(format!("lst-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let lst = Lst { url: format!("http://127.0.0.1:{PORT}"), dir };
    let (admin, admin_path) = lst.keypair("admin");
    let (user, user_path) = lst.keypair("user");
    let rpc = Client::with_keypair(&lst.url, admin.insecure_clone(), Format::Quiet);
    rpc.airdrop(&admin.pubkey(), 1_000 * SOL).await.expect("airdrop");
    rpc.airdrop(&user.pubkey(), 100 * SOL).await.expect("airdrop");

    // Keys and the faucet.
    let fresh = lst.dir.join("fresh.json");
    let made = lst.run(&admin_path, None, &["keygen", fresh.to_str().unwrap()]);
    assert!(made.ok && fresh.exists(), "{}", made.err);
    lst.run(&admin_path, None, &["keygen", fresh.to_str().unwrap()]).fails_with("not overwriting");
    let dropped = lst.run(fresh.to_str().unwrap(), None, &["airdrop", "2"]);
    assert!(dropped.ok && dropped.out.contains("balance 2 SOL"), "{}", dropped.out);

    // The Solana CLI's conventions: its config file (read with its own crate) gives the cluster and
    // the signer when --url and --keypair are absent; `stdin` is a signer source; completions.
    let home = lst.dir.join("home");
    std::fs::create_dir_all(home.join(".config/solana/cli")).expect("config dir");
    std::fs::write(
        home.join(".config/solana/cli/config.yml"),
        format!(
            "---\njson_rpc_url: \"{}\"\nwebsocket_url: \"\"\nkeypair_path: {}\ncommitment: confirmed\n",
            lst.url,
            fresh.display()
        ),
    )
    .expect("config");
    let configured = Command::new(env!("CARGO_BIN_EXE_lst"))
        .env("HOME", &home)
        .args(["airdrop", "1"])
        .output()
        .expect("lst runs");
    let out = String::from_utf8_lossy(&configured.stdout);
    assert!(out.contains("balance 3 SOL"), "the config's cluster and keypair: {out}");
    let mut piped = Command::new(env!("CARGO_BIN_EXE_lst"))
        .args(["--url", &lst.url, "--keypair", "-", "airdrop", "1"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("lst runs");
    let json = std::fs::read_to_string(&fresh).expect("keypair");
    std::io::Write::write_all(piped.stdin.as_mut().expect("stdin"), json.as_bytes()).expect("piped");
    let out = piped.wait_with_output().expect("lst ends");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("balance 4 SOL"), "the same keypair from stdin: {out}");
    let completions = lst.run(&admin_path, None, &["completions", "bash"]);
    assert!(completions.ok && completions.out.contains("deposit-sol"), "{}", completions.err);

    // Addresses are checked by clap as it parses, before anything is read or sent.
    lst.run(&admin_path, None, &["bond", "show", "not-an-address"])
        .fails_with("invalid value 'not-an-address' for '<VOTE>': not a base58 public key");
    lst.run(
        &admin_path,
        None,
        &["bond", "request-withdraw", &Pubkey::new_unique().to_string(), "1.0000000001"],
    )
    .fails_with("not an amount with at most 9 decimals");

    // Bad setup: missing keypair, unreachable cluster.
    let nowhere = Pubkey::new_unique();
    lst.run("/nonexistent/id.json", Some(&nowhere), &["deposit-sol", "1"])
        .fails_with("cannot load the signer");
    let offline = Lst { url: "http://127.0.0.1:1".into(), dir: lst.dir.clone() };
    offline.run(&admin_path, Some(&nowhere), &["pool"]).fails_with("does not answer");
    lst.run(&admin_path, Some(&nowhere), &["pool"]).fails_with("not found on");

    // Admin: a pool with its steward.
    let params = lst.dir.join("params.json");
    std::fs::write(
        &params,
        r#"{"num_delegation_validators": 2, "mev_commission_window": 3, "commission_window": 3,
            "epoch_credits_window": 3, "epochs_per_cycle": 1, "minimum_voting_epochs": 1,
            "minimum_stake_lamports": 0}"#,
    )
    .expect("params file");
    let created = lst
        .run(
            &admin_path,
            None,
            &[
                "--output",
                "json",
                "create-pool",
                "--steward-params",
                params.to_str().unwrap(),
                "--reserve",
                "20",
            ],
        )
        .json();
    let pool: Pubkey = created["pool"].as_str().unwrap().parse().unwrap();
    let mint: Pubkey = created["mint"].as_str().unwrap().parse().unwrap();
    lst.run(&admin_path, Some(&mint), &["pool"]).fails_with("not by a stake-pool program");

    // Three validators that vote on every block and run Jito's client (0 to 4 % MEV commission).
    // Admission needs a completed epoch of votes: start past epoch 0.
    if rpc.clock().await.expect("clock").epoch == 0 {
        demo::travel(&rpc, 1, 100).await.expect("time travel");
    }
    demo::ensure_tip_config(&rpc).await.expect("tip config");
    let epoch = rpc.clock().await.expect("clock").epoch;
    let mut votes = Vec::new();
    let mut identities = Vec::new();
    let rent = rpc.rent(CreateVoteAccountConfig::default().space as usize).await.unwrap();
    // Validator 0's identity (also its vote account's withdraw authority) signs its bond commands.
    let (validator0, validator0_path) = lst.keypair("validator0");
    let mut first = Some(validator0);
    for commission in [0u8, 1, 2] {
        let (identity, vote) = (first.take().unwrap_or_else(Keypair::new), Keypair::new());
        let init = VoteInit {
            node_pubkey: identity.pubkey(),
            authorized_voter: identity.pubkey(),
            authorized_withdrawer: identity.pubkey(),
            commission,
        };
        let ixs = create_account_with_config(
            &admin.pubkey(),
            &vote.pubkey(),
            &init,
            rent,
            CreateVoteAccountConfig::default(),
        );
        rpc.send(ixs, &[&vote, &identity]).await.expect("vote account");
        rpc.airdrop(&identity.pubkey(), SOL).await.expect("airdrop");
        votes.push(vote.pubkey());
        identities.push(identity);
    }
    let shares: Vec<_> = votes.iter().map(|v| (*v, 10_000)).collect();
    demo::simulate_votes(&rpc, &shares).await.expect("votes");
    open_tips(&rpc, &identities, &votes).await;
    for vote in &votes {
        let v = vote.to_string();
        let run = lst.run(
            &admin_path,
            Some(&pool),
            &["oracle", &v, "--stake-rank", "3", "--superminority", "false"],
        );
        assert!(run.ok, "{}", run.err);
    }
    lst.run(&admin_path, Some(&pool), &["add-validator", &votes[0].to_string()])
        .fails_with("Epoch maintenance has not run");
    let crank = lst.run(&admin_path, Some(&pool), &["--output", "json", "crank"]).json();
    let steps = |report: &Value| -> Vec<String> {
        report["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap().to_string()).collect()
    };
    assert!(steps(&crank).contains(&"epoch maintenance".to_string()));
    // The first crank makes the payer's lookup table for the pool.
    assert!(steps(&crank).contains(&"lookup tables".to_string()), "{crank}");
    for vote in &votes {
        let run = lst.run(&admin_path, Some(&pool), &["add-validator", &vote.to_string()]);
        assert!(run.ok, "{}", run.err);
    }
    lst.run(&admin_path, Some(&pool), &["add-validator", &votes[0].to_string()])
        .fails_with("already a validator");
    let status = lst.run(&user_path, Some(&pool), &["--output", "json", "pool"]).json();
    assert_eq!(status["validators"], 3);
    assert_eq!(status["needs_update"], false);

    // The manager names the token through Metaplex: created, then updated; others are refused.
    let name = |symbol: &str| {
        [
            "--output",
            "json",
            "token-metadata",
            "--name",
            "Liquid SOL",
            "--symbol",
            symbol,
            "--uri",
            "https://example.com/lsol.json",
        ]
        .map(str::to_string)
    };
    let named = lst.run(&admin_path, Some(&pool), &name("LSOL").each_ref().map(String::as_str)).json();
    assert_eq!(named["action"], "created");
    let renamed = lst.run(&admin_path, Some(&pool), &name("LSOL2").each_ref().map(String::as_str)).json();
    assert_eq!(renamed["action"], "updated");
    lst.run(&user_path, Some(&pool), &name("LSOL").each_ref().map(String::as_str))
        .fails_with("is not the pool's manager");
    lst.run(&admin_path, Some(&pool), &name("SYMBOLTOOLONG").each_ref().map(String::as_str))
        .fails_with("Metaplex takes at most 10");

    // Users: deposit, balance, withdraw; bad amounts fail and send nothing.
    let before = rpc.balance(&user.pubkey()).await.unwrap();
    lst.run(&user_path, Some(&pool), &["deposit-sol", "1000"]).fails_with("insufficient balance");
    lst.run(&user_path, Some(&pool), &["deposit-sol", "0"]).fails_with("more than zero");
    lst.run(&user_path, Some(&pool), &["deposit-sol", "abc"]).fails_with("not an amount");
    assert_eq!(rpc.balance(&user.pubkey()).await.unwrap(), before, "nothing sent");
    let deposit = lst.run(&user_path, Some(&pool), &["--output", "json", "deposit-sol", "40"]).json();
    assert!(deposit["pool_tokens"].as_u64().unwrap() > 0);
    assert_eq!(deposit["pool_tokens"], deposit["quoted_pool_tokens"]);
    let balance = lst.run(&user_path, Some(&pool), &["--output", "json", "balance"]).json();
    assert_eq!(balance["pool_tokens"], deposit["pool_tokens"]);
    lst.run(&user_path, Some(&pool), &["withdraw-sol", "5000"]).fails_with("insufficient balance");
    let withdrawal = lst.run(&user_path, Some(&pool), &["--output", "json", "withdraw-sol", "1"]).json();
    assert!(withdrawal["lamports"].as_u64().unwrap() > 990_000_000);
    lst.run(&user_path, Some(&pool), &["withdraw-stake", "0.0001"]).fails_with("below the minimum");

    // The DAO: parameters, bounds, --print-tx (nothing sent), blacklist, pause.
    let shown = lst.run(&admin_path, Some(&pool), &["--output", "json", "params", "show"]).json();
    assert_eq!(shown["parameters"]["num_delegation_validators"], 2);
    lst.run(&admin_path, Some(&pool), &["params", "set", "--commission-threshold-bps", "20000", "--yes"])
        .fails_with("out of bounds");
    lst.run(&admin_path, Some(&pool), &["params", "set", "--commission-threshold-bps", "700"])
        .fails_with("refusing without --yes");
    let printed = lst
        .run(
            &admin_path,
            Some(&pool),
            &["--output", "json", "params", "set", "--commission-threshold-bps", "700", "--print-tx"],
        )
        .json();
    let tx = printed["transaction_base64"].as_str().unwrap();
    assert!(!tx.is_empty());
    let shown = lst.run(&admin_path, Some(&pool), &["--output", "json", "params", "show"]).json();
    assert_eq!(shown["parameters"]["commission_threshold_bps"], 500, "--print-tx sends nothing");
    assert!(
        lst.run(&admin_path, Some(&pool), &["params", "set", "--commission-threshold-bps", "700", "--yes"])
            .ok
    );
    let shown = lst.run(&admin_path, Some(&pool), &["--output", "json", "params", "show"]).json();
    assert_eq!(shown["parameters"]["commission_threshold_bps"], 700);
    lst.run(&user_path, Some(&pool), &["params", "set", "--epochs-per-cycle", "2", "--yes"])
        .fails_with("not the authority");
    assert!(lst.run(&admin_path, Some(&pool), &["blacklist", "add", &votes[2].to_string(), "--yes"]).ok);
    assert!(lst.run(&admin_path, Some(&pool), &["blacklist", "remove", &votes[2].to_string()]).ok);
    assert!(lst.run(&admin_path, Some(&pool), &["pause", "--print-tx"]).ok);
    let vault = Pubkey::new_unique().to_string();
    lst.run(&admin_path, Some(&pool), &["pause", "--authority", &vault, "--yes"])
        .fails_with("--authority needs --print-tx");
    assert!(lst.run(&admin_path, Some(&pool), &["pause", "--yes"]).ok);
    let status = lst.run(&user_path, Some(&pool), &["--output", "json", "pool"]).json();
    assert_eq!(status["steward"]["paused"], true);
    assert!(lst.run(&admin_path, Some(&pool), &["resume"]).ok);

    // Bonds: the steward's admin opens them for the pool; validator 0 opens and funds its bond (a
    // stranger cannot), anyone adds to it; a withdrawal waits out the lock-up; an epoch is settled
    // only once it has ended.
    let v0 = votes[0].to_string();
    assert!(lst.run(&admin_path, Some(&pool), &["bond", "init", "--lockup", "2"]).ok);
    lst.run(&user_path, Some(&pool), &["bond", "open", &v0]).fails_with("withdraw authority");
    assert!(lst.run(&validator0_path, Some(&pool), &["bond", "open", &v0, "--amount", "0.5"]).ok);
    assert!(lst.run(&admin_path, Some(&pool), &["bond", "fund", &v0, "1"]).ok);
    assert!(lst.run(&validator0_path, Some(&pool), &["bond", "request-withdraw", &v0, "1"]).ok);
    let bond = lst.run(&user_path, Some(&pool), &["--output", "json", "bond", "show", &v0]).json();
    assert_eq!(bond["available_lamports"].as_u64(), Some(1_500_000_000), "{bond}");
    assert_eq!(bond["withdraw_request_lamports"].as_u64(), Some(SOL));
    assert_eq!(bond["unlock_epoch"].as_u64(), Some(epoch + 2));
    lst.run(&validator0_path, Some(&pool), &["bond", "withdraw", &v0]).fails_with("locked up");
    // Validator 0 also bonds a stake account delegated to itself.
    let stake = Keypair::new();
    let ixs = solana_stake_interface::instruction::create_account_and_delegate_stake(
        &admin.pubkey(),
        &stake.pubkey(),
        &votes[0],
        &solana_stake_interface::state::Authorized::auto(&identities[0].pubkey()),
        &solana_stake_interface::state::Lockup::default(),
        2 * SOL,
    );
    rpc.send(ixs, &[&stake, &identities[0]]).await.expect("stake account");
    let stake = stake.pubkey().to_string();
    assert!(lst.run(&validator0_path, Some(&pool), &["bond", "fund", &v0, "--stake", &stake]).ok);
    let bond = lst.run(&user_path, Some(&pool), &["--output", "json", "bond", "show", &v0]).json();
    assert_eq!(bond["stake_account"].as_str(), Some(stake.as_str()), "{bond}");
    assert_eq!((bond["stake_lamports"].as_u64(), bond["owed_lamports"].as_u64()), (Some(2 * SOL), Some(0)));
    lst.run(&user_path, Some(&pool), &["settle", &v0, &epoch.to_string()]).fails_with("has not ended");
    // The insurance fund: the bonds authority opens it and sets its cap (or prints the transaction).
    assert!(lst.run(&admin_path, Some(&pool), &["insurance", "open", "--cap", "1"]).ok);
    lst.run(&user_path, Some(&pool), &["insurance", "set-cap", "5"]).fails_with("not the authority");
    assert!(lst.run(&admin_path, Some(&pool), &["insurance", "set-cap", "2", "--print-tx"]).ok);
    assert!(lst.run(&admin_path, Some(&pool), &["insurance", "set-cap", "3"]).ok);
    let fund = lst.run(&user_path, Some(&pool), &["--output", "json", "insurance", "show"]).json();
    assert_eq!(fund["cap_lamports_per_epoch"].as_u64(), Some(3 * SOL), "{fund}");
    assert_eq!(fund["pool_tokens"].as_u64(), Some(0));
    // The pool's fees: the manager points them at the vault; the DAO sends them all to the
    // insurance fund; a crank shares out a later withdrawal's fee (below).
    assert!(lst.run(&admin_path, Some(&pool), &["fees", "vault"]).ok);
    let share = format!("{}:10000", fund["fund"].as_str().unwrap());
    lst.run(&admin_path, Some(&pool), &["fees", "set-shares", &share, "x:1"]).fails_with("not a base58");
    assert!(lst.run(&admin_path, Some(&pool), &["fees", "set-shares", &share]).ok);
    let fees = lst.run(&user_path, Some(&pool), &["--output", "json", "fees", "show"]).json();
    assert_eq!(fees["vault_is_fee_account"], true, "{fees}");
    assert_eq!(fees["shares"].as_array().map(Vec::len), Some(1));
    lst.run(&user_path, Some(&pool), &["fees", "distribute"]).fails_with("No fees");

    // A new epoch: the pool is stale until cranked; the keeper cranks; stake comes and goes.
    demo::travel(&rpc, epoch + 1, 9_500).await.expect("time travel");
    lst.run(&user_path, Some(&pool), &["deposit-sol", "1"]).fails_with("pool is stale");
    demo::simulate_votes(&rpc, &shares).await.expect("votes");
    open_tips(&rpc, &identities, &votes).await;
    let summary = std::env::temp_dir().join(format!("lst-keeper-{}.json", std::process::id()));
    let keeper = lst.run(
        &admin_path,
        Some(&pool),
        &[
            "keeper",
            "--iterations",
            "1",
            "--interval",
            "1",
            "--with-compute-unit-price",
            "1000",
            "--summary",
            summary.to_str().unwrap(),
        ],
    );
    assert!(keeper.ok && keeper.err.contains("rebalance"), "{}", keeper.err);
    // The keeper's epoch summary: every step with its transactions, units and fees (priority included).
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert!(file["last"].is_null(), "no epoch finished yet: {file}");
    let summary = &file["current"];
    assert_eq!(summary["epoch"].as_u64(), Some(epoch + 1));
    assert!(steps(summary).contains(&"rebalance".to_string()), "{summary}");
    let fees = summary["fee_lamports"].as_u64().unwrap();
    assert!(fees > 5_000 * summary["transactions"].as_u64().unwrap(), "a priority fee on top: {summary}");
    demo::travel(&rpc, epoch + 2, 100).await.expect("time travel");
    // The tables already hold every validator: reused, not extended.
    let crank = lst.run(&admin_path, Some(&pool), &["--output", "json", "crank"]).json();
    assert!(!steps(&crank).contains(&"lookup tables".to_string()), "{crank}");
    let withdrawn = lst
        .run(
            &user_path,
            Some(&pool),
            &["--output", "json", "withdraw-stake", "2", "--vote", &votes[0].to_string()],
        )
        .json();
    let stake = withdrawn["stake_account"].as_str().unwrap().to_string();
    demo::travel(&rpc, epoch + 3, 100).await.expect("time travel");
    assert!(lst.run(&admin_path, Some(&pool), &["crank"]).ok);
    // The withdrawal's fee reached the vault, and the crank sent it all to the insurance fund.
    let fund = lst.run(&user_path, Some(&pool), &["--output", "json", "insurance", "show"]).json();
    assert!(fund["pool_tokens"].as_u64() > Some(0), "{fund}");
    let deposited = lst.run(&user_path, Some(&pool), &["--output", "json", "deposit-stake", &stake]).json();
    assert!(deposited["pool_tokens"].as_u64().unwrap() > 0);
    lst.run(&user_path, Some(&pool), &["deposit-stake", &Pubkey::new_unique().to_string()])
        .fails_with("not found");

    // Removal: a prompt without a terminal is refused; --yes removes.
    lst.run(&admin_path, Some(&pool), &["remove-validator", &votes[2].to_string()])
        .fails_with("refusing without --yes");
    assert!(lst.run(&admin_path, Some(&pool), &["remove-validator", &votes[2].to_string(), "--yes"]).ok);
    lst.run(&user_path, Some(&pool), &["remove-validator", &votes[1].to_string(), "--yes"])
        .fails_with("not the authority");

    // The DAO: the admin creates it (SPL Governance at its mainnet id), and from then on only a vote
    // changes a parameter: propose, vote, list, execute.
    let dao = lst
        .run(
            &admin_path,
            Some(&pool),
            &["--output", "json", "dao", "init", "--name", "e2e", "--hold-up", "60", "--voting-time", "60"],
        )
        .json();
    let realm = dao["realm"].as_str().unwrap().to_string();
    let takeover = dao["proposal"].as_str().unwrap().to_string();
    // Every vote runs its full time (the default): the takeover is not over at once.
    lst.run(&user_path, Some(&pool), &["dao", "execute", &takeover]).fails_with("the vote is not over");
    demo::pass_seconds(&rpc, 61).await.expect("time passes");
    // Finalized by the execute; then the hold-up.
    lst.run(&user_path, Some(&pool), &["dao", "execute", &takeover]).fails_with("hold-up is not over");
    demo::pass_seconds(&rpc, 60).await.expect("time passes");
    assert!(lst.run(&user_path, Some(&pool), &["dao", "execute", &takeover]).ok, "anyone executes");
    assert_eq!(dao["bonds_authority_handed"], true, "{dao}");
    let set = ["params", "set", "--num-delegation-validators", "7", "--yes"];
    lst.run(&admin_path, Some(&pool), &set).fails_with("not the authority");
    lst.run(&admin_path, Some(&pool), &["insurance", "set-cap", "2"]).fails_with("not the authority");
    let propose = [
        "--output",
        "json",
        "dao",
        "--realm",
        &realm,
        "propose",
        "params",
        "set",
        "--num-delegation-validators",
        "7",
    ];
    lst.run(&user_path, Some(&pool), &propose[2..]).fails_with("has no tokens deposited");
    let proposal =
        lst.run(&admin_path, Some(&pool), &propose).json()["proposal"].as_str().unwrap().to_string();
    // Only DAO actions become proposals, and only those the treasury alone can sign.
    let dao_run = |args: &[&str]| {
        let mut all = vec!["dao", "--realm", realm.as_str(), "propose"];
        all.extend_from_slice(args);
        lst.run(&admin_path, Some(&pool), &all)
    };
    dao_run(&["deposit-sol", "1"]).fails_with("a proposal holds a DAO action");
    dao_run(&["bond", "open", &votes[0].to_string()]).fails_with("a proposal holds a DAO action");
    dao_run(&["insurance", "open", "--cap", "1"]).fails_with("send the treasury SOL first");
    dao_run(&["bond", "accept-authority"]).fails_with("is not offered to the DAO's treasury");
    // The council (the admin's one council token) vetoes a community proposal while it is voted on.
    let vetoed = lst.run(&admin_path, Some(&pool), &[&propose[..9], &["9"]].concat()).json()["proposal"]
        .as_str()
        .unwrap()
        .to_string();
    // The admin's yes (every community token) does not end the vote; the council's veto does.
    let yes = lst.run(&admin_path, Some(&pool), &["--output", "json", "dao", "vote", &vetoed, "yes"]).json();
    assert_eq!(yes["state"], "voting", "{yes}");
    let veto =
        lst.run(&admin_path, Some(&pool), &["--output", "json", "dao", "vote", &vetoed, "veto"]).json();
    assert_eq!(veto["state"], "vetoed", "{veto}");
    // One vote per record: SPL Governance's VoteAlreadyExists, named in the error line.
    lst.run(&admin_path, Some(&pool), &["dao", "vote", &vetoed, "no"]).fails_with(
        "already voted on the Proposal (Error processing Instruction 1: custom program error: 0x207)",
    );
    let listed =
        lst.run(&user_path, Some(&pool), &["--output", "json", "dao", "--realm", &realm, "proposals"]).json();
    let ours = listed["proposals"].as_array().unwrap().iter().find(|p| p["proposal"] == proposal.as_str());
    assert_eq!(ours.map(|p| &p["state"]), Some(&serde_json::json!("voting")), "{listed}");
    let voted =
        lst.run(&admin_path, Some(&pool), &["--output", "json", "dao", "vote", &proposal, "yes"]).json();
    assert_eq!(voted["state"], "voting", "{voted}");
    demo::pass_seconds(&rpc, 121).await.expect("the vote and the hold-up pass");
    assert!(lst.run(&user_path, Some(&pool), &["dao", "execute", &proposal]).ok, "anyone executes");
    let params = lst.run(&user_path, Some(&pool), &["--output", "json", "params", "show"]).json();
    assert_eq!(params["parameters"]["num_delegation_validators"], 7, "{params}");
    assert_eq!(params["authorities"]["parameters"], dao["treasury"]);
    lst.run(&user_path, Some(&pool), &["dao", "execute", &proposal]).fails_with("completed");

    // The launch path the README walks: migrations/deploy.sh with --url and --keypair, here against
    // the local cluster; a second run finds the pool it made.
    let deploy = || {
        let output = Command::new("bash")
            .arg(root().join("migrations/deploy.sh"))
            .args(["--url", &lst.url, "--keypair", &admin_path])
            .env("LST_BIN", env!("CARGO_BIN_EXE_lst"))
            .env("LST_DAO_NAME", format!("deploy {}", std::process::id()))
            .output()
            .expect("deploy.sh runs");
        let out = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{out}{}", String::from_utf8_lossy(&output.stderr));
        out
    };
    let made = deploy();
    assert!(made.contains("created") && made.contains("dao --realm"), "{made}");
    let out = root()
        .join("target/migrations")
        .join(lst.url.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-', "_"));
    let read = |name: &str| std::fs::read_to_string(out.join(name)).expect("deploy.sh's record");
    let deployed: Pubkey = read("pool").trim().parse().expect("pool address");
    let dao: Value = serde_json::from_str(&read("dao.json")).expect("dao.json");
    let params = lst.run(&user_path, Some(&deployed), &["--output", "json", "params", "show"]).json();
    assert_eq!(params["authorities"]["parameters"], dao["treasury"], "the DAO took the parameters");
    assert_eq!(dao["bonds_authority_handed"], true, "{dao}");
    let again = deploy();
    assert!(again.contains("exists"), "{again}");
}
