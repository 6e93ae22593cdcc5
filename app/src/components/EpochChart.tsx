// A line chart over epochs (uPlot: canvas, small, made for series like these), with its axes' units,
// the colours of the page's scheme, the width of its box, and its numbers as a table for screen
// readers and anyone who wants them.
import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  /** One value per epoch of the chart (null: none that epoch). */
  values: Array<number | null>;
  /** Text of a value in the table and the legend. */
  format: (v: number) => string;
}

interface Props {
  /** Names the chart (its heading and its accessible name). */
  title: string;
  epochs: number[];
  series: ChartSeries[];
  /** The y axis's label with its unit, e.g. "SOL per LST". */
  unit: string;
  /** Formats the y axis's ticks. */
  tick: (v: number) => string;
  testId: string;
}

const COLOURS = ["--chart", "--chart-2", "--chart-3"];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "currentColor";
}

/** Follows the system's light or dark scheme, so the canvas is redrawn in the page's colours. */
function useScheme(): string {
  const query = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const change = () => setDark(query.matches);
    query.addEventListener("change", change);
    return () => query.removeEventListener("change", change);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return dark ? "dark" : "light";
}

export function EpochChart({ title, epochs, series, unit, tick, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const scheme = useScheme();
  const key = JSON.stringify([epochs, series.map((s) => s.values)]);

  useEffect(() => {
    const el = box.current;
    if (!el || epochs.length === 0) return;
    const fg = cssVar("--fg");
    const rule = cssVar("--rule");
    const axis = { stroke: fg, grid: { stroke: rule, width: 1 }, ticks: { stroke: rule, width: 1 }, font: "12px system-ui, sans-serif", labelFont: "12px system-ui, sans-serif" };
    const width = () => Math.max(240, Math.min(el.clientWidth, 720));
    const plot = new uPlot(
      {
        width: width(),
        height: 220,
        scales: { x: { time: false } },
        axes: [
          { ...axis, label: "epoch", values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : "")) },
          { ...axis, label: unit, size: 72, values: (_u, ticks) => ticks.map(tick) },
        ],
        series: [
          { label: "epoch" },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: cssVar(COLOURS[i % COLOURS.length]),
            width: 2,
            points: { show: true, size: 6 },
            value: (_u: uPlot, v: number | null) => (v === null ? "–" : s.format(v)),
          })),
        ],
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
      },
      [epochs, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    // The canvas says nothing to a screen reader: the figure's label and the table below do.
    el.querySelectorAll("canvas").forEach((c) => c.setAttribute("aria-hidden", "true"));
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, scheme, unit]);

  const last = epochs.length - 1;
  const summary =
    epochs.length === 0
      ? `${title}: no data yet`
      : `${title}, epochs ${epochs[0]} to ${epochs[last]}: ${series
          .map((s) => `${s.label} ${s.values[last] === null ? "none" : s.format(s.values[last] as number)} at epoch ${epochs[last]}`)
          .join(", ")}`;
  return (
    <figure className="epoch-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {epochs.length < 2 && <p>{epochs.length === 0 ? "No epoch recorded yet." : `One epoch so far (${epochs[0]}); the chart grows each epoch.`}</p>}
      <div ref={box} className="chart-box" role="img" aria-label={summary} />
      <details>
        <summary>{title}: the numbers</summary>
        <div className="table-scroll" role="region" aria-label={`${title} table`} tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th>epoch</th>
                {series.map((s) => (
                  <th key={s.label}>{s.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {epochs.map((e, i) => (
                <tr key={e} data-testid={`${testId}-row`} data-epoch={e}>
                  <td>{e}</td>
                  {series.map((s) => (
                    <td key={s.label}>{s.values[i] === null ? "–" : s.format(s.values[i] as number)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
