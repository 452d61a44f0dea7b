import bcrypt from "bcryptjs";

const COST = 10;

/** bcrypt hash of a password (cost 10). */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/** Compares a password with a bcrypt hash in constant time. */
export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password
// and response timing does not reveal which accounts exist.
export const DUMMY_HASH = "$2b$10$Ng27AOd31sJbLQu44Ub4heO4lomnxg39zG6deiJVsg7wL5nBSifbC";
