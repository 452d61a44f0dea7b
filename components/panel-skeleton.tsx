import styles from "./validation.module.css";

/** The placeholder of a panel whose data is on its way. */
export function PanelSkeleton({ title }: { title: string }) {
  return (
    <section className="panel" aria-busy="true" aria-label={`${title} (loading)`}>
      <h2>{title}</h2>
      <div className={styles.skeleton} />
    </section>
  );
}
