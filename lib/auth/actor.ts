/**
 * Who makes a change: a signed-in person, recorded with it by id and email (an alert's timeline,
 * the administrative record). The doors pass the session user, which is one.
 */
export type Actor = { id: string; email: string };
