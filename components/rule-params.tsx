/** A labeling rule's parameters as a wrapping list of name = value pairs. */
export function RuleParams({ params }: { params: unknown }) {
  const entries =
    params && typeof params === "object" ? Object.entries(params as Record<string, unknown>) : [];
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="param-list">
      {entries.map(([name, value]) => (
        <li key={name}>
          <code>{name}</code> = {String(value)}
        </li>
      ))}
    </ul>
  );
}
