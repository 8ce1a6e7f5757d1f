/** What a masked secret reads as, the same mark the builders' `display` SQL uses. */
export const MASK = '********'

// A quoted SQL string: plain, E'' (backslash escapes) or dollar-quoted.
const QUOTED = String.raw`(?:[Ee]'(?:[^'\\]|''|\\[\s\S])*'|'(?:[^']|'')*'|\$(?<tag>[A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\k<tag>\$)`
/** `PASSWORD 'x'` of CREATE/ALTER ROLE and the `password 'x'` option of servers and user mappings. */
const PASSWORD_VALUE = new RegExp(String.raw`(\b"?password"?\s+)${QUOTED}`, 'gi')
/** `password=x` inside a connection string (CREATE SUBSCRIPTION … CONNECTION, dblink). */
const CONNINFO_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"]+)/gi
/** The password of a connection URI: `postgres://user:secret@host`. */
const URI_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@'"/]+)(@)/gi

/**
 * The text of a recorded statement, summary or error with every password in it masked. Plans
 * the console builds record their `display` SQL, already masked; this is the second line for
 * what is recorded otherwise (older entries, other writers): the change log page never shows a
 * secret however it got there.
 *
 * @example maskSecrets(`ALTER ROLE "ann" PASSWORD 'hunter2'`) // ALTER ROLE "ann" PASSWORD '********'
 */
export function maskSecrets(text: string): string {
  return text
    .replace(PASSWORD_VALUE, (_all, head: string) => `${head}'${MASK}'`)
    .replace(CONNINFO_PASSWORD, (_all, head: string, value: string) =>
      value.startsWith("'") ? `${head}'${MASK}'` : `${head}${MASK}`,
    )
    .replace(
      URI_PASSWORD,
      (_all, head: string, _secret: string, at: string) => `${head}${MASK}${at}`,
    )
}
