/** Counts stop at COUNT_CAP + 1 ("1,000+"): years of resolved alerts must not make every page count them all. */
export const COUNT_CAP = 1000;

export const formatCount = (n: number) =>
  n > COUNT_CAP ? `${COUNT_CAP.toLocaleString("en-US")}+` : n.toLocaleString("en-US");
