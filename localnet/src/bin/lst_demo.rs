//! `lst-demo`: the multi-epoch demo on the local cluster (see `lst_localnet::demo`).
//!
//! `lst-demo [URL] [EPOCHS] [CHART]` (defaults: local, 12, target/demo/chart.svg).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "local".into());
    let epochs: u64 = args.next().and_then(|e| e.parse().ok()).unwrap_or(12);
    let chart = args.next().unwrap_or_else(|| "target/demo/chart.svg".into());
    if let Some(dir) = std::path::Path::new(&chart).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    lst_localnet::demo::print_header();
    match runtime.block_on(lst_localnet::demo::run(&url, epochs, &chart)) {
        Ok(_) => {
            println!("\nchart: {chart}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
