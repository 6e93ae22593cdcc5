//! Runs the differential fuzzer (`lst_tests::fuzz`) for as many steps or as long as asked:
//!
//! ```sh
//! cargo run -p lst-tests --release --bin pool-fuzz -- --steps 200000
//! cargo run -p lst-tests --release --bin pool-fuzz -- --minutes 60 --seed 42
//! ```
//!
//! Each world (new keys, fees and validators) runs `--run-length` steps (default 1,000); worlds go on
//! with the next seed. Throughput is printed after every world. A failure is minimised, saved to
//! `tests/fuzz-regressions/` (replayed by the regression test from then on) and the command exits 1.

#![allow(clippy::arithmetic_side_effects, reason = "counters of a test command")]

use {
    lst_tests::fuzz::driver::{self, Budget},
    std::time::{Duration, Instant},
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value =
        |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(String::as_str);
    let budget = match (value("--minutes"), value("--steps")) {
        (Some(m), _) => Budget::Time(Duration::from_secs_f64(m.parse::<f64>().expect("--minutes M") * 60.0)),
        (None, s) => Budget::Steps(s.map_or(10_000, |s| s.parse().expect("--steps N"))),
    };
    let seed: u64 = value("--seed").map_or(1, |v| v.parse().expect("--seed S"));
    let run_length: usize = value("--run-length").map_or(1_000, |v| v.parse().expect("--run-length L"));
    let start = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let outcome = runtime.block_on(driver::fuzz(seed, run_length, budget, |seed, total, elapsed| {
        println!(
            "world {seed} done: {} steps in {:.0} s ({:.1} steps/s)",
            total.steps,
            elapsed.as_secs_f64(),
            total.steps as f64 / elapsed.as_secs_f64().max(f64::EPSILON)
        );
    }));
    match outcome {
        Ok(stats) => println!("{}", driver::table(&stats, start.elapsed())),
        Err(found) => {
            eprintln!("FAILED: {}", found.failure);
            match driver::save(&found.regression) {
                Ok(path) => eprintln!(
                    "minimised to {} steps, saved as {}",
                    found.regression.ops.len(),
                    path.display()
                ),
                Err(error) => eprintln!("could not save the regression: {error}"),
            }
            std::process::exit(1);
        }
    }
}
