/** Shown while the drift page's first render is fetched on the server. */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the drift charts">
      {[0, 1, 2].map((i) => (
        <div key={i} className="panel skeleton skeleton-chart" />
      ))}
    </div>
  );
}
