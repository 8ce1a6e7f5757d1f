import formidableMiddleware from 'express-formidable'
import express, { type NextFunction, type Request, type Response } from 'express'

/** A refusal at the HTTP edge, answered with its status and a plain message. */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * GET and POST reach the console; HEAD is GET without a body (Node drops the body of a HEAD
 * response whatever the handler writes), so no handler can see a HEAD and take it for a change;
 * every other method is refused. Express alone would run a HEAD through the GET route with the
 * method `head`, which AdminJS's delete takes for "not a GET".
 */
export function onlyGetAndPost(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'POST') return next()
  if (req.method === 'HEAD') {
    req.method = 'GET'
    return next()
  }
  res.status(405).set('allow', 'GET, HEAD, POST').type('text/plain').send('Method not allowed')
}

/** How deep a request body may nest, and how many keys it may hold in all. */
const MAX_DEPTH = 32
const MAX_KEYS = 10_000
/** A form field name such as `tags.0.name`: segments separated by dots, as AdminJS flattens. */
const MAX_FIELD_NAME = 1_000

/** Refuses bodies nested deeper than MAX_DEPTH or holding more than MAX_KEYS keys, without recursion. */
export function checkBodyShape(body: unknown): void {
  const stack: [unknown, number][] = [[body, 0]]
  let keys = 0
  while (stack.length) {
    const [value, depth] = stack.pop() as [unknown, number]
    if (value === null || typeof value !== 'object') continue
    if (depth >= MAX_DEPTH)
      throw new HttpError(400, `The request body nests deeper than ${MAX_DEPTH} levels`)
    for (const [key, child] of Object.entries(value)) {
      keys += 1
      if (keys > MAX_KEYS)
        throw new HttpError(400, `The request body holds more than ${MAX_KEYS} keys`)
      if (key.length > MAX_FIELD_NAME || key.split('.').length > MAX_DEPTH) {
        throw new HttpError(400, 'A field name in the request body is too long or too deep')
      }
      stack.push([child, depth + 1])
    }
  }
}

/**
 * Parses request bodies once, for every route below it, within `limitBytes`: JSON and forms
 * here, multipart through formidable with the same limits. The parsed fields are handed to
 * AdminJS's router as its own parser would (`req.fields`), so its parser steps aside.
 * A body without a declared length, over the limit, malformed or too deep is refused with a 4xx.
 */
export function requestBodies(limitBytes: number) {
  const json = express.json({ limit: limitBytes, strict: true })
  const form = express.urlencoded({ limit: limitBytes, extended: false, parameterLimit: 1_000 })
  const multipart = formidableMiddleware({
    maxFieldsSize: limitBytes,
    maxFileSize: limitBytes,
    maxFields: 1_000,
  })
  const declaredLength = (req: Request, _res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next()
    const length = req.get('content-length')
    if (length === undefined) {
      if (req.get('transfer-encoding'))
        return next(new HttpError(411, 'A request body must declare its length'))
      return next()
    }
    if (Number(length) > limitBytes) {
      return next(new HttpError(413, `The request body is larger than ${limitBytes} bytes`))
    }
    next()
  }
  const formidable = (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is('multipart/form-data')) return next()
    multipart(req, res, (err?: unknown) =>
      next(
        err
          ? new HttpError(413, `The request body is refused: ${(err as Error).message}`)
          : undefined,
      ),
    )
  }
  const handOver = (req: Request, _res: Response, next: NextFunction): void => {
    const r = req as Request & { fields?: unknown; files?: unknown; express_formidable?: unknown }
    if (r.fields === undefined) r.fields = (req.body as unknown) ?? {}
    r.files ??= {}
    r.express_formidable = { parsed: true }
    try {
      checkBodyShape(r.fields)
      checkBodyShape(r.files)
    } catch (err) {
      return next(err)
    }
    next()
  }
  return [declaredLength, json, form, formidable, handOver]
}
