import styles from "./validation.module.css";

/** An outcome type or a severity as a coloured label (the colour repeats what the text says). */
export function ValidationBadge({ value }: { value: string }) {
  return <span className={`${styles.badge} ${styles[value] ?? ""}`}>{value.replaceAll("_", " ")}</span>;
}
