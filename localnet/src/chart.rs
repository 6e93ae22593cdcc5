//! The demo's chart, drawn with plotters as SVG and PNG: the pool's rate (SOL per LST) and APY over
//! epochs on top, each validator's stake (SOL) below, and the events the demo caused marked on the
//! epoch axis of both (dashed lines, one colour per kind, in the legend).

use {
    crate::demo::{EpochRow, Mark, Validator},
    anyhow::{anyhow, Context, Result},
    plotters::{coord::Shift, prelude::*, style::FontStyle},
    std::path::{Path, PathBuf},
};

const SOL: f64 = lst_cli::amount::UNITS as f64;
const SIZE: (u32, u32) = (1200, 900);
const FONT: &str = "sans-serif";
/// Where Debian's fonts put a sans-serif face (`fonts-dejavu-core`, `fonts-liberation`).
const FONT_FILES: [&str; 2] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
];

impl Mark {
    /// Every kind, in legend order.
    pub const ALL: [Mark; 5] =
        [Mark::MevClientOff, Mark::CommissionRug, Mark::InstantUnstake, Mark::BondPaid, Mark::DaoVote];

    fn color(self) -> RGBColor {
        match self {
            Self::MevClientOff => RGBColor(0x8c, 0x56, 0x4b),
            Self::CommissionRug => RGBColor(0xd6, 0x27, 0x28),
            Self::InstantUnstake => RGBColor(0xff, 0x7f, 0x0e),
            Self::BondPaid => RGBColor(0x2c, 0xa0, 0x2c),
            Self::DaoVote => RGBColor(0x94, 0x67, 0xbd),
        }
    }

    /// Its name in the legend.
    pub fn name(self) -> &'static str {
        match self {
            Self::MevClientOff => "MEV client off",
            Self::CommissionRug => "commission rug",
            Self::InstantUnstake => "instant unstake",
            Self::BondPaid => "paid from a bond",
            Self::DaoVote => "DAO vote",
        }
    }
}

/// Writes `<path>.svg` and `<path>.png` (`path`'s extension replaced); returns both paths.
pub fn write(path: &Path, rows: &[EpochRow], validators: &[Validator]) -> Result<(PathBuf, PathBuf)> {
    register_font()?;
    let (svg, png) = (path.with_extension("svg"), path.with_extension("png"));
    draw(SVGBackend::new(&svg, SIZE).into_drawing_area(), rows, validators)
        .with_context(|| format!("drawing {}", svg.display()))?;
    draw(BitMapBackend::new(&png, SIZE).into_drawing_area(), rows, validators)
        .with_context(|| format!("drawing {}", png.display()))?;
    Ok((svg, png))
}

/// Plotters lays text out with a registered face (and rasterizes the PNG's with it). The demo
/// calls this first, so a missing font stops it before its epochs, not after.
pub fn register_font() -> Result<()> {
    static REGISTERED: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let file = FONT_FILES.iter().find(|f| Path::new(f).exists()).ok_or_else(|| {
                format!("no sans-serif font at {FONT_FILES:?} (Debian: apt-get install fonts-dejavu-core)")
            })?;
            let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
            // Plotters keeps registered faces for the life of the process.
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            plotters::style::register_font(FONT, FontStyle::Normal, bytes)
                .map_err(|_| format!("{file}: not a font plotters can read"))
        })
        .clone()
        .map_err(|e| anyhow!(e))
}

fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    rows: &[EpochRow],
    validators: &[Validator],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let failed = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow!("{e:?}");
    root.fill(&WHITE).map_err(failed)?;
    let (top, bottom) = root.split_vertically(SIZE.1 * 9 / 20);
    let first = rows.first().map_or(0.0, |r| r.epoch as f64);
    let last = rows.last().map_or(1.0, |r| r.epoch as f64).max(first + 1.0);
    let epochs = first - 0.25..last + 0.25;

    // Rate (left axis) and APY (right axis).
    let (lo, hi) = rows.iter().fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(r.rate), hi.max(r.rate)));
    let pad = ((hi - lo) * 0.08).max(1e-6);
    let apy_max = rows.iter().filter_map(|r| r.apy).fold(0.0_f64, f64::max) * 100.0;
    let mut rate = ChartBuilder::on(&top)
        .caption("Pool rate and APY", (FONT, 24))
        .margin(14)
        .x_label_area_size(42)
        .y_label_area_size(90)
        .right_y_label_area_size(70)
        .build_cartesian_2d(epochs.clone(), lo - pad..hi + pad)
        .map_err(failed)?
        .set_secondary_coord(epochs.clone(), 0.0..(apy_max * 1.15).max(1.0));
    rate.configure_mesh()
        .x_desc("epoch")
        .y_desc("SOL per LST")
        .x_labels(rows.len().max(2))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.5}"))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()
        .map_err(failed)?;
    rate.configure_secondary_axes()
        .y_desc("APY (%)")
        .y_label_formatter(&|y| format!("{y:.1}"))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()
        .map_err(failed)?;
    let blue = RGBColor(0x1f, 0x77, 0xb4);
    rate.draw_series(LineSeries::new(rows.iter().map(|r| (r.epoch as f64, r.rate)), blue.stroke_width(3)))
        .map_err(failed)?
        .label("rate (SOL per LST, left)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], blue.stroke_width(3)));
    let teal = RGBColor(0x17, 0xbe, 0xcf);
    let apy = rows.iter().filter_map(|r| r.apy.map(|a| (r.epoch as f64, a * 100.0)));
    rate.draw_secondary_series(LineSeries::new(apy, teal.stroke_width(2)))
        .map_err(failed)?
        .label("APY (%, right)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], teal.stroke_width(2)));
    for mark in Mark::ALL {
        let at: Vec<f64> = marked(rows, mark);
        let color = mark.color();
        let lines = at.iter().map(|x| (*x, lo - pad, hi + pad));
        let mut drawn = None;
        for (x, y0, y1) in lines {
            drawn = Some(
                rate.draw_series(DashedLineSeries::new([(x, y0), (x, y1)], 8, 5, color.stroke_width(2)))
                    .map_err(failed)?,
            );
        }
        if let Some(series) = drawn {
            series
                .label(mark.name())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(2)));
        }
    }
    rate.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .draw()
        .map_err(failed)?;

    // Stake per validator.
    let max = rows.iter().flat_map(|r| r.stakes.iter().map(|(_, l)| *l)).max().unwrap_or(1) as f64 / SOL;
    let mut stake = ChartBuilder::on(&bottom)
        .caption("Stake per validator", (FONT, 24))
        .margin(14)
        .x_label_area_size(42)
        .y_label_area_size(90)
        .right_y_label_area_size(70)
        .build_cartesian_2d(epochs, 0.0..(max * 1.08).max(1.0))
        .map_err(failed)?;
    stake
        .configure_mesh()
        .x_desc("epoch")
        .y_desc("SOL")
        .x_labels(rows.len().max(2))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()
        .map_err(failed)?;
    for mark in Mark::ALL {
        let color = mark.color();
        for x in marked(rows, mark) {
            stake
                .draw_series(DashedLineSeries::new([(x, 0.0), (x, max * 1.08)], 8, 5, color.stroke_width(2)))
                .map_err(failed)?;
        }
    }
    for (k, v) in validators.iter().enumerate() {
        let color = Palette99::pick(k).to_rgba();
        let points = rows.iter().map(|r| {
            let lamports = r.stakes.iter().find(|(vote, _)| *vote == v.vote).map_or(0, |(_, l)| *l);
            (r.epoch as f64, lamports as f64 / SOL)
        });
        stake
            .draw_series(LineSeries::new(points, color.stroke_width(2)))
            .map_err(failed)?
            .label(format!("v{k}"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    stake
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 12))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .draw()
        .map_err(failed)?;
    root.present().map_err(failed)?;
    Ok(())
}

/// The epochs (x) at which `mark` happened; several marks of one epoch are set slightly apart.
fn marked(rows: &[EpochRow], mark: Mark) -> Vec<f64> {
    let offset = Mark::ALL.iter().position(|m| *m == mark).unwrap_or(0) as f64 * 0.04;
    rows.iter().filter(|r| r.marks.contains(&mark)).map(|r| r.epoch as f64 + offset).collect()
}
