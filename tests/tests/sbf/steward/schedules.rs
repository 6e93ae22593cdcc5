//! Order independence and liveness, proved at random: 200 crank schedules (50 epochs of two twins
//! and two adversaries, see `lst_tests::schedules`) on the SBF programs. `LST_SCHEDULE_SEED` picks
//! another seed; `steward-schedules` runs thousands.

use lst_tests::schedules::{run, Setup};

#[tokio::test]
async fn random_schedules_keep_the_rule() {
    let seed = std::env::var("LST_SCHEDULE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_130);
    let setup = Setup { twins: 2, adversaries: 2, ..Setup::new(seed, 50) };
    let start = std::time::Instant::now();
    let outcome = run(&setup).await.unwrap_or_else(|failure| panic!("{failure}"));
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} schedules ({:.1} per second), {} crank transactions, {} outside actions, {} moves checked",
        outcome.schedules,
        outcome.schedules as f64 / seconds,
        outcome.crank_transactions,
        outcome.outside_actions,
        outcome.moves_checked
    );
    assert!(outcome.schedules >= 200);
    assert!(outcome.outside_actions > 0 && outcome.moves_checked > 0);
}
