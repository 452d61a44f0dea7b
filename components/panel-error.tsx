/** A panel whose query failed: its title and why there is nothing to show, in place of its content. */
export function PanelError({
  title,
  headingId,
  message,
}: {
  title: string;
  headingId: string;
  message: string;
}) {
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="empty" role="alert">
        {message}
      </p>
    </section>
  );
}
