import { describe, expect, it } from "vitest";
import { readJsonBody } from "@/lib/ingest/read-batch";

/** A request whose body arrives in chunks, without a Content-Length (chunked transfer). */
function streamed(chunks: string[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Request("http://driftwatch.test/api/v1/predictions", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
}

describe("readJsonBody", () => {
  it("reads a chunked body under the limit", async () => {
    expect(await readJsonBody(streamed(['[{"a":', "1}]"]), 100)).toEqual([{ a: 1 }]);
  });

  it("stops reading a chunked body once it passes the limit (413)", async () => {
    await expect(readJsonBody(streamed(["[1,2,3,", "4,5,6,", "7,8,9]"]), 10)).rejects.toMatchObject({
      code: "TOO_LARGE",
      message: "At most 10 bytes per request.",
    });
  });

  it("refuses by Content-Length before reading (413)", async () => {
    const request = new Request("http://driftwatch.test/", {
      method: "POST",
      body: "[]",
      headers: { "content-length": "11" },
    });
    await expect(readJsonBody(request, 10)).rejects.toMatchObject({ code: "TOO_LARGE" });
  });

  it("reads UTF-8 split across chunks", async () => {
    const bytes = new TextEncoder().encode('["é"]');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 3));
        controller.enqueue(bytes.slice(3));
        controller.close();
      },
    });
    expect(
      await readJsonBody(
        new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit),
        100,
      ),
    ).toEqual(["é"]);
  });
});

describe("the sign-in route's body limit (issue 15 #3)", () => {
  const context = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };

  it("answers 413 from Content-Length before reading, without reaching next-auth", async () => {
    const { POST } = await import("@/app/api/auth/[...nextauth]/route");
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("http://driftwatch.test/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(256 * 2 ** 20),
      },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await POST(request, context);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("TOO_LARGE");
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading an endless chunked body once past 8 KiB", async () => {
    const { POST } = await import("@/app/api/auth/[...nextauth]/route");
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("http://driftwatch.test/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await POST(request, context);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(10);
  });
});
