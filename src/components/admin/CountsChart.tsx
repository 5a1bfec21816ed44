// The dashboard's 7-day chart of the published counts per store, drawn on the server as SVG
// (no script): one line per store, a red dot where a snapshot found drift, day ticks on the time
// axis and three count ticks. A store's missing value (Postgres unreachable: prisma_count null)
// breaks its line. No snapshot in the window: the axes and "no snapshots yet".
import type { HistorySnapshot } from "@/lib/operations/admin-dashboard";

const DAY_MS = 86_400_000;
const W = 640;
const H = 260;
const M = { left: 56, right: 16, top: 34, bottom: 30 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

export const CHART_SERIES = [
  { key: "listed", label: "listed", color: "#2454c5", width: 2.5 },
  { key: "prisma_count", label: "Postgres", color: "#1b8a5a", width: 1.5 },
  { key: "kv_enumerated_count", label: "KV enumerated", color: "#b26b00", width: 1.5 },
  { key: "kv_index_count", label: "KV index", color: "#7a4fb5", width: 1.5 },
] as const;
type SeriesKey = (typeof CHART_SERIES)[number]["key"];

/** The smallest 1, 2 or 5 times a power of ten that is at least `n` (at least 1). */
export function niceCeiling(n: number): number {
  if (!(n > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

const fmt = (n: number) => n.toLocaleString("en-US");
const round = (n: number) => Math.round(n * 10) / 10;

export function CountsChart({ snapshots, days = 7, now }: { snapshots: readonly HistorySnapshot[]; days?: number; now?: Date }) {
  const end = (now ?? new Date()).getTime();
  const start = end - days * DAY_MS;
  const points = snapshots
    .map((s) => ({ s, t: Date.parse(s.at) }))
    .filter(({ t }) => Number.isFinite(t) && t >= start && t <= end)
    .sort((a, b) => a.t - b.t);
  const values = points.flatMap(({ s }) => CHART_SERIES.map((c) => s[c.key]).filter((v): v is number => typeof v === "number"));
  const yMax = niceCeiling(Math.max(0, ...values));
  const x = (t: number) => round(M.left + ((t - start) / (end - start)) * PLOT_W);
  const y = (v: number) => round(M.top + PLOT_H - (v / yMax) * PLOT_H);

  // Day ticks at each UTC midnight in the window.
  const ticks: number[] = [];
  for (let t = Math.ceil(start / DAY_MS) * DAY_MS; t <= end; t += DAY_MS) ticks.push(t);

  const segments = (key: SeriesKey) => {
    const out: { t: number; v: number }[][] = [];
    let current: { t: number; v: number }[] = [];
    for (const { s, t } of points) {
      const v = s[key];
      if (typeof v === "number") current.push({ t, v });
      else if (current.length) {
        out.push(current);
        current = [];
      }
    }
    if (current.length) out.push(current);
    return out;
  };

  return (
    <svg
      data-testid="counts-chart"
      data-snapshots={points.length}
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: `${W}px`, background: "#fff", border: "1px solid #dde1e7", borderRadius: 8 }}
      role="img"
      aria-label={`Published skills per store over the last ${days} days`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{`Published skills per store over the last ${days} days`}</title>
      <g data-testid="chart-legend" fontSize="11">
        {CHART_SERIES.map((c, i) => (
          <g key={c.key} transform={`translate(${M.left + i * 130}, 14)`}>
            <line x1="0" y1="0" x2="18" y2="0" stroke={c.color} strokeWidth={c.width} />
            <text x="23" y="4" fill="#1d1f23">{c.label}</text>
          </g>
        ))}
      </g>
      <g data-testid="y-axis" fontSize="11" fill="#5b616e">
        {[0, yMax / 2, yMax].map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#eef0f3" />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end">{fmt(v)}</text>
          </g>
        ))}
      </g>
      <g data-testid="x-axis" fontSize="11" fill="#5b616e">
        <line x1={M.left} x2={W - M.right} y1={M.top + PLOT_H} y2={M.top + PLOT_H} stroke="#5b616e" />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={M.top + PLOT_H} y2={M.top + PLOT_H + 4} stroke="#5b616e" />
            <text x={x(t)} y={H - 10} textAnchor="middle">{new Date(t).toISOString().slice(5, 10)}</text>
          </g>
        ))}
      </g>
      {points.length === 0 ? (
        <text data-testid="chart-empty" x={M.left + PLOT_W / 2} y={M.top + PLOT_H / 2} textAnchor="middle" fontSize="14" fill="#5b616e">
          no snapshots yet
        </text>
      ) : (
        <>
          {CHART_SERIES.map((c) =>
            segments(c.key).map((seg, i) =>
              seg.length === 1 ? (
                <circle key={`${c.key}-${i}`} data-series={c.key} cx={x(seg[0]!.t)} cy={y(seg[0]!.v)} r="2.5" fill={c.color} />
              ) : (
                <polyline
                  key={`${c.key}-${i}`}
                  data-series={c.key}
                  points={seg.map((p) => `${x(p.t)},${y(p.v)}`).join(" ")}
                  fill="none"
                  stroke={c.color}
                  strokeWidth={c.width}
                  strokeLinejoin="round"
                />
              ),
            ),
          )}
          {points
            .filter(({ s }) => s.drift_detected)
            .map(({ s, t }) => (
              <circle key={`drift-${t}`} data-testid="drift-marker" cx={x(t)} cy={y(s.listed)} r="4" fill="#b00020">
                <title>{`${s.at}: drift detected (listed ${fmt(s.listed)})`}</title>
              </circle>
            ))}
        </>
      )}
    </svg>
  );
}
