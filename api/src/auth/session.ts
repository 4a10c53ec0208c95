import { checkSession, sessionExpiresAt, type Employee, type SessionPolicy } from '@frontline/core';
import { deleteSession, getSession, insertSession, touchSession, type Db, type SessionRecord } from '@frontline/db';
import { constantTimeEqual, randomToken, sha256, splitToken } from './tokens.ts';

/**
 * Sessions after Lucia's design: the token is `<id>.<secret>`; the database
 * keeps the id and a SHA-256 hash of the secret only, so a leaked table does
 * not yield usable tokens. The secret is compared in constant time.
 */

export type ValidSession = {
  id: string;
  employeeId: number;
  employee: Employee;
  expiresAt: number;
  refreshed: boolean;
  /** After an administrator's reset: the session may do nothing but choose a new password. */
  mustChangePassword: boolean;
};

/** A new session's stored record and the token for its cookie; the caller stores the record. */
export function mintSession(
  employeeId: number,
  now: number,
  policy: SessionPolicy,
): { record: SessionRecord; token: string; expiresAt: number } {
  const id = randomToken(24);
  const secret = randomToken(32);
  return {
    record: { id, secretHash: sha256(secret), employeeId, createdAt: now, lastActiveAt: now },
    token: `${id}.${secret}`,
    expiresAt: sessionExpiresAt({ createdAt: now, lastActiveAt: now }, policy),
  };
}

export async function createSession(
  db: Db,
  employeeId: number,
  now: number,
  policy: SessionPolicy,
): Promise<{ token: string; expiresAt: number }> {
  const { record, token, expiresAt } = mintSession(employeeId, now, policy);
  await insertSession(db, record);
  return { token, expiresAt };
}

export async function validateSessionToken(
  db: Db,
  token: string,
  now: number,
  policy: SessionPolicy,
): Promise<ValidSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const { id, secret } = parts;
  const session = await getSession(db, id);
  if (!session) return null;
  if (!constantTimeEqual(sha256(secret), new Uint8Array(session.secretHash))) return null;
  const state = checkSession(session, now, policy);
  if (state === 'expired') {
    await deleteSession(db, id);
    return null;
  }
  const { employeeId, employee, mustChangePassword } = session;
  if (state === 'touch') {
    await touchSession(db, id, now);
    return {
      id,
      employeeId,
      employee,
      mustChangePassword,
      expiresAt: sessionExpiresAt({ createdAt: session.createdAt, lastActiveAt: now }, policy),
      refreshed: true,
    };
  }
  return {
    id,
    employeeId,
    employee,
    mustChangePassword,
    expiresAt: sessionExpiresAt(session, policy),
    refreshed: false,
  };
}
