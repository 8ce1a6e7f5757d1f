import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'

const ITERATIONS = 4096

/**
 * A SCRAM-SHA-256 verifier for a password, computed here the way psql's `\password` does, so
 * the server stores the verifier and the plain password never reaches it, its logs or
 * pg_stat_statements. (Passwords are used as given: SASLprep leaves ASCII unchanged, and the
 * server falls back to the raw bytes for strings SASLprep rejects, as this does.)
 *
 * @example scramVerifier('s3cret-pass') // 'SCRAM-SHA-256$4096:…$…:…'
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, ITERATIONS, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}
