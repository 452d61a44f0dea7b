"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/drift", label: "Drift" },
  { href: "/alerts", label: "Alerts" },
  { href: "/alert-quality", label: "Alert quality" },
  { href: "/validation", label: "Validation" },
  { href: "/runs", label: "Runs" },
  { href: "/settings", label: "Settings" },
  { href: "/api-docs", label: "API" },
] as const;

/** The main navigation; marks the current section for screen readers and sighted users alike. */
export function AppNav() {
  const pathname = usePathname();
  const isCurrent = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav aria-label="Main">
      <ul className="nav">
        {LINKS.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={isCurrent(link.href) ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
