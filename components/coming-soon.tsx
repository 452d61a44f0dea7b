/** States plainly what a page will show once the issue that owns it lands. */
export function ComingSoon({ issue, children }: { issue: number; children: React.ReactNode }) {
  return (
    <section className="panel coming" aria-label="What this page will show">
      <h2>Coming with issue #{issue}</h2>
      {children}
    </section>
  );
}
