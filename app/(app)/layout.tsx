import Link from "next/link";
import { AppNav } from "@/components/app-nav";
import { Providers } from "@/components/providers";
import { RoleBadge } from "@/components/role-badge";
import { SignOutButton } from "@/components/sign-out-button";
import { pageUser } from "@/lib/auth/page-user";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await pageUser("/");
  return (
    <Providers>
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <div className="shell">
        <aside className="sidebar">
          <Link href="/" className="brand">
            Driftwatch
          </Link>
          <AppNav />
          <div className="user-box" role="group" aria-label="Signed in user">
            <div className="email" data-testid="user-email">
              {user.email}
            </div>
            <div className="user-role">
              <RoleBadge role={user.role} />
            </div>
            <SignOutButton />
          </div>
        </aside>
        <main id="content" className="main">
          {children}
        </main>
      </div>
    </Providers>
  );
}
