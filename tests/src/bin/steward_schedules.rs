//! Runs random steward crank schedules on the SBF programs in the bank (see
//! `lst_tests::schedules`), as many as asked or for as long as asked:
//!
//! ```sh
//! cargo run -p lst-tests --release --bin steward-schedules -- --schedules 5000
//! cargo run -p lst-tests --release --bin steward-schedules -- --minutes 30 --seed 7
//! ```
//!
//! Each run of 50 epochs checks 200 schedules (two twins and two adversaries an epoch); runs go on
//! with the next seed. A failure prints its seed, epoch and pool, and the command exits non-zero.

#![allow(clippy::arithmetic_side_effects, reason = "counters of a test command")]

use {lst_tests::schedules, std::time::Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value =
        |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(String::as_str);
    let wanted: usize = value("--schedules").map_or(200, |v| v.parse().expect("--schedules N"));
    let minutes: Option<f64> = value("--minutes").map(|v| v.parse().expect("--minutes M"));
    let mut seed: u64 = value("--seed").map_or(1, |v| v.parse().expect("--seed S"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let start = Instant::now();
    let mut done = 0usize;
    loop {
        let setup = schedules::Setup { twins: 2, adversaries: 2, ..schedules::Setup::new(seed, 50) };
        match runtime.block_on(schedules::run(&setup)) {
            Ok(outcome) => {
                done += outcome.schedules;
                let seconds = start.elapsed().as_secs_f64();
                println!(
                    "seed {seed}: {} schedules, {} crank transactions, {} outside actions, {} moves checked; {done} schedules in {seconds:.0} s ({:.1} per second)",
                    outcome.schedules,
                    outcome.crank_transactions,
                    outcome.outside_actions,
                    outcome.moves_checked,
                    done as f64 / seconds
                );
            }
            Err(failure) => {
                eprintln!("FAILED: {failure}");
                std::process::exit(1);
            }
        }
        let out_of_time = minutes.is_some_and(|m| start.elapsed().as_secs_f64() >= m * 60.0);
        if out_of_time || (minutes.is_none() && done >= wanted) {
            return;
        }
        seed += 1;
    }
}
