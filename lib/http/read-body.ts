import { tooLarge } from "../errors";

/** Bytes a session-authenticated JSON mutation may send (a note of 2,000 characters and 100 alert ids fit many times). */
export const SESSION_JSON_MAX_BYTES = 64 * 1024;

/** Bytes a sign-in or sign-out post may send: an email, a password, a CSRF token and a callback URL. */
export const AUTH_FORM_MAX_BYTES = 8 * 1024;

/**
 * Reads a request body of at most `maxBytes`: refused (413) by its Content-Length before reading
 * when it says too much, and while reading when it has none (chunked) or lies, so an oversized
 * body is never held in memory whole, let alone parsed.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const limit = `At most ${maxBytes.toLocaleString("en-US")} bytes per request.`;
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(limit);
      }
      chunks.push(part.value);
    }
  }
  return Buffer.concat(chunks, size);
}
