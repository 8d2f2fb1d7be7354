import { randomBytes } from 'node:crypto';

/** The ways the service can get a Neo4j, in the order `auto` tries them. */
export type ProvisionPath = 'external' | 'docker' | 'local';

/**
 * A provisioning failure the user can act on: which path failed, why, and what to do.
 * The CLI prints its message as one line, without a stack trace.
 */
export class ProvisionError extends Error {
  constructor(
    readonly path: ProvisionPath,
    readonly reason: string,
    readonly hint: string,
  ) {
    super(`Neo4j (${path}): ${reason}. ${hint}`);
    this.name = 'ProvisionError';
  }
}

/** Thrown by a path that does not apply here (no engine, no NEO4J_URI), so `auto` moves on. */
export class PathUnavailable extends Error {
  constructor(
    readonly path: ProvisionPath,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'PathUnavailable';
  }
}

/**
 * A password for a database this project creates. Hex, not base64url: neo4j-admin takes the password as
 * a command-line argument, and a base64url one can start with "-", which it reads as an option.
 */
export function generatePassword(): string {
  return randomBytes(18).toString('hex');
}
