const BASE = "http://driftwatch.invalid";

/**
 * Keeps a post-sign-in redirect on this site: only a same-origin path passes, else "/". The value
 * is resolved the way a browser would (which drops tabs and line breaks and reads `\` as `/`, so
 * "/\t/evil.example" is "//evil.example") and kept only if it stays on this origin; control
 * characters are refused outright, since they cannot go into a Location header either.
 */
export function safeCallbackUrl(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value))
    return "/";
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname.startsWith("//") || url.pathname.startsWith("/signin")) return "/";
  return url.pathname + url.search + url.hash;
}
