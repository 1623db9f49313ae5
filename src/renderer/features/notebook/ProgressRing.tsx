/** A small ring that fills with the share of a lesson's objectives met; a check when all are. */
export function ProgressRing({ met, total, size = 18 }: { met: number; total: number; size?: number }) {
  const r = size / 2 - 2;
  const c = 2 * Math.PI * r;
  const fraction = total > 0 ? Math.min(1, met / total) : 0;
  const done = total > 0 && met >= total;
  return (
    <svg
      className={`progress-ring${done ? ' done' : ''}`}
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={`${met} of ${total} objectives met`}
    >
      <circle className="progress-ring-track" cx={size / 2} cy={size / 2} r={r} fill="none" strokeWidth={2} />
      {fraction > 0 && (
        <circle
          className="progress-ring-value"
          cx={size / 2}
          cy={size / 2}
          r={r}
          fill="none"
          strokeWidth={2}
          strokeDasharray={`${c * fraction} ${c}`}
          strokeLinecap="round"
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      )}
      {done && (
        <path
          className="progress-ring-check"
          d={`M${size * 0.3} ${size * 0.52} L${size * 0.45} ${size * 0.66} L${size * 0.72} ${size * 0.36}`}
          fill="none"
          strokeWidth={2}
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}
