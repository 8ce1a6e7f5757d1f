/**
 * Dollar-quotes a function body with a tag the body cannot close: `$body$`, or `$body_1$`,
 * `$body_2$`… when the body contains the tag or ends in a way that would complete it. No
 * escaping happens inside dollar quotes, so the body reaches PostgreSQL exactly as written.
 *
 * @example dollarQuote('BEGIN RETURN NEW; END') // "$body$BEGIN RETURN NEW; END$body$"
 * @example dollarQuote('select $body$x$body$') // "$body_1$select $body$x$body$$body_1$"
 */
export function dollarQuote(body: string, base = 'body'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(base)) throw new TypeError(`bad dollar-quote tag ${base}`)
  for (let n = 0; ; n++) {
    const tag = `$${n === 0 ? base : `${base}_${n}`}$`
    // The first closing tag the server would see must be the one we append.
    if ((body + tag).indexOf(tag) === body.length) return `${tag}${body}${tag}`
  }
}
