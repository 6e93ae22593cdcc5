//! The demo's chart, drawn from rows the demo would record: both files are written, the SVG with
//! its axes, units, legend and every kind of event, the PNG as a PNG.

use {
    anchor_lang::prelude::Pubkey,
    lst_localnet::{
        chart,
        demo::{EpochRow, Mark, Validator},
    },
    solana_keypair::Keypair,
};

const SOL: u64 = lst_cli::amount::UNITS;

#[test]
fn the_chart_has_axes_units_a_legend_and_every_event() {
    let validators: Vec<Validator> = (0..3)
        .map(|_| Validator {
            identity: Keypair::new(),
            vote: Pubkey::new_unique(),
            commission: 5,
            mev_commission_bps: 500,
            mev_until: None,
            vote_share_bps: 10_000,
        })
        .collect();
    let rows: Vec<EpochRow> = (0..4u64)
        .map(|e| EpochRow {
            epoch: e,
            rate: 1.0 + e as f64 * 0.0004,
            tvl: (e + 1) * 300 * SOL,
            apy: (e > 0).then_some(0.07),
            stakes: validators.iter().map(|v| (v.vote, (e + 1) * 100 * SOL)).collect(),
            actions: String::new(),
            marks: match e {
                1 => vec![Mark::MevClientOff],
                2 => vec![Mark::CommissionRug, Mark::InstantUnstake],
                3 => vec![Mark::BondPaid, Mark::DaoVote],
                _ => vec![],
            },
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("lst-chart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let (svg, png) = chart::write(&dir.join("chart.svg"), &rows, &validators).expect("the chart");
    let text = std::fs::read_to_string(&svg).expect("the SVG");
    let labels = ["epoch", "SOL per LST", "APY (%)", "Stake per validator", "v0", "v2"];
    for label in labels.into_iter().chain(Mark::ALL.map(Mark::name)) {
        assert!(text.contains(label), "the SVG names {label:?}");
    }
    assert!(std::fs::read(&png).expect("the PNG").starts_with(b"\x89PNG\r\n\x1a\n"));
}
