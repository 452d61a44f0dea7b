import type { Metadata } from "next";
import { CreateUserForm } from "@/components/create-user-form";
import { UserActions } from "@/components/user-actions";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { formatUtcOr } from "@/lib/format-utc";
import { listUsers } from "@/lib/users/manage-users";
import { changeUserAction, createUserAction } from "./actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const user = await pageUser("/settings/users");
  const intro = (
    <p className="muted">
      Who may sign in, and with which role (viewer reads; oncall also acknowledges, resolves, snoozes and
      comments on alerts; admin also runs the feedback loop and manages settings, users and API keys). A
      change of role and a disabled account take effect on open sessions within seconds.
    </p>
  );
  if (!can(user.role, "admin:manage")) {
    return (
      <>
        <h1>Users</h1>
        {intro}
        <p className="panel" role="status">
          {whoCan("admin:manage")} Ask an admin to add someone or change a role.
        </p>
      </>
    );
  }
  const users = await listUsers(db());
  return (
    <>
      <h1>Users</h1>
      {intro}
      <section className="panel" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a person</h2>
        <CreateUserForm action={createUserAction} />
      </section>
      <section className="panel" aria-labelledby="users-heading">
        <h2 id="users-heading">People ({users.length.toLocaleString("en-US")})</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((person) => (
              <tr key={person.id}>
                <td>{person.email}</td>
                <td>{person.name}</td>
                <td>{person.role}</td>
                <td>
                  {person.disabledAt ? `disabled ${formatUtcOr(person.disabledAt, "never")}` : "enabled"}
                  {person.signsInWithPassword ? null : <div className="muted small">single sign-on only</div>}
                </td>
                <td>{formatUtcOr(person.lastLoginAt, "never")}</td>
                <td>
                  <UserActions
                    person={{
                      id: person.id,
                      email: person.email,
                      role: person.role,
                      disabled: person.disabledAt !== null,
                    }}
                    self={person.id === user.id}
                    action={changeUserAction}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
