import { createInterface } from 'node:readline'

/**
 * Reads a secret: from a terminal without echo, or the first line of piped standard input, so
 * it never appears in the shell history or the process list.
 */
export async function readSecret(question: string): Promise<string> {
  const input = process.stdin
  if (!input.isTTY) {
    const rl = createInterface({ input })
    for await (const line of rl) {
      rl.close()
      return line
    }
    return ''
  }
  process.stderr.write(question)
  return new Promise((resolve) => {
    let value = ''
    input.setRawMode(true)
    input.resume()
    input.setEncoding('utf8')
    const onData = (ch: string) => {
      if (ch === '\r' || ch === '\n' || ch === '\u0004') {
        input.setRawMode(false)
        input.pause()
        input.off('data', onData)
        process.stderr.write('\n')
        resolve(value)
      } else if (ch === '\u0003') {
        process.exit(130)
      } else if (ch === '\u007f') {
        value = value.slice(0, -1)
      } else {
        value += ch
      }
    }
    input.on('data', onData)
  })
}
