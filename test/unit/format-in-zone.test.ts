import { describe, expect, it } from "vitest";
import { formatInZone } from "@/lib/format-utc";

describe("formatInZone", () => {
  it.each([
    { zone: "UTC", at: "2026-12-06T03:00:00Z", shown: "2026-12-06 03:00 UTC" },
    { zone: "Europe/Berlin", at: "2026-12-06T03:00:00Z", shown: "2026-12-06 04:00 GMT+1" },
    { zone: "Europe/Berlin", at: "2026-07-05T03:00:00Z", shown: "2026-07-05 05:00 GMT+2" },
    { zone: "America/New_York", at: "2026-12-06T03:00:00Z", shown: "2026-12-05 22:00 EST" },
    { zone: "Asia/Kolkata", at: "2026-12-06T03:00:00Z", shown: "2026-12-06 08:30 GMT+5:30" },
    { zone: "Australia/Sydney", at: "2026-12-05T14:00:00Z", shown: "2026-12-06 01:00 GMT+11" },
  ])("$at in $zone is $shown", ({ zone, at, shown }) => {
    expect(formatInZone(new Date(at), zone)).toBe(shown);
  });
});
