/** A tiny server-rendered trend line (no chart library, so the overview paints at once); hollow dots are provisional weeks. */
export function Sparkline({
  points,
  label,
}: {
  points: { value: number; mature: boolean }[];
  label: string;
}) {
  const width = 160;
  const height = 36;
  if (points.length < 2)
    return <p className="muted sparkline-empty">Not enough labeled weeks for a trend.</p>;
  const values = points.map((point) => point.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const xy = points.map((point, i) => ({
    x: 3 + (i * (width - 6)) / (points.length - 1),
    y: 3 + (height - 6) * (1 - (point.value - min) / span),
    mature: point.mature,
  }));
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <polyline
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        points={xy.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ")}
      />
      {xy.map((p) => (
        <circle
          key={p.x}
          cx={p.x}
          cy={p.y}
          r={2.2}
          fill={p.mature ? "currentColor" : "#fff"}
          stroke="currentColor"
          strokeWidth="1"
        />
      ))}
    </svg>
  );
}
